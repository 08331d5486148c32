"""Sphinx configuration of the django-paypro documentation.

Build with ``bash scripts/docs.sh`` (warnings are errors, broken internal links fail). Pages are
Markdown (MyST); the country tables and the benchmark figures are generated at build time by
``_ext/paypro_docs.py`` so that they cannot drift from the code.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path[:0] = [str(ROOT), str(DOCS / "_ext")]

# autodoc imports the models and services, which need a configured Django.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "docs_settings")
import django  # noqa: E402

django.setup()

import django_paypro  # noqa: E402

project = "django-paypro"
author = "django-paypro contributors"
copyright = "the django-paypro contributors"
release = django_paypro.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "paypro_docs",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_generated", "examples", "README.md", "requirements.txt"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Every cross-reference to our own objects must resolve; references to Python's or Django's
# objects are left unlinked (no intersphinx: the build stays offline).
nitpicky = True
nitpick_ignore_regex = [(r"py:.*", r"(?!django_paypro\b).*")]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}

html_theme = "furo"
html_title = f"django-paypro {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
