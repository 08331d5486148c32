"""paypro_reconcile, paypro_balance and paypro_prune_notifications."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from django_paypro.models import Notification, Payment, Payout
from django_paypro.testing.factories import PaymentFactory, PayoutFactory

pytestmark = pytest.mark.django_db

QUERY = "/v1/paypro/queryPayInResult"
PAYOUT_QUERY = "/v1/paypro/queryPayOutResult"


def age(record, **delta):
    type(record).objects.filter(pk=record.pk).update(updated_at=timezone.now() - timedelta(**delta))


def answer_by_trade_no(statuses):
    def handler(request):
        trade_no = request.json["tradeNo"]
        status = statuses.get(trade_no)
        if status is None:
            return None
        body = (
            b'{"code":"0000","msg":"success","success":true,"data":{"tradeNo":"%s",'
            b'"status":"%s","amount":"300"}}' % (trade_no.encode(), status.encode())
        )
        return 200, {"Content-Type": "application/json"}, body

    return handler


def run(*args):
    out = io.StringIO()
    call_command("paypro_reconcile", *args, stdout=out)
    return out.getvalue()


def test_reconcile_settles_old_open_payments_and_leaves_recent_ones(fake_paypro, signals):
    old_pending = PaymentFactory()
    old_unknown = PaymentFactory(status=Payment.Status.UNKNOWN)
    recent = PaymentFactory()
    paid = PaymentFactory(status=Payment.Status.PAID)
    for record in (old_pending, old_unknown, paid):
        age(record, hours=1)
    fake_paypro.handler = answer_by_trade_no(
        {old_pending.trade_no: "0000", old_unknown.trade_no: "00029"}
    )

    output = run("--older-than", "600", "--payments-only")

    assert "checked 2, changed 2 (1 failed, 1 paid), unchanged 0, errors 0" in output
    assert Payment.objects.get(pk=old_pending.pk).status == Payment.Status.PAID
    assert Payment.objects.get(pk=old_unknown.pk).status == Payment.Status.FAILED
    assert Payment.objects.get(pk=recent.pk).status == Payment.Status.PENDING
    queried = sorted(r.json["tradeNo"] for r in fake_paypro.requests)
    assert queried == sorted([old_pending.trade_no, old_unknown.trade_no])
    assert sorted(signals.names()) == ["order_paid", "payment_failed"]


def test_dry_run_queries_nothing(fake_paypro):
    age(PaymentFactory(), hours=1)
    output = run("--dry-run", "--older-than", "60")
    assert "would query" in output
    assert "dry run: checked 1" in output
    assert fake_paypro.requests == []


def test_errors_are_counted_and_the_run_goes_on(fake_paypro):
    first, second = PaymentFactory(), PaymentFactory()
    age(first, hours=1)
    age(second, hours=1)
    fake_paypro.handler = answer_by_trade_no({second.trade_no: "0000"})
    fake_paypro.respond(QUERY, json=fake_paypro.envelope(None, code="8000", msg="no such order"))
    output = run("--older-than", "60", "--payments-only")
    assert "changed 1 (1 paid), unchanged 0, errors 1" in output
    assert Payment.objects.get(pk=first.pk).status == Payment.Status.PENDING


def test_payouts_are_reconciled_too(fake_paypro, signals):
    payout = PayoutFactory()
    age(payout, hours=1)
    fake_paypro.respond(
        PAYOUT_QUERY,
        json=fake_paypro.envelope({"tradeNo": payout.trade_no, "status": "0000", "amount": "100"}),
    )
    run("--older-than", "60", "--payouts-only")
    assert Payout.objects.get().status == Payout.Status.SUCCEEDED
    assert signals.names() == ["payout_succeeded"]


@pytest.mark.django_db(transaction=True)
def test_concurrency_setting_queries_in_parallel(fake_paypro):
    payments = [PaymentFactory() for _ in range(12)]
    for payment in payments:
        age(payment, hours=1)
    fake_paypro.handler = answer_by_trade_no({p.trade_no: "0000" for p in payments})
    output = run("--older-than", "60", "--concurrency", "4", "--payments-only")
    assert "checked 12, changed 12 (12 paid)" in output
    assert Payment.objects.filter(status="paid").count() == 12


def test_balance_command(fake_paypro):
    fake_paypro.respond(
        "/v1/paypro/queryBalance",
        json=fake_paypro.envelope({"availableAmount": "10.5", "freezeAmount": "1"}),
    )
    out = io.StringIO()
    call_command("paypro_balance", stdout=out)
    assert "available  10.5 MXN" in out.getvalue()
    assert "frozen     1 MXN" in out.getvalue()


def test_balance_command_reports_errors(refused_url):
    with pytest.raises(CommandError, match="could not tell the balance"):
        call_command("paypro_balance", stdout=io.StringIO())


def test_prune_notifications():
    old = Notification.objects.create(trade_no="A")
    kept_failed = Notification.objects.create(trade_no="B", outcome="failed")
    recent = Notification.objects.create(trade_no="C")
    Notification.objects.filter(pk__in=[old.pk, kept_failed.pk]).update(
        received_at=timezone.now() - timedelta(days=40)
    )
    out = io.StringIO()
    call_command("paypro_prune_notifications", "--days", "30", "--keep-failed", stdout=out)
    assert sorted(Notification.objects.values_list("pk", flat=True)) == sorted(
        [kept_failed.pk, recent.pk]
    )
    assert "deleted 1" in out.getvalue()


def test_older_than_zero_means_everything_open(fake_paypro):
    payment = PaymentFactory()
    fake_paypro.handler = answer_by_trade_no({payment.trade_no: "0000"})
    assert "checked 1, changed 1 (1 paid)" in run("--older-than", "0", "--payments-only")


@pytest.mark.django_db(transaction=True)
def test_reconcile_counts_only_what_its_own_write_changed(fake_paypro, signals):
    """A notification applying the answer while reconcile is asking is not reconcile's change."""
    from django.db import connection
    from django.test import Client

    from tests.conftest import notification_body

    payment = PaymentFactory()
    age(payment, hours=1)
    body = notification_body(payment.trade_no)

    def notification_arrives_during_the_query(request):
        try:
            Client().post("/paypro/notify/", data=body, content_type="application/json")
        finally:
            connection.close()  # the fake server's thread has its own connection
        answer = (
            b'{"code":"0000","msg":"success","success":true,"data":%s}'
            % json.dumps({"tradeNo": payment.trade_no, "status": "0000", "amount": "300"}).encode()
        )
        return 200, {"Content-Type": "application/json"}, answer

    fake_paypro.handler = notification_arrives_during_the_query
    out = run("--older-than", "60")

    assert "changed 0" in out and "unchanged 1" in out, out
    assert Payment.objects.get().status == Payment.Status.PAID
    assert signals.names() == ["order_paid"]
