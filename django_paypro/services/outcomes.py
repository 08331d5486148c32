"""What PayPro said, in our terms: PayPro's codes mapped to our statuses through tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django_paypro.models import Payment, Payout
from django_paypro.results import TradeResult

PaymentStatus = Payment.Status
PayoutStatus = Payout.Status

#: ``data.status`` of a pay-in -> our status; any other code means failed.
PAYMENT_STATUS_BY_CODE: dict[str, str] = {
    "0000": PaymentStatus.PAID,
    "0001": PaymentStatus.PARTIALLY_PAID,
    "0015": PaymentStatus.PENDING,
}
#: ``data.status`` of a payout -> our status; any other code means failed.
PAYOUT_STATUS_BY_CODE: dict[str, str] = {
    "0000": PayoutStatus.SUCCEEDED,
    "0015": PayoutStatus.PENDING,
}


T = TypeVar("T")


def scrub(value: T) -> T:
    """Return ``value`` with NUL characters replaced, in nested lists and dicts too.

    PostgreSQL stores no NUL in text or jsonb; a signed answer carrying one must still be
    recorded rather than fail the transaction.
    """
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")  # type: ignore[return-value]
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, list):
        return [scrub(v) for v in value]  # type: ignore[return-value]
    return value


@dataclass(frozen=True)
class Outcome:
    """A result to apply, whatever its source (create answer, notification, query, admin)."""

    status: str
    source: str
    status_code: str = ""
    message: str = ""
    amount: Decimal | None = None
    platform_trade_no: str = ""
    payment_url: str = ""
    pay_param: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


def _outcome(
    result: TradeResult, source: str, table: dict[str, str], otherwise: str, *, payment: bool
) -> Outcome | None:
    if not result.status:
        return None
    return Outcome(
        status=table.get(result.status, otherwise),
        source=source,
        status_code=scrub(result.status),
        message=scrub(result.message),
        amount=result.amount,
        platform_trade_no=scrub(result.platform_trade_no),
        payment_url=scrub(result.payment_url) if payment else "",
        pay_param=scrub(result.pay_param) if payment else "",
        raw=scrub(dict(result.raw)),
    )


def payment_outcome(result: TradeResult, *, source: str) -> Outcome | None:
    """Return the outcome of a pay-in result, or ``None`` when it carries no status."""
    return _outcome(result, source, PAYMENT_STATUS_BY_CODE, PaymentStatus.FAILED, payment=True)


def payout_outcome(result: TradeResult, *, source: str) -> Outcome | None:
    """Return the outcome of a payout result, or ``None`` when it carries no status."""
    return _outcome(result, source, PAYOUT_STATUS_BY_CODE, PayoutStatus.FAILED, payment=False)
