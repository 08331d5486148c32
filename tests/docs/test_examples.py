"""The code samples the pages include from docs/examples/ work as the pages say."""

from __future__ import annotations

import runpy
import sys
import types
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings

from django_paypro import signals
from django_paypro.testing.factories import PaymentFactory
from tests.conftest import notification_body
from tests.docs.helpers import EXAMPLES, load_module
from tests.shop.models import Order

PRODUCTION_ENV = {
    "PAYPRO_MERCHANT_NO": "1234567890",
    "PAYPRO_APP_SECRET": "mx-secret",
    "PAYPRO_BR_MERCHANT_NO": "2000000002",
    "PAYPRO_BR_APP_SECRET": "br-secret",
}


def paypro_messages() -> list[Any]:
    return [m for m in run_checks(include_deployment_checks=True) if m.id.startswith("paypro")]


def test_production_settings_pass_every_check_with_debug_off(monkeypatch: Any) -> None:
    for key, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(key, value)
    example = runpy.run_path(str(EXAMPLES / "settings_production.py"))
    with override_settings(PAYPRO=example["PAYPRO"], DEBUG=False):
        assert paypro_messages() == []


def test_quickstart_settings_pass_every_check() -> None:
    namespace = runpy.run_path(str(EXAMPLES / "quickstart" / "mysite" / "settings.py"))
    with override_settings(PAYPRO=namespace["PAYPRO"], DEBUG=namespace["DEBUG"]):
        assert paypro_messages() == []


@pytest.fixture
def receivers() -> Iterator[types.ModuleType]:
    """Import the Signals page's receivers (connecting them) and disconnect them afterwards."""
    module = load_module(EXAMPLES / "signal_receivers.py", "docs_signal_receivers")
    yield module
    for signal, receiver in (
        (signals.order_paid, module.fulfil),
        (signals.payment_partially_paid, module.note_partial),
        (signals.payment_failed, module.release_stock),
        (signals.payment_needs_review, module.ask_staff),
    ):
        assert signal.disconnect(receiver)
    del sys.modules["docs_signal_receivers"]


@pytest.mark.django_db
@override_settings(ADMINS=[("Staff", "staff@shop.example")])
def test_signal_receivers_mark_paid_and_mail_after_the_commit(
    receivers: types.ModuleType, post_notification: Any, django_capture_on_commit_callbacks: Any
) -> None:
    order = Order.objects.create(number="A1", total=Decimal(300))
    paid = PaymentFactory(order=order)
    partial = PaymentFactory(order=Order.objects.create(number="A2", total=Decimal(300)))
    review = PaymentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_notification(notification_body(paid.trade_no)).content == b"OK"
        post_notification(notification_body(partial.trade_no, status="0001", amount="100"))
        post_notification(notification_body(review.trade_no, amount="1"))
    order.refresh_from_db()
    assert order.paid
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        f"[Django] Payment {partial.trade_no} partly paid",
        f"[Django] Payment {review.trade_no} needs review",
    ]


@pytest.mark.django_db
def test_the_quickstart_receiver_sends_its_mail_only_after_the_commit(
    post_notification: Any, django_capture_on_commit_callbacks: Any
) -> None:
    module = load_module(EXAMPLES / "quickstart" / "orders" / "receivers.py", "docs_qs_receivers")
    try:
        order = Order.objects.create(number="B1", total=Decimal(300))
        payment = PaymentFactory(order=order)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            post_notification(notification_body(payment.trade_no))
        assert mail.outbox == []  # not yet: the e-mail waits for the commit
        order.refresh_from_db()
        assert order.paid
        # The test shop's Order has no e-mail field; test_quickstart.py runs the e-mail itself.
        assert len(callbacks) == 1
    finally:
        signals.order_paid.disconnect(module.mark_order_paid)


@pytest.mark.django_db
def test_the_cron_command_runs() -> None:
    call_command("paypro_reconcile", verbosity=0)


@pytest.mark.django_db
def test_the_celery_task_runs() -> None:
    pytest.importorskip("celery")
    tasks = load_module(EXAMPLES / "reconcile_tasks.py", "reconcile_tasks")
    tasks.reconcile_paypro()
    assert tasks.CELERY_BEAT_SCHEDULE["paypro-reconcile"]["task"] == (
        "reconcile_tasks.reconcile_paypro"
    )
