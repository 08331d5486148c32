"""Sign the way PROTOCOL.md describes, written out by hand.

Deliberately independent of ``django_paypro.signing`` so a bug in one cannot hide in the other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

SECRET = "test-app-secret-Zq9"
MERCHANT_NO = "1234567890"
NOTIFY_URL = "https://shop.example/paypro/notify/"


def hand_sign(fields: Mapping[str, Any], secret: str = SECRET) -> str:
    """Sign the way PROTOCOL.md says, written out by hand (not django_paypro.signing)."""
    text = ""
    for key in sorted(fields):
        if key == "sign" or fields[key] in ("", None):
            continue
        text += key + "=" + fields[key]
    return hashlib.md5((text + secret).encode("utf-8")).hexdigest()
