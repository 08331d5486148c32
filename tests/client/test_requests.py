"""What the client sends: path, headers, an all-string body and a signature PayPro accepts."""

from __future__ import annotations

import time

import pytest
import requests

from django_paypro.accounts import get_account
from django_paypro.client import USER_AGENT, PayProClient, get_client
from tests.client.handsign import MERCHANT_NO, NOTIFY_URL, hand_sign
from tests.fake_paypro import envelope

MX_PAGE = "/v1/paypro/paymentLink"
MX_PAYIN = "/v1/paypro/payInApi"
EG_PAYIN = "/v1/paypro/payIn"
MX_PAYOUT = "/v1/paypro/payOut"
PAYIN_QUERY = "/v1/paypro/queryPayInResult"
PAYOUT_QUERY = "/v1/paypro/queryPayOutResult"
BALANCE = "/v1/paypro/queryBalance"
BR_PAYIN = "/v1/paypro/payin"
BR_PAYOUT = "/v1/paypro/payout"


def assert_common_headers(request):
    assert request.method == "POST"
    assert request.headers["merchantNo"] == MERCHANT_NO
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("django-paypro/")


def assert_signed_in_body(request):
    body = request.json
    assert all(isinstance(value, str) for value in body.values())
    assert body["sign"] == hand_sign(body)
    assert "sign" not in request.headers


def assert_signed_in_header(request):
    body = request.json
    assert all(isinstance(value, str) for value in body.values())
    assert "sign" not in body
    assert request.headers["sign"] == hand_sign(body)


def assert_fresh_timestamp(body):
    now = time.time() * 1000
    assert body["timestamp"].isdigit()
    assert now - 60_000 < int(body["timestamp"]) <= now + 1000


def test_hand_signer_matches_the_protocol_worked_example():
    fields = {"tradeNo": "T1", "amount": "300", "timestamp": "1715941383720", "remark": ""}
    assert hand_sign(fields, "s3cr3t") == "a2d636ae4579982874dc105b7542d7aa"


def test_mx_payment_page_request(fake_paypro):
    fake_paypro.respond(
        MX_PAGE,
        json=envelope(
            {
                "tradeNo": "MX-1",
                "platFormTradeNo": "PI-9",
                "status": "0015",
                "desc": "created",
                "paymentUrl": "https://cashier.example/pay/9",
            }
        ),
    )
    fields = {"tradeNo": "MX-1", "amount": "300", "payer": "Ana", "remark": "", "wayCode": "va"}

    result = get_client("MX").create_payment_page(fields)

    request = fake_paypro.last
    assert request.path == MX_PAGE
    assert_common_headers(request)
    assert_signed_in_body(request)
    body = request.json
    assert_fresh_timestamp(body)
    assert body["notifyUrl"] == NOTIFY_URL
    assert {k: body[k] for k in fields} == fields  # empty remark is sent, just not signed
    assert set(body) == {*fields, "timestamp", "notifyUrl", "sign"}
    assert result.payment_url == "https://cashier.example/pay/9"
    assert result.platform_trade_no == "PI-9"
    assert result.status == "0015"
    assert result.message == "created"
    assert result.raw["data"]["tradeNo"] == "MX-1"  # the whole answer, for storing


def test_mx_payin_request(fake_paypro):
    fake_paypro.respond(MX_PAYIN, json=envelope({"platFormTradeNo": "PI-1", "status": "0015"}))

    get_client("MX").create_payin({"tradeNo": "MX-2", "amount": "150", "email": "a@b.mx"})

    request = fake_paypro.last
    assert request.path == MX_PAYIN
    assert_common_headers(request)
    assert_signed_in_body(request)
    assert request.json["notifyUrl"] == NOTIFY_URL


def test_mx_payout_request(fake_paypro):
    fake_paypro.respond(MX_PAYOUT, json=envelope({"platFormTradeNo": "PO-1", "status": "0015"}))
    fields = {
        "tradeNo": "MX-PO-1",
        "amount": "500",
        "wayCode": "BANXICO",
        "customerName": "Ana López",
        "customerAccountType": "CLABE",
        "customerAccount": "012345678901234567",
    }

    result = get_client("MX").create_payout(fields)

    request = fake_paypro.last
    assert request.path == MX_PAYOUT
    assert_common_headers(request)
    assert_signed_in_body(request)  # also over a non-ASCII value
    assert request.json["customerName"] == "Ana López"
    assert request.json["notifyUrl"] == NOTIFY_URL
    assert result.platform_trade_no == "PO-1"


@pytest.mark.parametrize(
    ("method", "path"), [("query_payin", PAYIN_QUERY), ("query_payout", PAYOUT_QUERY)]
)
def test_mx_queries_send_only_trade_no_and_timestamp(fake_paypro, method, path):
    fake_paypro.respond(
        path,
        json=envelope(
            {"tradeNo": "MX-3", "platFormTradeNo": "P-3", "status": "0000", "amount": "300"}
        ),
    )

    result = getattr(get_client("MX"), method)("MX-3")

    request = fake_paypro.last
    assert request.path == path
    assert_common_headers(request)
    assert_signed_in_body(request)
    assert set(request.json) == {"tradeNo", "timestamp", "sign"}  # no notifyUrl on a query
    assert request.json["tradeNo"] == "MX-3"
    assert result.status == "0000"
    assert str(result.amount) == "300"


def test_query_without_trade_no_in_answer_keeps_the_asked_one(fake_paypro):
    fake_paypro.respond(PAYIN_QUERY, json=envelope({"status": "0015"}))

    assert get_client("MX").query_payin("MX-4").trade_no == "MX-4"


def test_mx_balance_request(fake_paypro):
    fake_paypro.respond(
        BALANCE,
        json=envelope({"availableAmount": "1200.50", "freezeAmount": "0", "unsettledAmount": "30"}),
    )

    balance = get_client("MX").query_balance()

    request = fake_paypro.last
    assert request.path == BALANCE
    assert_common_headers(request)
    assert_signed_in_body(request)
    assert set(request.json) == {"timestamp", "sign"}
    assert (str(balance.available), str(balance.frozen), str(balance.unsettled)) == (
        "1200.50",
        "0",
        "30",
    )


def test_br_pix_payin_signs_in_header(fake_paypro):
    fake_paypro.respond(
        BR_PAYIN,
        json=envelope(
            {
                "platFormTradeNo": "PI-0610",
                "status": "0015",
                "desc": "ok",
                "amount": "25.90",
                "paymentLink": "https://casher-in.paypro.com/#/?orderNo=PI-0610",
                "payParam": "00020101021226910014br.gov.bcb.pix2569api",
            }
        ),
    )
    fields = {
        "tradeNo": "BR-1",
        "amount": "25.90",
        "name": "João Silva",
        "identityType": "CPF",
        "userIdentity": "52998224725",
        "remark": "pedido 7",
    }

    result = get_client("BR").create_payin(fields)

    request = fake_paypro.last
    assert request.path == BR_PAYIN
    assert_common_headers(request)
    assert_signed_in_header(request)
    assert request.json["notifyUrl"] == NOTIFY_URL
    assert result.payment_url == "https://casher-in.paypro.com/#/?orderNo=PI-0610"
    assert result.pay_param == "00020101021226910014br.gov.bcb.pix2569api"
    assert str(result.amount) == "25.90"


def test_br_payout_signs_in_header(fake_paypro):
    fake_paypro.respond(BR_PAYOUT, json=envelope({"platFormTradeNo": "PO-7", "status": "0015"}))
    fields = {
        "tradeNo": "BR-PO-1",
        "amount": "10.00",
        "name": "João",
        "bankType": "CPF",
        "bankNumber": "52998224725",
        "identityType": "CPF",
    }

    get_client("BR").create_payout(fields)

    request = fake_paypro.last
    assert request.path == BR_PAYOUT
    assert_common_headers(request)
    assert_signed_in_header(request)


def test_eg_payin_signs_in_body(fake_paypro):
    fake_paypro.respond(EG_PAYIN, json=envelope({"platFormTradeNo": "EG-P", "status": "0015"}))
    fields = {
        "tradeNo": "EG-1",
        "amount": "100",
        "payer": "Omar",
        "mobile": "01012345678",
        "email": "omar@example.eg",
        "remark": "",
    }

    get_client("EG").create_payin(fields)

    request = fake_paypro.last
    assert request.path == "/v1/paypro/payIn"
    assert_common_headers(request)
    assert_signed_in_body(request)
    assert request.json["notifyUrl"] == NOTIFY_URL


def test_values_are_sent_as_wire_text_and_none_is_left_out(fake_paypro):
    from decimal import Decimal

    fake_paypro.respond(MX_PAYIN, json=envelope({"status": "0015"}))

    get_client("MX").create_payin(
        {"tradeNo": "MX-5", "amount": Decimal("300"), "count": 2, "email": None}
    )

    body = fake_paypro.last.json
    assert body["amount"] == "300"
    assert body["count"] == "2"
    assert "email" not in body
    assert body["sign"] == hand_sign(body)


def test_float_values_are_refused_before_sending(fake_paypro):
    with pytest.raises(TypeError):
        get_client("MX").create_payin({"tradeNo": "MX-6", "amount": 300.0})
    assert fake_paypro.requests == []


def test_caller_sign_and_timestamp_are_replaced(fake_paypro):
    fake_paypro.respond(MX_PAYIN, json=envelope({"status": "0015"}))

    get_client("MX").create_payin({"tradeNo": "MX-7", "sign": "forged", "timestamp": "1"})

    body = fake_paypro.last.json
    assert body["timestamp"] != "1"
    assert body["sign"] == hand_sign(body)


def test_base_url_prefix_is_kept(fake_paypro, settings):
    settings.PAYPRO = {**settings.PAYPRO, "BASE_URL": fake_paypro.base_url + "/mex-pay/"}
    fake_paypro.respond("/mex-pay" + BALANCE, json=envelope({"availableAmount": "1"}))

    get_client("MX").query_balance()

    assert fake_paypro.last.path == "/mex-pay" + BALANCE


def test_get_client_is_shared_per_account(fake_paypro):
    assert get_client("MX") is get_client("mx")
    assert get_client("MX") is not get_client("BR")


class RecordingSession(requests.Session):
    """A real session that also remembers the keyword arguments of each request."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def request(self, method, url, **kwargs):
        self.calls.append(kwargs)
        return super().request(method, url, **kwargs)


def test_every_call_uses_the_account_timeout_and_never_follows_redirects(fake_paypro, settings):
    settings.PAYPRO = {**settings.PAYPRO, "TIMEOUT": (1.5, 4.0)}
    fake_paypro.respond(BALANCE, json=envelope({"availableAmount": "1"}))
    fake_paypro.respond(PAYIN_QUERY, json=envelope({"status": "0015"}))
    session = RecordingSession()
    client = PayProClient(get_account("MX"), session=session)

    client.query_balance()
    client.query_payin("MX-8")

    assert [call["timeout"] for call in session.calls] == [(1.5, 4.0), (1.5, 4.0)]
    assert all(call["allow_redirects"] is False for call in session.calls)
