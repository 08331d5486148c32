"""Batches from CSV or rows: every row checked by its country's rules before anything is kept."""

from __future__ import annotations

from decimal import Decimal

import pytest

from django_paypro.exceptions import PayProValidationError
from django_paypro.models import Payout, PayoutBatch, PayoutDecision
from django_paypro.services.batches import create_batch, preview_csv, preview_rows
from tests.payouts.conftest import CLABE, HEADER, mx_csv, mx_row

pytestmark = pytest.mark.django_db


def test_preview_reports_each_bad_row_by_line_and_field():
    text = "\n".join(
        [HEADER, mx_row(), mx_row(account="123"), mx_row(amount="10.5"), "100,XX,S9,,,,"]
    )
    preview = preview_csv(text)
    found = {(e.line, e.field) for e in preview.row_errors}
    assert found == {(3, "account"), (4, "amount"), (5, "country")}
    assert [row.line for row in preview.valid_rows] == [2]
    assert Payout.objects.count() == 0  # a preview records nothing


def test_preview_totals_count_only_rows_without_errors_per_currency():
    text = "\n".join(
        [
            "amount,country,bank_code,name,account_type,account",
            "150,EG,,Ali,,01012345678",
            "250,EG,,Ali,,01012345678",
            f"100,MX,BANXICO,Ana,CLABE,{CLABE}",
            f"abc,MX,BANXICO,Ana,CLABE,{CLABE}",
        ]
    )
    preview = preview_csv(text)
    assert preview.totals() == {"EGP": Decimal(400), "MXN": Decimal(100)}
    assert [(e.line, e.field) for e in preview.row_errors] == [(5, "amount")]


def test_a_file_without_an_amount_column_is_refused_as_a_whole():
    preview = preview_csv("name,account\nAna,1\n")
    assert preview.errors[0].field == "amount"
    with pytest.raises(PayProValidationError):
        create_batch(preview)


def test_a_batch_with_errors_is_refused_unless_bad_rows_are_skipped(creator):
    preview = preview_csv("\n".join([HEADER, mx_row(), mx_row(account="1")]))
    with pytest.raises(PayProValidationError, match="line 3"):
        create_batch(preview, created_by=creator)
    assert PayoutBatch.objects.count() == 0

    batch = create_batch(preview, created_by=creator, skip_invalid=True)

    assert batch.payouts.count() == 1
    assert set(batch.payouts.values_list("status", flat=True)) == {Payout.Status.DRAFT}
    decision = batch.decisions.get()
    assert (decision.action, decision.user) == (PayoutDecision.Action.SUBMITTED, creator)


def test_repeated_or_used_trade_numbers_are_row_errors():
    Payout.objects.create(trade_no="USED", country="MX", amount=1, currency="MXN")
    rows = [
        {
            "amount": "100",
            "bank_code": "BANXICO",
            "name": "A",
            "account_type": "CLABE",
            "account": CLABE,
            "trade_no": trade_no,
        }
        for trade_no in ("T1", "T1", "USED", "T2")
    ]
    preview = preview_rows(rows, country="MX")
    assert [(e.line, e.field) for e in preview.row_errors] == [
        (1, "trade_no"),
        (2, "trade_no"),
        (3, "trade_no"),
    ]
    assert [row.request.trade_no for row in preview.valid_rows] == ["T2"]


def test_amount_above_the_per_payout_limit_is_a_row_error(settings):
    settings.PAYPRO = {**settings.PAYPRO, "PAYOUT_LIMITS": {"MX": {"PER_PAYOUT": "500"}}}
    preview = preview_csv(mx_csv(1, amount="501"))
    assert [(e.field, e.message) for e in preview.row_errors] == [
        ("amount", "above the limit of 500 per payout")
    ]


def test_batch_rows_are_sent_exactly_as_a_single_payout_would_be():
    preview = preview_rows(
        [
            {
                "amount": "100",
                "bank_code": "BANXICO",
                "name": "Ana",
                "account_type": "CLABE",
                "account": CLABE,
                "trade_no": "B1",
            }
        ],
        country="MX",
    )
    fields = preview.valid_rows[0].request.fields
    assert fields["customerAccount"] == CLABE
    assert fields["wayCode"] == "BANXICO"
    assert fields["amount"] == "100"
    assert fields["tradeNo"] == "B1"
