"""Settings of the example shop: SQLite, DEBUG on, PayPro played by the bundled sandbox.

The shop and the sandbox are served by the same ``runserver``, so the shop's calls to "PayPro"
and the sandbox's notifications back to the shop are HTTP requests to this very process.
Environment variables (used by the browser tests to run a second copy on a free port):

``SHOP_BASE_URL``
    Where this server is reached, default ``http://127.0.0.1:8000``.
``SHOP_DB``
    The SQLite file, default ``example_project/db.sqlite3``.
``SHOP_DEBUG``
    ``0`` turns ``DEBUG`` off (the sandbox then stops serving).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
SHOP_BASE_URL = os.environ.get("SHOP_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

SECRET_KEY = os.environ.get("SHOP_SECRET_KEY", "example-shop-only-not-secret")
DEBUG = os.environ.get("SHOP_DEBUG", "1") != "0"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", urlsplit(SHOP_BASE_URL).hostname or "127.0.0.1"]

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
    "shop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Each customer gets the first of LANGUAGES their browser asks for (docs/languages.md).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "shop_site.urls"
WSGI_APPLICATION = "shop_site.wsgi.application"

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
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SHOP_DB", str(BASE_DIR / "db.sqlite3")),
        # Requests, the sandbox's delivery thread and paypro_reconcile write to one file:
        # wait for each other's locks instead of failing at once.
        "OPTIONS": {"timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en"
# The languages django-paypro's catalogues speak (docs/languages.md). LocaleMiddleware picks
# only from this list, and Django's default one has no Filipino.
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("pt-br", "Português"),
    ("ar", "العربية"),
    ("id", "Bahasa Indonesia"),
    ("ur", "اردو"),
    ("hi", "हिन्दी"),
    ("bn", "বাংলা"),
    ("fil", "Filipino"),
    ("sw", "Kiswahili"),
    ("vi", "Tiếng Việt"),
]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"

PAYPRO = {
    "MERCHANT_NO": "1234567890",
    # The sandbox checks signatures with this same secret. A real one comes from the environment.
    "APP_SECRET": os.environ.get("PAYPRO_APP_SECRET", "sandbox-app-secret"),
    "COUNTRY": "MX",
    "NOTIFY_URL": f"{SHOP_BASE_URL}/paypro/notify/",
    # Each country has its own base path at PayPro; the sandbox mirrors them under its prefix.
    "COUNTRIES": {
        "MX": {"BASE_URL": f"{SHOP_BASE_URL}/paypro-sandbox/mex-pay"},
        "BR": {"BASE_URL": f"{SHOP_BASE_URL}/paypro-sandbox/brz-pay"},
        "EG": {"BASE_URL": f"{SHOP_BASE_URL}/paypro-sandbox/egypt-pay"},
    },
    # Lost notifications are retried after 2 s, 5 s, ... 3 h at PayPro; here 100 times sooner.
    "SANDBOX_RETRY_SCALE": 0.01,
    # Settle payments nobody heard of after one minute (manage.py paypro_reconcile).
    "RECONCILE_GRACE_SECONDS": 60,
    # The sandbox merchant starts with this much to pay sellers out of; a larger payout batch
    # is held at approval, and a payout beyond it refused, as at PayPro.
    "SANDBOX_OPENING_BALANCE": {"MX": "100000"},
}
# No TASKS setting: payout batches are sent inline, by the request that approves them. See
# docs/payouts.md for running them on RQ or the database backend instead.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django_paypro": {"handlers": ["console"], "level": "INFO"}},
}
