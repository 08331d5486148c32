"""Country profiles: ``get_profile("MX")`` returns Mexico's, with settings overrides applied."""

from __future__ import annotations

from django_paypro.conf import country_setting
from django_paypro.countries.base import (
    ACCOUNT_VERIFY,
    BALANCE,
    CREATIONS,
    OPERATIONS,
    PAGE,
    PAYIN,
    PAYIN_QUERY,
    PAYOUT,
    PAYOUT_QUERY,
    AmountRule,
    CountryProfile,
    FieldSpec,
)
from django_paypro.countries.profiles import PROFILES
from django_paypro.exceptions import PayProConfigurationError

__all__ = [
    "ACCOUNT_VERIFY",
    "BALANCE",
    "CREATIONS",
    "OPERATIONS",
    "PAGE",
    "PAYIN",
    "PAYIN_QUERY",
    "PAYOUT",
    "PAYOUT_QUERY",
    "PROFILES",
    "AmountRule",
    "CountryProfile",
    "FieldSpec",
    "get_profile",
]


def get_profile(code: str) -> CountryProfile:
    """Return the profile of country ``code`` (ISO 3166 alpha-2) with ``PAYPRO`` overrides.

    ``PATHS``, ``WAY_CODES`` and ``BANK_CODES`` from the top level and from
    ``COUNTRIES[code]`` are merged over the shipped tables.
    """
    key = (code or "").upper()
    try:
        profile = PROFILES[key]
    except KeyError:
        raise PayProConfigurationError(
            f"PayPro country {code!r} is unknown; known: {', '.join(sorted(PROFILES))}"
        ) from None
    return profile.with_overrides(
        paths=country_setting(key, "PATHS"),
        way_codes=country_setting(key, "WAY_CODES"),
        bank_codes=country_setting(key, "BANK_CODES"),
    )
