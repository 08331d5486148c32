"""Mark a payout batch completed when its last payout is settled, and say so once.

Connected in ``AppConfig.ready`` to ``payout_succeeded`` and ``payout_failed``, so it follows
every path that settles a payout (the answer, a notification, reconciliation). The check runs
*after* the payout's transaction commits: of two payouts settled at once on two workers, the one
that commits last sees both settled. Completing is a compare-and-set (``approved`` →
``completed``), so when both see it, one completes the batch and sends the signal. Nothing
locks the batch row, so workers settling payouts of one batch never wait for each other.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from django_paypro import signals
from django_paypro.models import Payout, PayoutBatch

__all__ = ["complete_if_settled", "connect"]

SETTLED = (Payout.Status.SUCCEEDED, Payout.Status.FAILED, Payout.Status.CANCELLED)


def complete_if_settled(batch_id: int) -> bool:
    """Complete batch ``batch_id`` if every payout in it is settled; return whether we did.

    ``payout_batch_completed`` is sent inside the transaction that records the completion.
    """
    unsettled = Payout.objects.filter(batch_id=batch_id).exclude(status__in=SETTLED)
    if unsettled.exists():
        return False
    with transaction.atomic():
        won = PayoutBatch.objects.filter(pk=batch_id, status=PayoutBatch.Status.APPROVED).update(
            status=PayoutBatch.Status.COMPLETED,
            completed_at=timezone.now(),
            version=F("version") + 1,
        )
        if won:
            batch = PayoutBatch.objects.get(pk=batch_id)
            signals.payout_batch_completed.send(sender=PayoutBatch, batch=batch)
    return bool(won)


def _payout_settled(sender: Any, payout: Payout, **kwargs: Any) -> None:
    batch_id = payout.batch_id
    if batch_id is not None:
        transaction.on_commit(lambda: complete_if_settled(batch_id))


def connect() -> None:
    """Connect the receivers (idempotent: ``dispatch_uid``)."""
    for signal in (signals.payout_succeeded, signals.payout_failed):
        signal.connect(_payout_settled, sender=Payout, dispatch_uid=f"paypro-batch-{id(signal)}")
