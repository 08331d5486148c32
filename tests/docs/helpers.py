"""Read the documentation sources for the tests that keep them true."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"

_DIRECTIVE = re.compile(
    r"^```\{(?P<name>[\w-]+)\}\s*(?P<arg>.*?)\s*\n(?P<body>.*?)^```\s*$", re.M | re.S
)


def page(name: str) -> str:
    """Return the Markdown source of ``docs/<name>.md``."""
    return (DOCS / f"{name}.md").read_text(encoding="utf-8")


def directives(text: str, name: str) -> dict[str, str]:
    """Return ``{argument: body}`` of every MyST ``{name}`` directive in ``text``."""
    return {
        m.group("arg"): m.group("body")
        for m in _DIRECTIVE.finditer(text)
        if m.group("name") == name
    }


def option(body: str, key: str) -> str | None:
    """Return the value of ``:key:`` in a directive body, or ``None``."""
    match = re.search(rf"^:{key}:\s*(.*)$", body, re.M)
    return match.group(1).strip() if match else None


def load_module(path: Path, name: str) -> ModuleType:
    """Import the file at ``path`` as module ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_extension() -> ModuleType:
    """Import the docs' Sphinx extension (it generates the countries page)."""
    return load_module(DOCS / "_ext" / "paypro_docs.py", "paypro_docs")
