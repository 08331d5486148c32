"""Run ``paypro_reconcile`` from Celery beat (the Notifications page shows this file).

tests/docs/test_examples.py imports it when Celery is installed and runs the task.
"""

from celery import shared_task
from celery.schedules import crontab
from django.core.management import call_command


@shared_task(ignore_result=True)
def reconcile_paypro() -> None:
    """Query PayPro about payments and payouts left open past the grace period."""
    call_command("paypro_reconcile")


# In settings.py (with app.config_from_object("django.conf:settings", namespace="CELERY")):
CELERY_BEAT_SCHEDULE = {
    "paypro-reconcile": {
        "task": "reconcile_tasks.reconcile_paypro",
        "schedule": crontab(minute="*/5"),
    },
}
