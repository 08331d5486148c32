"""Brazil: PIX pay-ins and payouts; the signature travels in a ``sign`` header."""

from __future__ import annotations

from collections.abc import Mapping

from django_paypro.countries import fields as f
from django_paypro.countries import mobiles
from django_paypro.countries import validators as v
from django_paypro.countries.base import (
    PAYIN,
    AmountRule,
    CountryProfile,
    FieldSpec,
    Operation,
    assumed,
    operations,
    page,
)
from django_paypro.countries.platform import signed_notification, standard
from django_paypro.exceptions import PayProValidationError

SLUG = "brazil"
_WHOLE = AmountRule(decimals=0)
_WHOLE_SOURCE = assumed(
    "the pages say only 'Amount'; whole units as in every example ('300'), the safer reading"
)
_HEADER_SIGN = (
    "Brazil's pages disagree on where `sign` travels: two versions of the payment and payout "
    "pages list it as a header, one version as a body field. The app sends it in the header "
    "(two versions of three, and the reading PROTOCOL.md confirmed)."
)


def _pix_key_matches_type(cleaned: Mapping[str, str]) -> None:
    """Check a BR payout PIX key (``bankNumber``) against its ``bankType``."""
    account, kind = cleaned.get("account"), cleaned.get("account_type")
    if account and kind:
        expected = v.pix_key_of_type(kind, account, field="account")
        # A cross check cannot rewrite the wire value, so ask for the exact form instead.
        if expected != account:
            raise PayProValidationError("account", f"write this {kind} key as {expected!r}")


def _identity_matches_type(cleaned: Mapping[str, str]) -> None:
    """Check ``identity`` as the document ``identity_type`` names (CPF or CNPJ)."""
    identity, kind = cleaned.get("identity"), cleaned.get("identity_type")
    if identity and kind:
        check = v.cnpj if kind == "CNPJ" else v.cpf
        check(identity, field="identity")


_IDENTITY_TYPE = FieldSpec(
    "identity_type",
    "identityType",
    required=True,
    default="CPF",
    validator=v.one_of(("CPF", "CNPJ"), field="identity_type"),
)

BR = CountryProfile(
    code="BR",
    name="Brazil",
    slug=SLUG,
    currency="BRL",
    sandbox_base_url="https://sandbox-api.paypro.tech/brz-pay",
    base_url_source=page(SLUG, "overview"),
    default_method=PAYIN,
    sign_in_header=True,
    sign_source=page(SLUG, "payment", note=_HEADER_SIGN),
    notification=signed_notification(SLUG, read=True),
    specs=operations(
        payin=Operation(
            path="/v1/paypro/payin",
            source=page(SLUG, "payment"),
            amount=_WHOLE,
            amount_source=_WHOLE_SOURCE,
            fields=(
                f.payer("name"),
                _IDENTITY_TYPE,
                f.identity("userIdentity", v.cpf_or_cnpj),
                f.return_url(),
                f.remark(required=True),
            ),
            cross_checks=(_identity_matches_type,),
        ),
        payout=Operation(
            path="/v1/paypro/payout",
            source=page(SLUG, "payout"),
            amount=_WHOLE,
            amount_source=_WHOLE_SOURCE,
            fields=(
                f.beneficiary("name"),
                f.email(),
                f.mobile(mobiles.phone_of("BR")),
                f.choice("account_type", "bankType", ("CPF", "CNPJ", "EMAIL", "PHONE", "EVP")),
                f.account("bankNumber", v.pix_key),
                _IDENTITY_TYPE,
                f.identity("userIdentity", v.cpf_or_cnpj),
                f.remark(required=True),
            ),
            cross_checks=(_pix_key_matches_type, _identity_matches_type),
        ),
        **standard(SLUG, read=("payin_query", "balance"), recorded=("payout_query",)),
    ),
    notes=(_HEADER_SIGN,),
)

__all__ = ["BR"]
