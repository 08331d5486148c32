"""Settings of the Quickstart project: what ``startproject`` writes, plus django-paypro."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "quickstart-only-not-secret")
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# [installed-apps]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_paypro",
    "django_paypro.sandbox",  # the local PayPro: development only
    "orders",
]
# [/installed-apps]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "mysite.urls"
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
WSGI_APPLICATION = "mysite.wsgi.application"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
        # runserver's requests and the sandbox's delivery thread share the file: wait for locks.
        "OPTIONS": {"timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "static/"

# [paypro]
SITE_URL = "http://127.0.0.1:8000"  # where runserver listens

PAYPRO = {
    "MERCHANT_NO": "1234567890",
    # The sandbox checks signatures with this secret; in production read yours from the
    # environment and never commit it.
    "APP_SECRET": os.environ.get("PAYPRO_APP_SECRET", "sandbox-app-secret"),
    "COUNTRY": "MX",
    # Talk to the sandbox mounted in this project instead of PayPro's servers.
    "BASE_URL": f"{SITE_URL}/paypro-sandbox/mex-pay",
    # Where PayPro (here: the sandbox) posts payment results.
    "NOTIFY_URL": f"{SITE_URL}/paypro/notify/",
}

# Print e-mails to the runserver console.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# [/paypro]
