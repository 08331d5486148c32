"""The one place that changes a status.

A status report (from a create answer, a notification, a query or a staff decision) is turned
into a *plan* by pure functions, then written with one plain-ORM compare-and-set::

    Payment.objects.filter(pk=..., version=v).update(..., version=F("version") + 1)

Only the writer whose UPDATE matched a row sends the signal, inside the same transaction, so a
change of status fires its signal exactly once across threads, processes and databases (on
PostgreSQL the second writer waits on the row lock, then finds ``version`` moved on; on SQLite
writers are serialised by the database lock). A receiver that raises rolls the change back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from django_paypro import signals
from django_paypro.exceptions import PayProError
from django_paypro.models import DECIMAL_PLACES, MAX_DIGITS, Payment, Payout
from django_paypro.services.outcomes import StatusReport

logger = logging.getLogger("django_paypro.transitions")

#: Payments the customer has not paid yet, as far as we know: the return page asks PayPro.
AWAITING_PAYMENT_STATUSES = frozenset(
    {Payment.Status.CREATED, Payment.Status.PENDING, Payment.Status.UNKNOWN}
)
#: Payments PayPro may still move on its own (a partial may be completed): what
#: reconciliation asks about.
OPEN_PAYMENT_STATUSES = AWAITING_PAYMENT_STATUSES | {Payment.Status.PARTIALLY_PAID}
#: Payouts PayPro may still move on its own; ``sending``: a worker claimed it and may have died
#: before recording the answer.
OPEN_PAYOUT_STATUSES = frozenset(
    {Payout.Status.CREATED, Payout.Status.PENDING, Payout.Status.UNKNOWN, Payout.Status.SENDING}
)

#: status -> the statuses a result from PayPro may move it to
PAYMENT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    Payment.Status.CREATED: frozenset(
        {
            Payment.Status.PENDING,
            Payment.Status.PAID,
            Payment.Status.PARTIALLY_PAID,
            Payment.Status.FAILED,
            Payment.Status.UNKNOWN,
            Payment.Status.NEEDS_REVIEW,
        }
    ),
    Payment.Status.UNKNOWN: frozenset(
        {
            Payment.Status.PENDING,
            Payment.Status.PAID,
            Payment.Status.PARTIALLY_PAID,
            Payment.Status.FAILED,
            Payment.Status.NEEDS_REVIEW,
        }
    ),
    Payment.Status.PENDING: frozenset(
        {
            Payment.Status.PAID,
            Payment.Status.PARTIALLY_PAID,
            Payment.Status.FAILED,
            Payment.Status.NEEDS_REVIEW,
        }
    ),
    Payment.Status.PARTIALLY_PAID: frozenset({Payment.Status.PAID, Payment.Status.NEEDS_REVIEW}),
    # Real money arrived after a failure: applied, and flagged as a late success.
    Payment.Status.FAILED: frozenset(
        {Payment.Status.PAID, Payment.Status.PARTIALLY_PAID, Payment.Status.NEEDS_REVIEW}
    ),
    Payment.Status.PAID: frozenset(),
    Payment.Status.NEEDS_REVIEW: frozenset(),
}
#: what staff may decide for a payment under review (admin action), on top of the above
PAYMENT_REVIEW_DECISIONS: Mapping[str, frozenset[str]] = {
    Payment.Status.NEEDS_REVIEW: frozenset({Payment.Status.PAID, Payment.Status.FAILED}),
}
PAYOUT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    Payout.Status.CREATED: frozenset(
        {
            Payout.Status.PENDING,
            Payout.Status.SUCCEEDED,
            Payout.Status.FAILED,
            Payout.Status.UNKNOWN,
            Payout.Status.NEEDS_REVIEW,
        }
    ),
    Payout.Status.UNKNOWN: frozenset(
        {
            Payout.Status.PENDING,
            Payout.Status.SUCCEEDED,
            Payout.Status.FAILED,
            Payout.Status.NEEDS_REVIEW,
        }
    ),
    # Claimed by a batch worker: the answer, a notification or a query settles it.
    Payout.Status.SENDING: frozenset(
        {
            Payout.Status.PENDING,
            Payout.Status.SUCCEEDED,
            Payout.Status.FAILED,
            Payout.Status.UNKNOWN,
            Payout.Status.NEEDS_REVIEW,
        }
    ),
    Payout.Status.PENDING: frozenset(
        {Payout.Status.SUCCEEDED, Payout.Status.FAILED, Payout.Status.NEEDS_REVIEW}
    ),
    Payout.Status.FAILED: frozenset({Payout.Status.SUCCEEDED, Payout.Status.NEEDS_REVIEW}),
    Payout.Status.SUCCEEDED: frozenset(),
    Payout.Status.NEEDS_REVIEW: frozenset(),
}
#: what staff may decide for a payout under review (see services.payout_review): *only* these,
#: so that two decisions at once cannot chain (``failed`` then ``succeeded``).
PAYOUT_REVIEW_DECISIONS: Mapping[str, frozenset[str]] = {
    Payout.Status.NEEDS_REVIEW: frozenset({Payout.Status.SUCCEEDED, Payout.Status.FAILED}),
}
PAYMENT_SIGNALS: Mapping[str, Signal] = {
    Payment.Status.PAID: signals.order_paid,
    Payment.Status.FAILED: signals.payment_failed,
    Payment.Status.PARTIALLY_PAID: signals.payment_partially_paid,
    Payment.Status.NEEDS_REVIEW: signals.payment_needs_review,
}
PAYOUT_SIGNALS: Mapping[str, Signal] = {
    Payout.Status.SUCCEEDED: signals.payout_succeeded,
    Payout.Status.FAILED: signals.payout_failed,
}
#: The statuses that say money moved, and so must come with the amount that moved.
MONEY_STATUSES = frozenset(
    {Payment.Status.PAID, Payment.Status.PARTIALLY_PAID, Payout.Status.SUCCEEDED}
)
#: The source of staff decisions; every other source is PayPro speaking.
STAFF_SOURCE = "admin"
#: The source of PayPro's answer to a creation request.
CREATE_SOURCE = "create"

R = TypeVar("R", Payment, Payout)

# Each lost race costs one re-read; more than a handful means something is badly wrong.
MAX_RACES = 5
_CENT = Decimal(1).scaleb(-DECIMAL_PLACES)


@dataclass(frozen=True)
class Plan:
    """Fields to write; ``new_status`` is set when the status itself changes."""

    fields: dict[str, Any] = field(default_factory=dict)
    new_status: str | None = None
    ignored: str = ""


@dataclass(frozen=True)
class Change:
    """What applying a report did."""

    record: Payment | Payout
    old_status: str
    new_status: str
    updated: bool
    ignored: str = ""

    @property
    def changed(self) -> bool:
        """Return whether the status changed (and so a signal was sent)."""
        return self.old_status != self.new_status

    def describe(self) -> str:
        """Return a one-line account for logs and the notification record."""
        if self.changed:
            return f"{self.old_status} → {self.new_status}"
        if self.ignored:
            return f"ignored: {self.ignored}"
        return "details updated" if self.updated else f"no change ({self.new_status})"


def storable(amount: Decimal) -> bool:
    """Return whether ``amount``, rounded to cents, fits the amount columns."""
    if not amount.is_finite() or amount.adjusted() >= MAX_DIGITS - DECIMAL_PLACES:
        return False
    rounded = amount.quantize(_CENT, rounding=ROUND_HALF_EVEN)
    return abs(rounded) < Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES)


def _amount_problem(record: Payment | Payout, report: StatusReport) -> str:
    """Return why the amount ``report`` gives cannot back the status it asks for, or ``""``."""
    target, amount, owed = report.status, report.amount, record.amount
    if target not in MONEY_STATUSES or report.source == STAFF_SOURCE:
        return ""
    code = report.status_code
    if amount is None and report.source == CREATE_SOURCE:
        return ""  # PayPro's answer to our own request for that amount
    if amount is None:
        shown = f"{report.amount_text!r}" if report.amount_text else "no amount"
        return f"PayPro reported status {code} with {shown}: the amount cannot be read"
    if not storable(amount) or amount <= 0:
        return f"PayPro reported an amount that cannot be right: {amount:.6g}"
    if target == Payment.Status.PARTIALLY_PAID:
        if amount >= owed:
            return f"PayPro reported a partial payment of {amount}, not less than the {owed} owed"
        return ""
    if amount != owed:
        return (
            f"PayPro reported {amount} moved with status {code}, "
            f"but {owed} {record.currency} was asked for"
        )
    return ""


def _detail_fields(record: Payment | Payout, report: StatusReport) -> dict[str, Any]:
    """Return the non-status fields the report fills in or corrects."""
    fields: dict[str, Any] = {}
    if report.platform_trade_no and report.platform_trade_no != record.platform_trade_no:
        fields["platform_trade_no"] = report.platform_trade_no[:64]
    if isinstance(record, Payment):
        if report.payment_url and report.payment_url != record.payment_url:
            fields["payment_url"] = report.payment_url[:1000]
        if report.pay_param and report.pay_param != record.pay_param:
            fields["pay_param"] = report.pay_param
    return fields


def _forward_amount(payment: Payment, report: StatusReport) -> dict[str, Any]:
    """Return ``paid_amount`` to write: what PayPro said, and only ever upwards."""
    amount, current = report.amount, payment.paid_amount
    if amount is None or not storable(amount) or amount <= 0:
        return {}
    rounded = amount.quantize(_CENT, rounding=ROUND_HALF_EVEN)
    if current is not None and rounded <= current:
        return {}  # a late, older report: what was paid never goes down
    return {"paid_amount": rounded}


def _decided_by_staff(record: Payment | Payout, report: StatusReport) -> bool:
    return getattr(record, "decided_at", None) is not None and report.source != STAFF_SOURCE


def _target(record: Payment | Payout, report: StatusReport) -> tuple[str, str]:
    """Return the status ``report`` asks for, after checking its amount, and the reason."""
    problem = _amount_problem(record, report)
    if problem:
        return type(record).Status.NEEDS_REVIEW, problem
    return report.status, report.message


def _moves(current: str, target: str, transitions: Mapping[str, frozenset[str]]) -> str:
    """Return why ``current`` cannot become ``target``, or ``""`` if it can."""
    if target == current or target in transitions.get(current, frozenset()):
        return ""
    return f"{current} cannot become {target}"


def plan_payment(
    payment: Payment,
    report: StatusReport,
    transitions: Mapping[str, frozenset[str]] = PAYMENT_TRANSITIONS,
) -> Plan:
    """Return what applying ``report`` to ``payment`` must write (pure: no queries)."""
    if _decided_by_staff(payment, report):
        return Plan(ignored=f"staff decided {payment.status}; only staff change it now")
    current = payment.status
    target, reason = _target(payment, report)
    ignored = _moves(current, target, transitions)
    fields = _detail_fields(payment, report)
    moves = target != current and not ignored
    if moves:
        fields.update(status=target, status_code=report.status_code[:16], message=reason[:255])
        if target == Payment.Status.PAID:
            fields["paid_at"] = timezone.now()
        if current == Payment.Status.FAILED and target in MONEY_STATUSES:
            fields["late_success"] = True
        if target == Payment.Status.NEEDS_REVIEW:
            fields["review_reason"] = reason
        if report.source == STAFF_SOURCE:
            fields["decided_at"] = timezone.now()
    if moves or target == current == Payment.Status.PARTIALLY_PAID:
        fields.update(_forward_amount(payment, report))
    if fields and report.raw:
        fields["response_data"] = report.raw
    return Plan(fields=fields, new_status=target if moves else None, ignored=ignored)


def plan_payout(
    payout: Payout,
    report: StatusReport,
    transitions: Mapping[str, frozenset[str]] = PAYOUT_TRANSITIONS,
) -> Plan:
    """Return what applying ``report`` to ``payout`` must write (pure: no queries)."""
    if _decided_by_staff(payout, report):
        return Plan(ignored=f"staff decided {payout.status}; only staff change it now")
    current = payout.status
    target, reason = _target(payout, report)
    ignored = _moves(current, target, transitions)
    fields = _detail_fields(payout, report)
    moves = target != current and not ignored
    if moves:
        fields.update(status=target, status_code=report.status_code[:16], message=reason[:255])
        if target == Payout.Status.SUCCEEDED:
            fields["succeeded_at"] = timezone.now()
            if current == Payout.Status.FAILED:
                fields["late_success"] = True
        if target == Payout.Status.NEEDS_REVIEW:
            fields["review_reason"] = reason
        if report.source == STAFF_SOURCE:
            fields["decided_at"] = timezone.now()
    if fields and report.raw:
        fields["response_data"] = report.raw
    return Plan(fields=fields, new_status=target if moves else None, ignored=ignored)


def _write(record: Payment | Payout, plan: Plan) -> bool:
    """Compare-and-set ``plan.fields`` on ``record``; return whether this writer won."""
    version = record.version
    values = {**plan.fields, "updated_at": timezone.now()}
    won = (
        type(record)
        ._default_manager.filter(pk=record.pk, version=version)
        .update(**values, version=F("version") + 1)
    )
    if not won:
        return False
    for name, value in values.items():
        setattr(record, name, value)
    record.version = version + 1
    return True


def _notify(signal: Signal | None, record: Payment | Payout, kwarg: str) -> None:
    if signal is None or not signal.has_listeners(type(record)):
        return
    signal.send(sender=type(record), order=getattr(record, "order", None), **{kwarg: record})


def apply_payment_report(
    payment: Payment,
    report: StatusReport,
    *,
    transitions: Mapping[str, frozenset[str]] = PAYMENT_TRANSITIONS,
) -> Change:
    """Apply ``report`` to ``payment`` (updated in place) and send the signal of any change.

    Runs in the caller's transaction when there is one, else in its own.
    """
    return _apply(
        payment,
        report,
        lambda current: plan_payment(current, report, transitions),
        PAYMENT_SIGNALS,
        "payment",
    )


def apply_payout_report(
    payout: Payout,
    report: StatusReport,
    *,
    transitions: Mapping[str, frozenset[str]] = PAYOUT_TRANSITIONS,
) -> Change:
    """Apply ``report`` to ``payout`` (updated in place) and send the signal of any change."""
    return _apply(
        payout,
        report,
        lambda current: plan_payout(current, report, transitions),
        PAYOUT_SIGNALS,
        "payout",
    )


def _apply(
    record: R,
    report: StatusReport,
    plan_for: Callable[[R], Plan],
    signals_by_status: Mapping[str, Signal],
    kwarg: str,
) -> Change:
    """Plan, compare-and-set, signal; on a lost race re-read the row and plan again."""
    for _ in range(MAX_RACES):
        old = record.status
        plan = plan_for(record)
        if not plan.fields:
            return Change(record, old, old, False, plan.ignored)
        with transaction.atomic(savepoint=False):
            if _write(record, plan):
                if plan.new_status:
                    _log_change(record, old, report)
                    _notify(signals_by_status.get(plan.new_status), record, kwarg)
                return Change(record, old, record.status, True, plan.ignored)
        record.refresh_from_db()
    raise PayProError(f"{kwarg} {record.trade_no} kept changing under us; try again")


def decide_review(
    payment: Payment, status: str, *, note: str = "", under_review_only: bool = False
) -> Change:
    """Apply a staff decision on a payment under review (``paid`` or ``failed``).

    The decision sticks: reports from PayPro no longer move the payment until staff decide
    again. ``under_review_only`` refuses to change a payment no longer under review: a person
    who decided on what they saw as under review must not, when someone else decided first,
    turn that decision over (``failed`` then ``paid`` would send both signals).
    """
    report = StatusReport(status=status, source=STAFF_SOURCE, message=note or "decided by staff")
    table = (
        PAYMENT_REVIEW_DECISIONS
        if under_review_only
        else {**PAYMENT_TRANSITIONS, **PAYMENT_REVIEW_DECISIONS}
    )
    return apply_payment_report(payment, report, transitions=table)


def _log_change(record: Payment | Payout, old: str, report: StatusReport) -> None:
    logger.info(
        "%s %s: %s -> %s (source %s, PayPro status %s)",
        type(record).__name__.lower(),
        record.trade_no,
        old,
        record.status,
        report.source,
        report.status_code or "-",
    )
