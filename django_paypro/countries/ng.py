"""Nigeria: PalmPay wallet and virtual-account pay-ins; payouts as the platform does them."""

from __future__ import annotations

from django_paypro.countries import fields as f
from django_paypro.countries import mobiles, tables
from django_paypro.countries.base import (
    PAYIN,
    AmountRule,
    CountryProfile,
    Operation,
    assumed,
    operations,
    page,
)
from django_paypro.countries.platform import guessed_sandbox, signed_notification, standard

_SANDBOX, _SANDBOX_SOURCE = guessed_sandbox("Nigeria", "nigeria")
SLUG = "nigeria"
_PHONE = mobiles.phone_of("NG")

NG = CountryProfile(
    code="NG",
    name="Nigeria",
    slug=SLUG,
    currency="NGN",
    sandbox_base_url=_SANDBOX,
    base_url_source=_SANDBOX_SOURCE,
    default_method=PAYIN,
    sign_source=page(SLUG, "payment"),
    notification=signed_notification(SLUG),
    specs=operations(
        payin=Operation(
            path="/v1/paypro/payIn",
            source=page(SLUG, "payment"),
            amount=AmountRule(decimals=0),
            amount_source=assumed(
                "the page says only 'Payment amount'; whole units, the safer reading"
            ),
            fields=(
                f.payer("username"),
                f.mobile(_PHONE),
                f.email(),
                # channelCode EWALLET goes with wayCode PALMPAY, VA with VA.
                f.choice("channel_code", "channelCode", ("EWALLET", "VA")),
                f.code("way_code", "wayCode"),
                f.return_url(),
                f.remark(),
            ),
        ),
        payout=Operation(
            path="/v1/paypro/payOut",
            source=assumed(
                "no Nigeria payout page found; Indonesia's beneficiary fields, the platform's set"
            ),
            amount=AmountRule(decimals=0),
            fields=(
                f.beneficiary("customerName"),
                f.account("bankAccountNo"),
                f.code("bank_code", "bankCode", required=True),
                f.mobile(_PHONE, required=False),
                f.email(required=False),
                f.remark(),
            ),
        ),
        **standard(SLUG, recorded=("payout_query", "balance")),
    ),
    way_codes=tables.WAY_CODES["NG"],
)

__all__ = ["NG"]
