"""The signature as PayPro's pages describe it, written for the sandbox alone.

The sandbox must not share the client's signer (:mod:`django_paypro.signing`): if both used
one function, a mistake in it would be agreed on by both sides and never seen. This one follows
the Java snippet of PayPro's overview pages::

    for (String key : sortedKeys) {
        String value = String.valueOf(map.get(key));
        if (StrUtil.isNotEmpty(value) && !"sign".equals(key)) {
            request.append(key).append("=").append(value);
        }
    }
    // then MD5(request + appSecret), lowercase hex

``String.valueOf`` turns a JSON ``null`` into the text ``null``, which is then signed; numbers
are signed as the JSON text that carried them (the server keeps them as ``BigDecimal``/``Long``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["SIGN", "java_text", "page_signature", "read_body", "signature_matches"]

SIGN = "sign"


def read_body(raw: bytes) -> dict[str, Any] | None:
    """Return the JSON object in ``raw`` with numbers kept as their text, or ``None``."""
    try:
        body = json.loads(raw or b"{}", parse_int=str, parse_float=str, parse_constant=_refuse)
    except ValueError:  # not JSON, not UTF-8, NaN/Infinity
        return None
    return body if isinstance(body, dict) else None


def _refuse(name: str) -> Any:
    raise ValueError(name)


def java_text(value: Any) -> str:
    """Return what Java's ``String.valueOf`` prints for a parsed JSON value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    # Objects and arrays: fastjson prints them as compact JSON.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def page_signature(fields: Mapping[str, Any], secret: str) -> str:
    """Return the lowercase MD5 of the sorted non-empty ``key=value`` pairs and ``secret``."""
    pairs = []
    for key in sorted(fields):
        text = java_text(fields[key])
        if text and key != SIGN:
            pairs.append(f"{key}={text}")
    return hashlib.md5(("".join(pairs) + secret).encode("utf-8")).hexdigest()


def signature_matches(fields: Mapping[str, Any], secret: str, given: object) -> bool:
    """Return whether ``given`` is the signature of ``fields``, compared in constant time."""
    if not isinstance(given, str) or not given:
        return False
    expected = page_signature(fields, secret).encode("ascii")
    return hmac.compare_digest(expected, given.strip().lower().encode("utf-8"))
