"""The signed notification PayPro posts to ``notifyUrl`` when a trade's result is known."""

from __future__ import annotations

from django_paypro.accounts import get_account
from django_paypro.countries import PAYIN, PAYOUT, get_profile
from django_paypro.sandbox import spellings
from django_paypro.sandbox.envelope import now_ms
from django_paypro.sandbox.models import SandboxTrade
from django_paypro.sandbox.operations import success_time
from django_paypro.signing import SIGN_FIELD, sign


def notification_body(trade: SandboxTrade) -> dict[str, str]:
    """Return the notification about ``trade``'s current state, signed with the merchant secret.

    ``amount`` is what was actually paid (half of it after "pay part"); a failed trade reports
    its order amount.
    """
    profile = get_profile(trade.country)
    is_payout = trade.kind == SandboxTrade.Kind.PAYOUT
    reported = trade.paid_amount if trade.paid_amount > 0 else trade.amount
    body = {
        "status": trade.status,
        "message": trade.message,
        "platFormTradeNo": trade.platform_trade_no,
        "tradeNo": trade.trade_no,
        "amount": profile.amount_text(reported, PAYOUT if is_payout else PAYIN),
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
    secret = get_account(trade.country).app_secret.reveal()
    body[SIGN_FIELD] = sign(body, secret)
    return body
