"""Sign the way PROTOCOL.md describes, by hand, independent of ``django_paypro.signing``."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

SECRET = "bench-app-secret-7Kq"
MERCHANT_NO = "1234567890"


def canonical(fields: Mapping[str, Any], secret: str = SECRET) -> str:
    """Return the text that is hashed: sorted non-empty ``key=value`` pairs, then the secret."""
    parts = [
        f"{k}={fields[k]}" for k in sorted(fields) if k != "sign" and fields[k] not in ("", None)
    ]
    return "".join(parts) + secret


def hand_sign(fields: Mapping[str, Any], secret: str = SECRET) -> str:
    """Return the lowercase hex MD5 signature of ``fields``."""
    return hashlib.md5(canonical(fields, secret).encode("utf-8")).hexdigest()


def hand_verify(fields: Mapping[str, Any], given: object, secret: str = SECRET) -> bool:
    """Return whether ``given`` signs ``fields``, compared in constant time."""
    if not isinstance(given, str):
        return False
    return hmac.compare_digest(hand_sign(fields, secret), given.lower())


def notification(trade_no: str, *, status: str = "0000", amount: str = "300") -> dict[str, str]:
    """Return a signed notification for ``trade_no`` as PayPro sends it."""
    fields = {
        "tradeNo": trade_no,
        "platFormTradeNo": f"PF{trade_no}",
        "status": status,
        "message": "success",
        "amount": amount,
        "successTime": "2024-07-01 18:34:31",
        "timestamp": "1719829837779",
        "channelCode": "SPEI",
        "wayCode": "va",
    }
    fields["sign"] = hand_sign(fields)
    return fields
