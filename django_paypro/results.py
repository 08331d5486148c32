"""Typed results parsed from PayPro's answers and notifications.

PayPro's field names drift between countries (``platFormTradeNo`` / ``payproTradeNo``,
``paymentUrl`` / ``paymentLink``, ``availableAmount`` / ``availablAmount``) and its numbers come
quoted or not. The parsers here accept every known spelling, read amounts as ``Decimal`` from
their text (never through ``float``) and never raise on junk: notifications are hostile input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["SUCCESS_CODE", "Balance", "Envelope", "TradeResult", "parse_amount"]

#: The envelope ``code`` meaning "request accepted".
SUCCESS_CODE = "0000"

# Spellings seen in PayPro's pages for the same field, preferred first.
# Kenya answers a creation with ``serialNumber``, "result ID returned by paypro, unique".
_PLATFORM_TRADE_NO = ("platFormTradeNo", "payproTradeNo", "platformTradeNo", "serialNumber")
_PAYMENT_URL = ("paymentUrl", "paymentLink")
_MESSAGE = ("message", "desc", "msg")
# The amount actually paid: a partial payment reports less than the order amount. PayPro's
# pages call ``amount`` "the actual payment amount" (notifications, Mexico's query), while
# ``receivedAmount`` is what reached the merchant, which can be less (fees): ``amount`` first.
_PAID_AMOUNT = ("amount", "payAmount", "receivedAmount")
_AVAILABLE = ("availableAmount", "availablAmount")
_FROZEN = ("freezeAmount", "frozenAmount")
_UNSETTLED = ("unsettledAmount",)


def _scalar_text(value: Any) -> str:
    """Return ``value`` as text; ``""`` for null and for values that are not scalars."""
    if value is None or isinstance(value, Mapping | list | tuple):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _first(data: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    """Return the value of the first of ``keys`` present with a non-empty value, else ``None``."""
    for key in keys:
        value = data.get(key)
        if value is not None and _scalar_text(value) != "":
            return value
    return None


def parse_amount(value: Any) -> Decimal | None:
    """Return ``value`` as a finite ``Decimal``, or ``None`` if it is absent or not a number.

    Strings and ints are read from their text. A float (from a body parsed with plain
    ``json.loads``) is read from its shortest ``repr``, which is the text it was written as.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, str | int | float):
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            return None
    else:
        return None
    return number if number.is_finite() else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


@dataclass(frozen=True)
class Envelope:
    """PayPro's outer answer: ``code`` says whether the request was accepted, not the result."""

    code: str
    message: str
    success: bool
    data: Mapping[str, Any]
    raw: Mapping[str, Any]

    @property
    def accepted(self) -> bool:
        """Return whether PayPro accepted the request (code ``0000``)."""
        return self.code == SUCCESS_CODE

    @classmethod
    def from_body(cls, body: Any) -> Envelope | None:
        """Return the envelope in a parsed JSON body, or ``None`` if it is not one.

        A body is an envelope when it is an object with a ``code``; ``data`` may be null.
        """
        if not isinstance(body, Mapping) or _scalar_text(body.get("code")) == "":
            return None
        return cls(
            code=_scalar_text(body.get("code")),
            message=_scalar_text(_first(body, ("msg", "message"))),
            success=body.get("success") in (True, "true"),
            data=_mapping(body.get("data")),
            raw=body,
        )


@dataclass(frozen=True)
class TradeResult:
    """A pay-in or payout as PayPro reports it: in an answer, a query or a notification.

    ``status`` is PayPro's raw ``data.status`` (``"0000"`` success, ``"0001"`` partial,
    ``"0015"`` processing, anything else failed), ``""`` when absent. ``amount`` is what was
    actually paid, ``None`` when absent or unreadable; ``amount_text`` is that field as sent.
    ``raw`` is what PayPro sent: the whole response body for client calls, the notification
    body for notifications.
    """

    trade_no: str
    platform_trade_no: str
    status: str
    message: str
    amount: Decimal | None
    order_amount: Decimal | None
    payment_url: str
    pay_param: str
    success_time: str
    raw: Mapping[str, Any]
    amount_text: str = ""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TradeResult:
        """Return the result described by ``data`` (an envelope's ``data`` or a notification)."""
        data = _mapping(data)
        return cls(
            trade_no=_scalar_text(data.get("tradeNo")),
            platform_trade_no=_scalar_text(_first(data, _PLATFORM_TRADE_NO)),
            status=_scalar_text(data.get("status")),
            message=_scalar_text(_first(data, _MESSAGE)),
            amount=parse_amount(_first(data, _PAID_AMOUNT)),
            amount_text=_scalar_text(_first(data, _PAID_AMOUNT)),
            order_amount=parse_amount(_first(data, ("orderAmount",))),
            payment_url=_scalar_text(_first(data, _PAYMENT_URL)),
            pay_param=_scalar_text(data.get("payParam")),
            success_time=_scalar_text(data.get("successTime")),
            raw=data,
        )

    @classmethod
    def from_envelope(cls, envelope: Envelope) -> TradeResult:
        """Return the result in an accepted answer, keeping the whole body as ``raw``."""
        return replace(cls.from_data(envelope.data), raw=envelope.raw)


@dataclass(frozen=True)
class Balance:
    """The merchant's balance; a missing amount counts as zero."""

    available: Decimal
    frozen: Decimal
    unsettled: Decimal
    raw: Mapping[str, Any]

    @classmethod
    def from_data(cls, data: Mapping[str, Any], raw: Mapping[str, Any] | None = None) -> Balance:
        """Return the balance in ``data``; raise ``ValueError`` if an amount is not a number.

        Unlike a trade, a balance has no "unknown" value to fall back on, and showing zero for
        an unreadable amount would mislead.
        """
        data = _mapping(data)
        return cls(
            available=_balance_amount(data, _AVAILABLE),
            frozen=_balance_amount(data, _FROZEN),
            unsettled=_balance_amount(data, _UNSETTLED),
            raw=data if raw is None else raw,
        )

    @classmethod
    def from_envelope(cls, envelope: Envelope) -> Balance:
        """Return the balance in an accepted answer, keeping the whole body as ``raw``."""
        return cls.from_data(envelope.data, raw=envelope.raw)


def _balance_amount(data: Mapping[str, Any], keys: tuple[str, ...]) -> Decimal:
    value = _first(data, keys)
    if value is None:
        return Decimal(0)
    amount = parse_amount(value)
    if amount is None:
        raise ValueError(f"balance field {keys[0]} is not a number")
    return amount
