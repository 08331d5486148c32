"""PayPro's request signature: pure functions, no Django.

The rule, as PayPro's published Java snippet applies it: drop ``sign``, turn every value into
text with Java's ``String.valueOf`` (so a JSON ``null`` becomes the text ``null``), drop the
empty texts, sort the keys by code point, join ``key=value`` pairs with nothing between them,
append the app secret, MD5 the UTF-8 bytes and write the digest in lowercase hex::

    >>> fields = {"tradeNo": "T1", "amount": "300", "timestamp": "1715941383720", "remark": ""}
    >>> sign(fields, "s3cr3t")
    'a2d636ae4579982874dc105b7542d7aa'

Values are signed as the text PayPro's Java server sees: send strings, and parse inbound bodies
with :func:`loads_exact`, which keeps each number as a :class:`JsonNumber` so that it is signed
as Java prints the ``Integer``/``BigDecimal`` it parses (``300.0`` stays ``300.0``, ``1e2``
becomes ``1E+2``).

The secret may be given wrapped (anything with a ``reveal()`` method, such as
``django_paypro.conf.Secret``); it is unwrapped only into the digest, so no frame of a failing
call holds it in a variable.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

__all__ = [
    "SIGN_FIELD",
    "JsonNumber",
    "canonical_string",
    "loads_exact",
    "sign",
    "verify",
    "wire_text",
]

SIGN_FIELD = "sign"


class Revealable(Protocol):
    """A wrapped secret: shows itself only when asked."""

    def reveal(self) -> str: ...


class JsonNumber(str):
    """A number of a parsed JSON body, kept as its literal text."""

    __slots__ = ()

    def java_text(self) -> str:
        """Return the number as Java prints the ``Integer``/``Long``/``BigDecimal`` it parses.

        An integer prints its digits (``-0`` is ``0``); a decimal prints
        ``BigDecimal.toString()``, which follows the same rule as Python's ``str(Decimal)``
        (``1e2`` is ``1E+2``), except that Java has no negative zero.
        """
        number = Decimal(self)
        if number.is_zero():
            number = number.copy_abs()
        if not any(c in self for c in ".eE"):
            return format(number, "f")
        return str(number)


def wire_text(value: Any) -> str:
    """Return the text PayPro's Java server sees for ``value``.

    Booleans are ``true``/``false``, numbers their Java text; objects and lists their compact
    JSON. Floats are refused: their text is ambiguous (``100.0`` vs ``100``), so callers must
    send strings or ``Decimal``.
    """
    if isinstance(value, JsonNumber):
        return value.java_text()
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


def canonical_string(fields: Mapping[str, Any], secret: str = "") -> str:
    """Return the string that is hashed: sorted ``key=value`` pairs, then ``secret``.

    :func:`sign` does not call it with the secret: it feeds the secret to the digest itself.
    """
    parts = []
    for key in sorted(fields):
        if key == SIGN_FIELD:
            continue
        value = fields[key]
        # Java's String.valueOf(null) is the text "null", which is not empty: it is signed.
        text = "null" if value is None else wire_text(value)
        if text == "":
            continue
        parts.append(f"{key}={text}")
    return "".join(parts) + secret


def sign(fields: Mapping[str, Any], secret: str | Revealable) -> str:
    """Return the lowercase hex MD5 signature of ``fields`` salted with ``secret``."""
    digest = hashlib.md5(canonical_string(fields).encode("utf-8"))
    digest.update((secret if isinstance(secret, str) else secret.reveal()).encode("utf-8"))
    return digest.hexdigest()


def verify(fields: Mapping[str, Any], secret: str | Revealable, given: object) -> bool:
    """Return whether ``given`` is the signature of ``fields``, compared in constant time.

    Any failure to compute the signature (a value that cannot be signed, text that is not
    UTF-8, nesting too deep to serialise) means the signature does not hold.
    """
    if not isinstance(given, str) or not given:
        return False
    try:
        expected = sign(fields, secret)
    except Exception:  # hostile input: whatever breaks, the signature does not hold
        return False
    offered = given.strip().lower().encode("utf-8", errors="replace")
    return hmac.compare_digest(expected.encode("ascii"), offered)


def loads_exact(body: str | bytes) -> Any:
    """Parse JSON keeping every number as its literal text, a :class:`JsonNumber`."""
    return json.loads(body, parse_int=JsonNumber, parse_float=JsonNumber, parse_constant=_reject)


def _reject(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
