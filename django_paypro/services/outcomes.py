"""What PayPro said, in our terms: PayPro's codes mapped to our statuses through tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django_paypro.models import Payment, Payout
from django_paypro.results import TradeResult

#: ``data.status`` of a pay-in -> our status; any other code means failed.
PAYMENT_STATUS_BY_CODE: dict[str, str] = {
    "0000": Payment.Status.PAID,
    "0001": Payment.Status.PARTIALLY_PAID,
    "0015": Payment.Status.PENDING,
}
#: ``data.status`` of a payout -> our status; any other code means failed.
PAYOUT_STATUS_BY_CODE: dict[str, str] = {
    "0000": Payout.Status.SUCCEEDED,
    "0015": Payout.Status.PENDING,
}


T = TypeVar("T")

# NUL (PostgreSQL stores none in text or jsonb) and lone surrogates (no database can encode
# them in UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def scrub(value: T) -> T:
    """Return ``value`` with characters no database can store replaced by U+FFFD.

    Nested lists and dicts are scrubbed too: a signed answer carrying such a character must
    still be recorded rather than fail the transaction.
    """
    if isinstance(value, str):
        return _UNSTORABLE.sub("\ufffd", value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, list):
        return [scrub(v) for v in value]  # type: ignore[return-value]
    return value


@dataclass(frozen=True)
class StatusReport:
    """A status to apply, whatever its source (create answer, notification, query, admin).

    ``amount`` is what PayPro said was paid, ``None`` when it said nothing readable;
    ``amount_text`` is that field as sent, for the review reason.
    """

    status: str
    source: str
    status_code: str = ""
    message: str = ""
    amount: Decimal | None = None
    amount_text: str = ""
    platform_trade_no: str = ""
    payment_url: str = ""
    pay_param: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


def _report(
    result: TradeResult, source: str, table: dict[str, str], otherwise: str, *, payment: bool
) -> StatusReport | None:
    if not result.status:
        return None
    return StatusReport(
        status=table.get(result.status, otherwise),
        source=source,
        status_code=scrub(result.status),
        message=scrub(result.message),
        amount=result.amount,
        amount_text=scrub(result.amount_text)[:40],
        platform_trade_no=scrub(result.platform_trade_no),
        payment_url=scrub(result.payment_url) if payment else "",
        pay_param=scrub(result.pay_param) if payment else "",
        raw=scrub(dict(result.raw)),
    )


def payment_report(result: TradeResult, *, source: str) -> StatusReport | None:
    """Return the report of a pay-in result, or ``None`` when it carries no status."""
    return _report(result, source, PAYMENT_STATUS_BY_CODE, Payment.Status.FAILED, payment=True)


def payout_report(result: TradeResult, *, source: str) -> StatusReport | None:
    """Return the report of a payout result, or ``None`` when it carries no status."""
    return _report(result, source, PAYOUT_STATUS_BY_CODE, Payout.Status.FAILED, payment=False)
