from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DjangoPayProConfig(AppConfig):
    name = "django_paypro"
    label = "django_paypro"
    verbose_name = _("PayPro payments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the system checks (paypro.E001...) with Django's check framework.
        from django_paypro import checks, task_checks  # noqa: F401
        from django_paypro.services.batch_completion import connect

        connect()  # completes payout batches as their last payout settles
