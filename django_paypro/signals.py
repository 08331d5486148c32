"""Signals sent once per change of status, inside the transaction that records it.

Receivers get ``sender`` (the model class), ``payment`` or ``payout``, and ``order`` (the
merchant's object, or ``None``). A receiver that raises rolls the change back; do side effects
that must not be undone (emails, HTTP calls) in ``transaction.on_commit``.
"""

from django.dispatch import Signal

order_paid = Signal()
payment_failed = Signal()
payment_partially_paid = Signal()
payment_needs_review = Signal()
payout_succeeded = Signal()
payout_failed = Signal()

__all__ = [
    "order_paid",
    "payment_failed",
    "payment_needs_review",
    "payment_partially_paid",
    "payout_failed",
    "payout_succeeded",
]

# Payout batches: ``sender`` is PayoutBatch, ``batch`` the batch; ``user`` who approved it.
payout_batch_approved = Signal()
payout_batch_completed = Signal()
__all__ += ["payout_batch_approved", "payout_batch_completed"]
