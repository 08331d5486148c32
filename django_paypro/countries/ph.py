"""Philippines: cashier page and pay-in by ``payType`` (GCash, Maya, banks...)."""

from __future__ import annotations

from django_paypro.countries import fields as f
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

_SANDBOX, _SANDBOX_SOURCE = guessed_sandbox("Philippines", "philippines")
SLUG = "philippines"
# "amounts with decimals are not recommended": whole units, the reading PayPro recommends.
_WHOLE = AmountRule(decimals=0)
_PAYMENT_FIELDS = (
    # GCash, GrabPay, Maya, QRPH, "GCash QR", "Maya QR", "Gotyme QR", UnionBank, BPI, RCBC.
    f.text("pay_type", "payType", required=True, limit=32),
    f.remark(),
    f.return_url(required=True),
)

PH = CountryProfile(
    code="PH",
    name="Philippines",
    slug=SLUG,
    currency="PHP",
    sandbox_base_url=_SANDBOX,
    base_url_source=_SANDBOX_SOURCE,
    default_method=PAYIN,
    sign_source=page(SLUG, "payment"),
    notification=signed_notification(SLUG),
    specs=operations(
        page=Operation(
            path="/v1/paypro/paymentLink",
            source=page(SLUG, "paymentCasher"),
            amount=_WHOLE,
            fields=_PAYMENT_FIELDS,
        ),
        payin=Operation(
            path="/v1/paypro/payIn",
            source=page(SLUG, "payment"),
            amount=_WHOLE,
            fields=_PAYMENT_FIELDS,
        ),
        payout=Operation(
            path="/v1/paypro/payOut",
            source=assumed(
                "no Philippines payout page found; "
                "Indonesia's beneficiary fields, the platform's set"
            ),
            amount=_WHOLE,
            fields=(
                f.beneficiary("customerName"),
                f.account("bankAccountNo"),
                f.code("bank_code", "bankCode", required=True),
                f.remark(),
            ),
        ),
        **standard(SLUG),
    ),
)

__all__ = ["PH"]
