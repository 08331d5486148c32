"""Pakistan: cashier page and host-to-host pay-in (Easypaisa, JazzCash), bank and wallet payouts."""

from __future__ import annotations

from decimal import Decimal

from django_paypro.countries import fields as f
from django_paypro.countries import mobiles, tables
from django_paypro.countries import validators as v
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

SLUG = "pakistan"
_PAYMENT = AmountRule(decimals=0, minimum=Decimal(100))
_PAYMENT_TYPES = ("easypaisa", "jazzcash")
_PAYMENT_TYPE_NOTE = (
    "Pakistan's Payment API page marks paymentType required in one version and optional in "
    "three; the app requires it on pay-ins (the safer reading: a request carrying it is "
    "valid under both) and leaves it optional on the cashier page, where every version agrees."
)
_CUST_ID = f.text("cust_id", "custId", limit=64)

PK = CountryProfile(
    code="PK",
    name="Pakistan",
    slug=SLUG,
    currency="PKR",
    sandbox_base_url="https://sandbox-api.paypro.tech/pak-pay",
    base_url_source=assumed(
        "PROTOCOL.md gives this base (and, from another version, openapi-test.paypro.tech) from "
        "the Pakistan overview page, which neither this reading nor the page fixtures reached"
    ),
    default_method=PAYIN,
    sign_source=page(SLUG, "payment"),
    notification=signed_notification(SLUG),
    specs=operations(
        page=Operation(
            path="/v1/payproPK/payin",
            source=page(SLUG, "paymentPage"),
            amount=_PAYMENT,
            fields=(
                f.payer("name"),
                f.identity("customerCert", v.cnic),
                f.email(),
                f.mobile(mobiles.pakistan),
                f.remark(required=True),
                # The page: required when the amount exceeds 50,000.
                _CUST_ID,
                f.choice("payment_type", "paymentType", _PAYMENT_TYPES, required=False),
                f.return_url(),
            ),
        ),
        payin=Operation(
            path="/v1/payproPK/payinApi",
            source=page(SLUG, "payment", note=_PAYMENT_TYPE_NOTE),
            amount=_PAYMENT,
            fields=(
                f.choice("payment_type", "paymentType", _PAYMENT_TYPES),
                f.payer("name"),
                f.mobile(mobiles.pakistan),
                f.email(),
                f.identity("customerCert", v.cnic, required=False),
                f.remark(),
                _CUST_ID,
            ),
        ),
        payout=Operation(
            path="/v1/payproPK/payout",
            source=page(SLUG, "payout"),
            amount=AmountRule(decimals=0, minimum=Decimal(1)),
            fields=(
                f.beneficiary("name"),
                f.identity("customerCert", v.cnic),
                f.email(),
                f.mobile(mobiles.pakistan),
                f.choice("account_type", "accountType", ("BANK", "WALLET")),
                f.code("bank_code", "bankName", required=True),
                f.account("bankNumber"),
                f.remark(required=True),
            ),
        ),
        **standard(
            SLUG,
            read=("balance",),
            recorded=("payin_query", "payout_query"),
            prefix="/v1/payproPK",
        ),
    ),
    bank_codes=tables.BANK_CODES["PK"],
    notes=(_PAYMENT_TYPE_NOTE,),
)

__all__ = ["PK"]
