"""The one place that changes a status.

A result (from a create answer, a notification, a query or a staff decision) is turned into a
*plan* by pure functions, then written with a compare-and-set on ``version``::

    UPDATE ... SET status = 'paid', version = version + 1 WHERE id = %s AND version = %s

Only the writer whose UPDATE matched a row sends the signal, inside the same transaction, so a
change of status fires its signal exactly once across threads, processes and databases (on
PostgreSQL the second writer waits on the row lock, then finds ``version`` moved on; on SQLite
writers are serialised by the database lock). A receiver that raises rolls the change back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

from django_paypro import signals
from django_paypro.exceptions import PayProError
from django_paypro.models import DECIMAL_PLACES, MAX_DIGITS, Payment, Payout
from django_paypro.services import statements
from django_paypro.services.outcomes import Outcome

logger = logging.getLogger("django_paypro.transitions")

P = Payment.Status
O = Payout.Status  # noqa: E741

#: status -> the statuses a result from PayPro may move it to
PAYMENT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    P.CREATED: frozenset(
        {P.PENDING, P.PAID, P.PARTIALLY_PAID, P.FAILED, P.UNKNOWN, P.NEEDS_REVIEW}
    ),
    P.UNKNOWN: frozenset({P.PENDING, P.PAID, P.PARTIALLY_PAID, P.FAILED, P.NEEDS_REVIEW}),
    P.PENDING: frozenset({P.PAID, P.PARTIALLY_PAID, P.FAILED, P.NEEDS_REVIEW}),
    P.PARTIALLY_PAID: frozenset({P.PAID, P.NEEDS_REVIEW}),
    # Real money arrived after a failure: applied, and flagged as a late success.
    P.FAILED: frozenset({P.PAID, P.PARTIALLY_PAID, P.NEEDS_REVIEW}),
    P.PAID: frozenset(),
    P.NEEDS_REVIEW: frozenset(),
}
#: what staff may decide for a payment under review (admin action), on top of the above
PAYMENT_REVIEW_DECISIONS: Mapping[str, frozenset[str]] = {
    P.NEEDS_REVIEW: frozenset({P.PAID, P.FAILED}),
}
PAYOUT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    O.CREATED: frozenset({O.PENDING, O.SUCCEEDED, O.FAILED, O.UNKNOWN}),
    O.UNKNOWN: frozenset({O.PENDING, O.SUCCEEDED, O.FAILED}),
    # Claimed by a batch worker: the answer, a notification or a query settles it.
    O.SENDING: frozenset({O.PENDING, O.SUCCEEDED, O.FAILED, O.UNKNOWN}),
    O.PENDING: frozenset({O.SUCCEEDED, O.FAILED}),
    O.FAILED: frozenset({O.SUCCEEDED}),
    O.SUCCEEDED: frozenset(),
}
PAYMENT_SIGNALS: Mapping[str, Signal] = {
    P.PAID: signals.order_paid,
    P.FAILED: signals.payment_failed,
    P.PARTIALLY_PAID: signals.payment_partially_paid,
    P.NEEDS_REVIEW: signals.payment_needs_review,
}
PAYOUT_SIGNALS: Mapping[str, Signal] = {
    O.SUCCEEDED: signals.payout_succeeded,
    O.FAILED: signals.payout_failed,
}

R = TypeVar("R", Payment, Payout)

# Each lost race costs one re-read; more than a handful means something is badly wrong.
MAX_RACES = 5


@dataclass(frozen=True)
class Plan:
    """Fields to write; ``new_status`` is set when the status itself changes."""

    fields: dict[str, Any] = field(default_factory=dict)
    new_status: str | None = None
    ignored: str = ""


@dataclass(frozen=True)
class Change:
    """What applying an outcome did."""

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


def _payment_target(payment: Payment, outcome: Outcome) -> tuple[str, str]:
    """Return the status ``outcome`` asks for, after checking the amount, and why."""
    target, amount, owed = outcome.status, outcome.amount, payment.amount
    if amount is not None and not storable(amount) and target in (P.PAID, P.PARTIALLY_PAID):
        return P.NEEDS_REVIEW, f"PayPro reported an amount that cannot be right: {amount:.6g}"
    if target == P.PAID and amount is not None and amount != owed:
        return P.NEEDS_REVIEW, (
            f"PayPro reported {amount} paid with status {outcome.status_code}, "
            f"but {owed} {payment.currency} is owed"
        )
    if target == P.PARTIALLY_PAID and amount is not None and amount >= owed:
        return P.NEEDS_REVIEW, (
            f"PayPro reported a partial payment of {amount}, not less than the {owed} owed"
        )
    return target, outcome.message


def storable(amount: Decimal) -> bool:
    """Return whether ``amount`` fits the amount columns (16 digits before the point)."""
    return amount.is_finite() and abs(amount) < Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES)


def _first_amount(*amounts: Decimal | None) -> Decimal | None:
    return next((a for a in amounts if a is not None and storable(a)), None)


def _detail_fields(record: Payment | Payout, outcome: Outcome) -> dict[str, Any]:
    """Return the non-status fields the outcome fills in or corrects."""
    fields: dict[str, Any] = {}
    if outcome.platform_trade_no and outcome.platform_trade_no != record.platform_trade_no:
        fields["platform_trade_no"] = outcome.platform_trade_no[:64]
    if isinstance(record, Payment):
        if outcome.payment_url and outcome.payment_url != record.payment_url:
            fields["payment_url"] = outcome.payment_url[:1000]
        if outcome.pay_param and outcome.pay_param != record.pay_param:
            fields["pay_param"] = outcome.pay_param
    return fields


def plan_payment(
    payment: Payment,
    outcome: Outcome,
    transitions: Mapping[str, frozenset[str]] = PAYMENT_TRANSITIONS,
) -> Plan:
    """Return what applying ``outcome`` to ``payment`` must write (pure: no queries)."""
    current = payment.status
    target, reason = _payment_target(payment, outcome)
    fields = _detail_fields(payment, outcome)
    moves = target != current and target in transitions.get(current, frozenset())
    ignored = f"{current} cannot become {target}" if target != current and not moves else ""
    if moves:
        fields.update(status=target, status_code=outcome.status_code[:16])
        fields["message"] = (reason if target == P.NEEDS_REVIEW else outcome.message)[:255]
        if target == P.PAID:
            fields["paid_at"] = timezone.now()
            fields["paid_amount"] = _first_amount(
                outcome.amount, payment.paid_amount, payment.amount
            )
        elif target in (P.PARTIALLY_PAID, P.NEEDS_REVIEW) and outcome.amount is not None:
            fields["paid_amount"] = _first_amount(outcome.amount)
        if current == P.FAILED and target in (P.PAID, P.PARTIALLY_PAID):
            fields["late_success"] = True
        if target == P.NEEDS_REVIEW:
            fields["review_reason"] = reason
    elif (
        target == current == P.PARTIALLY_PAID
        and outcome.amount is not None
        and outcome.amount != payment.paid_amount
        and outcome.amount < payment.amount
    ):
        fields["paid_amount"] = outcome.amount
    if fields and outcome.raw:
        fields["response_data"] = outcome.raw
    return Plan(fields=fields, new_status=target if moves else None, ignored=ignored)


def plan_payout(
    payout: Payout,
    outcome: Outcome,
    transitions: Mapping[str, frozenset[str]] = PAYOUT_TRANSITIONS,
) -> Plan:
    """Return what applying ``outcome`` to ``payout`` must write (pure: no queries)."""
    current, target = payout.status, outcome.status
    fields = _detail_fields(payout, outcome)
    moves = target != current and target in transitions.get(current, frozenset())
    ignored = f"{current} cannot become {target}" if target != current and not moves else ""
    if moves:
        fields.update(
            status=target, status_code=outcome.status_code[:16], message=outcome.message[:255]
        )
        if target == O.SUCCEEDED:
            fields["succeeded_at"] = timezone.now()
            if current == O.FAILED:
                fields["late_success"] = True
    if fields and outcome.raw:
        fields["response_data"] = outcome.raw
    return Plan(fields=fields, new_status=target if moves else None, ignored=ignored)


#: Builds, from the change about to be written, a new row to INSERT with it (a log entry).
LogRow = Callable[[Change], models.Model]


def _write(record: models.Model, plan: Plan, companion: models.Model | None = None) -> bool:
    """Compare-and-set ``plan.fields`` on ``record`` (and, if it wins, insert ``companion``);
    return whether this writer won."""
    version: int = record.version  # type: ignore[attr-defined]
    now = timezone.now()
    values = {**plan.fields, "updated_at": now}
    if companion is None:
        won = statements.update_row(record, values, version=version)
    else:
        won = statements.update_row_with_insert(
            record, values, version=version, companion=companion
        )
    if not won:
        return False
    for name, value in {**plan.fields, "updated_at": now}.items():
        setattr(record, name, value)
    record.version = version + 1  # type: ignore[attr-defined]
    return True


def _notify(signal: Signal | None, record: Payment | Payout, kwarg: str) -> None:
    if signal is None or not signal.has_listeners(type(record)):
        return
    signal.send(sender=type(record), order=getattr(record, "order", None), **{kwarg: record})


def apply_payment_outcome(
    payment: Payment,
    outcome: Outcome,
    *,
    transitions: Mapping[str, frozenset[str]] = PAYMENT_TRANSITIONS,
    log: LogRow | None = None,
) -> Change:
    """Apply ``outcome`` to ``payment`` (updated in place) and send the signal of any change.

    Runs in the caller's transaction when there is one, else in its own. ``log``, if given,
    builds a new row (the notification) to insert together with a change that is written,
    in the same statement where the database allows; it is not called when nothing is written.
    """
    return _apply(
        payment,
        outcome,
        lambda current: plan_payment(current, outcome, transitions),
        PAYMENT_SIGNALS,
        "payment",
        log,
    )


def apply_payout_outcome(payout: Payout, outcome: Outcome, *, log: LogRow | None = None) -> Change:
    """Apply ``outcome`` to ``payout`` (updated in place) and send the signal of any change."""
    return _apply(
        payout,
        outcome,
        lambda current: plan_payout(current, outcome),
        PAYOUT_SIGNALS,
        "payout",
        log,
    )


def _apply(
    record: R,
    outcome: Outcome,
    plan_for: Callable[[R], Plan],
    signals_by_status: Mapping[str, Signal],
    kwarg: str,
    log: LogRow | None = None,
) -> Change:
    """Plan, compare-and-set, signal; on a lost race re-read the row and plan again."""
    old = record.status
    for _ in range(MAX_RACES):
        plan = plan_for(record)
        if not plan.fields:
            return Change(record, record.status, record.status, False, plan.ignored)
        change = Change(record, old, plan.fields.get("status", old), True, plan.ignored)
        with transaction.atomic(savepoint=False):
            if _write(record, plan, log(change) if log is not None else None):
                if plan.new_status:
                    _log_change(record, old, outcome)
                    _notify(signals_by_status.get(plan.new_status), record, kwarg)
                return change
        record.refresh_from_db()
        old = record.status
    raise PayProError(f"{kwarg} {record.trade_no} kept changing under us; try again")


def decide_review(payment: Payment, status: str, *, note: str = "") -> Change:
    """Apply a staff decision on a payment under review (``paid`` or ``failed``)."""
    # No amount: staff accept what was received, so the amount check must not fire again.
    outcome = Outcome(status=status, source="admin", message=note or "decided by staff")
    table = {**PAYMENT_TRANSITIONS, **PAYMENT_REVIEW_DECISIONS}
    return apply_payment_outcome(payment, outcome, transitions=table)


def _log_change(record: Payment | Payout, old: str, outcome: Outcome) -> None:
    logger.info(
        "%s %s: %s -> %s (source %s, PayPro status %s)",
        type(record).__name__.lower(),
        record.trade_no,
        old,
        record.status,
        outcome.source,
        outcome.status_code or "-",
    )
