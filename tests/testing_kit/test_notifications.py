"""signed_notification builds what PayPro sends; posting it goes through the real endpoint."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from django_paypro.models import Notification, Payment, Payout
from django_paypro.testing import post_notification, record_signals, signed_notification
from django_paypro.testing.factories import PaymentFactory, PayoutFactory
from tests.client.handsign import hand_sign
from tests.shop.models import Order

pytestmark = pytest.mark.django_db


def test_every_value_is_a_string_and_the_sign_verifies_by_hand():
    payment = PaymentFactory()
    body = signed_notification(payment)
    assert all(isinstance(value, str) for value in body.values())
    assert body["sign"] == hand_sign(body)
    assert (body["tradeNo"], body["status"], body["amount"]) == (payment.trade_no, "0000", "300")
    assert body["platFormTradeNo"] == payment.platform_trade_no
    assert "successTime" in body


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (None, "300"),
        (Decimal(150), "150"),
        (150, "150"),
        (Decimal("150.50"), "150.5"),
        ("300.00", "300.00"),
    ],
)
def test_the_amount_is_written_as_the_country_writes_it_unless_given_as_text(amount, text):
    body = signed_notification(PaymentFactory(), amount=amount)
    assert body["amount"] == text
    assert body["sign"] == hand_sign(body)


def test_a_float_amount_is_refused():
    with pytest.raises(TypeError):
        signed_notification(PaymentFactory(), amount=1.5)


def test_extra_fields_are_added_as_text_and_none_removes_one():
    body = signed_notification(
        PaymentFactory(), status="0015", channelCode="SPEI", attempt=3, message=None
    )
    assert (body["channelCode"], body["attempt"]) == ("SPEI", "3")
    assert "message" not in body and "successTime" not in body
    assert body["sign"] == hand_sign(body)


def test_the_secret_is_the_records_countrys(settings):
    settings.PAYPRO = {
        **settings.PAYPRO,
        "COUNTRIES": {"BR": {"APP_SECRET": "brazil-secret-42"}},
    }
    body = signed_notification(PaymentFactory(country="BR", amount=Decimal(50)))
    assert body["amount"] == "50"
    assert body["sign"] == hand_sign(body, "brazil-secret-42")


def test_posting_it_marks_the_payment_paid_and_fires_order_paid_once(client):
    order = Order.objects.create(number="K1")
    payment = PaymentFactory(order=order)
    body = signed_notification(payment)

    with record_signals() as sent:
        first = post_notification(client, body)
        second = post_notification(client, body)

    assert (first.status_code, first.content) == (200, b"OK")
    assert (second.status_code, second.content) == (200, b"OK")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert sent.names() == ["order_paid"]
    assert sent.sent("order_paid")[0]["order"] == order
    assert sent.sent("order_paid")[0]["payment"] == payment


def test_a_partial_amount_is_recorded_as_partially_paid(client):
    payment = PaymentFactory()
    with record_signals(["payment_partially_paid", "order_paid"]) as sent:
        post_notification(client, signed_notification(payment, status="0001", amount="150"))
    payment.refresh_from_db()
    assert (payment.status, payment.paid_amount) == (Payment.Status.PARTIALLY_PAID, Decimal(150))
    assert sent.names() == ["payment_partially_paid"]


def test_a_payout_notification_settles_the_payout(client):
    payout = PayoutFactory()
    with record_signals() as sent:
        response = post_notification(client, signed_notification(payout))
    assert response.content == b"OK"
    payout.refresh_from_db()
    assert payout.status == Payout.Status.SUCCEEDED
    assert sent.names() == ["payout_succeeded"]


def test_a_tampered_body_is_rejected_by_the_endpoint(client):
    payment = PaymentFactory()
    body = signed_notification(payment)
    body["amount"] = "1"
    response = post_notification(client, body)
    assert response.status_code == 403
    assert Notification.objects.get().outcome == Notification.Outcome.REJECTED
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_raw_bytes_and_extra_client_arguments_pass_through(client, settings):
    settings.PAYPRO = {**settings.PAYPRO, "NOTIFY_ALLOWED_IPS": ["10.0.0.0/8"]}
    payment = PaymentFactory()
    raw = json.dumps(signed_notification(payment)).encode()
    assert post_notification(client, raw).status_code == 403
    assert post_notification(client, raw, REMOTE_ADDR="10.1.2.3").content == b"OK"


def test_the_recorder_keeps_what_receivers_get(client):
    order = Order.objects.create(number="K2")
    payment = PaymentFactory(order=order)
    with record_signals() as sent:
        post_notification(client, signed_notification(payment, status="00029"))
    assert sent.calls == [("payment_failed", {"payment": payment, "order": order})]
    sent.clear()
    assert sent.names() == []
