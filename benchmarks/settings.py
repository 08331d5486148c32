"""Django settings for the benchmarks: PostgreSQL, ``DEBUG = False``, no middleware.

The notify endpoint and the baseline view are served by the same gunicorn with these settings,
so any difference between them is our code. The admin figure adds the admin's middleware for
its own requests only (see :mod:`benchmarks.admin_bench`).
"""

import os

SECRET_KEY = "benchmarks-only-not-secret"
DEBUG = False
USE_TZ = True
TIME_ZONE = "UTC"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "benchmarks.urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
WSGI_APPLICATION = "benchmarks.wsgi.application"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_paypro",
    "benchmarks",
]

MIDDLEWARE: list[str] = []

#: What the admin needs; added only around the admin measurement.
ADMIN_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
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

STATIC_URL = "/static/"
LANGUAGE_CODE = "en"
USE_I18N = True

PAYPRO = {
    "MERCHANT_NO": "1234567890",
    "APP_SECRET": "bench-app-secret-7Kq",
    "COUNTRY": "MX",
    "BASE_URL": os.environ.get("PAYPRO_BENCH_BASE_URL", "http://127.0.0.1:9/unused"),
    "NOTIFY_URL": "https://shop.example/paypro/notify/",
    "TIMEOUT": (5.0, 10.0),
    "QUERY_RETRIES": 0,
}

# No LOGGING: Django's default, so django_paypro's INFO lines are filtered out by level, as
# in a project that has not asked for them.
