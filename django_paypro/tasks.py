"""Tasks for Django's Tasks API: one per payout to send, one per record to query, the roll-up.

``django.tasks`` on Django 6, the ``django-tasks`` backport before. The backend is the one the
merchant configures in ``TASKS`` (alias ``PAYPRO['TASK_BACKEND']``, queue
``PAYPRO['TASK_QUEUE']``): RQ through ``django-tasks-rq``, the database backend of
``django-tasks-db``, Celery... With no ``TASKS`` setting the immediate backend runs each task
inline, in the caller's process, as ``create_payout`` does.

Task bodies import the services when they run, so importing this module stays cheap. This
module reads two settings when first imported (never at app loading): the Tasks API validates a
task's queue against its backend as it is declared, and a backend limited to ``QUEUES`` refuses
the default queue name. Enqueueing reads them again, so a changed setting still applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

try:
    from django.tasks import task  # type: ignore[import-untyped,import-not-found,unused-ignore]
except ImportError:
    from django_tasks import task

from django_paypro.conf import paypro_setting

__all__ = ["enqueue_payouts", "enqueue_query", "query_record", "roll_up_dashboard", "send_payout"]


@task(backend=paypro_setting("TASK_BACKEND"), queue_name=paypro_setting("TASK_QUEUE"))
def send_payout(payout_id: int) -> str:
    """Claim and send payout ``payout_id`` if nobody has; return its status."""
    from django_paypro.services.dispatch import send_approved_payout

    return send_approved_payout(payout_id)


@task(backend=paypro_setting("TASK_BACKEND"), queue_name=paypro_setting("TASK_QUEUE"))
def query_record(model: str, record_id: int) -> str:
    """Ask PayPro about one payment or payout (``model``: ``"payment"``/``"payout"``)."""
    from django_paypro.services.reconcile import refresh_by_id

    return refresh_by_id(model, record_id)


@task(backend=paypro_setting("TASK_BACKEND"), queue_name=paypro_setting("TASK_QUEUE"))
def roll_up_dashboard() -> int:
    """Add up the dashboard's closed days (``paypro_rollup``); return how many were added up."""
    from django_paypro.services.rollup import roll_up

    return roll_up().rolled


def _configured(task_object: Any) -> Any:
    return task_object.using(
        backend=paypro_setting("TASK_BACKEND"), queue_name=paypro_setting("TASK_QUEUE")
    )


def enqueue_payouts(payout_ids: Iterable[int]) -> int:
    """Enqueue one send task per payout; return how many were enqueued."""
    configured = _configured(send_payout)
    count = 0
    for payout_id in payout_ids:
        configured.enqueue(payout_id)
        count += 1
    return count


def enqueue_query(model: str, record_id: int) -> None:
    """Enqueue one query to PayPro about a payment or payout."""
    _configured(query_record).enqueue(model, record_id)
