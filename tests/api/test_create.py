"""POST payments/: the answers a client gets, against a real local HTTP server."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from django_paypro.models import Payment
from tests.api.conftest import BR_PAYIN, CREATE_URL, PAGE, detail_url, page_answer
from tests.client.handsign import hand_sign

pytestmark = pytest.mark.django_db

REPRESENTATION = {
    "trade_no",
    "status",
    "amount",
    "paid_amount",
    "currency",
    "country",
    "method",
    "reference",
    "payment_url",
    "pay_param",
    "created_at",
    "updated_at",
    "paid_at",
}


def test_mexico_page_answers_201_with_the_payment_url(api, fake_paypro):
    page_answer(fake_paypro)

    response = api.post(
        CREATE_URL, {"amount": "300", "payer": "Ana", "reference": "A1"}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == REPRESENTATION
    payment = Payment.objects.get()
    assert body["trade_no"] == payment.trade_no
    assert body["status"] == "pending"
    assert body["amount"] == "300.00"
    assert (body["currency"], body["country"], body["method"]) == ("MXN", "MX", "page")
    assert body["payment_url"] == "https://cashier.example/pay/1"
    assert body["reference"] == "A1"
    assert response["Location"] == "http://testserver" + detail_url(payment.trade_no)
    sent = fake_paypro.last.json
    assert (sent["amount"], sent["payer"]) == ("300", "Ana")
    assert sent["sign"] == hand_sign(sent)


def test_an_integer_amount_is_read_exactly(api, fake_paypro):
    page_answer(fake_paypro)
    response = api.post(CREATE_URL, {"amount": 300}, format="json")
    assert response.status_code == 201
    assert Payment.objects.get().amount == Decimal(300)


def test_brazil_pix_answers_201_with_the_pix_code(api, fake_paypro):
    fake_paypro.respond(
        BR_PAYIN,
        json=fake_paypro.envelope(
            {
                "platFormTradeNo": "PF2",
                "status": "0015",
                "amount": "50",
                "paymentLink": "https://cashier.example/pix/2",
                "payParam": "00020101021226910014br.gov.bcb.pix",
            }
        ),
    )

    response = api.post(
        CREATE_URL,
        {"amount": "50", "country": "br", "payer": "João", "identity": "529.982.247-25"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["country"], body["method"], body["currency"]) == ("BR", "payin", "BRL")
    assert body["pay_param"] == "00020101021226910014br.gov.bcb.pix"
    assert fake_paypro.last.json["userIdentity"] == "52998224725"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "amount"),
        ({"amount": 300.5}, "amount"),
        ({"amount": 300.0}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"amount": True}, "amount"),
        ({"amount": "1" * 40}, "amount"),
        ({"amount": "300.50"}, "amount"),
        ({"amount": "-1"}, "amount"),
        ({"amount": "300", "country": "ZZ"}, "country"),
        ({"amount": "300", "method": "card"}, "method"),
        ({"amount": "300", "return_url": "javascript:alert(1)"}, "return_url"),
        ({"amount": "50", "country": "BR", "payer": "A", "identity": "11111111111"}, "identity"),
        ({"amount": "50", "country": "BR", "identity": "52998224725"}, "payer"),
        (
            {
                "amount": "500",
                "country": "EG",
                "payer": "A",
                "mobile": "0191234567",
                "email": "a@b.eg",
            },
            "mobile",
        ),
        ({"amount": "50", "country": "EG", "payer": "A", "mobile": "01012345678"}, "amount"),
    ],
)
def test_invalid_input_answers_400_naming_the_field_and_records_nothing(
    api, fake_paypro, data, field
):
    response = api.post(CREATE_URL, data, format="json")

    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert isinstance(body[field], list) and body[field]
    assert Payment.objects.count() == 0
    assert fake_paypro.requests == []


def test_a_float_amount_is_refused_with_a_reason(api, fake_paypro):
    response = api.post(CREATE_URL, {"amount": 300.5}, format="json")
    assert "not a float" in response.json()["amount"][0]


def test_a_refused_connection_answers_202_with_the_unknown_payment(api, refused_url, signals):
    response = api.post(CREATE_URL, {"amount": "300", "reference": "R1"}, format="json")

    assert response.status_code == 202
    body = response.json()
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.UNKNOWN
    assert (body["trade_no"], body["status"], body["reference"]) == (
        payment.trade_no,
        "unknown",
        "R1",
    )
    assert "unknown" in body["detail"]
    assert body["paypro_code"] == ""
    assert refused_url not in body["detail"]
    assert response["Location"].endswith(detail_url(payment.trade_no))
    assert signals.calls == []


def test_code_5000_answers_202_too(api, fake_paypro):
    fake_paypro.respond(PAGE, json=fake_paypro.envelope(None, code="5000", msg="system error"))
    response = api.post(CREATE_URL, {"amount": "300"}, format="json")
    assert response.status_code == 202
    assert response.json()["status"] == "unknown"
    assert len(fake_paypro.requests) == 1


def test_a_refusal_answers_422_with_the_failed_payment_and_the_reason(api, fake_paypro, signals):
    fake_paypro.respond(PAGE, json=fake_paypro.envelope(None, code="8000", msg="order error"))

    response = api.post(CREATE_URL, {"amount": "300"}, format="json")

    assert response.status_code == 422
    body = response.json()
    payment = Payment.objects.get()
    assert (body["trade_no"], body["status"]) == (payment.trade_no, "failed")
    assert payment.status == Payment.Status.FAILED
    assert body["paypro_code"] == "8000"
    assert "order error" in body["detail"]
    assert signals.names() == ["payment_failed"]


@pytest.mark.django_db(transaction=True)
def test_the_payment_row_is_committed_before_paypro_is_called(api, fake_paypro):
    """Even under ATOMIC_REQUESTS, a notification racing PayPro's answer finds the payment."""
    seen: list[bool] = []

    def answer(request):
        # The fake serves from another thread, so this reads through another connection.
        seen.append(Payment.objects.filter(trade_no=request.json["tradeNo"]).exists())
        connection.close()

    fake_paypro.handler = answer
    page_answer(fake_paypro)
    connection.settings_dict["ATOMIC_REQUESTS"] = True
    try:
        response = api.post(CREATE_URL, {"amount": "300"}, format="json")
    finally:
        connection.settings_dict["ATOMIC_REQUESTS"] = False
    assert response.status_code == 201
    assert seen == [True]


@pytest.mark.parametrize("amount", ["1e20", "1E+16", "10000000000000000", 10**20])
def test_the_api_answers_400_and_sends_nothing(api, fake_paypro, amount):
    page_answer(fake_paypro)
    response = api.post(CREATE_URL, {"amount": amount}, format="json")
    assert response.status_code == 400
    assert "amount" in response.json()
    assert not Payment.objects.exists()
    assert fake_paypro.requests == []
