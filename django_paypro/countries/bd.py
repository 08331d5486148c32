"""Bangladesh: bKash and Nagad pay-ins, wallet payouts (bKash, Nagad, Rocket)."""

from __future__ import annotations

from django_paypro.countries import fields as f
from django_paypro.countries import tables
from django_paypro.countries.base import (
    PAYIN,
    AmountRule,
    CountryProfile,
    Operation,
    operations,
    page,
)
from django_paypro.countries.platform import guessed_sandbox, signed_notification, standard

# PayPro publishes Bangladesh under two slugs; "bengal" holds the fuller set of pages.
_SANDBOX, _SANDBOX_SOURCE = guessed_sandbox("Bangladesh", "bangladesh")
SLUG = "bengal"
_WHOLE = AmountRule(decimals=0)
_ROCKET_NOTE = (
    "The payout page under 'bengal' lists EWALLET_BKASH, EWALLET_ROCKET, EWALLET_NAGAD; the "
    "one under 'bangladesh' lists BKASH, NAGAD while its example sends EWALLET_BKASH. The app "
    "ships the EWALLET_ spellings (both examples use them); ROCKET became EWALLET_ROCKET."
)

BD = CountryProfile(
    code="BD",
    name="Bangladesh",
    slug=SLUG,
    currency="BDT",
    sandbox_base_url=_SANDBOX,
    base_url_source=_SANDBOX_SOURCE,
    default_method=PAYIN,
    sign_source=page(SLUG, "payment"),
    notification=signed_notification(SLUG),
    specs=operations(
        payin=Operation(
            path="/v1/paypro/payin",
            source=page(SLUG, "payment"),
            amount=_WHOLE,
            fields=(f.code("way_code", "wayCode", required=True), f.return_url(), f.remark()),
        ),
        payout=Operation(
            path="/v1/paypro/payout",
            source=page(SLUG, "payout", note=_ROCKET_NOTE),
            amount=_WHOLE,
            fields=(
                f.account("walletId"),
                f.code("bank_code", "wayCode", required=True),
                f.remark(),
            ),
        ),
        **standard(SLUG, read=("payin_query",)),
        payin_submit=Operation(
            path="/v1/paypro/payinSubmit",
            # Only the "bangladesh" menu has this page.
            source=page("bangladesh", "paymentSubmit"),
            fields=(
                f.text("platform_trade_no", "platFormTradeNo", required=True, limit=64),
                f.text("trx_id", "trxId", required=True, limit=64),
            ),
        ),
    ),
    way_codes=tables.WAY_CODES["BD"],
    bank_codes=tables.BANK_CODES["BD"],
    notes=(_ROCKET_NOTE,),
)

__all__ = ["BD"]
