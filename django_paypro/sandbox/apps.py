"""App configuration of the PayPro sandbox."""

from __future__ import annotations

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class SandboxConfig(AppConfig):
    """The local PayPro simulator, installed as ``django_paypro.sandbox``."""

    name = "django_paypro.sandbox"
    label = "paypro_sandbox"
    verbose_name = _("PayPro sandbox")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_paypro.sandbox.checks import check_sandbox_exposure

        checks.register(check_sandbox_exposure, checks.Tags.security)
