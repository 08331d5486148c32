"""Vietnam: VietQR pay-ins and bank payouts, from 50,000 VND, under ``/v1/payproVN/``."""

from __future__ import annotations

from decimal import Decimal

from django_paypro.countries import fields as f
from django_paypro.countries import validators as v
from django_paypro.countries.base import (
    BALANCE,
    PAYIN,
    PAYIN_QUERY,
    PAYOUT_QUERY,
    AmountRule,
    CountryProfile,
    FieldSpec,
    Operation,
    operations,
    page,
)
from django_paypro.countries.platform import signed_notification, standard

SLUG = "vietnam"
_FROM_50000 = AmountRule(decimals=0, minimum=Decimal(50000))

VN = CountryProfile(
    code="VN",
    name="Vietnam",
    slug=SLUG,
    currency="VND",
    sandbox_base_url="https://openapi-test.paypro.tech/vietnam-pay",
    base_url_source=page(SLUG, "overview"),
    default_method=PAYIN,
    sign_source=page(SLUG, "payment"),
    notification=signed_notification(SLUG, read=True),
    specs=operations(
        payin=Operation(
            path="/v1/payproVN/payin",
            source=page(SLUG, "payment"),
            amount=_FROM_50000,
            fields=(
                # A fixed value: the page allows nothing else.
                FieldSpec(
                    "bank_name",
                    "bankName",
                    required=True,
                    default="VietQR",
                    validator=v.one_of(("VietQR",), field="bank_name"),
                ),
                f.remark(),
            ),
        ),
        payout=Operation(
            path="/v1/payproVN/payout",
            source=page(SLUG, "payout"),
            amount=_FROM_50000,
            fields=(
                FieldSpec(
                    "name", "accountName", required=True, validator=v.ascii_text(100, field="name")
                ),
                f.code("bank_code", "bankName", required=True),
                f.account("bankNumber"),
                f.remark(),
            ),
        ),
        **standard(SLUG, recorded=(PAYIN_QUERY, PAYOUT_QUERY, BALANCE), prefix="/v1/payproVN"),
    ),
)

__all__ = ["VN"]
