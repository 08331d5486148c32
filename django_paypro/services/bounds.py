"""Amounts the records can hold: anything bigger is refused before it is stored or sent.

The amount columns are ``DecimalField(max_digits=18, decimal_places=2)``. SQLite stores a bigger
value anyway (and the admin and ``paypro_reconcile`` then choke on it); PostgreSQL refuses it
with an error after PayPro may already have been asked. So every creation path checks its
amount here first, as the column would round it::

    fit_column(Decimal("1e20"))  # raises PayProValidationError("amount", ...)

The creation services check the caller's raw amount *before* the country's rule, whose own
arithmetic cannot hold a 30-digit number either; a country rule only ever refuses decimals (it
never rounds a value up), so the order changes no verdict.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django_paypro.exceptions import PayProValidationError
from django_paypro.models import Payment

__all__ = ["check_amount_fits", "column_limits", "fit_column"]


def column_limits() -> tuple[int, int]:
    """Return ``(max_digits, decimal_places)`` of the amount columns, read from the model."""
    field = Payment._meta.get_field("amount")
    return int(field.max_digits), int(field.decimal_places)


def fit_column(amount: Decimal, field_name: str = "amount") -> Decimal:
    """Return ``amount`` rounded as the column stores it, or raise if it does not fit."""
    max_digits, places = column_limits()
    whole_digits = max_digits - places
    if not amount.is_finite():
        raise PayProValidationError(field_name, "must be a finite number")
    # adjusted() is the power of ten of the first digit: checked before quantize(), which would
    # need more precision than the context has for a huge number.
    rounded = (
        amount if amount.adjusted() >= whole_digits else amount.quantize(Decimal(1).scaleb(-places))
    )
    if rounded.adjusted() >= whole_digits:
        raise PayProValidationError(
            field_name, f"must be less than 10^{whole_digits} (the largest amount a record holds)"
        )
    return rounded


def check_amount_fits(amount: Any, field_name: str = "amount") -> None:
    """Raise ``PayProValidationError`` if ``amount`` is a number no amount column can hold.

    Anything that is no number (text, a float, ``None``) is left to the country's rule, which
    refuses it with its own reason.
    """
    if isinstance(amount, float | bool) or amount is None:
        return
    try:
        value = Decimal(str(amount).strip())
    except (InvalidOperation, ValueError):
        return
    fit_column(value, field_name)
