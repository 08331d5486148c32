"""A person may send again, under its trade number, a stuck payout PayPro says it never got."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from django_paypro.exceptions import PayoutApprovalRefused
from django_paypro.models import Payout, PayoutDecision
from django_paypro.services.approval import approve_batch
from django_paypro.services.batches import create_batch, preview_csv
from django_paypro.services.dispatch import claim_payout
from django_paypro.services.resending import send_again
from tests.payouts.conftest import mx_csv

pytestmark = pytest.mark.django_db


def _stuck(creator, approver):
    """Return a payout claimed by a worker that died before its request left."""
    batch = create_batch(preview_csv(mx_csv(1)), created_by=creator)
    approve_batch(batch, approver)  # in a test transaction: no task enqueued
    payout = batch.payouts.get()
    claim_payout(payout.pk)
    return Payout.objects.get(pk=payout.pk)


def test_a_payout_paypro_never_got_is_sent_again_once_under_its_trade_number(
    creator, approver, desk, django_capture_on_commit_callbacks
):
    payout = _stuck(creator, approver)

    with django_capture_on_commit_callbacks(execute=True):
        said = send_again(payout, approver)

    assert desk.sent == {payout.trade_no: 1}
    assert "sent again under the same trade number" in said
    decision = PayoutDecision.objects.get(action=PayoutDecision.Action.RESENT)
    assert (decision.user, decision.batch_id) == (approver, payout.batch_id)
    assert Payout.objects.get(pk=payout.pk).status == Payout.Status.PENDING


def test_a_payout_paypro_knows_is_settled_by_the_query_and_not_sent_again(
    creator, approver, desk, django_capture_on_commit_callbacks
):
    payout = _stuck(creator, approver)
    desk.accepted[payout.trade_no] = "0000"
    desk.amounts[payout.trade_no] = f"{payout.amount:f}"

    with django_capture_on_commit_callbacks(execute=True):
        send_again(payout, approver)

    assert desk.sent == {}
    assert Payout.objects.get(pk=payout.pk).status == Payout.Status.SUCCEEDED
    assert not PayoutDecision.objects.filter(action=PayoutDecision.Action.RESENT).exists()


def test_only_someone_who_may_approve_decides(creator, approver, desk):
    payout = _stuck(creator, approver)
    clerk = User.objects.create_user("clerk", is_staff=True)
    with pytest.raises(PayoutApprovalRefused):
        send_again(payout, clerk)
    assert desk.sent == {}
