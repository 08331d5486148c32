"""Approval: permission, four eyes, limits and balance; every decision recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from django_paypro.exceptions import PayoutApprovalRefused
from django_paypro.models import Payout, PayoutBatch, PayoutDecision
from django_paypro.services.approval import approve_batch, reject_batch
from django_paypro.services.batches import create_batch, preview_csv
from tests.payouts.conftest import mx_csv

pytestmark = pytest.mark.django_db


def _batch(creator, count=3, amount="100"):
    return create_batch(preview_csv(mx_csv(count, amount)), created_by=creator)


def test_a_user_without_the_permission_cannot_approve(creator, desk):
    clerk = User.objects.create_user("clerk", is_staff=True)
    batch = _batch(creator)
    with pytest.raises(PayoutApprovalRefused, match="permission"):
        approve_batch(batch, clerk)
    assert PayoutBatch.objects.get().status == PayoutBatch.Status.DRAFT
    assert desk.sent == {}


def test_the_creator_cannot_approve_their_own_batch(creator, desk):
    batch = _batch(creator)
    with pytest.raises(PayoutApprovalRefused, match="other than"):
        approve_batch(batch, creator)
    assert desk.sent == {}


def test_a_setting_lets_the_creator_approve(
    creator, desk, settings, django_capture_on_commit_callbacks
):
    settings.PAYPRO = {**settings.PAYPRO, "PAYOUT_APPROVAL_BY_CREATOR": True}
    batch = _batch(creator)
    with django_capture_on_commit_callbacks(execute=True):
        approve_batch(batch, creator)
    assert batch.status == PayoutBatch.Status.APPROVED


def test_approval_is_recorded_signalled_and_sends_each_payout_once(
    creator, approver, desk, signals, django_capture_on_commit_callbacks
):
    batch = _batch(creator, count=3)

    with django_capture_on_commit_callbacks(execute=True):
        approve_batch(batch, approver)

    batch.refresh_from_db()
    assert (batch.decided_by, batch.status) == (approver, PayoutBatch.Status.APPROVED)
    assert batch.decided_at is not None
    actions = list(batch.decisions.values_list("action", "user__username"))
    assert actions == [("submitted", "creator"), ("approved", "approver")]
    trade_nos = set(batch.payouts.values_list("trade_no", flat=True))
    assert desk.sent == {trade_no: 1 for trade_no in trade_nos}
    assert set(batch.payouts.values_list("status", flat=True)) == {Payout.Status.PENDING}
    assert signals.names() == ["payout_batch_approved"]
    assert signals.calls[0][1]["user"] == approver


def test_a_batch_larger_than_the_balance_is_held_with_the_reason(creator, approver, desk):
    desk.balance = "250"
    batch = _batch(creator, count=3, amount="100")

    approve_batch(batch, approver)

    assert batch.status == PayoutBatch.Status.HELD
    assert "needs 300 MXN" in batch.held_reason and "250 MXN" in batch.held_reason
    assert set(batch.payouts.values_list("status", flat=True)) == {Payout.Status.HELD}
    assert batch.decisions.last().action == PayoutDecision.Action.HELD
    assert fake_sends(desk) == 0


def test_a_held_batch_is_approved_once_the_balance_suffices(
    creator, approver, desk, django_capture_on_commit_callbacks
):
    desk.balance = "250"
    batch = _batch(creator, count=3, amount="100")
    approve_batch(batch, approver)
    desk.balance = "1000"

    with django_capture_on_commit_callbacks(execute=True):
        approve_batch(batch, approver)

    assert batch.status == PayoutBatch.Status.APPROVED
    assert batch.held_reason == ""
    assert fake_sends(desk) == 3


def test_the_daily_limit_per_country_holds_a_batch(creator, approver, desk, settings):
    settings.PAYPRO = {**settings.PAYPRO, "PAYOUT_LIMITS": {"MX": {"PER_DAY": "1000"}}}
    Payout.objects.create(
        trade_no="EARLIER",
        country="MX",
        amount=900,
        currency="MXN",
        status=Payout.Status.SUCCEEDED,
    )
    batch = _batch(creator, count=2, amount="100")

    approve_batch(batch, approver)

    assert batch.status == PayoutBatch.Status.HELD
    assert "limit of 1000 per day" in batch.held_reason
    assert desk.sent == {}


def test_an_unreadable_balance_holds_the_batch(creator, approver, desk, fake_paypro):
    fake_paypro.handler = None  # the balance endpoint now answers 404
    batch = _batch(creator)
    approve_batch(batch, approver)
    assert batch.status == PayoutBatch.Status.HELD
    assert "could not be read" in batch.held_reason


def test_rejecting_cancels_every_payout_and_nothing_is_sent(creator, approver, desk):
    batch = _batch(creator)
    reject_batch(batch, approver, "wrong file")
    assert batch.status == PayoutBatch.Status.REJECTED
    assert set(batch.payouts.values_list("status", flat=True)) == {Payout.Status.CANCELLED}
    assert batch.decisions.last().reason == "wrong file"
    with pytest.raises(PayoutApprovalRefused, match="rejected"):
        approve_batch(batch, approver)
    assert desk.sent == {}


def test_a_stale_copy_cannot_decide_twice(creator, approver, desk):
    batch = _batch(creator)
    stale = PayoutBatch.objects.get(pk=batch.pk)
    reject_batch(batch, approver)
    stale.status = PayoutBatch.Status.DRAFT
    with pytest.raises(PayoutApprovalRefused, match="meanwhile"):
        approve_batch(stale, approver)
    assert PayoutBatch.objects.get().status == PayoutBatch.Status.REJECTED


def fake_sends(desk):
    return sum(desk.sent.values())


def test_a_broken_task_backend_leaves_the_approval_and_the_payouts_waiting(
    creator, approver, desk, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "no.such.Backend"}}
    batch = _batch(creator, count=2)

    with django_capture_on_commit_callbacks(execute=True):
        approve_batch(batch, approver)

    assert PayoutBatch.objects.get().status == PayoutBatch.Status.APPROVED
    assert set(batch.payouts.values_list("status", flat=True)) == {Payout.Status.APPROVED}
    assert desk.sent == {}
