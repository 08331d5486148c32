"""Decisions on payout batches: approve (or hold), reject; each one recorded with who and when.

A batch is approved by a user with the ``django_paypro.approve_payout`` permission who did not
create it (``PAYPRO['PAYOUT_APPROVAL_BY_CREATOR']`` relaxes that). Approval checks the limits and
the balance first: a batch that passes a limit or exceeds the balance is *held* with the reason,
and the same approval, given again later, checks again. The checks and the decision share one
transaction that starts by locking the batch's countries
(:func:`~django_paypro.services.limits.lock_countries`): two approvals at the same moment are
checked one after the other, so together they cannot pass a daily limit or the balance. Once
approved, each payout is handed to the task backend (:mod:`django_paypro.tasks`) after the
decision commits.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from django_paypro import signals
from django_paypro.conf import paypro_setting
from django_paypro.exceptions import PayoutApprovalRefused
from django_paypro.models import Payout, PayoutBatch, PayoutDecision
from django_paypro.services.limits import (
    balance_shortfall,
    country_totals,
    limits_exceeded,
    lock_countries,
)

__all__ = ["approval_refusal", "approve_batch", "reject_batch"]

logger = logging.getLogger("django_paypro.approval")

PERMISSION = "django_paypro.approve_payout"
B = PayoutBatch.Status
#: batch status -> payout statuses it may decide on
OPEN_BATCH = (B.DRAFT, B.HELD)
OPEN_PAYOUT = (Payout.Status.DRAFT, Payout.Status.HELD)
#: the batch status a decision leads to -> how the decision is recorded
DECISION_BY_STATUS: Mapping[str, str] = {
    B.APPROVED: PayoutDecision.Action.APPROVED,
    B.HELD: PayoutDecision.Action.HELD,
    B.REJECTED: PayoutDecision.Action.REJECTED,
}


def approval_refusal(user: Any, batch: PayoutBatch) -> str:
    """Return why ``user`` may not decide on ``batch``, or ``""`` if they may."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm(PERMISSION):
        return "you need the permission to approve payouts"
    if (
        batch.created_by_id is not None
        and batch.created_by_id == user.pk
        and not paypro_setting("PAYOUT_APPROVAL_BY_CREATOR")
    ):
        return "a batch is approved by someone other than the person who created it"
    if batch.status not in OPEN_BATCH:
        return f"the batch is {batch.get_status_display().lower()}: nothing to decide"
    return ""


def _refuse_unless_allowed(user: Any, batch: PayoutBatch) -> None:
    reason = approval_refusal(user, batch)
    if reason:
        raise PayoutApprovalRefused(reason)


def _decide(
    batch: PayoutBatch, user: Any, status: str, payout_status: str, reason: str = ""
) -> None:
    """Compare-and-set the batch's status, move its open payouts, record the decision."""
    now = timezone.now()
    won = PayoutBatch.objects.filter(pk=batch.pk, version=batch.version).update(
        status=status,
        held_reason=reason if status == B.HELD else "",
        decided_by=user,
        decided_at=now,
        version=F("version") + 1,
    )
    if not won:
        raise PayoutApprovalRefused("the batch was decided by someone else meanwhile; reload it")
    # approved_at: the day a payout counts toward its country's daily limit
    approved_at = now if status == B.APPROVED else None
    batch.payouts.filter(status__in=OPEN_PAYOUT).update(
        status=payout_status, version=F("version") + 1, updated_at=now, approved_at=approved_at
    )
    PayoutDecision.objects.create(
        batch=batch, action=DECISION_BY_STATUS[status], user=user, reason=reason
    )
    batch.refresh_from_db()


def approve_batch(batch: PayoutBatch, user: Any) -> PayoutBatch:
    """Approve ``batch`` and enqueue its payouts, or hold it with the reason; return it.

    Raises ``PayoutApprovalRefused`` when ``user`` may not decide on it.
    """
    _refuse_unless_allowed(user, batch)
    totals = country_totals(batch)  # the batch's payouts change only by a decision (version)
    with transaction.atomic():
        lock_countries(totals)  # first: the sums below stay true until this commits
        held = limits_exceeded(batch, totals)
        note = ""
        if not held:
            held, note = balance_shortfall(batch, totals)
        if held:
            _decide(batch, user, B.HELD, Payout.Status.HELD, held)
            return batch
        _decide(batch, user, B.APPROVED, Payout.Status.APPROVED, note)
        signals.payout_batch_approved.send(sender=PayoutBatch, batch=batch, user=user)
        ids = list(batch.payouts.filter(status=Payout.Status.APPROVED).values_list("pk", flat=True))
        transaction.on_commit(lambda: _enqueue(ids))
    return batch


def _enqueue(ids: list[int]) -> None:
    try:
        from django_paypro.tasks import enqueue_payouts

        enqueue_payouts(ids)
    except Exception:
        # The approval is committed: the payouts stay approved, and the sweep of
        # paypro_reconcile enqueues them again once the backend answers.
        logger.exception("payouts %s approved but not enqueued", ids[:10])


def reject_batch(batch: PayoutBatch, user: Any, reason: str = "") -> PayoutBatch:
    """Reject ``batch``: its payouts are cancelled and never sent. Return it."""
    _refuse_unless_allowed(user, batch)
    with transaction.atomic():
        _decide(batch, user, B.REJECTED, Payout.Status.CANCELLED, reason)
    return batch
