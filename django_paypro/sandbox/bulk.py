"""Settle every open sandbox payout at once, as if each payout page had been clicked."""

from __future__ import annotations

from django_paypro.sandbox.actions import apply_action
from django_paypro.sandbox.models import PROCESSING, SandboxTrade

__all__ = ["settle_open_payouts"]


def settle_open_payouts(*, action: str = "settle", country: str | None = None) -> int:
    """Settle (or, with ``action="fail"``, fail) every processing payout; return how many.

    Each one notifies the merchant as a click on its payout page would.
    """
    trades = SandboxTrade.objects.filter(kind=SandboxTrade.Kind.PAYOUT, status=PROCESSING)
    if country:
        trades = trades.filter(country=country)
    count = 0
    for trade in trades.order_by("pk").iterator():
        apply_action(trade, action)
        count += 1
    return count
