"""Field builders shared by the country modules: our argument name, its validator, a wire name.

Our argument names are the same in every country; each country module says under which wire
name and whether required. Payments take ``payer``, ``mobile``, ``email``, ``identity``
(``identity_type``), ``ip_address``, ``way_code``, ``channel_code``, ``payment_type``,
``cust_id``, ``pay_type``, ``bank_name`` and the common ``remark`` and ``return_url``.
Payouts take ``name``, ``account``, ``account_type``, ``bank_code``, ``mobile``, ``email``,
``identity`` (``identity_type``), ``ip_address`` and ``remark``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from django_paypro.countries import validators as v
from django_paypro.countries.base import FieldSpec, Validator

#: Arguments ``create_payment`` accepts in every country and sends only where taken.
PAYMENT_ARGUMENTS = frozenset(
    {
        "payer",
        "mobile",
        "email",
        "identity",
        "identity_type",
        "ip_address",
        "way_code",
        "remark",
        "return_url",
    }
)
#: Arguments ``create_payout`` accepts in every country and sends only where taken.
PAYOUT_ARGUMENTS = frozenset(
    {
        "name",
        "account",
        "account_type",
        "bank_code",
        "mobile",
        "email",
        "identity",
        "identity_type",
        "ip_address",
        "remark",
    }
)


#: Argument names of earlier releases -> today's, per kind of call (accepted with a warning).
RENAMED_PAYMENT_ARGUMENTS = {"customer_cert": "identity"}
RENAMED_PAYOUT_ARGUMENTS = {"customer_cert": "identity", "bank_name": "bank_code"}


def renamed(values: Mapping[str, Any], renames: Mapping[str, str]) -> dict[str, Any]:
    """Return ``values`` with old argument names moved to their new ones, with a warning.

    A value already given under the new name wins.
    """
    moved = dict(values)
    for old, new in renames.items():
        if old in moved:
            warnings.warn(
                f"the argument {old!r} is now called {new!r}", DeprecationWarning, stacklevel=3
            )
            value = moved.pop(old)
            if moved.get(new) in (None, ""):
                moved[new] = value
    return moved


def text(name: str, wire: str, *, required: bool = False, limit: int = 100) -> FieldSpec:
    """Return a free-text field (a person's name, a customer id)."""
    return FieldSpec(name, wire, required=required, validator=v.free_text(limit, field=name))


def payer(wire: str = "payer", *, required: bool = True) -> FieldSpec:
    """Return the customer's name on a payment."""
    return text("payer", wire, required=required)


def beneficiary(wire: str = "customerName") -> FieldSpec:
    """Return the beneficiary's name on a payout (always required where present)."""
    return text("name", wire, required=True)


def mobile(validator: Validator, wire: str = "mobile", *, required: bool = True) -> FieldSpec:
    """Return the customer's mobile, checked by the country's ``validator``."""
    return FieldSpec("mobile", wire, required=required, validator=v.named(validator, "mobile"))


def email(wire: str = "email", *, required: bool = True) -> FieldSpec:
    """Return the customer's e-mail."""
    return FieldSpec("email", wire, required=required, validator=v.email)


def code(name: str, wire: str, *, required: bool = False) -> FieldSpec:
    """Return a way, bank or channel code (shape checked; tables are extendable in settings)."""
    return FieldSpec(name, wire, required=required, validator=v.named(v.code, name))


def choice(name: str, wire: str, choices: tuple[str, ...], *, required: bool = True) -> FieldSpec:
    """Return a field that takes one of ``choices`` (any case in, the page's spelling out)."""
    return FieldSpec(name, wire, required=required, validator=v.one_of(choices, field=name))


def account(wire: str, validator: Validator = v.account_number) -> FieldSpec:
    """Return the payout destination (account, wallet, CLABE, PIX key)."""
    return FieldSpec("account", wire, required=True, validator=v.named(validator, "account"))


def identity(wire: str, validator: Validator, *, required: bool = True) -> FieldSpec:
    """Return the customer's or beneficiary's identity document (CPF, CNIC...)."""
    return FieldSpec("identity", wire, required=required, validator=v.named(validator, "identity"))


def ip_address(*, required: bool = True) -> FieldSpec:
    """Return the customer's IP address (India)."""
    return FieldSpec("ip_address", "ipAddress", required=required, validator=v.ip_address)


def remark(*, required: bool = False) -> FieldSpec:
    """Return ``remark``: free text PayPro returns as is.

    Where required, ``create_payment``/``create_payout`` fill an empty one with the merchant
    reference, else the trade number, so it is never sent empty.
    """
    return text("remark", "remark", required=required, limit=255)


def return_url(*, required: bool = False) -> FieldSpec:
    """Return ``returnUrl``: where the cashier sends the customer back."""
    return FieldSpec("return_url", "returnUrl", required=required, validator=v.url)
