"""Amounts are read, never assumed; they only move forward; staff decisions stick."""

from __future__ import annotations

from decimal import Decimal

import pytest

from django_paypro.models import Notification, Payment, Payout
from django_paypro.services.payments import refresh_payment
from django_paypro.services.transitions import decide_review
from django_paypro.testing.factories import PaymentFactory, PayoutFactory
from tests.client.handsign import hand_sign
from tests.conftest import notification_body

pytestmark = pytest.mark.django_db

QUERY = "/v1/paypro/queryPayInResult"


def without_amount(trade_no: str, status: str) -> dict[str, str]:
    body = notification_body(trade_no, status=status)
    del body["amount"], body["sign"]
    body["sign"] = hand_sign(body)
    return body


@pytest.mark.parametrize(
    "amount", ["299,00", "1.000,00", "NaN", "Infinity", "300 MXN", "0x12C", "", "  "]
)
@pytest.mark.parametrize("status", ["0000", "0001"])
def test_an_unreadable_amount_needs_review_with_the_reason(
    post_notification, signals, amount, status
):
    payment = PaymentFactory()
    response = post_notification(notification_body(payment.trade_no, status=status, amount=amount))
    assert response.content == b"OK"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.NEEDS_REVIEW
    assert payment.paid_amount is None  # never the amount owed
    assert "cannot be read" in payment.review_reason
    assert signals.names() == ["payment_needs_review"]


@pytest.mark.parametrize("status", ["0000", "0001"])
def test_a_missing_amount_needs_review_never_paid_or_partly_paid(
    post_notification, signals, status
):
    payment = PaymentFactory()
    assert post_notification(without_amount(payment.trade_no, status)).content == b"OK"
    payment.refresh_from_db()
    assert (payment.status, payment.paid_amount) == (Payment.Status.NEEDS_REVIEW, None)
    assert "no amount" in payment.review_reason
    assert signals.names() == ["payment_needs_review"]


@pytest.mark.parametrize("amount", ["9999999999999999.995", "1e16", "-300"])
def test_an_amount_that_does_not_fit_after_rounding_is_stored_for_review_not_a_503(
    post_notification, amount
):
    payment = PaymentFactory()
    response = post_notification(notification_body(payment.trade_no, amount=amount))
    assert (response.status_code, response.content) == (200, b"OK")
    payment.refresh_from_db()
    assert (payment.status, payment.paid_amount) == (Payment.Status.NEEDS_REVIEW, None)
    assert Notification.objects.get().outcome == Notification.Outcome.APPLIED


@pytest.mark.postgres  # SQLite keeps decimals as REAL: 18 digits do not survive a read back
def test_the_largest_amount_that_fits_after_rounding_is_kept_as_paypro_said_it(
    post_notification,
):
    payment = PaymentFactory(amount=Decimal("9999999999999999.99"))
    body = notification_body(payment.trade_no, amount="9999999999999999.99")
    assert post_notification(body).content == b"OK"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.paid_amount == Decimal("9999999999999999.99")


def test_a_late_older_partial_never_lowers_the_paid_amount(post_notification, signals):
    payment = PaymentFactory()
    for amount in ("200", "100"):
        body = notification_body(payment.trade_no, status="0001", amount=amount)
        assert post_notification(body).content == b"OK"
    payment.refresh_from_db()
    assert (payment.status, payment.paid_amount) == (Payment.Status.PARTIALLY_PAID, Decimal(200))
    assert signals.names() == ["payment_partially_paid"]


def test_a_payout_success_for_another_amount_needs_review(post_notification, signals):
    payout = PayoutFactory(amount=Decimal(100))
    body = notification_body(payout.trade_no, status="0000", amount="1")
    assert post_notification(body).content == b"OK"
    payout.refresh_from_db()
    assert payout.status == Payout.Status.NEEDS_REVIEW
    assert "1" in payout.review_reason and "100" in payout.review_reason
    assert signals.names() == []


def test_a_payout_success_without_an_amount_needs_review(post_notification):
    payout = PayoutFactory()
    assert post_notification(without_amount(payout.trade_no, "0000")).content == b"OK"
    assert Payout.objects.get().status == Payout.Status.NEEDS_REVIEW


def test_a_staff_decision_is_not_undone_by_a_refresh_or_a_notification(
    fake_paypro, post_notification, signals
):
    payment = PaymentFactory(needs_review=True)
    decide_review(payment, Payment.Status.FAILED, note="refunded by phone")
    fake_paypro.respond(
        QUERY,
        json=fake_paypro.envelope({"tradeNo": payment.trade_no, "status": "0000", "amount": "1"}),
    )

    refresh_payment(payment)
    refresh_payment(payment)
    assert post_notification(notification_body(payment.trade_no, amount="1")).content == b"OK"

    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert payment.decided_at is not None
    assert signals.names() == ["payment_failed"]
    assert "staff decided" in Notification.objects.get().action

    # Staff change their mind: their decision applies.
    decide_review(payment, Payment.Status.PAID)
    assert Payment.objects.get().status == Payment.Status.PAID
    assert signals.names() == ["payment_failed", "order_paid"]


def test_a_decision_on_a_payment_someone_else_decided_meanwhile_changes_nothing(signals):
    seen = PaymentFactory(needs_review=True)  # what the second person's page showed
    decide_review(Payment.objects.get(), Payment.Status.FAILED, under_review_only=True)

    late = decide_review(seen, Payment.Status.PAID, under_review_only=True)

    assert not late.changed
    assert Payment.objects.get().status == Payment.Status.FAILED
    assert signals.names() == ["payment_failed"]
