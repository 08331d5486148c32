"""Limits and balance at approval: race-safe, by approval day, net of payouts not sent yet."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone

from django_paypro.models import Payout, PayoutBatch
from django_paypro.services.approval import approve_batch
from django_paypro.services.batches import create_batch, preview_csv
from tests.payouts.conftest import mx_csv
from tests.payouts.test_dispatch import run_together

pytestmark = pytest.mark.django_db

A_DAY = timedelta(days=1)
ROOT = Path(__file__).resolve().parents[2]
APPROVE = [sys.executable, "-m", "tests.payouts.approve_in_process"]


def _batch(creator, count=2, amount="100"):
    return create_batch(preview_csv(mx_csv(count, amount)), created_by=creator)


@pytest.fixture
def per_day_300(settings):
    settings.PAYPRO = {**settings.PAYPRO, "PAYOUT_LIMITS": {"MX": {"PER_DAY": "300"}}}


def _approve_two_at_once(creator, approver, desk):
    """Approve two batches of 200 MXN on two threads; the slow balance widens the window."""
    first, second = _batch(creator), _batch(creator)
    desk.balance_seconds = 0.5  # both approvals are past their reads while PayPro answers
    run_together([lambda: approve_batch(first, approver), lambda: approve_batch(second, approver)])
    return PayoutBatch.objects.filter(pk__in=[first.pk, second.pk])


def _assert_one_approved_one_held(batches):
    statuses = sorted(batches.values_list("status", flat=True))
    assert statuses == [PayoutBatch.Status.APPROVED, PayoutBatch.Status.HELD]
    held = batches.get(status=PayoutBatch.Status.HELD)
    assert "200 in this batch and 200 already today" in held.held_reason
    assert "limit of 300 per day" in held.held_reason
    assert set(held.payouts.values_list("status", flat=True)) == {Payout.Status.HELD}


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_cannot_both_pass_the_daily_limit(
    creator, approver, desk, per_day_300
):
    """Runs on SQLite and on PostgreSQL, each with its own connection per thread."""
    _assert_one_approved_one_held(_approve_two_at_once(creator, approver, desk))
    assert sum(desk.sent.values()) == 2  # the approved batch's two payouts, once each


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_approving_at_once_on_postgresql_hold_the_second_with_the_reason(
    creator, approver, desk, fake_paypro, tmp_path
):
    """Two OS processes, two connections: PostgreSQL's row lock is what orders them."""
    first, second = _batch(creator), _batch(creator)
    desk.balance_seconds = 0.5
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.payouts.worker_settings",
        "PYTHONPATH": str(ROOT),
        "PAYPRO_TEST_DB": "postgres",
        "PAYPRO_WORKER_DB_NAME": connection.settings_dict["NAME"],
        "PAYPRO_WORKER_BASE_URL": fake_paypro.base_url,
        "PAYPRO_WORKER_BACKEND": "database",  # enqueued rows only: no worker sends them
    }
    go = tmp_path / "go"

    def ready(batch):
        return str(tmp_path / f"ready-{batch.pk}")

    processes = [
        subprocess.Popen(
            [*APPROVE, str(batch.pk), approver.username, "300", ready(batch), str(go)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for batch in (first, second)
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()  # both are set up: they approve at the same moment
    outputs = [process.communicate(timeout=60)[0].decode() for process in processes]

    assert [process.returncode for process in processes] == [0, 0], outputs
    _assert_one_approved_one_held(PayoutBatch.objects.filter(pk__in=[first.pk, second.pk]))


def test_a_batch_uploaded_yesterday_counts_on_the_day_it_is_approved(
    creator, approver, desk, per_day_300
):
    early = _batch(creator)
    early.payouts.update(created_at=timezone.now() - A_DAY)  # uploaded yesterday
    approve_batch(early, approver)  # approved today
    assert early.status == PayoutBatch.Status.APPROVED

    later = _batch(creator)
    approve_batch(later, approver)

    assert later.status == PayoutBatch.Status.HELD
    assert "200 already today" in later.held_reason


def test_a_batch_approved_yesterday_does_not_count_today(creator, approver, desk, per_day_300):
    early = _batch(creator)
    approve_batch(early, approver)
    early.payouts.update(approved_at=timezone.now() - A_DAY)  # as if approved yesterday

    later = _batch(creator)
    approve_batch(later, approver)

    assert later.status == PayoutBatch.Status.APPROVED


def test_the_approval_records_when_each_payout_was_approved(creator, approver, desk):
    batch = _batch(creator)
    approve_batch(batch, approver)
    assert set(batch.payouts.values_list("approved_at", flat=True)) == {batch.decided_at}


@pytest.mark.parametrize("status", [Payout.Status.APPROVED, Payout.Status.SENDING])
def test_payouts_approved_and_not_sent_are_taken_off_the_balance(creator, approver, desk, status):
    desk.balance = "500"
    waiting = _batch(creator, count=3)  # 300 MXN
    approve_batch(waiting, approver)  # no on_commit in a test transaction: nothing sent
    waiting.payouts.update(status=status)

    batch = _batch(creator, count=3)
    approve_batch(batch, approver)

    assert batch.status == PayoutBatch.Status.HELD
    assert "the batch needs 300 MXN" in batch.held_reason
    assert "500 MXN less 300 MXN approved, not sent yet" in batch.held_reason


def test_payouts_paypro_has_taken_are_not_taken_off_twice(creator, approver, desk):
    desk.balance = "500"  # PayPro's balance already shows the payouts it took
    sent = _batch(creator, count=3)
    approve_batch(sent, approver)
    sent.payouts.update(status=Payout.Status.PENDING)

    batch = _batch(creator, count=3)
    approve_batch(batch, approver)

    assert batch.status == PayoutBatch.Status.APPROVED


def test_the_migration_dates_payouts_of_batches_approved_before_it(creator, approver, desk):
    migration = importlib.import_module("django_paypro.migrations.0006_payout_limits")
    approved, draft = _batch(creator), _batch(creator)
    approve_batch(approved, approver)
    Payout.objects.update(approved_at=None)  # as before the migration

    migration.approval_day_of_approved_batches(django_apps, None)

    assert set(approved.payouts.values_list("approved_at", flat=True)) == {approved.decided_at}
    assert set(draft.payouts.values_list("approved_at", flat=True)) == {None}
