"""India: cashier page and host-to-host pay-in (UPI), bank payouts by IFSC."""

from __future__ import annotations

from django_paypro.countries import fields as f
from django_paypro.countries import mobiles
from django_paypro.countries import validators as v
from django_paypro.countries.base import (
    PAGE,
    AmountRule,
    CountryProfile,
    FieldSpec,
    Operation,
    operations,
    page,
)
from django_paypro.countries.platform import guessed_sandbox, signed_notification, standard

_SANDBOX, _SANDBOX_SOURCE = guessed_sandbox("India", "india")
SLUG = "india"
# "amounts with decimals are not recommended": whole units, the reading PayPro recommends.
_WHOLE = AmountRule(decimals=0)
_IFSC_NOTE = (
    "India's payout page names the IFSC field `bankNCode` in its table and `bankCode` in its "
    "example; the app follows the table (the rule the page fixtures follow too). Should PayPro "
    "refuse it, pass the IFSC as `extra={'bankCode': ...}` as well."
)
_PAYMENT_FIELDS = (
    f.payer("name"),
    f.mobile(mobiles.india),
    f.email(),
    f.ip_address(),
    f.remark(),
    f.return_url(required=True),
)

IN = CountryProfile(
    code="IN",
    name="India",
    slug=SLUG,
    currency="INR",
    sandbox_base_url=_SANDBOX,
    base_url_source=_SANDBOX_SOURCE,
    default_method=PAGE,
    sign_source=page(SLUG, "payment"),
    notification=signed_notification(SLUG),
    specs=operations(
        page=Operation(
            path="/v1/paypro/payin",
            source=page(SLUG, "paymentCasher"),
            amount=_WHOLE,
            fields=_PAYMENT_FIELDS,
        ),
        payin=Operation(
            path="/v1/paypro/payinApi",
            source=page(SLUG, "payment"),
            amount=_WHOLE,
            fields=_PAYMENT_FIELDS,
        ),
        payout=Operation(
            path="/v1/paypro/payout",
            source=page(SLUG, "payout", note=_IFSC_NOTE),
            amount=_WHOLE,
            fields=(
                f.ip_address(),
                f.beneficiary("name"),
                f.mobile(mobiles.india),
                f.email(),
                f.account("bankNumber"),
                FieldSpec("bank_code", "bankNCode", required=True, validator=v.ifsc),
                f.remark(),
            ),
        ),
        **standard(SLUG),
    ),
    notes=(_IFSC_NOTE,),
)

__all__ = ["IN"]
