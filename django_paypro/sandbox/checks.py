"""System check: warn when the sandbox would serve outside development."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from django_paypro.conf import paypro_setting


def check_sandbox_exposure(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn when the sandbox is allowed to answer with ``DEBUG`` off."""
    if settings.DEBUG or not paypro_setting("SANDBOX_ALLOW_WITHOUT_DEBUG"):
        return []
    return [
        checks.Warning(
            "The PayPro sandbox serves with DEBUG off: anyone reaching it can fake payments.",
            hint="Remove django_paypro.sandbox from INSTALLED_APPS in production, or unset "
            "PAYPRO['SANDBOX_ALLOW_WITHOUT_DEBUG'].",
            id="paypro_sandbox.W001",
        )
    ]
