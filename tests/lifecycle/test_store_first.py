"""Each delivery is stored before it is processed: a killed worker loses nothing.

A receiver that raises is covered in ``test_notify``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from django_paypro.models import Notification, Payment
from django_paypro.services.notifications import process_notification
from django_paypro.testing.factories import PaymentFactory
from tests.conftest import notification_body

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]

# A worker that posts one delivery and dies (os._exit: no cleanup, no rollback, no answer)
# inside the transaction, the moment order_paid is sent.
DYING_WORKER = """
import os, sys
import django
from django.conf import settings
settings.DATABASES["default"]["NAME"] = os.environ["PAYPRO_DYING_DB"]
django.setup()
from django.test import Client
from django_paypro import signals

def die(sender, **kwargs):
    os._exit(17)

signals.order_paid.connect(die, weak=False)
Client().post("/paypro/notify/", data=sys.stdin.read(), content_type="application/json")
os._exit(0)
"""


def test_a_worker_killed_inside_the_transaction_leaves_the_delivery_on_record(
    post_notification, signals
):
    payment = PaymentFactory()
    body = json.dumps(notification_body(payment.trade_no))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(ROOT),
        "PAYPRO_DYING_DB": str(connection.settings_dict["NAME"]),
    }
    worker = subprocess.run(
        [sys.executable, "-c", DYING_WORKER],
        input=body,
        text=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert worker.returncode == 17, worker.stderr

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
