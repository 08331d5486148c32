"""create_payment / create_payout against a real local HTTP server."""

from __future__ import annotations

from decimal import Decimal

import pytest

from django_paypro import create_payment, create_payout, get_balance, refresh_payment
from django_paypro.exceptions import PayProRejected, PayProTransportError, PayProValidationError
from django_paypro.models import Payment, Payout
from tests.client.handsign import hand_sign
from tests.shop.models import Order

pytestmark = pytest.mark.django_db

PAGE = "/v1/paypro/paymentLink"
PAYIN = "/v1/paypro/payIn"
BR_PAYIN = "/v1/paypro/payin"
QUERY = "/v1/paypro/queryPayInResult"

VALID_CPF = "52998224725"


def page_answer(fake, **data):
    payload = {
        "tradeNo": "x",
        "platFormTradeNo": "PF1",
        "status": "0015",
        "desc": "Create",
        "paymentUrl": "https://cashier.example/pay/1",
        **data,
    }
    fake.respond(PAGE, json=fake.envelope(payload))


def test_mexico_payment_page_is_recorded_pending_with_its_url(fake_paypro, signals):
    page_answer(fake_paypro)
    order = Order.objects.create(number="A1", total=Decimal(300))

    payment = create_payment("300", order=order, reference="A1", payer="Ana", email="a@b.mx")

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert payment.method == "page"
    assert payment.amount == Decimal(300)
    assert payment.currency == "MXN"
    assert payment.payment_url == "https://cashier.example/pay/1"
    assert payment.platform_trade_no == "PF1"
    assert payment.order == order
    assert signals.calls == []
    sent = fake_paypro.last.json
    assert sent["amount"] == "300"
    assert sent["tradeNo"] == payment.trade_no
    assert sent["notifyUrl"] == "https://shop.example/paypro/notify/"
    assert sent["payer"] == "Ana"
    assert sent["sign"] == hand_sign(sent)


def test_brazil_pix_keeps_the_copy_and_paste_code(fake_paypro, settings):
    fake_paypro.respond(
        BR_PAYIN,
        json=fake_paypro.envelope(
            {
                "platFormTradeNo": "PF2",
                "status": "0015",
                "desc": "CREDIT_INPROGRESS",
                "amount": "50",
                "paymentLink": "https://cashier.example/pix/2",
                "payParam": "00020101021226910014br.gov.bcb.pix",
            }
        ),
    )
    payment = create_payment(50, country="BR", payer="João", identity="529.982.247-25")

    assert payment.method == "payin"
    assert payment.status == Payment.Status.PENDING
    assert payment.pay_param.startswith("000201")
    assert payment.payment_url == "https://cashier.example/pix/2"
    request = fake_paypro.last
    assert "sign" not in request.json
    assert request.headers["sign"] == hand_sign(request.json)
    assert request.json["userIdentity"] == VALID_CPF
    assert request.json["identityType"] == "CPF"
    assert request.json["name"] == "João"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": "300.50"}, "amount"),
        ({"amount": "-1"}, "amount"),
        ({"amount": "abc"}, "amount"),
        (
            {
                "amount": "50",
                "country": "EG",
                "payer": "A",
                "mobile": "01012345678",
                "email": "a@b.eg",
            },
            "amount",
        ),
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
        ({"amount": "50", "country": "BR", "payer": "A", "identity": "11111111111"}, "identity"),
        ({"amount": "300", "no_such_field": "52998224725"}, "no_such_field"),
        ({"amount": "300", "method": "card"}, "method"),
    ],
)
def test_invalid_input_is_refused_before_anything_is_stored_or_sent(fake_paypro, kwargs, field):
    amount = kwargs.pop("amount")
    with pytest.raises(PayProValidationError) as info:
        create_payment(amount, **kwargs)
    assert info.value.field == field
    assert Payment.objects.count() == 0
    assert fake_paypro.requests == []


def test_a_refused_connection_leaves_the_payment_unknown(refused_url, signals):
    with pytest.raises(PayProTransportError) as info:
        create_payment("300", reference="R1")
    payment = Payment.objects.get()
    assert info.value.record == payment
    assert payment.status == Payment.Status.UNKNOWN
    assert payment.reference == "R1"
    assert signals.calls == []


def test_code_5000_leaves_the_payment_unknown(fake_paypro):
    fake_paypro.respond(PAGE, json=fake_paypro.envelope(None, code="5000", msg="system error"))
    with pytest.raises(PayProTransportError):
        create_payment("300")
    assert Payment.objects.get().status == Payment.Status.UNKNOWN
    assert len(fake_paypro.requests) == 1  # a creation is never retried


def test_code_8000_fails_the_payment_and_says_so_once(fake_paypro, signals):
    fake_paypro.respond(PAGE, json=fake_paypro.envelope(None, code="8000", msg="order error"))
    with pytest.raises(PayProRejected) as info:
        create_payment("300")
    payment = Payment.objects.get()
    assert info.value.code == "8000"
    assert payment.status == Payment.Status.FAILED
    assert payment.message == "order error"
    assert signals.names() == ["payment_failed"]


def test_refresh_applies_the_query_answer_and_fires_order_paid(fake_paypro, signals):
    page_answer(fake_paypro)
    payment = create_payment("300")
    fake_paypro.respond(
        QUERY,
        json=fake_paypro.envelope(
            {"tradeNo": payment.trade_no, "status": "0000", "amount": "300", "message": "ok"}
        ),
    )
    refresh_payment(payment)
    refresh_payment(payment)
    assert Payment.objects.get().status == Payment.Status.PAID
    assert signals.names() == ["order_paid"]
    assert fake_paypro.last.json == {
        "tradeNo": payment.trade_no,
        "timestamp": fake_paypro.last.json["timestamp"],
        "sign": fake_paypro.last.json["sign"],
    }


def test_a_refused_query_does_not_fail_the_payment(fake_paypro, signals):
    page_answer(fake_paypro)
    payment = create_payment("300")
    fake_paypro.respond(QUERY, json=fake_paypro.envelope(None, code="8000", msg="not found"))
    with pytest.raises(PayProRejected):
        refresh_payment(payment)
    assert Payment.objects.get().status == Payment.Status.PENDING
    assert signals.calls == []


def test_mexico_payout_validates_the_clabe_and_records_the_result(fake_paypro, signals):
    fake_paypro.respond(
        "/v1/paypro/payOut",
        json=fake_paypro.envelope({"platFormTradeNo": "PO1", "status": "0015"}),
    )
    with pytest.raises(PayProValidationError):
        create_payout("100", bank_code="BANXICO", name="Ana", account_type="CLABE", account="123")
    assert Payout.objects.count() == 0
    payout = create_payout(
        "100",
        bank_code="BANXICO",
        name="Ana",
        account_type="CLABE",
        account="002010077777777771",
        reference="W1",
    )
    assert payout.status == Payout.Status.PENDING
    sent = fake_paypro.last.json
    assert sent["customerAccount"] == "002010077777777771"
    assert sent["customerAccountType"] == "CLABE"
    assert sent["wayCode"] == "BANXICO"
    assert sent["sign"] == hand_sign(sent)


def test_balance_is_decimal(fake_paypro):
    fake_paypro.respond(
        "/v1/paypro/queryBalance",
        json=fake_paypro.envelope(
            {"availableAmount": "1200.50", "freezeAmount": 3, "unsettledAmount": "0"}
        ),
    )
    balance = get_balance()
    assert balance.available == Decimal("1200.50")
    assert balance.frozen == Decimal(3)
    assert balance.unsettled == Decimal(0)


def test_return_url_defaults_to_our_return_page_on_the_notify_host(fake_paypro):
    page_answer(fake_paypro)
    payment = create_payment("300")
    assert fake_paypro.last.json["returnUrl"] == (
        f"https://shop.example/paypro/return/{payment.trade_no}/"
    )


def test_return_url_placeholder_is_filled_in(fake_paypro, settings):
    page_answer(fake_paypro)
    payment = create_payment("300", return_url="https://shop.example/back/{trade_no}?x=1")
    assert fake_paypro.last.json["returnUrl"] == (
        f"https://shop.example/back/{payment.trade_no}?x=1"
    )
    settings.PAYPRO = {**settings.PAYPRO, "RETURN_URL": "https://shop.example/r/{trade_no}/"}
    payment = create_payment("300")
    assert fake_paypro.last.json["returnUrl"] == f"https://shop.example/r/{payment.trade_no}/"


def test_an_orders_payments_are_found_from_the_order(fake_paypro):
    page_answer(fake_paypro)
    order, other = Order.objects.create(number="F1"), Order.objects.create(number="F2")
    first = create_payment("300", order=order)
    second = create_payment("300", order=order)
    create_payment("300", order=other)
    assert list(Payment.objects.for_order(order)) == [second, first]
    assert Payment.objects.for_order(order).first().order == order


def test_creating_inside_a_transaction_warns(fake_paypro, caplog):
    """The db fixture wraps each test in a transaction: just where a rollback would lose it."""
    page_answer(fake_paypro)
    with caplog.at_level("WARNING", logger="django_paypro"):
        create_payment("300")
    assert "inside a database transaction" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_creating_outside_a_transaction_does_not_warn(fake_paypro, caplog):
    page_answer(fake_paypro)
    with caplog.at_level("WARNING", logger="django_paypro"):
        create_payment("300")
    assert "inside a database transaction" not in caplog.text
