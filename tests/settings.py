"""Settings for the test suite: SQLite by default, PostgreSQL when PAYPRO_TEST_DB=postgres."""

import os
import tempfile

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
USE_TZ = True
TIME_ZONE = "UTC"
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "tests.urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_paypro",
    "django_paypro.sandbox",
    "tests.shop",
    # payout task workers (tests/payouts/test_workers.py): the database backend's tables
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
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

if os.environ.get("PAYPRO_TEST_DB") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("PGDATABASE", "test"),
            "USER": os.environ.get("PGUSER", "postgres"),
            "HOST": os.environ.get("PGHOST", "127.0.0.1"),
            "PORT": os.environ.get("PGPORT", "5432"),
            "TEST": {"NAME": os.environ.get("PAYPRO_TEST_DB_NAME", "test_django_paypro")},
        }
    }
else:
    # A file, not :memory:, so that threads in concurrency tests share one database; one file
    # per process so that parallel runs on one machine do not trample each other.
    _SQLITE = os.path.join(tempfile.gettempdir(), f"django_paypro_test_{os.getpid()}.sqlite3")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _SQLITE,
            "OPTIONS": {"timeout": 20},
            "TEST": {"NAME": _SQLITE},
        }
    }

STATIC_URL = "/static/"
LANGUAGE_CODE = "en"
LANGUAGES = [(c, c) for c in ["en", "es", "pt-br", "ar", "id", "ur", "hi", "bn", "fil", "sw", "vi"]]
USE_I18N = True

PAYPRO = {
    "MERCHANT_NO": "1234567890",
    "APP_SECRET": "test-app-secret-Zq9",
    "COUNTRY": "MX",
    "BASE_URL": "http://127.0.0.1:9/never-called",
    "NOTIFY_URL": "https://shop.example/paypro/notify/",
    "TIMEOUT": (2.0, 5.0),
    "QUERY_RETRIES": 1,
    "SANDBOX_BACKGROUND_DELIVERY": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "loggers": {"django_paypro": {"handlers": ["null"], "level": "DEBUG", "propagate": True}},
}
