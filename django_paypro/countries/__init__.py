"""Country profiles: ``get_profile("MX")`` returns Mexico's, with settings overrides applied.

One module per country (:mod:`.mx`, :mod:`.br`...) holds its profile; :mod:`.registry`
assembles :data:`PROFILES`.
"""

from __future__ import annotations

import functools

from django_paypro.conf import country_setting
from django_paypro.countries.base import (
    ACCOUNT_VERIFY,
    BALANCE,
    CREATIONS,
    MPESA_QUERY,
    OPERATIONS,
    PAGE,
    PAYIN,
    PAYIN_QUERY,
    PAYIN_SUBMIT,
    PAYOUT,
    PAYOUT_QUERY,
    AmountRule,
    CountryProfile,
    FieldSpec,
    Operation,
    Source,
)
from django_paypro.countries.fields import PAYMENT_ARGUMENTS, PAYOUT_ARGUMENTS
from django_paypro.countries.registry import PROFILES
from django_paypro.exceptions import PayProConfigurationError

__all__ = [
    "ACCOUNT_VERIFY",
    "BALANCE",
    "CREATIONS",
    "MPESA_QUERY",
    "OPERATIONS",
    "PAGE",
    "PAYIN",
    "PAYIN_QUERY",
    "PAYIN_SUBMIT",
    "PAYMENT_ARGUMENTS",
    "PAYOUT",
    "PAYOUT_ARGUMENTS",
    "PAYOUT_QUERY",
    "PROFILES",
    "AmountRule",
    "CountryProfile",
    "FieldSpec",
    "Operation",
    "Source",
    "argument_names",
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


@functools.cache
def argument_names(operations: frozenset[str]) -> frozenset[str]:
    """Return every argument name some shipped country takes for one of ``operations``.

    ``create_payment`` and ``create_payout`` accept these in every country (one call serves
    every country) and refuse any other name as a typo.
    """
    return frozenset(
        name
        for profile in PROFILES.values()
        for operation in operations
        for name in profile.argument_names(operation)
    )
