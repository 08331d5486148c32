"""The admin flow: upload a CSV, preview errors and totals, record, approve by someone else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from django_paypro.models import Payout, PayoutBatch
from tests.payouts.conftest import HEADER, mx_csv, mx_row

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/django_paypro/payoutbatch/upload/"
CHANGELIST = "/admin/django_paypro/payoutbatch/"


def _client_for(user) -> Client:
    codenames = ["add_payoutbatch", "view_payoutbatch", "change_payoutbatch", "view_payout"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def _upload(client, text, **extra):
    data = {"csv_file": SimpleUploadedFile("payouts.csv", text.encode()), "country": "MX"}
    return client.post(UPLOAD, {**data, **extra})


def test_the_add_button_leads_to_the_upload(creator):
    response = _client_for(creator).get(CHANGELIST + "add/")
    assert response.status_code == 302 and response.url == UPLOAD


def test_preview_shows_errors_by_line_and_field_and_totals_and_records_nothing(creator):
    text = "\n".join([HEADER, mx_row("100"), mx_row("250"), mx_row(account="12")])
    response = _upload(_client_for(creator), text)

    page = response.content.decode()
    assert response.status_code == 200
    assert "350 MXN" in page
    assert "<td>4</td><td>account</td>" in page
    assert Payout.objects.count() == 0


def test_confirming_records_the_valid_rows_for_approval(creator):
    client = _client_for(creator)
    text = "\n".join([HEADER, mx_row("100"), mx_row(account="12")])
    preview = _upload(client, text)
    carried = preview.context["form"].initial["text"]

    refused = client.post(UPLOAD, {"text": carried, "country": "MX", "confirm": "1"})
    assert PayoutBatch.objects.count() == 0
    assert "line 3" in refused.content.decode()

    response = client.post(
        UPLOAD, {"text": carried, "country": "MX", "confirm": "1", "skip_invalid": "on"}
    )
    batch = PayoutBatch.objects.get()
    assert response.url == f"{CHANGELIST}{batch.pk}/change/"
    assert batch.created_by == creator
    assert batch.payouts.count() == 1


def test_the_creator_is_refused_and_a_second_approver_sends_the_batch(
    creator, approver, desk, django_capture_on_commit_callbacks
):
    _upload(_client_for(creator), mx_csv(2), confirm="1")
    batch = PayoutBatch.objects.get()
    action = {"action": "approve", "_selected_action": [batch.pk]}

    own = _client_for(creator).post(CHANGELIST, action, follow=True)
    assert "other than the person who created it" in own.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _client_for(approver).post(CHANGELIST, action, follow=True)

    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.APPROVED
    assert sum(desk.sent.values()) == 2
    page = _client_for(approver).get(f"{CHANGELIST}{batch.pk}/change/").content.decode()
    assert "approver" in page and "Approved" in page and "200 MXN" in page


def test_the_approve_action_is_not_offered_without_the_permission(db, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    response = _client_for(clerk).get(CHANGELIST)
    assert 'value="approve"' not in response.content.decode()


def test_the_send_again_action_asks_paypro_and_resends_only_what_it_never_got(
    creator, approver, desk, django_capture_on_commit_callbacks
):
    from django_paypro.services.approval import approve_batch
    from django_paypro.services.batches import create_batch, preview_csv
    from django_paypro.services.dispatch import claim_payout

    batch = create_batch(preview_csv(mx_csv(2)), created_by=creator)
    approve_batch(batch, approver)
    known, lost = batch.payouts.order_by("pk")
    for payout in (known, lost):
        claim_payout(payout.pk)
    desk.accepted[known.trade_no] = "0000"
    desk.amounts[known.trade_no] = f"{known.amount:f}"
    action = {"action": "send_again_unreceived", "_selected_action": [batch.pk]}

    with django_capture_on_commit_callbacks(execute=True):
        page = _client_for(approver).post(CHANGELIST, action, follow=True).content.decode()

    assert desk.sent == {lost.trade_no: 1}
    assert "PayPro knows it" in page and "sent again under the same trade number" in page
