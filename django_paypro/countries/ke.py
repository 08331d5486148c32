"""Kenya: M-Pesa pay-ins (push or cashier) and payouts to a mobile, under ``/api/``."""

from __future__ import annotations

from django_paypro.countries import fields as f
from django_paypro.countries import mobiles
from django_paypro.countries.base import (
    PAYIN,
    AmountRule,
    CountryProfile,
    NotificationFacts,
    Operation,
    Source,
    assumed,
    operations,
    page,
)
from django_paypro.countries.platform import guessed_sandbox

_SANDBOX, _SANDBOX_SOURCE = guessed_sandbox("Kenya", "kenya")
SLUG = "kenya"
# "only integers are supported"; the pages recommend more than KSH 50 without refusing less,
# so no minimum is enforced.
_WHOLE = AmountRule(decimals=0)
_MOBILE_FORM = assumed(
    "the payment page does not say how to write the mobile; the payout page's 12 digits "
    "2541/2547 are used for both"
)


def _query(path: str, source: Source) -> Operation:
    # Kenya's query pages list only tradeNo and sign: no timestamp.
    return Operation(path=path, source=source, timestamp=False)


KE = CountryProfile(
    code="KE",
    name="Kenya",
    slug=SLUG,
    currency="KES",
    sandbox_base_url=_SANDBOX,
    base_url_source=_SANDBOX_SOURCE,
    default_method=PAYIN,
    sign_source=page(SLUG, "payment"),
    notification=NotificationFacts(
        fields=("platFormTradeNo", "tradeNo", "amount", "status", "message", "successTime"),
        signed=False,
        source=page(
            SLUG,
            "paymentNotify",
            "the page lists neither sign nor timestamp, unlike every other country's; "
            "such a notification cannot be verified, only confirmed by a query",
        ),
    ),
    specs=operations(
        page=Operation(
            path="/api/payinConsole",
            source=page(SLUG, "paymentCasher"),
            amount=_WHOLE,
            fields=(f.remark(),),
        ),
        payin=Operation(
            path="/api/payin",
            source=page(SLUG, "payment"),
            amount=_WHOLE,
            fields=(f.mobile(mobiles.kenya), f.remark()),
            fields_source=page(SLUG, "payment", note=_MOBILE_FORM.assumed),
        ),
        payout=Operation(
            path="/api/payout",
            source=page(SLUG, "payout"),
            amount=_WHOLE,
            fields=(f.mobile(mobiles.kenya), f.remark()),
        ),
        payin_query=_query("/api/queryPayinResult", page(SLUG, "paymentQuery")),
        payout_query=_query("/api/queryPayOutResult", page(SLUG, "payoutQuery")),
        mpesa_query=Operation(
            path="/api/queryResultByCode",
            source=page(SLUG, "queryMpesaCode"),
            fields=(f.text("code", "code", required=True, limit=64),),
        ),
        balance=Operation(
            path="/api/queryBalance",
            source=assumed(
                "the Kenya menu lists 'Balance Inquiry API' but its page was not found; "
                "the /api/ prefix of Kenya's other paths"
            ),
        ),
    ),
)

__all__ = ["KE"]
