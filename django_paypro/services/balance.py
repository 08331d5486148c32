"""The merchant's balance at PayPro."""

from __future__ import annotations

from django_paypro.accounts import default_country
from django_paypro.client import get_client
from django_paypro.results import Balance

__all__ = ["Balance", "get_balance"]


def get_balance(country: str | None = None) -> Balance:
    """Return available, frozen and unsettled amounts (``Decimal``) for ``country``'s account."""
    return get_client(country or default_country()).query_balance()
