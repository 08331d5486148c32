"""Amounts no record can hold are refused before anything is stored or sent, on every path."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from django_paypro import create_payment, create_payout
from django_paypro.exceptions import PayProValidationError
from django_paypro.models import Payment, Payout
from django_paypro.services.bounds import check_amount_fits, column_limits, fit_column

#: Each fits no amount column; none is refused by Mexico's own rules (no maximum there).
TOO_BIG = ["1e20", "1E+16", "10000000000000000", "99999999999999999999999999999999"]
PAYOUT_TO = {
    "bank_code": "BANXICO",
    "name": "Ana",
    "account_type": "CLABE",
    "account": "002010077777777771",
}


def test_the_limits_are_the_model_columns():
    field = Payment._meta.get_field("amount")
    assert column_limits() == (field.max_digits, field.decimal_places) == (18, 2)


@pytest.mark.parametrize("amount", ["9999999999999999.99", "9999999999999999", "0.01", "300"])
def test_amounts_that_fit_pass_unchanged(amount):
    assert fit_column(Decimal(amount)) == Decimal(amount)


@pytest.mark.parametrize("amount", [*TOO_BIG, "9999999999999999.995", "-1e17"])
def test_amounts_that_do_not_fit_after_rounding_are_refused(amount):
    with pytest.raises(PayProValidationError) as caught:
        fit_column(Decimal(amount))
    assert caught.value.field == "amount"


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_amounts_that_are_no_number_are_refused(amount):
    with pytest.raises(PayProValidationError):
        fit_column(Decimal(amount))


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_fit_column_only_ever_refuses_with_a_validation_error(amount):
    try:
        rounded = fit_column(amount)
    except PayProValidationError:
        return
    max_digits, places = column_limits()
    _sign, digits, exponent = rounded.as_tuple()
    assert exponent == -places
    assert len(digits) <= max_digits


@pytest.mark.postgres  # SQLite reads 16-digit decimals back through a float: see security.md
@pytest.mark.django_db
@settings(max_examples=40, deadline=None)
@given(st.decimals(min_value=-(10**20), max_value=10**20, places=3))
def test_what_fits_is_stored_exactly_on_this_database(amount):
    """On PostgreSQL a value that does not fit would raise here (numeric field overflow)."""
    try:
        rounded = fit_column(amount)
    except PayProValidationError:
        return
    payment = Payment.objects.create(
        trade_no=f"T-FIT-{Payment.objects.count()}", country="MX", amount=rounded, currency="MXN"
    )
    payment.refresh_from_db()
    assert payment.amount == rounded


@pytest.mark.parametrize("amount", ["abc", None, 1.5, "", "1e"])
def test_what_is_no_number_is_left_to_the_country_rule(amount):
    check_amount_fits(amount)  # the country's rule names the problem


@pytest.mark.django_db
@pytest.mark.parametrize("amount", TOO_BIG)
def test_create_payment_refuses_before_storing_or_sending(fake_paypro, amount):
    with pytest.raises(PayProValidationError) as caught:
        create_payment(amount)
    assert caught.value.field == "amount"
    assert not Payment.objects.exists()
    assert fake_paypro.requests == []


@pytest.mark.django_db
@pytest.mark.parametrize("amount", TOO_BIG)
def test_create_payout_refuses_before_storing_or_sending(fake_paypro, amount):
    with pytest.raises(PayProValidationError):
        create_payout(amount, **PAYOUT_TO)
    assert not Payout.objects.exists()
    assert fake_paypro.requests == []
