"""The factories make rows the models accept, with defaults that follow the country."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from django_paypro.models import Notification, Payment, Payout
from django_paypro.testing.factories import (
    PIX_CODE,
    NotificationFactory,
    PaymentFactory,
    PayoutFactory,
)
from tests.client.handsign import hand_sign
from tests.shop.models import Order

pytestmark = pytest.mark.django_db

PAYMENT_TRAITS = ["created", "paid", "partially_paid", "failed", "unknown", "needs_review"]
PAYOUT_TRAITS = ["created", "succeeded", "failed", "unknown", "needs_review"]


def test_a_default_payment_is_a_pending_mexican_page():
    payment = PaymentFactory()
    payment.full_clean()
    assert (payment.country, payment.currency, payment.method) == ("MX", "MXN", "page")
    assert (payment.status, payment.amount) == (Payment.Status.PENDING, Decimal(300))
    assert payment.payment_url.endswith(payment.trade_no)
    assert payment.pay_param == ""
    assert payment.platform_trade_no == f"PF{payment.trade_no}"


def test_a_brazilian_payment_is_a_pix_pay_in_with_its_code():
    payment = PaymentFactory(country="BR")
    payment.full_clean()
    assert (payment.currency, payment.method, payment.pay_param) == ("BRL", "payin", PIX_CODE)


@pytest.mark.parametrize("country", ["MX", "BR", "EG", "ID", "PK", "IN"])
def test_currency_follows_the_country(country):
    from django_paypro.countries import get_profile

    assert PaymentFactory(country=country).currency == get_profile(country).currency
    assert PayoutFactory(country=country).currency == get_profile(country).currency


@pytest.mark.parametrize("trait", PAYMENT_TRAITS)
def test_every_payment_trait_makes_a_valid_row_with_its_status(trait):
    payment = PaymentFactory(**{trait: True})
    payment.full_clean()
    assert payment.status == trait


def test_paid_and_partial_amounts_are_consistent():
    assert PaymentFactory(paid=True).paid_amount == Decimal(300)
    partial = PaymentFactory(partially_paid=True, amount=Decimal(301))
    assert Decimal(0) < partial.paid_amount < partial.amount
    review = PaymentFactory(needs_review=True)
    assert review.review_reason and review.paid_amount != review.amount


@pytest.mark.parametrize("trait", PAYOUT_TRAITS)
def test_every_payout_trait_makes_a_valid_row_with_its_status(trait):
    payout = PayoutFactory(**{trait: True})
    payout.full_clean()
    assert payout.status == trait


def test_trade_numbers_are_unique():
    numbers = {PaymentFactory().trade_no for _ in range(20)}
    numbers |= {PayoutFactory().trade_no for _ in range(20)}
    assert len(numbers) == 40


def test_a_payment_can_point_to_the_shops_order():
    order = Order.objects.create(number="F1")
    payment = PaymentFactory(order=order)
    payment.refresh_from_db()
    assert payment.order == order


def test_a_notification_carries_a_correctly_signed_body_about_its_payment():
    note = NotificationFactory()
    note.full_clean()
    body = json.loads(note.body)
    assert note.kind == Notification.Kind.PAYMENT
    assert note.trade_no == body["tradeNo"] == note.payment.trade_no
    assert body["sign"] == hand_sign(body)
    assert (note.signature_valid, note.outcome) == (True, Notification.Outcome.APPLIED)


def test_a_payout_notification_and_a_rejected_one():
    payout_note = NotificationFactory(for_payout=True, status="00029")
    assert (payout_note.kind, payout_note.payment) == ("payout", None)
    assert isinstance(payout_note.payout, Payout)
    assert json.loads(payout_note.body)["status"] == "00029"

    rejected = NotificationFactory(rejected=True)
    body = json.loads(rejected.body)
    assert body["sign"] != hand_sign(body)
    assert (rejected.outcome, rejected.error) == (
        Notification.Outcome.REJECTED,
        "invalid signature",
    )
