"""Fixtures for the sandbox: its settings, a hand-signed API caller and a merchant receiver."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from tests.client.handsign import hand_sign
from tests.fake_paypro import FakePayPro

PREFIX = "/paypro-sandbox"
NOTIFY_PATH = "/paypro/notify/"


@dataclass(frozen=True)
class Merchant:
    """One country's account as configured in the test settings."""

    country: str
    base: str
    merchant_no: str
    secret: str
    sign_in_header: bool = False


MX = Merchant("MX", "mex-pay", "1234567890", "mx-secret-Q1")
BR = Merchant("BR", "brz-pay", "2000000002", "br-secret-W2", sign_in_header=True)
EG = Merchant("EG", "egypt-pay", "3000000003", "eg-secret-E3")
MERCHANTS = {m.country: m for m in (MX, BR, EG)}


#: The sandbox tests' name for the one hand signer (their modules import it from here).
md5_sign = hand_sign


def now_ms() -> str:
    return str(int(time.time() * 1000))


@pytest.fixture(autouse=True)
def sandbox_settings(settings: Any) -> None:
    """Configure three merchants, allow the sandbox with DEBUG off, deliver synchronously."""
    settings.PAYPRO = {
        "MERCHANT_NO": MX.merchant_no,
        "APP_SECRET": MX.secret,
        "COUNTRY": "MX",
        "BASE_URL": f"http://testserver{PREFIX}/{MX.base}",
        "NOTIFY_URL": "https://shop.example/paypro/notify/",
        "COUNTRIES": {
            "BR": {
                "MERCHANT_NO": BR.merchant_no,
                "APP_SECRET": BR.secret,
                "BASE_URL": f"http://testserver{PREFIX}/{BR.base}",
            },
            "EG": {
                "MERCHANT_NO": EG.merchant_no,
                "APP_SECRET": EG.secret,
                "BASE_URL": f"http://testserver{PREFIX}/{EG.base}",
            },
        },
        "SANDBOX_ALLOW_WITHOUT_DEBUG": True,
        "SANDBOX_BACKGROUND_DELIVERY": False,
        "SANDBOX_RETRY_SCALE": 1.0,
    }


ApiCaller = Callable[..., Any]


@pytest.fixture
def api(client: Any) -> ApiCaller:
    """Call the sandbox API as a merchant would, signing by hand.

    ``api(merchant, path, fields)`` adds ``timestamp`` unless given, signs (in the header for
    Brazil), and returns the test client's response. ``sign=`` forces a sign (``""``: none);
    ``merchant_no=`` forces the header; ``sign_in_header=`` overrides where the sign goes.
    """

    def call(
        merchant: Merchant,
        path: str,
        fields: Mapping[str, Any],
        *,
        sign: str | None = None,
        merchant_no: str | None = None,
        sign_in_header: bool | None = None,
        base: str | None = None,
    ) -> Any:
        body = dict(fields)
        body.setdefault("timestamp", now_ms())
        signature = md5_sign(body, merchant.secret) if sign is None else sign
        in_header = merchant.sign_in_header if sign_in_header is None else sign_in_header
        headers = {"merchantNo": merchant.merchant_no if merchant_no is None else merchant_no}
        if in_header:
            if signature:
                headers["sign"] = signature
        elif signature:
            body["sign"] = signature
        return client.post(
            f"{PREFIX}/{base or merchant.base}{path}",
            data=json.dumps(body),
            content_type="application/json",
            headers=headers,
        )

    return call


def payin_fields(
    merchant: Merchant, trade_no: str, notify_url: str, **extra: str
) -> dict[str, str]:
    """Return valid pay-in creation fields for ``merchant``'s country."""
    fields = {"tradeNo": trade_no, "amount": "300", "notifyUrl": notify_url, "remark": "test"}
    if merchant.country == "BR":
        fields.update(name="Ana Souza", identityType="CPF", userIdentity="52998224725")
    elif merchant.country == "EG":
        fields.update(payer="Omar", mobile="01012345678", email="omar@example.com")
    else:
        fields.update(payer="Kevin", email="kevin@example.com", wayCode="va")
    fields.update(extra)
    return fields


#: Where each country's pay-in creation lives (MX: the payment page).
PAYIN_PATHS = {
    "MX": "/v1/paypro/paymentLink",
    "BR": "/v1/paypro/payin",
    "EG": "/v1/paypro/payIn",
}


@pytest.fixture
def receiver() -> Iterator[FakePayPro]:
    """Start a merchant notify endpoint on 127.0.0.1 answering ``OK`` unless scripted."""
    server = FakePayPro()
    server.respond(NOTIFY_PATH, body="OK", content_type="text/plain")
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def notify_url(receiver: FakePayPro) -> str:
    return receiver.base_url + NOTIFY_PATH
