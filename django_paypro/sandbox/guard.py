"""When the sandbox may serve: only in development, unless a setting says otherwise."""

from __future__ import annotations

from django.conf import settings

from django_paypro.conf import paypro_setting


def sandbox_enabled() -> bool:
    """Return whether the sandbox serves: ``DEBUG`` is on or it is explicitly allowed."""
    return bool(settings.DEBUG or paypro_setting("SANDBOX_ALLOW_WITHOUT_DEBUG"))


def background_delivery_enabled() -> bool:
    """Return whether notifications are delivered by a thread in this process (default yes)."""
    value = paypro_setting("SANDBOX_BACKGROUND_DELIVERY")
    return value is None or bool(value)


def retry_scale() -> float:
    """Return the factor applied to PayPro's retry delays (``PAYPRO["SANDBOX_RETRY_SCALE"]``)."""
    value = paypro_setting("SANDBOX_RETRY_SCALE")
    return 1.0 if value is None else max(float(value), 0.0)
