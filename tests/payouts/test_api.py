"""Payout batches through the DRF API: preview, record, read, approve by someone else."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from django_paypro.models import PayoutBatch
from tests.payouts.conftest import CLABE

pytestmark = pytest.mark.django_db

URL = "/paypro/api/payout-batches/"


def row(amount="100", account=CLABE, **extra):
    return {
        "amount": amount,
        "bank_code": "BANXICO",
        "name": "Ana",
        "account_type": "CLABE",
        "account": account,
        **extra,
    }


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_preview_lists_errors_by_row_and_field_and_records_nothing(creator):
    body = {"country": "MX", "rows": [row(), row(account="1"), row("7.5")], "preview": True}
    response = client_for(creator).post(URL, body, format="json")
    assert response.status_code == 200
    assert response.json()["errors"] == [
        {"line": 2, "field": "account", "message": response.json()["errors"][0]["message"]},
        {"line": 3, "field": "amount", "message": response.json()["errors"][1]["message"]},
    ]
    assert response.json()["totals"] == {"MXN": "100"}
    assert PayoutBatch.objects.count() == 0


def test_a_refused_row_refuses_the_batch_unless_skipped(creator):
    rows = [row(), row(account="1")]
    refused = client_for(creator).post(URL, {"country": "MX", "rows": rows}, format="json")
    assert refused.status_code == 400
    assert PayoutBatch.objects.count() == 0

    created = client_for(creator).post(
        URL,
        {"country": "MX", "rows": rows, "skip_invalid": True, "reference": "w49"},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["status"] == "draft"
    assert created.json()["payouts"] == 1
    assert created.json()["created_by"] == "creator"


def test_approval_through_the_api_needs_a_second_person(
    creator, approver, desk, django_capture_on_commit_callbacks
):
    created = client_for(creator).post(URL, {"country": "MX", "rows": [row()]}, format="json")
    approve = f"{URL}{created.json()['id']}/approve/"

    assert client_for(creator).post(approve).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(approver).post(approve)

    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert [d["action"] for d in response.json()["decisions"]] == ["submitted", "approved"]
    assert sum(desk.sent.values()) == 1


def test_anonymous_callers_are_refused(db):
    assert APIClient().post(URL, {"rows": [row()]}, format="json").status_code in (401, 403)
