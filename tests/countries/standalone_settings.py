"""Minimal settings to run the pure country and signing tests on their own.

Use while the full ``tests.settings`` cannot load yet (apps still being written)::

    .venv/bin/python -m pytest -p no:cacheprovider --ds=tests.countries.standalone_settings \
        tests/countries tests/signing
"""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
ROOT_URLCONF = __name__
urlpatterns: list[object] = []
