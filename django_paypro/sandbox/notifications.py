"""The signed notification PayPro posts to ``notifyUrl`` when a trade's result is known."""

from __future__ import annotations

from django_paypro.accounts import app_secret
from django_paypro.sandbox import spellings
from django_paypro.sandbox.envelope import now_ms
from django_paypro.sandbox.models import SandboxTrade
from django_paypro.sandbox.operations import amount_rule, success_time
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
    body[SIGN] = page_signature(body, app_secret(trade.country).reveal())
    return body
