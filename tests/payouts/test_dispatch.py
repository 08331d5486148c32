"""Exactly once: a payout is claimed (approved → sending) before its request leaves."""

from __future__ import annotations

import functools
import threading
from datetime import timedelta

import pytest
from django.db import connection

from django_paypro.client import clear_clients
from django_paypro.models import Payout, PayoutBatch
from django_paypro.services.approval import approve_batch
from django_paypro.services.batches import create_batch, preview_csv
from django_paypro.services.dispatch import claim_payout, enqueue_waiting, send_approved_payout
from django_paypro.services.reconcile import reconcile
from django_paypro.tasks import enqueue_payouts
from tests.fake_paypro import unused_url
from tests.payouts.conftest import mx_csv

pytestmark = pytest.mark.django_db


def run_together(functions):
    """Run each function on its own thread, all starting at once; wait for them all."""
    start = threading.Barrier(len(functions))

    def run(function):
        try:
            start.wait()
            function()
        finally:
            connection.close()  # each thread has its own database connection

    threads = [threading.Thread(target=run, args=(function,)) for function in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _approved(creator, approver, count=2):
    """Return a batch approved without sending (as if its tasks were still queued)."""
    batch = create_batch(preview_csv(mx_csv(count)), created_by=creator)
    approve_batch(batch, approver)  # no on_commit in a test transaction: nothing enqueued
    return batch


def test_a_task_enqueued_twice_sends_once(creator, approver, desk):
    batch = _approved(creator, approver, count=2)
    ids = list(batch.payouts.values_list("pk", flat=True))

    enqueue_payouts(ids)
    enqueue_payouts(ids)  # a retry, or a second approval click

    assert sorted(desk.sent.values()) == [1, 1]


def test_a_claimed_payout_is_never_sent_by_anyone_else(creator, approver, desk):
    payout = _approved(creator, approver, count=1).payouts.get()
    assert claim_payout(payout.pk) is True  # a worker that then died

    assert send_approved_payout(payout.pk) == Payout.Status.SENDING
    assert claim_payout(payout.pk) is False
    assert desk.sent == {}


def test_a_payout_left_sending_is_settled_by_reconciliation(creator, approver, desk):
    payout = _approved(creator, approver, count=1).payouts.get()
    claim_payout(payout.pk)
    desk.accepted[payout.trade_no] = "0000"  # PayPro got it before the worker died
    desk.amounts[payout.trade_no] = f"{payout.amount:f}"

    summary = reconcile(older_than=timedelta(0))

    payout.refresh_from_db()
    assert payout.status == Payout.Status.SUCCEEDED
    assert summary.changed == 1
    assert desk.sent == {}  # queried, never sent again


def test_a_payout_left_sending_that_paypro_never_got_stays_for_a_person(creator, approver, desk):
    payout = _approved(creator, approver, count=1).payouts.get()
    claim_payout(payout.pk)

    reconcile(older_than=timedelta(0))

    payout.refresh_from_db()
    assert payout.status == Payout.Status.SENDING
    assert desk.sent == {}


@pytest.mark.parametrize("fault", ["5000", "drop"])
def test_an_unclear_answer_leaves_unknown_and_reconciliation_settles_it(
    creator, approver, desk, fault
):
    desk.fault_for = lambda trade_no: fault
    payout = _approved(creator, approver, count=1).payouts.get()

    assert send_approved_payout(payout.pk) == Payout.Status.UNKNOWN
    reconcile(older_than=timedelta(0))

    payout.refresh_from_db()
    assert payout.status == Payout.Status.SUCCEEDED
    assert desk.sent == {payout.trade_no: 1}


def test_a_refusal_fails_the_payout_and_completes_the_batch(
    creator, approver, desk, signals, django_capture_on_commit_callbacks
):
    desk.fault_for = lambda trade_no: "reject"
    batch = _approved(creator, approver, count=2)
    signals.calls.clear()

    with django_capture_on_commit_callbacks(execute=True):
        enqueue_payouts(batch.payouts.values_list("pk", flat=True))

    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.COMPLETED
    assert signals.names().count("payout_failed") == 2
    assert signals.names().count("payout_batch_completed") == 1


def test_the_batch_completes_once_when_its_last_payout_settles(
    creator, approver, desk, signals, django_capture_on_commit_callbacks
):
    batch = _approved(creator, approver, count=2)
    enqueue_payouts(batch.payouts.values_list("pk", flat=True))
    assert batch.payouts.filter(status=Payout.Status.PENDING).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        reconcile(older_than=timedelta(0))
        reconcile(older_than=timedelta(0))

    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.COMPLETED
    assert batch.completed_at is not None
    assert signals.names().count("payout_batch_completed") == 1


@pytest.mark.django_db(transaction=True)
def test_threads_racing_for_the_same_payouts_send_each_once(creator, approver, desk):
    desk.slow_seconds = 0.05
    batch = _approved(creator, approver, count=5)
    ids = list(batch.payouts.values_list("pk", flat=True))

    def worker():
        for payout_id in ids:
            send_approved_payout(payout_id)

    run_together([worker] * 4)

    assert sorted(desk.sent.values()) == [1] * 5
    assert set(Payout.objects.values_list("status", flat=True)) == {Payout.Status.PENDING}


def test_a_refused_connection_gives_the_payout_back_and_a_sweep_sends_it_once(
    creator, approver, settings, desk
):
    payout = _approved(creator, approver, count=1).payouts.get()
    reachable = settings.PAYPRO["BASE_URL"]
    settings.PAYPRO = {**settings.PAYPRO, "BASE_URL": unused_url()}
    clear_clients()

    assert send_approved_payout(payout.pk) == Payout.Status.APPROVED

    settings.PAYPRO = {**settings.PAYPRO, "BASE_URL": reachable}
    clear_clients()
    assert enqueue_waiting(timedelta(0)) == 1
    assert enqueue_waiting(timedelta(0)) == 0  # sent by the first sweep's task, inline
    assert desk.sent == {payout.trade_no: 1}


def test_a_read_timeout_is_not_taken_for_a_request_that_never_left(
    creator, approver, desk, settings
):
    settings.PAYPRO = {**settings.PAYPRO, "TIMEOUT": (1.0, 0.3)}
    desk.slow_seconds = 1.0
    payout = _approved(creator, approver, count=1).payouts.get()

    assert send_approved_payout(payout.pk) == Payout.Status.UNKNOWN
    assert desk.sent == {payout.trade_no: 1}


@pytest.mark.django_db(transaction=True)
def test_the_last_payouts_settled_at_once_on_two_threads_complete_the_batch_once(
    creator, approver, desk, signals
):
    desk.create_status = "0000"
    desk.slow_seconds = 0.05
    batch = _approved(creator, approver, count=2)
    ids = list(batch.payouts.values_list("pk", flat=True))

    run_together([functools.partial(send_approved_payout, payout_id) for payout_id in ids])

    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.COMPLETED
    assert signals.names().count("payout_batch_completed") == 1


def test_sending_a_payout_costs_a_fixed_handful_of_queries(
    creator, approver, desk, django_assert_num_queries
):
    payout = _approved(creator, approver, count=1).payouts.get()
    # claim (UPDATE), read the row, record PayPro's answer (UPDATE); nothing per batch size
    with django_assert_num_queries(3):
        send_approved_payout(payout.pk)


@pytest.mark.parametrize("count", [3, 30])
def test_approval_costs_the_same_queries_whatever_the_batch_size(
    creator, approver, desk, count, django_assert_num_queries
):
    batch = create_batch(preview_csv(mx_csv(count)), created_by=creator)
    batch = PayoutBatch.objects.get(pk=batch.pk)
    with django_assert_num_queries(APPROVAL_QUERIES):
        approve_batch(batch, approver)


#: permission lookups (2), totals per country (1), then in one transaction (savepoint and its
#: release, 2): the country's lock row, created if missing and locked (2), the payouts approved
#: and not sent (1), the batch, its payouts, the decision, the batch re-read (4), the ids (1)
APPROVAL_QUERIES = 13
