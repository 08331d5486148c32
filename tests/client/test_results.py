"""Parsing PayPro's drifting field names and number formats into typed results."""

from __future__ import annotations

from decimal import Decimal

import pytest

from django_paypro.client import get_client
from django_paypro.results import Balance, Envelope, TradeResult
from tests.fake_paypro import envelope


@pytest.mark.parametrize("key", ["platFormTradeNo", "payproTradeNo", "platformTradeNo"])
def test_platform_trade_no_in_every_spelling(key):
    assert TradeResult.from_data({key: "PI-1"}).platform_trade_no == "PI-1"


@pytest.mark.parametrize("key", ["paymentUrl", "paymentLink"])
def test_payment_url_in_every_spelling(key):
    assert TradeResult.from_data({key: "https://pay"}).payment_url == "https://pay"


@pytest.mark.parametrize("key", ["message", "desc", "msg"])
def test_message_in_every_spelling(key):
    assert TradeResult.from_data({key: "done"}).message == "done"


def test_paid_amount_prefers_amount_then_pay_then_received():
    """PayPro's pages call ``amount`` the actual payment amount; ``receivedAmount`` is net."""
    data = {"amount": "300", "payAmount": "250", "receivedAmount": "200", "orderAmount": "300"}
    assert TradeResult.from_data(data).amount == Decimal("300")
    del data["amount"]
    assert TradeResult.from_data(data).amount == Decimal("250")
    del data["payAmount"]
    result = TradeResult.from_data(data)
    assert result.amount == Decimal("200")
    assert result.order_amount == Decimal("300")


def test_amount_keeps_its_exact_text():
    result = TradeResult.from_data({"amount": "30000.10"})
    assert str(result.amount) == "30000.10"


@pytest.mark.parametrize("junk", ["lots", "", "NaN", "Infinity", True, {"a": 1}, [1], None])
def test_junk_amount_is_none_never_an_error(junk):
    assert TradeResult.from_data({"amount": junk, "orderAmount": junk}).amount is None


@pytest.mark.parametrize("junk", [None, "text", ["a"], 42])
def test_junk_data_gives_an_empty_result(junk):
    result = TradeResult.from_data(junk)
    assert (result.trade_no, result.status, result.amount) == ("", "", None)


def test_all_fields_of_a_notification():
    body = {
        "status": "0001",
        "message": "partial",
        "platFormTradeNo": "PI-2",
        "tradeNo": "T2",
        "amount": "150",
        "successTime": "2024-07-01 18:34:31",
        "channelCode": "SPEI",
        "sign": "abc",
    }
    result = TradeResult.from_data(body)
    assert result.trade_no == "T2"
    assert result.status == "0001"
    assert result.success_time == "2024-07-01 18:34:31"
    assert result.raw is body


def test_balance_spellings_and_missing_amounts():
    balance = Balance.from_data({"availablAmount": 12, "frozenAmount": "1.5"})
    assert (balance.available, balance.frozen, balance.unsettled) == (
        Decimal(12),
        Decimal("1.5"),
        Decimal(0),
    )


def test_envelope_requires_a_code():
    assert Envelope.from_body({"msg": "x"}) is None
    assert Envelope.from_body([1]) is None
    parsed = Envelope.from_body({"code": "0000", "msg": "success", "success": True, "data": None})
    assert parsed is not None
    assert parsed.accepted
    assert parsed.data == {}


def test_drifted_spellings_over_http(fake_paypro):
    fake_paypro.respond(
        "/v1/paypro/paymentLink",
        body=(
            b'{"code":"0000","msg":"success","success":true,"timestamp":1728609277476,'
            b'"data":{"tradeNo":"MX-9","payproTradeNo":"PP-9","status":"0015",'
            b'"paymentLink":"https://pay/9","amount":300.50}}'
        ),
    )

    result = get_client("MX").create_payment_page({"tradeNo": "MX-9", "amount": "300"})

    assert result.platform_trade_no == "PP-9"
    assert result.payment_url == "https://pay/9"
    assert str(result.amount) == "300.50"  # unquoted number kept to the digit


def test_unquoted_balance_numbers_over_http(fake_paypro):
    fake_paypro.respond(
        "/v1/paypro/queryBalance",
        body=(
            b'{"code":"0000","msg":"success","data":'
            b'{"availablAmount":1200.10,"freezeAmount":0,"unsettledAmount":"3.00"}}'
        ),
    )

    balance = get_client("MX").query_balance()

    assert str(balance.available) == "1200.10"
    assert balance.frozen == Decimal(0)
    assert str(balance.unsettled) == "3.00"
    assert balance.raw["data"]["availablAmount"] == "1200.10"


def test_envelope_helper_shape():
    body = envelope({"a": "1"}, code="8000", msg="no")
    assert body["success"] is False
    assert body["data"] == {"a": "1"}
