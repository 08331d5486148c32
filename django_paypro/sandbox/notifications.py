"""The signed notification PayPro posts to ``notifyUrl`` when a trade's result is known.

Its fields are those of the country's Payment Notify page where the page was transcribed
(Indonesia's lists ``channelCode`` and ``wayCode`` for pay-ins, Mexico's does not); the usual
set otherwise.
"""

from __future__ import annotations

from django_paypro.accounts import app_secret
from django_paypro.sandbox import spellings
from django_paypro.sandbox.envelope import now_ms
from django_paypro.sandbox.models import SandboxTrade
from django_paypro.sandbox.operations import amount_rule, success_time
from django_paypro.sandbox.pages import country_pages
from django_paypro.sandbox.signature import SIGN, page_signature


def notification_body(trade: SandboxTrade) -> dict[str, str]:
    """Return the notification about ``trade``'s current state, signed with the merchant secret.

    ``amount`` is what was actually paid (half of it after "pay part"); a failed trade reports
    its order amount.
    """
    is_payout = trade.kind == SandboxTrade.Kind.PAYOUT
    reported = trade.paid_amount if trade.paid_amount > 0 else trade.amount
    body = {
        "status": trade.status,
        "message": trade.message,
        "platFormTradeNo": trade.platform_trade_no,
        "tradeNo": trade.trade_no,
        "amount": amount_rule(trade).text(reported),
        "timestamp": str(now_ms()),
    }
    when = success_time(trade)
    if when:
        body["successTime"] = when
    if not is_payout:
        channel, default_way = spellings.PAYIN_CHANNELS.get(
            trade.country, spellings.DEFAULT_CHANNEL
        )
        body["channelCode"] = channel
        body["wayCode"] = trade.request_fields.get("wayCode") or default_way
    body = _as_the_page_lists(body, trade.country)
    body[SIGN] = page_signature(body, app_secret(trade.country).reveal())
    return body


def _as_the_page_lists(body: dict[str, str], country: str) -> dict[str, str]:
    """Keep the fields the country's notification page lists, when it was transcribed."""
    page = country_pages(country).notification
    if not page:
        return body
    listed = {field["name"] for field in page.get("fields", ())}
    return {name: value for name, value in body.items() if name in listed}
