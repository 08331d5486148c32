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
from datetime import timedelta

import requests
from django.db.models import F
from django.utils import timezone
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from django_paypro.exceptions import PayProError, PayProTransportError
from django_paypro.models import Payout
from django_paypro.services.payouts import send_recorded_payout

__all__ = ["claim_payout", "enqueue_waiting", "send_approved_payout"]

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
    except PayProTransportError as err:
        logger.warning("payout %s: %s", payout.trade_no, err)
        if never_left(err):
            _release(payout)
    except PayProError as err:
        logger.warning("payout %s: %s", payout.trade_no, err)
    return payout.status


def never_left(err: BaseException) -> bool:
    """Return whether ``err`` proves the request never reached PayPro (no TCP connection).

    Only a refused or timed-out *connect* proves it; a reset or a read timeout does not.
    """
    cause = err.__cause__
    if isinstance(cause, requests.ConnectTimeout):
        return True
    if not isinstance(cause, requests.ConnectionError) or not cause.args:
        return False
    reason = getattr(cause.args[0], "reason", None)
    return isinstance(reason, (NewConnectionError, ConnectTimeoutError))


def _release(payout: Payout) -> None:
    """Give back a payout whose request never left, so that a later task sends it."""
    released = Payout.objects.filter(
        pk=payout.pk, status=Payout.Status.UNKNOWN, version=payout.version
    ).update(status=Payout.Status.APPROVED, version=F("version") + 1, updated_at=timezone.now())
    if released:
        payout.refresh_from_db()
        logger.info("payout %s: PayPro unreachable, back to approved", payout.trade_no)


def enqueue_waiting(older_than: timedelta) -> int:
    """Enqueue a send task for approved payouts idle for ``older_than``; return how many.

    Covers tasks lost with a killed worker or a flushed queue, and payouts given back because
    PayPro could not be reached. Safe to repeat: the claim lets one task send each payout.
    """
    from django_paypro.tasks import enqueue_payouts

    cutoff = timezone.now() - older_than
    waiting = Payout.objects.filter(status=Payout.Status.APPROVED, updated_at__lte=cutoff)
    return enqueue_payouts(waiting.order_by("pk").values_list("pk", flat=True).iterator())
