"""The hot path's precompiled SQL must do exactly what the ORM does, on either database."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from django_paypro.models import Notification, Payment, Payout
from django_paypro.services import statements
from tests.lifecycle.helpers import make_payment, make_payout

pytestmark = pytest.mark.django_db


def _row(model, pk):
    """Every column of one row, as the ORM reads it."""
    return {f.attname: getattr(model.objects.get(pk=pk), f.attname) for f in model._meta.fields}


def _assert_same_notification(pk, reference_pk):
    """Assert row ``pk`` holds what ``save()`` wrote in ``reference_pk``, but for id and time."""
    row, expected = _row(Notification, pk), _row(Notification, reference_pk)
    # auto_now_add filled in by pre_save, as save() does
    assert abs(row.pop("received_at") - expected.pop("received_at")) < timedelta(seconds=5)
    assert row.pop("id") != expected.pop("id")
    assert row == expected


def _values(obj):
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.fields}


def test_fetch_one_returns_what_the_orm_returns():
    payment = make_payment(
        paid_amount=Decimal("12.50"),
        request_data={"amount": "300", "nested": {"a": [1, "2"]}},
        response_data={"status": "0015"},
        paid_at=timezone.now(),
        message="ünïcode ✓",
    )
    fetched = statements.fetch_one(Payment, "trade_no", payment.trade_no)
    assert isinstance(fetched, Payment)
    assert _values(fetched) == _values(Payment.objects.get(pk=payment.pk))
    assert fetched._state.adding is False and fetched._state.db == "default"
    assert fetched.request_data == {"amount": "300", "nested": {"a": [1, "2"]}}


def test_fetch_one_finds_payouts_and_nothing_else():
    payout = make_payout()
    assert statements.fetch_one(Payout, "trade_no", payout.trade_no).pk == payout.pk
    assert statements.fetch_one(Payment, "trade_no", payout.trade_no) is None
    assert statements.fetch_one(Payment, "trade_no", "'; DROP TABLE x; --") is None


def test_fetch_one_is_one_statement(django_assert_num_queries):
    payment = make_payment()
    statements.fetch_one(Payment, "trade_no", payment.trade_no)  # compiled here
    with django_assert_num_queries(1):
        assert statements.fetch_one(Payment, "trade_no", payment.trade_no).pk == payment.pk


def test_insert_writes_the_row_save_would(django_assert_num_queries):
    payment = make_payment()
    fields = {
        "kind": Notification.Kind.PAYMENT,
        "trade_no": payment.trade_no,
        "body": '{"tradeNo": "x", "amount": 3.0}',
        "headers": {"content-type": "application/json", "sign": "ab"},
        "remote_addr": "2001:db8::1",
        "signature_valid": True,
        "outcome": Notification.Outcome.DUPLICATE,
        "action": "no change (pending)",
        "payment": payment,
        "processed_at": timezone.now(),
    }
    saved = Notification(**fields)
    saved.save()
    fast = Notification(**fields)
    statements.insert(fast)  # compiled here
    again = Notification(**fields)
    with django_assert_num_queries(1):
        statements.insert(again)
    assert fast.pk is not None and again.pk not in (None, fast.pk)
    assert fast._state.adding is False and fast._state.db == "default"
    for obj in (fast, again):
        _assert_same_notification(obj.pk, saved.pk)
        assert obj.received_at is not None


def test_insert_falls_back_to_save_when_someone_listens():
    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((instance.trade_no, created))

    post_save.connect(receiver, sender=Notification)
    try:
        note = Notification(trade_no="LISTENED")
        statements.insert(note)
    finally:
        post_save.disconnect(receiver, sender=Notification)
    assert seen == [("LISTENED", True)]
    assert Notification.objects.get(pk=note.pk).trade_no == "LISTENED"


def test_update_row_is_a_compare_and_set(django_assert_num_queries):
    payment = make_payment()
    now = timezone.now()
    values = {"status": "paid", "paid_amount": Decimal("300.00"), "paid_at": now}
    values |= {"response_data": {"status": "0000"}, "updated_at": now}
    with django_assert_num_queries(1):
        assert statements.update_row(payment, values, version=payment.version + 7) == 0
    assert Payment.objects.get(pk=payment.pk).status == "pending"  # wrong version: untouched

    assert statements.update_row(payment, values, version=payment.version) == 1
    stored = Payment.objects.get(pk=payment.pk)
    assert (stored.status, stored.paid_amount, stored.paid_at) == ("paid", Decimal("300"), now)
    assert stored.response_data == {"status": "0000"}
    assert stored.version == payment.version + 1
    # the same version again loses: someone (this writer) moved it on
    assert statements.update_row(payment, values, version=payment.version) == 0


def test_update_row_without_version_leaves_the_version_alone():
    note = Notification.objects.create(trade_no="N1")
    assert statements.update_row(note, {"outcome": "failed", "error": "boom"}) == 1
    stored = Notification.objects.get(pk=note.pk)
    assert (stored.outcome, stored.error) == ("failed", "boom")
    assert model_to_dict(stored, exclude=["outcome", "error"]) == model_to_dict(
        note, exclude=["outcome", "error"]
    )


def test_update_row_refuses_relations_and_unknown_fields():
    payment = make_payment()
    note = Notification.objects.create(trade_no="N2")
    with pytest.raises(TypeError, match="not a concrete, non-relational field"):
        statements.update_row(note, {"payment": payment})
    with pytest.raises(Exception, match="no field named"):
        statements.update_row(payment, {"nonsense": 1})


@pytest.mark.django_db(transaction=True)
def test_each_thread_compiles_for_its_own_connection():
    payment = make_payment()
    found, errors = [], []

    def worker():
        try:
            found.append(statements.fetch_one(Payment, "trade_no", payment.trade_no).pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and found == [payment.pk] * 4


def test_statements_are_not_recompiled():
    payment = make_payment()
    statements.fetch_one(Payment, "trade_no", payment.trade_no)
    with CaptureQueriesContext(connection) as first:
        statements.fetch_one(Payment, "trade_no", payment.trade_no)
    with CaptureQueriesContext(connection) as second:
        statements.fetch_one(Payment, "trade_no", payment.trade_no)
    assert first.captured_queries[0]["sql"] == second.captured_queries[0]["sql"]
    assert "ORDER BY" not in first.captured_queries[0]["sql"]


def _note_for(payment, **extra):
    fields = {
        "kind": Notification.Kind.PAYMENT,
        "trade_no": payment.trade_no,
        "body": '{"tradeNo": "x"}',
        "headers": {"content-type": "application/json"},
        "remote_addr": "192.0.2.1",
        "signature_valid": True,
        "outcome": Notification.Outcome.APPLIED,
        "action": "pending → paid",
        "payment": payment,
        "processed_at": timezone.now(),
    }
    return Notification(**(fields | extra))


def test_update_row_with_insert_writes_both_when_it_wins(django_assert_num_queries):
    payment = make_payment()
    processed_at = timezone.now()
    reference = _note_for(payment, processed_at=processed_at)
    reference.save()
    note = _note_for(payment, processed_at=processed_at)
    values = {"status": "paid", "response_data": {"status": "0000"}, "updated_at": timezone.now()}
    # One statement where the database can put both in one (PostgreSQL), else two.
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        changed = statements.update_row_with_insert(
            payment, values, version=payment.version, companion=note
        )
    assert changed == 1
    stored = Payment.objects.get(pk=payment.pk)
    assert (stored.status, stored.version) == ("paid", payment.version + 1)
    assert stored.response_data == {"status": "0000"}
    assert note.pk is not None and note._state.adding is False
    _assert_same_notification(note.pk, reference.pk)


def test_update_row_with_insert_writes_nothing_when_it_loses():
    payment = make_payment()
    note = _note_for(payment)
    changed = statements.update_row_with_insert(
        payment, {"status": "paid"}, version=payment.version + 1, companion=note
    )
    assert changed == 0
    assert note.pk is None
    assert Notification.objects.count() == 0
    assert Payment.objects.get(pk=payment.pk).status == "pending"


def test_update_row_with_insert_keeps_save_signals():
    payment = make_payment()
    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append(instance.outcome)

    post_save.connect(receiver, sender=Notification)
    try:
        note = _note_for(payment)
        assert statements.update_row_with_insert(
            payment, {"status": "paid"}, version=payment.version, companion=note
        )
    finally:
        post_save.disconnect(receiver, sender=Notification)
    assert seen == ["applied"]
    assert Notification.objects.get().pk == note.pk


@pytest.mark.django_db(transaction=True)
def test_update_row_with_insert_is_undone_with_its_transaction():
    from django.db import transaction

    payment = make_payment()
    note = _note_for(payment)
    with pytest.raises(RuntimeError), transaction.atomic():
        statements.update_row_with_insert(
            payment, {"status": "paid"}, version=payment.version, companion=note
        )
        raise RuntimeError("a receiver failed")
    assert Payment.objects.get(pk=payment.pk).status == "pending"
    assert Notification.objects.count() == 0
