"""tests/test_payments.py of the Quickstart's shop, using django_paypro.testing.

Needs ``pytest_plugins = ["django_paypro.testing.pytest_plugin"]`` in the root conftest.py.
"""

from decimal import Decimal

import pytest
from orders.models import Order

from django_paypro.models import Payment
from django_paypro.testing import post_notification, signed_notification
from django_paypro.testing.factories import PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order() -> Order:
    return Order.objects.create(total=Decimal(300))


def test_paid_notification_marks_the_order_paid(
    client, order, django_capture_on_commit_callbacks
) -> None:
    payment = PaymentFactory(order=order, amount=order.total)
    # The test's transaction never commits: run the on_commit callbacks (the e-mail) by hand.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_notification(client, signed_notification(payment))
    assert response.content == b"OK"
    order.refresh_from_db()
    assert order.paid
    assert len(callbacks) <= 1  # at most the e-mail


def test_duplicate_notification_is_answered_ok_and_fires_once(
    paypro_payment, paypro_notify, paypro_signals
) -> None:
    assert paypro_notify(paypro_payment).content == b"OK"
    assert paypro_notify(paypro_payment).content == b"OK"
    assert paypro_signals.names() == ["order_paid"]


def test_forged_notification_changes_nothing(client, order) -> None:
    payment = PaymentFactory(order=order, amount=order.total)
    body = signed_notification(payment)
    body["sign"] = "0" * 32
    assert post_notification(client, body).status_code == 403
    order.refresh_from_db()
    assert not order.paid


def test_wrong_amount_is_held_for_review(paypro_payment, paypro_notify, paypro_signals) -> None:
    paypro_notify(paypro_payment, amount="1")
    paypro_payment.refresh_from_db()
    assert paypro_payment.status == Payment.Status.NEEDS_REVIEW
    assert paypro_signals.names() == ["payment_needs_review"]
