"""Django settings used only to import django-paypro while building the documentation."""

SECRET_KEY = "docs-build-only"  # noqa: S105 (never serves a request)
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django_paypro",
    "django_paypro.sandbox",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PAYPRO = {
    "MERCHANT_NO": "1234567890",
    "APP_SECRET": "docs-build-only",
    "NOTIFY_URL": "https://shop.example/paypro/notify/",
}
