"""The sandbox refuses payouts it cannot cover and settles every open payout at once."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from django_paypro.results import Balance
from django_paypro.sandbox.models import SandboxTrade
from tests.sandbox.conftest import MX

pytestmark = pytest.mark.django_db

PAYOUT = "/v1/paypro/payOut"
BALANCE = "/v1/paypro/queryBalance"


def payout_fields(trade_no: str, amount: str) -> dict[str, str]:
    return {
        "tradeNo": trade_no,
        "amount": amount,
        "notifyUrl": "https://shop.example/paypro/notify/",
        "remark": "seller",
        "wayCode": "BANXICO",
        "customerName": "Ana",
        "customerAccountType": "CLABE",
        "customerAccount": "012345678901234567",
    }


@pytest.fixture
def opening(settings: Any) -> None:
    settings.PAYPRO = {**settings.PAYPRO, "SANDBOX_OPENING_BALANCE": {"MX": "1000"}}


def test_a_payout_beyond_the_balance_is_refused_as_insufficient(api: Any, opening: None) -> None:
    assert api(MX, PAYOUT, payout_fields("P1", "700")).json()["code"] == "0000"
    refused = api(MX, PAYOUT, payout_fields("P2", "400")).json()
    assert refused["code"] == "8000"
    assert "insufficient balance" in refused["msg"]
    # Mexico publishes no balance page: the sandbox answers as Indonesia's page spells it.
    balance = Balance.from_data(api(MX, BALANCE, {}).json()["data"])
    assert (balance.available, balance.frozen) == (Decimal("300.00"), Decimal("700.00"))


def test_without_an_opening_balance_setting_nothing_is_refused_for_its_amount(api: Any) -> None:
    assert api(MX, PAYOUT, payout_fields("P1", "99999")).json()["code"] == "0000"


def test_settling_in_bulk_settles_every_open_payout_and_notifies_each(
    api: Any, opening: None
) -> None:
    for n in range(3):
        api(MX, PAYOUT, payout_fields(f"P{n}", "100"))

    call_command("paypro_sandbox_settle_payouts", stdout=io.StringIO())

    trades = SandboxTrade.objects.filter(kind="payout")
    assert set(trades.values_list("status", flat=True)) == {"0000"}
    assert all(trade.notifications.count() == 1 for trade in trades)
    assert Balance.from_data(api(MX, BALANCE, {}).json()["data"]).available == Decimal("700.00")


def test_the_index_page_fails_every_open_payout_on_request(client: Any, api: Any) -> None:
    api(MX, PAYOUT, payout_fields("P1", "100"))
    response = client.post("/paypro-sandbox/payouts/settle/", {"action": "fail"})
    assert response.status_code == 303
    assert SandboxTrade.objects.get().status not in ("0000", "0015")
