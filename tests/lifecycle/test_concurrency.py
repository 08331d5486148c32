"""Deliveries racing each other and the reconciler fire one signal.

These run on SQLite too (writers serialised by the database lock) and for real on PostgreSQL,
where the writers wait on the row lock; CI runs both.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from django_paypro import signals as paypro_signals
from django_paypro.models import Notification, Payment
from django_paypro.services.reconcile import reconcile
from django_paypro.testing.factories import PaymentFactory
from tests.conftest import notification_body
from tests.lifecycle.processes import finish, start_workers
from tests.threads import run_together

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6
PROCESSES = 4


class Counter:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, sender: Any, payment: Payment, **kwargs: Any) -> None:
        with self.lock:
            self.calls.append(payment.trade_no)


@pytest.fixture
def paid_counter():
    counter = Counter()
    paypro_signals.order_paid.connect(counter)
    yield counter
    paypro_signals.order_paid.disconnect(counter)


def deliver(body: dict[str, Any]) -> Callable[[], tuple[int, bytes]]:
    def post() -> tuple[int, bytes]:
        response = Client().post(
            "/paypro/notify/", data=json.dumps(body), content_type="application/json"
        )
        return response.status_code, response.content

    return post


def test_same_notification_delivered_at_once_fires_one_order_paid(paid_counter):
    payment = PaymentFactory()
    body = notification_body(payment.trade_no)

    results = run_together([deliver(body) for _ in range(THREADS)])

    assert results == [(200, b"OK")] * THREADS
    assert paid_counter.calls == [payment.trade_no]
    assert Payment.objects.get().status == Payment.Status.PAID
    outcomes = sorted(Notification.objects.values_list("outcome", flat=True))
    assert outcomes == ["applied"] + ["duplicate"] * (THREADS - 1)


@pytest.mark.postgres
def test_postgres_row_lock_makes_the_second_writer_see_the_first(paid_counter):
    """On PostgreSQL the losers block on the row lock and re-check ``version``: no retry storm."""
    payments = [PaymentFactory() for _ in range(3)]
    jobs = [deliver(notification_body(p.trade_no)) for p in payments for _ in range(4)]
    results = run_together(jobs)
    assert results == [(200, b"OK")] * len(jobs)
    assert sorted(paid_counter.calls) == sorted(p.trade_no for p in payments)


@pytest.mark.postgres
def test_same_notification_in_several_processes_at_once_fires_one_order_paid(tmp_path):
    """Real processes, each with its own connection, released together: one signal in all."""
    payment = PaymentFactory()
    body = json.dumps(notification_body(payment.trade_no))

    results = finish(start_workers(body, PROCESSES, tmp_path, mode="count"))

    assert results == [(0, "200 OK")] * PROCESSES
    assert len((tmp_path / "sent").read_text().split()) == 1
    assert Payment.objects.get().status == Payment.Status.PAID
    outcomes = sorted(Notification.objects.values_list("outcome", flat=True))
    assert outcomes == ["applied"] + ["duplicate"] * (PROCESSES - 1)


def test_notification_racing_the_reconciler_fires_one_order_paid(fake_paypro, paid_counter):
    payment = PaymentFactory()
    Payment.objects.filter(pk=payment.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    fake_paypro.respond(
        "/v1/paypro/queryPayInResult",
        json=fake_paypro.envelope({"tradeNo": payment.trade_no, "status": "0000", "amount": "300"}),
    )
    body = notification_body(payment.trade_no)

    def run_reconciler() -> str:
        return reconcile(older_than=timedelta(minutes=5)).line()

    results = run_together([deliver(body), run_reconciler, deliver(body), run_reconciler])

    assert results[0] == results[2] == (200, b"OK")
    assert all(isinstance(r, str) for r in (results[1], results[3])), results
    assert paid_counter.calls == [payment.trade_no]
    assert Payment.objects.get().status == Payment.Status.PAID
