"""Indonesia: cashier page, pay-in by channel (QRIS, e-wallet, VA), bank and wallet payouts."""

from __future__ import annotations

from collections.abc import Mapping

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
from django_paypro.countries.platform import signed_notification, standard
from django_paypro.exceptions import PayProValidationError

SLUG = "indonesia"
_WHOLE = AmountRule(decimals=0)
_CHANNELS = ("QRIS", "EWALLET", "VA")


def _way_code_needs_its_channel(cleaned: Mapping[str, str]) -> None:
    """Refuse a ``way_code`` without ``channel_code``: the cashier page ignores it then."""
    if cleaned.get("way_code") and not cleaned.get("channel_code"):
        raise PayProValidationError("channel_code", "is required with way_code in ID")


ID = CountryProfile(
    code="ID",
    name="Indonesia",
    slug=SLUG,
    currency="IDR",
    sandbox_base_url="https://openapi-test.paypro.tech/indonesia-pay",
    base_url_source=page(SLUG, "overview"),
    default_method=PAYIN,
    sign_source=page(SLUG, "payment"),
    notification=signed_notification(SLUG, read=True, extra=("channelCode", "wayCode")),
    specs=operations(
        page=Operation(
            path="/v1/paypro/paymentLink",
            source=page(SLUG, "paymentCasher"),
            amount=_WHOLE,
            fields=(
                f.mobile(mobiles.indonesia),
                f.email(),
                f.payer("username"),
                # Limits the channels the cashier shows; a wayCode needs its channelCode.
                f.choice("channel_code", "channelCode", _CHANNELS, required=False),
                f.code("way_code", "wayCode"),
                f.return_url(),
            ),
            cross_checks=(_way_code_needs_its_channel,),
        ),
        payin=Operation(
            path="/v1/paypro/payIn",
            source=page(SLUG, "payment"),
            amount=_WHOLE,
            fields=(
                f.payer("username"),
                f.mobile(mobiles.indonesia),
                f.email(),
                f.choice("channel_code", "channelCode", _CHANNELS),
                f.code("way_code", "wayCode"),
                f.return_url(),
                f.remark(),
            ),
        ),
        payout=Operation(
            path="/v1/paypro/payOut",
            source=page(SLUG, "payout"),
            amount=_WHOLE,
            fields=(
                f.beneficiary("customerName"),
                f.mobile(mobiles.indonesia),
                f.email(),
                f.account("bankAccountNo"),
                f.code("bank_code", "bankCode", required=True),
                f.remark(),
            ),
        ),
        **standard(SLUG, read=("payin_query", "balance"), recorded=("payout_query",)),
        account_verify=Operation(
            path="/v1/paypro/accountVerify",
            source=assumed("no page found; fields mirror the payout's destination"),
            fields=(f.code("bank_code", "bankCode", required=True), f.account("bankAccountNo")),
        ),
    ),
    bank_codes=tables.BANK_CODES["ID"],
)

__all__ = ["ID"]
