"""Send approved payouts exactly once, from whatever process runs the task.

A payout leaves only after one worker has claimed it with a plain-ORM compare-and-set::

    UPDATE ... SET status = 'sending', version = version + 1
    WHERE id = %s AND status = 'approved'

Whoever matched the row sends; everyone else (a retried task, a second worker, a task enqueued
twice) finds it claimed and does nothing. A worker killed after the claim leaves the payout
``sending``: :mod:`~django_paypro.services.reconcile` asks PayPro about it, and nothing here ever
sends it again under a new trade number.
"""

from __future__ import annotations

import logging

from django.db.models import F
from django.utils import timezone

from django_paypro.exceptions import PayProError
from django_paypro.models import Payout
from django_paypro.services.payouts import send_recorded_payout

__all__ = ["claim_payout", "send_approved_payout"]

logger = logging.getLogger("django_paypro.dispatch")


def claim_payout(payout_id: int) -> bool:
    """Move payout ``payout_id`` from ``approved`` to ``sending``; return whether we won it."""
    claimed = Payout.objects.filter(pk=payout_id, status=Payout.Status.APPROVED).update(
        status=Payout.Status.SENDING,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    return claimed == 1


def send_approved_payout(payout_id: int) -> str:
    """Claim and send one approved payout; return its status afterwards.

    Errors from PayPro are recorded on the payout (``unknown`` or ``failed``) and not raised:
    a task backend that retries failed tasks must not be invited to try again.
    """
    if not claim_payout(payout_id):
        status = Payout.objects.filter(pk=payout_id).values_list("status", flat=True).first()
        logger.info("payout %s not sent: already claimed (%s)", payout_id, status)
        return status or "missing"
    payout = Payout.objects.get(pk=payout_id)
    try:
        send_recorded_payout(payout)
    except PayProError as err:
        logger.warning("payout %s: %s", payout.trade_no, err)
    return payout.status
