"""Notifications as PayPro sends them, correctly signed, for merchants' tests.

The signature is made with the production signer and the account's own secret, on purpose: a
shop's tests must exercise its real ``PAYPRO`` settings the way PayPro will.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from django_paypro.accounts import get_account
from django_paypro.countries import PAYIN, PAYOUT, get_profile
from django_paypro.signing import SIGN_FIELD, sign, wire_text

if TYPE_CHECKING:
    from django.test import Client

    from django_paypro.models import Payment, Payout

__all__ = ["MESSAGES", "post_notification", "signed_notification"]

#: The ``message`` PayPro sends with each ``status``; any other status reads "failed".
MESSAGES: Mapping[str, str] = {
    "0000": "success",
    "0001": "partial success",
    "0015": "processing",
}
#: Statuses that come with a ``successTime``.
WITH_SUCCESS_TIME = frozenset({"0000", "0001"})


def signed_notification(
    record: Payment | Payout,
    status: str = "0000",
    amount: Decimal | int | str | None = None,
    **extra: Any,
) -> dict[str, str]:
    """Return the body PayPro would post about ``record``, every value a string, signed.

    ``status`` is PayPro's code (``"0000"`` paid, ``"0001"`` partly paid, ``"0015"``
    processing, anything else failed). ``amount`` is what was paid, by default the record's
    amount written as the country writes it (``"300"``); a string is sent as it is. ``extra``
    adds or replaces fields (``channelCode="SPEI"``); ``None`` removes one. The signature is
    computed last: change ``body["sign"]`` afterwards to test a forgery.
    """
    fields: dict[str, str] = {
        "tradeNo": record.trade_no,
        "platFormTradeNo": record.platform_trade_no or f"PF{record.trade_no}",
        "status": status,
        "message": MESSAGES.get(status, "failed"),
        "amount": _amount_text(record, amount),
        "timestamp": str(time.time_ns() // 1_000_000),
    }
    if status in WITH_SUCCESS_TIME:
        fields["successTime"] = timezone.now().strftime("%Y-%m-%d %H:%M:%S")
    for key, value in extra.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = wire_text(value)
    fields.pop(SIGN_FIELD, None)
    secret = get_account(record.country).app_secret.reveal()
    fields[SIGN_FIELD] = sign(fields, secret)
    return fields


def _amount_text(record: Payment | Payout, amount: Decimal | int | str | None) -> str:
    """Return ``amount`` (default: the record's) as the country writes it on the wire."""
    if isinstance(amount, str):
        return amount
    if isinstance(amount, float | bool):
        raise TypeError("pass the amount as a str, int or Decimal, not a float")
    from django_paypro.models import Payout

    value = Decimal(record.amount if amount is None else amount)
    operation = PAYOUT if isinstance(record, Payout) else PAYIN
    text = get_profile(record.country).amount_text(value, operation)
    # The country's form rounds; keep an amount it cannot write exactly as its own text.
    return text if Decimal(text) == value else format(value.normalize(), "f")


def post_notification(
    client: Client, body: Mapping[str, Any] | bytes | str, *, path: str | None = None, **extra: Any
) -> Any:
    """Post ``body`` as JSON to the notify endpoint (``paypro:notify``) and return the response.

    ``extra`` goes to ``client.post`` (``REMOTE_ADDR="..."``, ``headers={...}``).
    """
    from django.urls import reverse

    data = body if isinstance(body, bytes | str) else json.dumps(dict(body))
    url = path or reverse("paypro:notify")
    return client.post(url, data=data, content_type="application/json", **extra)
