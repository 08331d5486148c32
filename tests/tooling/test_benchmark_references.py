"""The benchmarks' reference views do the work they are compared on, and no less.

A reference that skipped the signature check, the row lock or the order update would make the
notification endpoint look slow for the wrong reason.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import RequestFactory

from benchmarks.references import floor_notify, minimal_notify
from django_paypro.models import Notification, Payment
from django_paypro.testing import signed_notification
from django_paypro.testing.factories import PaymentFactory
from tests.shop.models import Order

REFERENCES = [
    pytest.param(minimal_notify, id="minimal"),
    pytest.param(floor_notify, id="floor", marks=pytest.mark.postgres),  # now(), RETURNING
]


def post(view, body):
    request = RequestFactory().post("/notify/", json.dumps(body), content_type="application/json")
    return view(request)


@pytest.fixture
def payment(db):
    order = Order.objects.create(number="B1", total=Decimal(300))
    return PaymentFactory(order=order, amount=Decimal(300))


@pytest.mark.parametrize("view", REFERENCES)
def test_first_delivery_marks_payment_and_order_paid_and_both_deliveries_are_kept(view, payment):
    body = signed_notification(payment)

    assert post(view, body).content == b"OK"
    assert post(view, body).content == b"OK"

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert Order.objects.get(number="B1").paid
    kept = Notification.objects.filter(trade_no=payment.trade_no)  # the floor links no duplicate
    outcomes = sorted(kept.values_list("outcome", flat=True))
    assert outcomes == ["applied", "duplicate"]


@pytest.mark.parametrize("view", REFERENCES)
def test_forged_signature_is_refused_and_changes_nothing(view, payment):
    body = {**signed_notification(payment), "amount": "1"}

    response = post(view, body)

    assert response.status_code == 403
    payment.refresh_from_db()
    assert payment.status != Payment.Status.PAID
    assert not Notification.objects.exists()
