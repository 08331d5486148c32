"""Mark a payout batch completed when its last payout is settled, and say so once.

Connected in ``AppConfig.ready`` to ``payout_succeeded`` and ``payout_failed``, so it runs in
the transaction that settles the payout, whichever path settled it (the answer, a notification,
reconciliation). The batch row is locked before counting: two payouts settled at once on two
workers cannot both see the other as still open, and the batch completes exactly once.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone

from django_paypro import signals
from django_paypro.models import Payout, PayoutBatch

__all__ = ["complete_if_settled", "connect"]

SETTLED = (Payout.Status.SUCCEEDED, Payout.Status.FAILED, Payout.Status.CANCELLED)


def complete_if_settled(batch_id: int) -> bool:
    """Complete batch ``batch_id`` if every payout in it is settled; return whether it did.

    Must run inside a transaction (the row lock lasts until it ends).
    """
    batch = (
        PayoutBatch.objects.select_for_update()
        .filter(pk=batch_id, status=PayoutBatch.Status.APPROVED)
        .first()
    )
    if batch is None or batch.payouts.exclude(status__in=SETTLED).exists():
        return False
    now = timezone.now()
    PayoutBatch.objects.filter(pk=batch.pk).update(
        status=PayoutBatch.Status.COMPLETED, completed_at=now, version=F("version") + 1
    )
    batch.refresh_from_db()
    signals.payout_batch_completed.send(sender=PayoutBatch, batch=batch)
    return True


def _payout_settled(sender: Any, payout: Payout, **kwargs: Any) -> None:
    if payout.batch_id is not None:
        complete_if_settled(payout.batch_id)


def connect() -> None:
    """Connect the receivers (idempotent: ``dispatch_uid``)."""
    for signal in (signals.payout_succeeded, signals.payout_failed):
        signal.connect(_payout_settled, sender=Payout, dispatch_uid=f"paypro-batch-{id(signal)}")
