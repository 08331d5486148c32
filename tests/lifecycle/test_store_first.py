"""Each delivery is stored before it is processed: a killed worker loses nothing.

A receiver that raises is covered in ``test_notify``.
"""

from __future__ import annotations

import json

import pytest

from django_paypro.models import Notification, Payment
from django_paypro.services.notifications import process_notification
from django_paypro.testing.factories import PaymentFactory
from tests.conftest import notification_body
from tests.lifecycle.processes import finish, start_workers

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_killed_inside_the_transaction_leaves_the_delivery_on_record(
    post_notification, signals, tmp_path
):
    payment = PaymentFactory()
    body = json.dumps(notification_body(payment.trade_no))

    [(exit_code, output)] = finish(start_workers(body, 1, tmp_path, mode="die"))
    assert exit_code == 17, output

    note = Notification.objects.get()
    assert note.outcome == Notification.Outcome.RECEIVED
    assert json.loads(note.body) == json.loads(body)
    assert Payment.objects.get().status == Payment.Status.PENDING  # rolled back with the worker

    # PayPro got no answer, so it delivers again: applied once, signalled once.
    assert post_notification(notification_body(payment.trade_no)).content == b"OK"
    assert post_notification(notification_body(payment.trade_no)).content == b"OK"
    assert Payment.objects.get().status == Payment.Status.PAID
    assert signals.names() == ["order_paid"]
    outcomes = list(Notification.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["received", "applied", "duplicate"]

    # The orphaned delivery, processed again from the admin, finds nothing left to do.
    assert process_notification(note).ok
    assert Notification.objects.get(pk=note.pk).outcome == Notification.Outcome.DUPLICATE
    assert signals.names() == ["order_paid"]
