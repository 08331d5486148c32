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

from django_paypro.exceptions import PayProValidationError

__all__ = [
    "account_number",
    "br_phone",
    "clabe",
    "cnic",
    "cnpj",
    "code",
    "cpf",
    "cpf_or_cnpj",
    "debit_card",
    "digits",
    "egypt_mobile",
    "email",
    "evp",
    "free_text",
    "ip_address",
    "luhn_valid",
    "named",
    "one_of",
    "phone",
    "pix_key",
    "pix_key_of_type",
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


_EG_MOBILE = re.compile(r"01[0-8][0-9]{8}")


def egypt_mobile(value: str, *, field: str = "mobile") -> str:
    """Return an Egyptian mobile as 11 digits ``01[0-8]XXXXXXXX``; ``+20``/``0020`` become ``0``."""
    text = _strip_formatting(value)
    for prefix in ("+20", "0020"):
        if text.startswith(prefix):
            text = "0" + text[len(prefix) :]
            break
    else:
        # "20 10 1234 5678" without the plus: 12 digits cannot be a local number.
        if len(text) == 12 and text.startswith("201"):
            text = "0" + text[2:]
    if not _EG_MOBILE.fullmatch(text):
        raise PayProValidationError(
            field, "must be an Egyptian mobile: 11 digits starting 010 to 018"
        )
    return text


def ip_address(value: str, *, field: str = "ip_address") -> str:
    """Return an IPv4 or IPv6 address in its compressed form."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise PayProValidationError(field, "must be an IPv4 or IPv6 address") from None


# --- Brazil -------------------------------------------------------------------------------------


def _cpf_check_digit(numbers: list[int]) -> int:
    weight = len(numbers) + 1
    total = sum(n * (weight - i) for i, n in enumerate(numbers))
    rest = total % 11
    return 0 if rest < 2 else 11 - rest


def cpf(value: str, *, field: str = "identity") -> str:
    """Return a CPF as 11 digits after checking both check digits (``529.982.247-25`` is fine)."""
    text = _only_digits(value, 11, field, "a CPF")
    numbers = [int(c) for c in text]
    if len(set(text)) == 1:
        raise PayProValidationError(field, "is not a valid CPF (all digits the same)")
    if _cpf_check_digit(numbers[:9]) != numbers[9] or _cpf_check_digit(numbers[:10]) != numbers[10]:
        raise PayProValidationError(field, "is not a valid CPF (check digits do not match)")
    return text


_CNPJ = re.compile(r"[0-9A-Z]{12}[0-9]{2}")
_CNPJ_WEIGHTS = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def _cnpj_check_digit(chars: str) -> int:
    # ord(c) - 48 is the digit itself for 0-9 and the official value for the letters of the
    # alphanumeric CNPJ issued from July 2026.
    weights = _CNPJ_WEIGHTS[-len(chars) :]
    rest = sum((ord(c) - 48) * w for c, w in zip(chars, weights, strict=True)) % 11
    return 0 if rest < 2 else 11 - rest


def cnpj(value: str, *, field: str = "identity") -> str:
    """Return a CNPJ as 14 characters after checking both check digits.

    ``11.222.333/0001-81`` is accepted; the alphanumeric form (letters in the first 12
    places) is accepted too.
    """
    text = _strip_formatting(value).upper()
    if not _CNPJ.fullmatch(text):
        raise PayProValidationError(field, "must be a CNPJ: 14 digits")
    if len(set(text)) == 1:
        raise PayProValidationError(field, "is not a valid CNPJ (all digits the same)")
    first = _cnpj_check_digit(text[:12])
    second = _cnpj_check_digit(text[:12] + str(first))
    if text[12:] != f"{first}{second}":
        raise PayProValidationError(field, "is not a valid CNPJ (check digits do not match)")
    return text


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


_BR_PHONE = re.compile(r"\+55[1-9][0-9]{9,10}")


def br_phone(value: str, *, field: str = "account") -> str:
    """Return a Brazilian phone PIX key as ``+55`` + area code + number."""
    text = _strip_formatting(value)
    if not text.startswith("+"):
        text = "+" + (text if text.startswith("55") and len(text) >= 12 else "55" + text)
    if not _BR_PHONE.fullmatch(text):
        raise PayProValidationError(field, "must be a Brazilian phone like +5511987654321")
    return text


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
    total = 0
    for i, char in enumerate(reversed(number)):
        n = int(char)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def debit_card(value: str, *, field: str = "account") -> str:
    """Return a 16-digit card number after the Luhn check."""
    text = _only_digits(value, 16, field, "a debit card number")
    if not luhn_valid(text):
        raise PayProValidationError(field, "is not a valid card number (Luhn check fails)")
    return text


# --- Pakistan -----------------------------------------------------------------------------------


def cnic(value: str, *, field: str = "customer_cert") -> str:
    """Return a Pakistani CNIC as 13 digits (``35202-1234567-1`` is fine)."""
    return _only_digits(value, 13, field, "a CNIC")


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
