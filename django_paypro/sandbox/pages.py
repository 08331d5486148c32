"""PayPro's own pages, transcribed as data: the sandbox's wire layer and the conformance oracle.

``pages/<CODE>.json`` holds, per country, what PayPro's pages at
``docs.paypro.tech/guide/areas/<country>/<page>.html`` print: each operation's path, where the
``sign`` travels, its request and response field tables and examples. They are written from the
pages, never from :mod:`django_paypro.countries`, so that the sandbox and ``tests/countries``
can disagree with the client when the client is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "CREATIONS",
    "SIGN",
    "CountryPages",
    "PageAmount",
    "PageField",
    "PageOperation",
    "countries",
    "country_pages",
]

PAGES_DIR = Path(__file__).with_name("pages")
SIGN = "sign"
# Operation names, as the fixtures key them (the app's names for the same operations).
PAGE, PAYIN, PAYOUT = "page", "payin", "payout"
PAYIN_QUERY, PAYOUT_QUERY, BALANCE = "payin_query", "payout_query", "balance"
#: Operations that create a trade (and so carry ``notifyUrl``).
CREATIONS = frozenset({PAGE, PAYIN, PAYOUT})


@dataclass(frozen=True)
class PageField:
    """One row of a page's field table."""

    name: str
    required: bool
    type: str
    description: str


@dataclass(frozen=True)
class PageAmount:
    """What a page says an amount may look like; ``None`` where it says nothing."""

    decimals: int | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None

    def problem(self, text: str) -> str:
        """Return why the page would refuse amount ``text``, or ``""``."""
        try:
            value = Decimal(text)
        except ArithmeticError:
            return f"amount {text!r} is not a number"
        if not value.is_finite() or value <= 0:
            return "amount must be a positive number"
        places = -value.normalize().as_tuple().exponent  # type: ignore[operator]
        if self.decimals is not None and places > self.decimals:
            return f"amount {text} has decimals; the page allows {self.decimals}"
        if self.minimum is not None and value < self.minimum:
            return f"amount must be at least {self.minimum}"
        if self.maximum is not None and value > self.maximum:
            return f"amount must be at most {self.maximum}"
        return ""

    def text(self, amount: Decimal) -> str:
        """Return ``amount`` written with the page's decimals (as given when it says none)."""
        if self.decimals is not None:
            return f"{amount:.{self.decimals}f}"
        return f"{amount.normalize():f}"


@dataclass(frozen=True)
class PageOperation:
    """One API page: where it lives, how it is signed, what goes in and what comes out."""

    country: str
    name: str
    url: str
    path: str
    sign: str  # "body" or "header"
    headers: tuple[str, ...]
    request: tuple[PageField, ...]
    request_example: Mapping[str, Any] | None
    response: tuple[PageField, ...]
    response_example: Mapping[str, Any] | None
    amount: PageAmount = PageAmount()

    @property
    def sign_in_header(self) -> bool:
        """Return whether ``sign`` travels in a header named ``sign`` rather than the body."""
        return self.sign == "header"

    @property
    def fields(self) -> frozenset[str]:
        """Return the body field names the page lists, ``sign`` left out."""
        return frozenset(f.name for f in self.request if f.name != SIGN)

    @property
    def required(self) -> frozenset[str]:
        """Return the body field names the page marks required, ``sign`` left out."""
        return frozenset(f.name for f in self.request if f.required and f.name != SIGN)

    @property
    def answer_fields(self) -> tuple[str, ...]:
        """Return the keys of the answer's ``data``, spelled as the example (or table) does."""
        example = (self.response_example or {}).get("data")
        if isinstance(example, Mapping):
            return tuple(example)
        prefix = "data."
        return tuple(f.name[len(prefix) :] for f in self.response if f.name.startswith(prefix))


@dataclass(frozen=True)
class CountryPages:
    """Everything the pages of one country say."""

    country: str
    slug: str
    sandbox_base_url: str | None
    currency: str | None
    operations: Mapping[str, PageOperation]
    notification: Mapping[str, Any] | None
    disagreements: tuple[str, ...]
    missing: tuple[str, ...]

    def at(self, path: str) -> PageOperation | None:
        """Return the operation whose page prints ``path`` exactly (case-sensitive), if any."""
        wanted = "/" + path.strip("/")
        return next((op for op in self.operations.values() if op.path == wanted), None)


def _fields(rows: list[dict[str, Any]]) -> tuple[PageField, ...]:
    return tuple(
        PageField(r["name"], bool(r["required"]), r.get("type", ""), r.get("description", ""))
        for r in rows
    )


def _amount(raw: Mapping[str, Any] | None) -> PageAmount:
    if not raw:
        return PageAmount()

    def number(key: str) -> Decimal | None:
        return None if raw.get(key) is None else Decimal(str(raw[key]))

    decimals = raw.get("decimals")
    return PageAmount(
        decimals=None if decimals is None else int(decimals),
        minimum=number("min"),
        maximum=number("max"),
    )


def _operation(country: str, name: str, raw: Mapping[str, Any]) -> PageOperation:
    return PageOperation(
        country=country,
        name=name,
        url=raw["url"],
        path=raw["path"],
        sign=raw.get("sign", "body"),
        headers=tuple(raw.get("headers", ())),
        request=_fields(raw.get("request", [])),
        request_example=raw.get("request_example"),
        response=_fields(raw.get("response", [])),
        response_example=raw.get("response_example"),
        amount=_amount(raw.get("amount")),
    )


@cache
def country_pages(code: str) -> CountryPages:
    """Return the transcribed pages of country ``code``; ``KeyError`` if none ship."""
    file = PAGES_DIR / f"{code.upper()}.json"
    if not file.is_file():
        raise KeyError(f"no PayPro pages transcribed for {code!r}")
    # Numbers stay exact: pages print amounts such as 9998989.0000 bare.
    raw = json.loads(file.read_text(encoding="utf-8"), parse_float=Decimal)
    overview = raw.get("overview") or {}
    return CountryPages(
        country=raw["country"],
        slug=raw["slug"],
        sandbox_base_url=overview.get("sandbox_base_url"),
        currency=overview.get("currency"),
        operations={
            name: _operation(raw["country"], name, op)
            for name, op in (raw.get("operations") or {}).items()
        },
        notification=raw.get("notification"),
        disagreements=tuple(raw.get("disagreements", ())),
        missing=tuple(raw.get("missing", ())),
    )


def countries() -> tuple[str, ...]:
    """Return the codes of the countries whose pages ship, sorted."""
    return tuple(sorted(p.stem for p in PAGES_DIR.glob("*.json")))
