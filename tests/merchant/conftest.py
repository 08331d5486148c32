"""Fixtures for the merchant-facing edges: admin, template tags, checkout pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

QUERY = "/v1/paypro/queryPayInResult"


def query_answer(trade_no: str, status: str = "0000", amount: str = "300") -> dict[str, Any]:
    """Return PayPro's answer to a pay-in query, as the fake server should send it."""
    from tests.fake_paypro import envelope

    return envelope({"tradeNo": trade_no, "status": status, "amount": amount})


@pytest.fixture
def secret(settings: Any) -> str:
    """Return the configured ``APP_SECRET`` (what must never show)."""
    return str(settings.PAYPRO["APP_SECRET"])


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """Undo the language a request activated (LocaleMiddleware leaves it on the thread)."""
    yield
    translation.deactivate()
