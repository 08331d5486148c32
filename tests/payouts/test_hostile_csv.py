"""A CSV from anywhere: the preview reports problems, it never raises, and bad rows never go out."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django_paypro.services.batches import preview_csv
from tests.payouts.conftest import HEADER, mx_row

pytestmark = pytest.mark.django_db

cells = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
rows = st.lists(st.lists(cells, min_size=0, max_size=9), max_size=6)


def as_csv(header: str, table: list[list[str]]) -> str:
    import csv
    import io

    out = io.StringIO()
    out.write(header + "\n")
    csv.writer(out).writerows(table)
    return out.getvalue()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=rows, raw=st.text(max_size=200))
def test_any_text_gives_a_preview_whose_kept_rows_all_passed_the_country_rules(table, raw):
    for text in (as_csv(HEADER, table), raw, HEADER + "\n" + raw):
        preview = preview_csv(text)
        lines_with_errors = {error.line for error in preview.row_errors}
        for row in preview.valid_rows:
            assert row.line not in lines_with_errors
            assert row.request is not None
            assert row.request.amount > 0
        assert all(error.field is not None for error in preview.row_errors)


def test_a_valid_row_among_hostile_ones_is_kept_alone():
    text = "\n".join([HEADER, mx_row(), "1e309,MX,,,,,", "-5,MX,,BANXICO,A,CLABE,1", "\x00,,"])
    preview = preview_csv(text)
    assert [row.line for row in preview.valid_rows] == [2]
    assert {error.line for error in preview.row_errors} == {3, 4, 5}
