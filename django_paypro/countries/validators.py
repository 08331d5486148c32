"""Validators for customer and beneficiary fields.

Each validator takes the text a merchant passed and returns it normalised for the wire (digits
without formatting, canonical spelling), or raises ``PayProValidationError(field, rule)`` whose
``rule`` says what is expected. ``field`` is *our* argument name (``"mobile"``, ``"identity"``,
``"account"``...): every validator takes it as a keyword with the usual name as default, and
:func:`named` binds another one for a profile::

    >>> cpf("529.982.247-25")
    '52998224725'
    >>> named(cpf, "account")("529.982.247-25")
    '52998224725'

Factories (:func:`digits`, :func:`one_of`, :func:`code`, :func:`free_text`) build validators for
one field. Only ASCII digits count as digits: ``"٣"`` or ``"²"`` are refused, never converted.
Nothing here raises anything but ``PayProValidationError``.

Way and bank codes are checked for shape only (:func:`code`), not for membership in the
country's table: the shipped tables hold the codes PayPro happens to document, settings extend
them at run time (``WAY_CODES``/``BANK_CODES``), and a static validator cannot see either.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Callable, Iterable
from types import ModuleType
from urllib.parse import urlsplit

import phonenumbers
from stdnum import exceptions as stdnum_exceptions
from stdnum import luhn
from stdnum.br import cnpj as br_cnpj
from stdnum.br import cpf as br_cpf
from stdnum.pk import cnic as pk_cnic

from django_paypro.exceptions import PayProValidationError

__all__ = [
    "account_number",
    "ascii_text",
    "br_phone",
    "clabe",
    "cnic",
    "cnpj",
    "code",
    "cpf",
    "cpf_or_cnpj",
    "debit_card",
    "digits",
    "email",
    "evp",
    "free_text",
    "ifsc",
    "ip_address",
    "luhn_valid",
    "named",
    "one_of",
    "phone",
    "pix_key",
    "pix_key_of_type",
    "url",
]

Validator = Callable[[str], str]

_FORMATTING = re.compile(r"[\s.\-/()]")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def named(validator: Callable[..., str], field: str) -> Validator:
    """Return ``validator`` reporting its errors under our argument name ``field``."""
    return functools.partial(validator, field=field)


def _strip_formatting(value: str) -> str:
    # Merchants paste documents and numbers as printed ("529.982.247-25", "0455 1234"); the wire
    # wants the bare characters.
    return _FORMATTING.sub("", value)


def _is_digits(value: str, length: int | None = None) -> bool:
    if not _ASCII_DIGITS.fullmatch(value):
        return False
    return length is None or len(value) == length


def _only_digits(value: str, length: int, field: str, what: str) -> str:
    text = _strip_formatting(value)
    if not _is_digits(text, length):
        raise PayProValidationError(field, f"must be {what}: {length} digits")
    return text


def digits(length: int, *, field: str = "value") -> Validator:
    """Return a validator for exactly ``length`` digits (spaces, dots and dashes ignored)."""

    def validate(value: str) -> str:
        return _only_digits(value, length, field, f"a {length}-digit number")

    return validate


def one_of(choices: Iterable[str], *, field: str = "value") -> Validator:
    """Return a validator accepting one of ``choices`` in any case, normalised to its spelling."""
    canonical = {choice.casefold(): choice for choice in choices}
    listed = ", ".join(canonical.values())

    def validate(value: str) -> str:
        try:
            return canonical[value.strip().casefold()]
        except KeyError:
            raise PayProValidationError(field, f"must be one of {listed}") from None

    return validate


_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")


def code(value: str, *, field: str = "way_code") -> str:
    """Return a way, bank or channel code: 1-64 ASCII letters, digits, ``_``, ``.``, ``-``."""
    text = value.strip()
    if not _CODE.fullmatch(text):
        raise PayProValidationError(
            field, "must be a code of 1-64 ASCII letters, digits, '_', '.' or '-'"
        )
    return text


def free_text(max_length: int, *, field: str = "value") -> Validator:
    """Return a validator for printable text of at most ``max_length`` characters.

    Inner runs of whitespace collapse to one space; any letters (``"José Ñúñez"``) are fine.
    """

    def validate(value: str) -> str:
        text = " ".join(value.split())
        if not text or not text.isprintable():
            raise PayProValidationError(field, "must be printable text")
        if len(text) > max_length:
            raise PayProValidationError(field, f"must be at most {max_length} characters")
        return text

    return validate


def ascii_text(max_length: int, *, field: str = "value") -> Validator:
    """Return a validator for printable ASCII text of at most ``max_length`` characters.

    For names a bank matches in English letters only (Vietnam's ``accountName``).
    """
    printable = free_text(max_length, field=field)

    def validate(value: str) -> str:
        text = printable(value)
        if not text.isascii():
            raise PayProValidationError(field, "must be written in English letters (ASCII)")
        return text

    return validate


# --- contact ------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def email(value: str, *, field: str = "email") -> str:
    """Return an e-mail address (``local@domain.tld``) with its domain lower-cased."""
    text = value.strip()
    if len(text) > 254 or not text.isprintable() or not _EMAIL.fullmatch(text):
        raise PayProValidationError(field, "must be an e-mail address like name@example.com")
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def phone(value: str, *, field: str = "mobile") -> str:
    """Return a phone number: 7-15 digits, optional leading ``+``, formatting removed."""
    text = _strip_formatting(value)
    plus = text.startswith("+")
    number = text[1:] if plus else text
    if not _is_digits(number) or not 7 <= len(number) <= 15:
        raise PayProValidationError(field, "must be a phone number of 7 to 15 digits")
    return ("+" if plus else "") + number


def ip_address(value: str, *, field: str = "ip_address") -> str:
    """Return an IPv4 or IPv6 address in its compressed form."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise PayProValidationError(field, "must be an IPv4 or IPv6 address") from None


def url(value: str, *, field: str = "return_url") -> str:
    """Return an absolute http(s) URL of at most 1000 characters."""
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # an unbalanced "[" in the host
        raise PayProValidationError(field, "must be an absolute http(s) URL") from None
    if parts.scheme not in ("http", "https") or not parts.netloc or len(text) > 1000:
        raise PayProValidationError(
            field, "must be an absolute http(s) URL (at most 1000 characters)"
        )
    if not text.isprintable() or any(c.isspace() for c in text):
        raise PayProValidationError(field, "must be a URL without spaces or control characters")
    return text


# --- Brazil -------------------------------------------------------------------------------------


def _stdnum(module: ModuleType, value: str, field: str, what: str) -> str:
    """Return ``value`` validated and compacted by the python-stdnum ``module``."""
    try:
        return str(module.validate(value))
    except stdnum_exceptions.InvalidChecksum:
        raise PayProValidationError(
            field, f"is not a valid {what} (check digits do not match)"
        ) from None
    except stdnum_exceptions.ValidationError:
        raise PayProValidationError(field, f"must be a {what}") from None


def cpf(value: str, *, field: str = "identity") -> str:
    """Return a CPF as 11 digits after checking both check digits (``529.982.247-25`` is fine)."""
    if not _is_ascii_document(value):
        raise PayProValidationError(field, "must be a CPF: 11 digits")
    text = _stdnum(br_cpf, value, field, "CPF: 11 digits")
    # The check digits of 111.111.111-11 work out, but the Receita issues no such CPF.
    if len(set(text)) == 1:
        raise PayProValidationError(field, "is not a valid CPF (all digits the same)")
    return text


def cnpj(value: str, *, field: str = "identity") -> str:
    """Return a CNPJ as 14 characters after checking both check digits.

    ``11.222.333/0001-81`` is accepted; the alphanumeric form (letters in the first 12
    places, issued from July 2026) is accepted too.
    """
    if not _is_ascii_document(value):
        raise PayProValidationError(field, "must be a CNPJ: 14 digits")
    text = _stdnum(br_cnpj, value.upper(), field, "CNPJ: 14 digits")
    if len(set(text)) == 1:
        raise PayProValidationError(field, "is not a valid CNPJ (all digits the same)")
    return text


def _is_ascii_document(value: str) -> bool:
    # python-stdnum reads some non-ASCII digits and dashes; PayPro gets ASCII only.
    text = _strip_formatting(value)
    return bool(text) and text.isascii() and text.isalnum()


def cpf_or_cnpj(value: str, *, field: str = "identity") -> str:
    """Return a CPF (11 digits) or CNPJ (14), told apart by length."""
    text = _strip_formatting(value)
    if len(text) == 11:
        return cpf(text, field=field)
    if len(text) == 14:
        return cnpj(text, field=field)
    raise PayProValidationError(field, "must be a CPF (11 digits) or a CNPJ (14 digits)")


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def evp(value: str, *, field: str = "account") -> str:
    """Return a PIX random key (EVP): a UUID, lower-cased."""
    text = value.strip().lower()
    if not _UUID.fullmatch(text):
        raise PayProValidationError(field, "must be a PIX random key (a UUID)")
    return text


def br_phone(value: str, *, field: str = "account") -> str:
    """Return a Brazilian phone PIX key as ``+55`` + area code + number (E.164).

    libphonenumber checks the area code and the number's length for Brazil's plan.
    """
    text = _strip_formatting(value)
    if text.startswith("55") and len(text) >= 12:
        text = "+" + text
    try:
        number = phonenumbers.parse(text, "BR")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or not text.lstrip("+").isascii()
        or phonenumbers.region_code_for_number(number) != "BR"
        or not phonenumbers.is_valid_number(number)
    ):
        raise PayProValidationError(field, "must be a Brazilian phone like +5511987654321")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def pix_key(value: str, *, field: str = "account") -> str:
    """Return a PIX key normalised by its shape, before its type (``bankType``) is known.

    E-mails and random keys keep their text, phones (``+...``) keep the plus, documents lose
    their dots and dashes. :func:`pix_key_of_type` then checks it against the declared type.
    """
    text = value.strip()
    if "@" in text:
        return email(text, field=field)
    if _UUID.fullmatch(text.lower()):
        return text.lower()
    stripped = _strip_formatting(text)
    if stripped.startswith("+"):
        return phone(stripped, field=field)
    if not stripped or not stripped.isascii() or not stripped.isalnum():
        raise PayProValidationError(
            field, "must be a PIX key: CPF, CNPJ, e-mail, phone (+55...) or random key"
        )
    return stripped.upper()


_PIX_TYPES: dict[str, Callable[..., str]] = {
    "CPF": cpf,
    "CNPJ": cnpj,
    "EMAIL": email,
    "PHONE": br_phone,
    "EVP": evp,
}


def pix_key_of_type(key_type: str, value: str, *, field: str = "account") -> str:
    """Return ``value`` checked as a PIX key of ``key_type`` (CPF, CNPJ, EMAIL, PHONE, EVP)."""
    validator = _PIX_TYPES.get(key_type.upper())
    if validator is None:
        raise PayProValidationError(field, f"has an unknown PIX key type {key_type!r}")
    return validator(value, field=field)


# --- Mexico -------------------------------------------------------------------------------------

_CLABE_WEIGHTS = (3, 7, 1) * 6


def clabe(value: str, *, field: str = "account") -> str:
    """Return an 18-digit CLABE after checking its weighted 3-7-1 check digit."""
    text = _only_digits(value, 18, field, "a CLABE")
    total = sum(int(d) * w % 10 for d, w in zip(text[:17], _CLABE_WEIGHTS, strict=False))
    if (10 - total % 10) % 10 != int(text[17]):
        raise PayProValidationError(field, "is not a valid CLABE (check digit does not match)")
    return text


def luhn_valid(number: str) -> bool:
    """Return whether the ASCII digit string ``number`` passes the Luhn check."""
    return _is_digits(number) and bool(luhn.is_valid(number))


def debit_card(value: str, *, field: str = "account") -> str:
    """Return a 16-digit card number after the Luhn check."""
    text = _only_digits(value, 16, field, "a debit card number")
    if not luhn_valid(text):
        raise PayProValidationError(field, "is not a valid card number (Luhn check fails)")
    return text


# --- Pakistan -----------------------------------------------------------------------------------


def cnic(value: str, *, field: str = "identity") -> str:
    """Return a Pakistani CNIC as 13 digits (``35202-1234567-1`` is fine), province checked."""
    if not _is_ascii_document(value):
        raise PayProValidationError(field, "must be a CNIC: 13 digits")
    return _stdnum(pk_cnic, value, field, "CNIC: 13 digits")


# --- India --------------------------------------------------------------------------------------

_IFSC = re.compile(r"[A-Z]{4}0[A-Z0-9]{6}")


def ifsc(value: str, *, field: str = "bank_code") -> str:
    """Return an Indian IFSC: 4 letters, ``0``, 6 letters or digits (``HDFC0001234``)."""
    text = value.strip().upper()
    if not _IFSC.fullmatch(text):
        raise PayProValidationError(field, "must be an IFSC code like HDFC0001234 (11 characters)")
    return text


# --- accounts -----------------------------------------------------------------------------------

_ACCOUNT = re.compile(r"[0-9A-Za-z]{4,34}")


def account_number(value: str, *, field: str = "account") -> str:
    """Return a bank account or wallet number: 4-34 ASCII letters or digits, formatting removed."""
    text = _strip_formatting(value)
    if text.startswith("+"):
        return phone(text, field=field)
    if not _ACCOUNT.fullmatch(text):
        raise PayProValidationError(field, "must be an account number of 4-34 letters or digits")
    return text
