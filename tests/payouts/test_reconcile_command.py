"""``paypro_reconcile`` sends approved payouts whose task was lost, and can enqueue its queries."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from django_paypro.models import Payout
from django_paypro.services.approval import approve_batch
from django_paypro.services.batches import create_batch, preview_csv
from django_paypro.tasks import enqueue_payouts
from tests.payouts.conftest import mx_csv

pytestmark = pytest.mark.django_db


def reconcile_command(*args: str) -> str:
    out = io.StringIO()
    call_command("paypro_reconcile", "--older-than", "0", *args, stdout=out)
    return out.getvalue()


def test_approved_payouts_whose_task_was_lost_are_sent_once(creator, approver, desk):
    batch = create_batch(preview_csv(mx_csv(2)), created_by=creator)
    approve_batch(batch, approver)  # in a test transaction: its tasks are never enqueued

    output = reconcile_command()
    reconcile_command()

    assert "enqueued 2 approved payouts" in output
    assert sorted(desk.sent.values()) == [1, 1]


def test_enqueue_hands_one_query_per_open_record_to_the_task_backend(creator, approver, desk):
    batch = create_batch(preview_csv(mx_csv(3)), created_by=creator)
    approve_batch(batch, approver)
    enqueue_payouts(batch.payouts.values_list("pk", flat=True))  # inline: sent, pending
    assert batch.payouts.filter(status=Payout.Status.PENDING).count() == 3

    output = reconcile_command("--enqueue")

    assert "enqueued 3 queries" in output
    assert batch.payouts.filter(status=Payout.Status.SUCCEEDED).count() == 3
