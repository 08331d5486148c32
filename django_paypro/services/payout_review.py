"""A person's decision on a payout under review: succeeded, or failed after asking PayPro.

A payout lands in ``needs_review`` when PayPro reported something we could not accept (a
success whose amount differs from the payout's or cannot be read, also after a failure).
Nothing moves it from there but a person with the ``django_paypro.review_payout`` permission:

- ``succeeded`` is applied as decided;
- ``failed`` is applied only after PayPro, asked by query, answers that the payout did not
  succeed: marking failed a payout whose money left would make the merchant pay twice. If PayPro
  now says it succeeded, that is applied instead; if it is still processing, or cannot be
  asked (transport error, or a refusal: ``8000`` on a query does not say it failed), nothing is
  decided.

The status is written through the compare-and-set of
:mod:`~django_paypro.services.transitions` with a table that allows only ``needs_review`` →
``succeeded``/``failed``, so two decisions at once change it once and send one signal. The
decision sticks: later reports from PayPro no longer move the payout. Each decision that changed
the status is recorded as a :class:`~django_paypro.models.PayoutDecision` (who, when, what, why,
PayPro's answer when asked), in the transaction of the change.

Kept apart from ``transitions`` because it asks PayPro and checks a permission, which the
status machinery never does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from django_paypro.client import get_client
from django_paypro.exceptions import PayoutReviewRefused
from django_paypro.models import Payout, PayoutDecision
from django_paypro.services.outcomes import StatusReport, payout_report
from django_paypro.services.transitions import (
    PAYOUT_REVIEW_DECISIONS,
    STAFF_SOURCE,
    Change,
    apply_payout_report,
)

__all__ = ["REVIEW_PERMISSION", "decide_payout_review", "review_refusal"]

REVIEW_PERMISSION = "django_paypro.review_payout"
#: the status staff ask for -> how the decision is recorded
DECISION_BY_STATUS: Mapping[str, str] = {
    Payout.Status.SUCCEEDED: PayoutDecision.Action.SUCCEEDED,
    Payout.Status.FAILED: PayoutDecision.Action.FAILED,
}


def review_refusal(user: Any) -> str:
    """Return why ``user`` may not decide on payouts under review, or ``""`` if they may."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm(REVIEW_PERMISSION):
        return "you need the permission to decide payouts under review"
    return ""


def decide_payout_review(payout: Payout, status: str, *, user: Any, note: str = "") -> Change:
    """Decide ``payout`` under review as ``succeeded`` or ``failed``; return what changed.

    ``payout`` is updated in place. For ``failed``, PayPro is asked first: the returned change
    may then be to ``succeeded`` (PayPro says the money left), or no change with the reason in
    ``ignored`` (PayPro still processing, or no status in its answer). A payout not under review
    is left alone (``ignored`` says so). Raises ``PayoutReviewRefused`` without the permission,
    ``ValueError`` for another status; an error of the query (``PayProTransportError``,
    ``PayProRejected``) propagates and nothing is decided.
    """
    if status not in DECISION_BY_STATUS:
        raise ValueError(f"a payout under review is decided succeeded or failed, not {status!r}")
    refusal = review_refusal(user)
    if refusal:
        raise PayoutReviewRefused(refusal)
    if payout.status != Payout.Status.NEEDS_REVIEW:
        return _untouched(payout, f"{payout.status}, not under review")
    note = note or "decided by staff"
    if status == Payout.Status.SUCCEEDED:
        return _record(payout, StatusReport(status=status, source=STAFF_SOURCE, message=note), user)
    return _fail_unless_paid(payout, user, note)


def _fail_unless_paid(payout: Payout, user: Any, note: str) -> Change:
    """Ask PayPro about ``payout``; mark it failed only if PayPro says it did not succeed."""
    answer = payout_report(get_client(payout.country).query_payout(payout.trade_no), source="query")
    if answer is None:
        return _untouched(payout, "PayPro's answer carries no status; nothing decided")
    said = f"{answer.status_code} {answer.message}".strip()
    if answer.status == Payout.Status.PENDING:
        return _untouched(payout, f"PayPro is still processing it ({said}); nothing decided")
    if answer.status == Payout.Status.SUCCEEDED:
        note = f"PayPro answered {said} when asked before marking it failed: the money left"
    report = StatusReport(
        status=answer.status,
        source=STAFF_SOURCE,
        status_code=answer.status_code,
        message=note,
        platform_trade_no=answer.platform_trade_no,
        raw=answer.raw,
    )
    return _record(payout, report, user, paypro_answer=said)


def _record(payout: Payout, report: StatusReport, user: Any, paypro_answer: str = "") -> Change:
    """Apply the decision and, if it changed the status, record it in the same transaction."""
    with transaction.atomic():
        change = apply_payout_report(payout, report, transitions=PAYOUT_REVIEW_DECISIONS)
        if not change.changed:  # lost the race: re-read, someone else decided it
            return _untouched(payout, f"decided meanwhile: {payout.status}")
        PayoutDecision.objects.create(
            payout=payout,
            batch_id=payout.batch_id,
            action=DECISION_BY_STATUS[change.new_status],
            user=user,
            reason=report.message,
            paypro_answer=paypro_answer[:255],
        )
    return change


def _untouched(payout: Payout, why: str) -> Change:
    return Change(payout, payout.status, payout.status, False, why)
