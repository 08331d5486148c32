"""The sandbox merchant's money: an opening balance, and refusal of payouts it cannot cover.

The balance of a country is ``PAYPRO['SANDBOX_OPENING_BALANCE'][country]`` (0 if absent) plus
what pay-ins received, less payouts settled and payouts still processing (frozen). With the
setting ``None`` (the default) no payout is refused for its amount.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet, Sum

from django_paypro.conf import paypro_setting
from django_paypro.sandbox.models import PARTIAL, PROCESSING, SUCCESS, SandboxTrade

__all__ = ["Amounts", "amounts", "payout_refusal"]

Amounts = tuple[Decimal, Decimal]  # (available, frozen)


def _sum(trades: QuerySet[SandboxTrade], field: str) -> Decimal:
    return trades.aggregate(total=Sum(field))["total"] or Decimal(0)


def amounts(merchant_no: str, country: str) -> Amounts:
    """Return (available, frozen) for ``merchant_no`` in ``country``."""
    opening = Decimal(str((paypro_setting("SANDBOX_OPENING_BALANCE") or {}).get(country) or 0))
    trades = SandboxTrade.objects.filter(merchant_no=merchant_no, country=country)
    payins = trades.filter(kind=SandboxTrade.Kind.PAYIN, status__in=(SUCCESS, PARTIAL))
    payouts = trades.filter(kind=SandboxTrade.Kind.PAYOUT)
    paid_out = _sum(payouts.filter(status=SUCCESS), "amount")
    frozen = _sum(payouts.filter(status=PROCESSING), "amount")
    return opening + _sum(payins, "paid_amount") - paid_out - frozen, frozen


def payout_refusal(merchant_no: str, country: str, amount: Decimal) -> str:
    """Return PayPro's refusal of a payout larger than the available balance, or ``""``."""
    if paypro_setting("SANDBOX_OPENING_BALANCE") is None:
        return ""
    available, _frozen = amounts(merchant_no, country)
    if amount > available:
        return f"insufficient balance: {amount} requested, {available:.2f} available"
    return ""
