"""PayPro's request signature: pure functions, no Django.

The rule: drop ``sign`` and every empty or null field, sort the keys by code point, join
``key=value`` pairs with nothing between them, append the app secret, MD5 the UTF-8 bytes and
write the digest in lowercase hex::

    >>> fields = {"tradeNo": "T1", "amount": "300", "timestamp": "1715941383720", "remark": ""}
    >>> sign(fields, "s3cr3t")
    'a2d636ae4579982874dc105b7542d7aa'

Values are signed as the exact text that travels: send strings, and parse inbound bodies with
:func:`loads_exact` so that ``30000`` and ``30000.0`` keep their own text.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

__all__ = ["SIGN_FIELD", "canonical_string", "loads_exact", "sign", "verify", "wire_text"]

SIGN_FIELD = "sign"


def wire_text(value: Any) -> str:
    """Return the text PayPro's Java server sees for ``value``.

    Booleans are ``true``/``false``, numbers their literal text; objects and lists their compact
    JSON. Floats are refused: their text is ambiguous (``100.0`` vs ``100``), so callers must send
    strings or ``Decimal``.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        raise TypeError("float values cannot be signed reliably; pass a str or Decimal")
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    raise TypeError(f"cannot sign a value of type {type(value).__name__}")


def canonical_string(fields: Mapping[str, Any], secret: str) -> str:
    """Return the string that is hashed: sorted ``key=value`` pairs followed by the secret."""
    parts = []
    for key in sorted(fields):
        if key == SIGN_FIELD:
            continue
        value = fields[key]
        if value is None:
            continue
        text = wire_text(value)
        if text == "":
            continue
        parts.append(f"{key}={text}")
    return "".join(parts) + secret


def sign(fields: Mapping[str, Any], secret: str) -> str:
    """Return the lowercase hex MD5 signature of ``fields`` salted with ``secret``."""
    return hashlib.md5(canonical_string(fields, secret).encode("utf-8")).hexdigest()


def verify(fields: Mapping[str, Any], secret: str, given: object) -> bool:
    """Return whether ``given`` is the signature of ``fields``, compared in constant time."""
    if not isinstance(given, str) or not given:
        return False
    try:
        expected = sign(fields, secret)
    except TypeError:
        return False
    return hmac.compare_digest(expected.encode("ascii"), given.strip().lower().encode("utf-8"))


def _keep_text(text: str) -> str:
    return text


def loads_exact(body: str | bytes) -> Any:
    """Parse JSON keeping every number as its literal text (``30000.0`` stays ``"30000.0"``)."""
    return json.loads(body, parse_int=_keep_text, parse_float=_keep_text, parse_constant=_reject)


def _reject(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
