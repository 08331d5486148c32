"""Mexico: payment page and host-to-host pay-in (``wayCode`` store/va), payouts by SPEI."""

from __future__ import annotations

from collections.abc import Mapping

from django_paypro.countries import fields as f
from django_paypro.countries import mobiles, tables
from django_paypro.countries import validators as v
from django_paypro.countries.base import (
    BALANCE,
    PAGE,
    AmountRule,
    CountryProfile,
    Operation,
    assumed,
    operations,
    page,
)
from django_paypro.countries.platform import signed_notification, standard

SLUG = "mexico"
_WHOLE = AmountRule(decimals=0)
_PHONE = mobiles.phone_of("MX")


def _account_matches_type(cleaned: Mapping[str, str]) -> None:
    """Check a MX payout account as a CLABE or a 16-digit debit card, per its type."""
    account, kind = cleaned.get("account"), cleaned.get("account_type")
    if account and kind:
        check = v.clabe if kind == "CLABE" else v.debit_card
        check(account, field="account")


_queries = standard(SLUG, read=("payin_query",), recorded=("payout_query",))
_queries[BALANCE] = Operation(
    path="/v1/paypro/queryBalance",
    source=assumed("the Mexico menu lists 'Balance Inquiry API' but its page was not found"),
)

MX = CountryProfile(
    code="MX",
    name="Mexico",
    slug=SLUG,
    currency="MXN",
    sandbox_base_url="https://openapi-sa-test.paypro.tech/mex-pay",
    base_url_source=page(SLUG, "overview"),
    default_method=PAGE,
    sign_source=page(SLUG, "payment"),
    notification=signed_notification(SLUG, read=True),
    specs=operations(
        page=Operation(
            path="/v1/paypro/paymentLink",
            source=page(SLUG, "paymentPage"),
            amount=_WHOLE,
            fields=(
                f.mobile(_PHONE, required=False),
                f.email(required=False),
                f.payer(required=False),
                f.code("way_code", "wayCode"),
                f.return_url(),
                f.remark(),
            ),
        ),
        payin=Operation(
            path="/v1/paypro/payInApi",
            source=page(SLUG, "payment"),
            amount=_WHOLE,
            fields=(
                f.mobile(_PHONE, required=False),
                f.email(required=False),
                f.payer(required=False),
                f.code("way_code", "wayCode", required=True),
                f.return_url(),
                f.remark(),
            ),
        ),
        payout=Operation(
            path="/v1/paypro/payOut",
            source=page(SLUG, "payout"),
            amount=_WHOLE,
            fields=(
                f.code("bank_code", "wayCode", required=True),
                f.beneficiary("customerName"),
                f.mobile(_PHONE, "customerMobile", required=False),
                f.email("customerEmail", required=False),
                f.choice("account_type", "customerAccountType", ("DebitCard", "CLABE")),
                f.account("customerAccount"),
                f.text("identity", "identity", limit=32),
                f.remark(),
            ),
            cross_checks=(_account_matches_type,),
        ),
        **_queries,
    ),
    way_codes=tables.WAY_CODES["MX"],
    bank_codes=tables.BANK_CODES["MX"],
)

__all__ = ["MX"]
