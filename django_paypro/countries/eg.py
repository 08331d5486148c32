"""Egypt: wallet pay-ins and payouts of 100 to 10,000 EGP."""

from __future__ import annotations

from decimal import Decimal

from django_paypro.countries import fields as f
from django_paypro.countries import mobiles
from django_paypro.countries.base import (
    PAYIN,
    AmountRule,
    CountryProfile,
    Operation,
    operations,
    page,
)
from django_paypro.countries.platform import guessed_sandbox, signed_notification, standard

_SANDBOX, _SANDBOX_SOURCE = guessed_sandbox("Egypt", "egypt")
SLUG = "egypt"
_RANGE = AmountRule(decimals=0, minimum=Decimal(100), maximum=Decimal(10000))

EG = CountryProfile(
    code="EG",
    name="Egypt",
    slug=SLUG,
    currency="EGP",
    sandbox_base_url=_SANDBOX,
    base_url_source=_SANDBOX_SOURCE,
    default_method=PAYIN,
    sign_source=page(SLUG, "payment"),
    notification=signed_notification(SLUG),
    specs=operations(
        payin=Operation(
            path="/v1/paypro/payIn",
            source=page(SLUG, "payment"),
            amount=_RANGE,
            fields=(
                f.payer(),
                f.mobile(mobiles.egypt),
                f.email(),
                f.return_url(),
                f.remark(required=True),
            ),
        ),
        payout=Operation(
            path="/v1/paypro/payOut",
            source=page(SLUG, "payout"),
            amount=_RANGE,
            fields=(f.beneficiary("customerName"), f.account("walletId"), f.remark(required=True)),
        ),
        **standard(SLUG, recorded=("payin_query", "payout_query")),
    ),
)

__all__ = ["EG"]
