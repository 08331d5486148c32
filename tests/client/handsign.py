"""The one independent signer of the tests and the benchmarks: PROTOCOL.md, written out by hand.

Deliberately independent of ``django_paypro.signing`` so a bug in one cannot hide in the other:
tests check what we send with :func:`hand_sign`, and post notifications re-signed by it.
Notification bodies themselves come from the shipped testing kit
(:func:`django_paypro.testing.signed_notification`), so merchants get what we use.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

SECRET = "test-app-secret-Zq9"
MERCHANT_NO = "1234567890"
NOTIFY_URL = "https://shop.example/paypro/notify/"


def hand_sign(fields: Mapping[str, Any], secret: str = SECRET) -> str:
    """Sign the way PROTOCOL.md says, written out by hand (not django_paypro.signing).

    Sorted ``key=value`` pairs, ``sign`` and empty values left out, then the secret, MD5 in
    lowercase hex. A number (an unquoted JSON value) is signed over its literal text.
    """
    text = ""
    for key in sorted(fields):
        if key == "sign" or fields[key] in ("", None):
            continue
        text += f"{key}={fields[key]}"
    return hashlib.md5((text + secret).encode("utf-8")).hexdigest()


def hand_verify(fields: Mapping[str, Any], given: object, secret: str = SECRET) -> bool:
    """Return whether ``given`` signs ``fields``, compared in constant time."""
    if not isinstance(given, str):
        return False
    return hmac.compare_digest(hand_sign(fields, secret), given.lower())


def notification_body(
    trade_no: str, *, status: str = "0000", amount: str = "300", **extra: Any
) -> dict[str, str]:
    """Return what PayPro posts about ``trade_no`` (an MX record), signed by hand.

    The fields come from the testing kit's ``signed_notification``; the signature is then
    replaced by :func:`hand_sign`'s, so the endpoint is tested against an independent signer.
    ``extra`` adds or replaces fields; ``None`` removes one.
    """
    from django_paypro.models import Payment
    from django_paypro.testing import signed_notification

    record = Payment(trade_no=trade_no, country="MX")
    fields = signed_notification(
        record, status, amount, **{"channelCode": "SPEI", "wayCode": "va", **extra}
    )
    fields["sign"] = hand_sign(fields)
    return fields
