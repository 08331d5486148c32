"""One trade number, one record: across payments and payouts, and under concurrent creation."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_save

from django_paypro import create_payment, create_payout
from django_paypro.exceptions import PayProValidationError
from django_paypro.models import Payment, Payout, TradeNumber
from django_paypro.services.trade_numbers import claim_trade_numbers, create_record
from django_paypro.testing.factories import PaymentFactory, PayoutFactory

ROOT = Path(__file__).resolve().parents[2]
PAGE = "/v1/paypro/paymentLink"
PAYOUT = "/v1/paypro/payOut"
PAYOUT_TO = {
    "bank_code": "BANXICO",
    "name": "Ana",
    "account_type": "CLABE",
    "account": "002010077777777771",
}


@pytest.fixture
def paypro_accepts(fake_paypro):
    fake_paypro.respond(PAGE, json=fake_paypro.envelope({"status": "0015", "paymentUrl": ""}))
    fake_paypro.respond(PAYOUT, json=fake_paypro.envelope({"status": "0015"}))
    return fake_paypro


def pay(trade_no: str) -> Payment:
    return create_payment("300", trade_no=trade_no)


def send(trade_no: str) -> Payout:
    return create_payout("100", trade_no=trade_no, **PAYOUT_TO)


@pytest.mark.django_db
def test_a_payout_cannot_take_a_payment_trade_number(paypro_accepts):
    pay("T-SHARED")
    with pytest.raises(PayProValidationError) as caught:
        send("T-SHARED")
    assert caught.value.field == "trade_no"
    assert not Payout.objects.exists()
    assert [r.path for r in paypro_accepts.requests] == [PAGE]


@pytest.mark.django_db
def test_a_payment_cannot_take_a_payout_trade_number(paypro_accepts):
    send("T-SHARED")
    with pytest.raises(PayProValidationError, match="T-SHARED"):
        pay("T-SHARED")
    assert not Payment.objects.exists()
    assert [r.path for r in paypro_accepts.requests] == [PAYOUT]


@pytest.mark.django_db
def test_a_second_payment_with_the_same_trade_number_is_refused(paypro_accepts):
    pay("T-TWICE")
    with pytest.raises(PayProValidationError):
        pay("T-TWICE")
    assert Payment.objects.count() == 1
    assert len(paypro_accepts.requests) == 1


@pytest.mark.django_db
def test_records_created_without_a_claim_are_respected(paypro_accepts):
    """A factory (or the admin) writes the table directly: the number is still taken."""
    PaymentFactory(trade_no="T-FACTORY")
    PayoutFactory(trade_no="W-FACTORY")
    with pytest.raises(PayProValidationError):
        send("T-FACTORY")
    with pytest.raises(PayProValidationError):
        pay("W-FACTORY")
    assert paypro_accepts.requests == []


@pytest.mark.django_db
def test_a_refused_creation_leaves_no_claim_behind(paypro_accepts):
    pay("T-1")
    with pytest.raises(PayProValidationError):
        send("T-1")
    assert list(TradeNumber.objects.values_list("trade_no", "kind")) == [("T-1", "payment")]


@pytest.mark.django_db
def test_the_claim_is_kept_after_the_record_is_deleted(paypro_accepts):
    """PayPro remembers the number too: reusing it would be refused there (8000)."""
    pay("T-GONE").delete()
    with pytest.raises(PayProValidationError):
        send("T-GONE")


@pytest.mark.django_db
def test_claiming_in_bulk_refuses_the_whole_set_when_one_is_taken():
    PaymentFactory(trade_no="B-2")
    with pytest.raises(PayProValidationError, match="B-2"):
        claim_trade_numbers(["B-1", "B-2", "B-3"], Payout)
    assert not TradeNumber.objects.exists()
    claim_trade_numbers(["B-1", "B-3"], Payout)
    assert sorted(TradeNumber.objects.values_list("trade_no", flat=True)) == ["B-1", "B-3"]


@pytest.mark.django_db
def test_creating_a_record_costs_a_lookup_and_two_inserts(django_assert_max_num_queries):
    values = {"trade_no": "T-Q", "country": "MX", "amount": 300, "currency": "MXN"}
    # SELECT (one UNION), SAVEPOINT, INSERT claim, RELEASE, INSERT record
    with django_assert_max_num_queries(5):
        create_record(Payment, **values)


@pytest.mark.django_db
def test_the_migration_registers_existing_numbers_keeping_the_first_owner():
    module = __import__(
        "django_paypro.migrations.0004_trade_numbers", fromlist=["register_existing"]
    )
    PaymentFactory(trade_no="OLD-1")
    PayoutFactory(trade_no="OLD-2")
    PayoutFactory(trade_no="OLD-1")  # held twice before this release
    module.register_existing(apps, SimpleNamespace(connection=connection))
    assert dict(TradeNumber.objects.values_list("trade_no", "kind")) == {
        "OLD-1": "payment",
        "OLD-2": "payout",
    }


# Two creators at once -------------------------------------------------------------------------


class HoldFirstCommit:
    """Keep the first record's transaction open until the second creator has had its go.

    Connected to ``post_save`` (Django's own signal, sent inside the creating transaction), so
    the second creation runs while the first one's claim is written but not yet committed.
    """

    def __init__(self) -> None:
        self.inside = threading.Event()
        self.release = threading.Event()
        self._first = True
        self._lock = threading.Lock()

    def __call__(self, sender: Any, created: bool = False, **kwargs: Any) -> None:
        with self._lock:
            first, self._first = self._first, False
        if created and first:
            self.inside.set()
            self.release.wait(timeout=3)


def race(first, second) -> list[Any]:
    hold = HoldFirstCommit()
    for model in (Payment, Payout):
        post_save.connect(hold, sender=model, weak=False)
    results: list[Any] = [None, None]

    def run(index: int, job) -> None:
        try:
            results[index] = job()
        except Exception as err:  # compared below
            results[index] = err
        finally:
            connection.close()

    try:
        one = threading.Thread(target=run, args=(0, first))
        one.start()
        assert hold.inside.wait(timeout=10)
        two = threading.Thread(target=run, args=(1, second))
        two.start()
        two.join(timeout=1)  # on PostgreSQL it waits on the claim; on SQLite on the lock
        hold.release.set()
        one.join(timeout=30)
        two.join(timeout=30)
    finally:
        for model in (Payment, Payout):
            post_save.disconnect(hold, sender=model)
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("first", "second"),
    [(pay, pay), (pay, send), (send, pay)],
    ids=["payment-payment", "payment-payout", "payout-payment"],
)
def test_two_creations_of_one_trade_number_at_once_make_one_record(paypro_accepts, first, second):
    results = race(lambda: first("T-RACE"), lambda: second("T-RACE"))

    assert isinstance(results[0], Payment | Payout), results
    assert isinstance(results[1], PayProValidationError), results
    assert Payment.objects.count() + Payout.objects.count() == 1
    assert len(paypro_accepts.requests) == 1
    assert TradeNumber.objects.count() == 1


def worker(kind: str, trade_no: str, base_url: str, *extra: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PAYPRO_TEST_DB": "postgres",
        "PGDATABASE": connection.settings_dict["NAME"],  # the test database, not "test"
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.foundation.trade_number_worker",
            kind,
            trade_no,
            base_url,
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_creating_one_trade_number_make_one_record(paypro_accepts):
    """Two interpreters, two database sessions: the payment's claim is not yet committed when the
    payout's creation runs into it."""
    first = worker("payment", "T-PROC", paypro_accepts.base_url, "hold")
    assert first.stdout is not None
    assert first.stdout.readline().strip() == "inside", first.stderr.read() if first.stderr else ""
    second = worker("payout", "T-PROC", paypro_accepts.base_url)

    outputs = [p.communicate(timeout=60)[0].strip().splitlines()[-1] for p in (first, second)]

    assert outputs == ["created", "refused"]
    assert (Payment.objects.count(), Payout.objects.count()) == (1, 0)
    assert [r.path for r in paypro_accepts.requests] == [PAGE]
