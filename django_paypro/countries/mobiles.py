"""Mobile numbers per country: Google's libphonenumber decides, PayPro's page rule on top.

``phonenumbers`` knows each country's numbering plan (which prefixes are mobiles, how long a
number is); PayPro's pages add how the number must be written on the wire (Egypt: 11 digits
``010``-``018``; Pakistan: 10 digits starting ``3``; Kenya: 12 digits ``2541``/``2547``...).
Each validator accepts what a customer types (``+20 10 1234 5678``, ``0301-2345678``) and
returns the page's form, or raises ``PayProValidationError`` under our argument name::

    >>> pakistan("0301-2345678")
    '3012345678'
    >>> kenya("0712 345678")
    '254712345678'
"""

from __future__ import annotations

import re
from collections.abc import Callable

import phonenumbers

from django_paypro.exceptions import PayProValidationError

__all__ = ["egypt", "india", "indonesia", "kenya", "pakistan", "phone_of"]

_MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)
_FORMATTING = re.compile(r"[\s.\-/()]")


def _parse(value: str, region: str, field: str, what: str) -> phonenumbers.PhoneNumber:
    text = _FORMATTING.sub("", value)
    if not text or not text.lstrip("+").isascii() or not text.lstrip("+").isdigit():
        raise PayProValidationError(field, f"must be {what}")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise PayProValidationError(field, f"must be {what}") from None
    if phonenumbers.region_code_for_number(number) != region:
        raise PayProValidationError(field, f"must be {what}")
    return number


def _mobile(value: str, region: str, field: str, what: str) -> str:
    """Return the national significant number of a valid mobile of ``region``."""
    number = _parse(value, region, field, what)
    valid = phonenumbers.is_valid_number(number)
    if not valid or phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise PayProValidationError(field, f"must be {what}")
    return phonenumbers.national_significant_number(number)


_EG_RULE = re.compile(r"1[0-8][0-9]{8}")


def egypt(value: str, *, field: str = "mobile") -> str:
    """Return an Egyptian mobile as PayPro's 11 digits ``010`` to ``018``."""
    what = "an Egyptian mobile: 11 digits starting 010 to 018"
    national = _mobile(value, "EG", field, what)
    if not _EG_RULE.fullmatch(national):
        raise PayProValidationError(field, f"must be {what}")
    return "0" + national


def pakistan(value: str, *, field: str = "mobile") -> str:
    """Return a Pakistani mobile as PayPro's 10 digits starting with ``3``."""
    what = "a Pakistani mobile: 10 digits starting with 3"
    national = _mobile(value, "PK", field, what)
    if not (len(national) == 10 and national.startswith("3")):
        raise PayProValidationError(field, f"must be {what}")
    return national


def india(value: str, *, field: str = "mobile") -> str:
    """Return an Indian mobile as PayPro's 10 digits starting 6 to 9, without ``91``."""
    what = "an Indian mobile: 10 digits starting with 6, 7, 8 or 9"
    national = _mobile(value, "IN", field, what)
    if not (len(national) == 10 and national[0] in "6789"):
        raise PayProValidationError(field, f"must be {what}")
    return national


def indonesia(value: str, *, field: str = "mobile") -> str:
    """Return an Indonesian mobile as ``628...``, 10 to 13 digits as PayPro's pages ask."""
    what = "an Indonesian mobile: 08... or 628..., 10 to 13 digits"
    national = _mobile(value, "ID", field, what)
    wire = "62" + national
    if not (national.startswith("8") and 10 <= len(wire) <= 13):
        raise PayProValidationError(field, f"must be {what}")
    return wire


def kenya(value: str, *, field: str = "mobile") -> str:
    """Return a Kenyan mobile as PayPro's 12 digits starting ``2541`` or ``2547``."""
    what = "a Kenyan mobile: 12 digits starting 2541 or 2547"
    national = _mobile(value, "KE", field, what)
    wire = "254" + national
    if not (len(wire) == 12 and wire[3] in "17"):
        raise PayProValidationError(field, f"must be {what}")
    return wire


def phone_of(region: str) -> Callable[..., str]:
    """Return a validator for a valid phone number of ``region``, kept as it was written.

    For countries whose pages do not say how to write the number: formatting is removed, a
    leading ``+`` kept, and the number must be valid in ``region``'s numbering plan.
    """

    def validate(value: str, *, field: str = "mobile") -> str:
        what = f"a phone number of {region}"
        number = _parse(value, region, field, what)
        if not phonenumbers.is_valid_number(number):
            raise PayProValidationError(field, f"must be {what}")
        return _FORMATTING.sub("", value)

    validate.__name__ = validate.__qualname__ = f"phone_{region.lower()}"
    validate.__doc__ = f"Return a valid phone number of {region}, formatting removed."
    return validate
