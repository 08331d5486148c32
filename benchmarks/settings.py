"""Django settings for the benchmarks: the tests' settings, on PostgreSQL, with no middleware.

The notify endpoint and the reference views are served by the same gunicorn with these
settings, so any difference between them is our code. The admin figure adds the admin's
middleware for its own requests only (see :mod:`benchmarks.admin_bench`).
"""

import os

from tests.settings import *  # noqa: F403 - the tests' settings are the base
from tests.settings import INSTALLED_APPS, PAYPRO

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "benchmarks.urls"
WSGI_APPLICATION = "benchmarks.wsgi.application"

# The app and the shop whose order a receiver marks paid; not DRF or the sandbox.
INSTALLED_APPS = [
    app for app in INSTALLED_APPS if app not in {"rest_framework", "django_paypro.sandbox"}
] + ["benchmarks"]

MIDDLEWARE: list[str] = []

#: What the admin needs; added only around the admin measurement.
ADMIN_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PAYPRO_BENCH_DB", "paypro_bench"),
        "USER": os.environ.get("PGUSER", "postgres"),
        "HOST": os.environ.get("PGHOST", "127.0.0.1"),
        "PORT": os.environ.get("PGPORT", "5432"),
        # Persistent connections, as any production deployment on gunicorn has them.
        "CONN_MAX_AGE": 600,
    }
}

PAYPRO = {
    **PAYPRO,
    "BASE_URL": os.environ.get("PAYPRO_BENCH_BASE_URL", "http://127.0.0.1:9/unused"),
    "TIMEOUT": (5.0, 10.0),
    "QUERY_RETRIES": 0,
}

# Django's default logging, so django_paypro's INFO and DEBUG lines are filtered out by level,
# as in a project that has not asked for them (the tests' LOGGING keeps DEBUG).
LOGGING = {"version": 1, "disable_existing_loggers": False}
