"""Fixtures for the API tests: a logged-in API client and the fake PayPro's answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

PAGE = "/v1/paypro/paymentLink"
BR_PAYIN = "/v1/paypro/payin"
QUERY = "/v1/paypro/queryPayInResult"
CREATE_URL = "/paypro/api/payments/"


def detail_url(trade_no: str) -> str:
    return f"/paypro/api/payments/{trade_no}/"


@pytest.fixture
def user(db: None) -> Any:
    """A staff member: by default only staff create payments and read them all."""
    # No password: hashing one costs half a second, and force_login does not need it.
    return get_user_model().objects.create_user("clerk", is_staff=True)


def logged_in(user: Any) -> APIClient:
    """Return an API client logged in as ``user`` with a session (the authenticators run)."""
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def api(user: Any) -> APIClient:
    """An API client logged in as staff."""
    return logged_in(user)


@pytest.fixture
def anonymous(db: None) -> APIClient:
    return APIClient()


def page_answer(fake: Any, **data: Any) -> None:
    """Script the fake PayPro to accept a Mexican payment page."""
    payload = {
        "tradeNo": "x",
        "platFormTradeNo": "PF1",
        "status": "0015",
        "desc": "Create",
        "paymentUrl": "https://cashier.example/pay/1",
        **data,
    }
    fake.respond(PAGE, json=fake.envelope(payload))
