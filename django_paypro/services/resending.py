"""A person's decision on a payout stuck ``sending``/``unknown`` that PayPro says it never got.

Nothing sends such a payout again by itself (see :mod:`~django_paypro.services.dispatch`).
Someone with the ``approve_payout`` permission may ask: PayPro is queried first; if it knows the
payout, its answer is applied and nothing is sent; if it answers that it has no such order, the
payout goes back to ``approved`` under the *same* trade number (PayPro refuses a trade number it
already has, so a late original cannot make it twice) and is enqueued. The decision is recorded
on the batch and the payout, with who and when.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from django_paypro.exceptions import PayoutApprovalRefused, PayProRejected
from django_paypro.models import Payout, PayoutDecision
from django_paypro.services.approval import PERMISSION
from django_paypro.services.payouts import refresh_payout

__all__ = ["STUCK", "send_again"]

STUCK = (Payout.Status.SENDING, Payout.Status.UNKNOWN)


def send_again(payout: Payout, user: Any) -> str:
    """Query PayPro about a stuck batch payout and, if it never got it, send it again.

    Return what happened, in words. Raises ``PayoutApprovalRefused`` without the permission;
    a transport error of the query propagates (nothing is decided then).
    """
    if not getattr(user, "is_authenticated", False) or not user.has_perm(PERMISSION):
        raise PayoutApprovalRefused("you need the permission to approve payouts")
    if payout.batch_id is None or payout.status not in STUCK:
        return f"{payout.trade_no}: {payout.status}, nothing to decide"
    try:
        refresh_payout(payout)
    except PayProRejected as err:
        return _give_back(payout, user, f"PayPro answered {err.code} ({err.message})")
    return f"{payout.trade_no}: PayPro knows it ({payout.status}); not sent again"


def _give_back(payout: Payout, user: Any, answer: str) -> str:
    batch_id = payout.batch_id
    assert batch_id is not None  # send_again only gives back batch payouts
    with transaction.atomic():
        won = Payout.objects.filter(
            pk=payout.pk, status=payout.status, version=payout.version
        ).update(status=Payout.Status.APPROVED, version=F("version") + 1, updated_at=timezone.now())
        if not won:
            return f"{payout.trade_no}: changed meanwhile; nothing decided"
        reason = f"{payout.trade_no}: {answer} to a query; sent again under the same trade number"
        PayoutDecision.objects.create(
            batch_id=batch_id,
            payout=payout,
            action=PayoutDecision.Action.RESENT,
            user=user,
            reason=reason,
        )
        transaction.on_commit(lambda: _enqueue(payout.pk))
    return reason


def _enqueue(payout_id: int) -> None:
    from django_paypro.tasks import enqueue_payouts

    enqueue_payouts([payout_id])
