"""Payout limits per country (``PAYPRO['PAYOUT_LIMITS']``) and the balance a batch needs.

Each check returns the reason a batch must be held, or ``""`` when it may go.
"""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal, InvalidOperation

from django.db.models import Sum
from django.utils import timezone

from django_paypro.conf import paypro_setting
from django_paypro.countries import BALANCE, get_profile
from django_paypro.exceptions import PayProConfigurationError, PayProError
from django_paypro.models import Payout, PayoutBatch

__all__ = ["balance_shortfall", "limits_exceeded", "per_payout_limit"]

#: Payouts that count against the day's limit: on their way, or gone.
COMMITTED = (
    Payout.Status.APPROVED,
    Payout.Status.SENDING,
    Payout.Status.CREATED,
    Payout.Status.PENDING,
    Payout.Status.UNKNOWN,
    Payout.Status.SUCCEEDED,
)


def _limit(country: str, key: str) -> Decimal | None:
    value = (paypro_setting("PAYOUT_LIMITS") or {}).get(country, {}).get(key)
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise PayProConfigurationError(
            f"PAYPRO['PAYOUT_LIMITS'][{country!r}][{key!r}] must be a number"
        ) from None


def plain(amount: Decimal) -> Decimal:
    """Return ``amount`` without trailing decimal zeros on whole numbers (``300.00`` → ``300``).

    PostgreSQL sums keep the column's two decimals, SQLite's do not: messages and totals read
    the same on both.
    """
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount


def per_payout_limit(country: str) -> Decimal | None:
    """Return the largest amount one payout may have in ``country``, if limited."""
    return _limit(country, "PER_PAYOUT")


def country_totals(batch: PayoutBatch) -> dict[str, Decimal]:
    """Return the batch's payouts still to send, summed per country."""
    rows = (
        batch.payouts.exclude(status=Payout.Status.CANCELLED)
        .values("country")
        .annotate(total=Sum("amount"))
        .order_by("country")
    )
    return {row["country"]: plain(row["total"]) for row in rows}


def limits_exceeded(batch: PayoutBatch, totals: dict[str, Decimal]) -> str:
    """Return why the batch passes a limit: per payout, or per day and country (``TIME_ZONE``)."""
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    reasons = []
    for country, total in totals.items():
        limit = _limit(country, "PER_DAY")
        per_payout = per_payout_limit(country)
        if (
            per_payout is not None
            and batch.payouts.filter(country=country, amount__gt=per_payout).exists()
        ):
            reasons.append(f"a payout in {country} is above the limit of {per_payout} per payout")
        if limit is None:
            continue
        today = (
            Payout.objects.filter(country=country, status__in=COMMITTED, created_at__gte=start)
            .exclude(batch=batch)
            .aggregate(total=Sum("amount"))["total"]
        ) or Decimal(0)
        today = plain(today)
        if today + total > limit:
            reasons.append(
                f"{country}: {total} in this batch and {today} already today pass the "
                f"limit of {limit} per day"
            )
    return "; ".join(reasons)


def balance_shortfall(totals: dict[str, Decimal]) -> tuple[str, str]:
    """Return (why the balance cannot cover the batch, a note on countries not checked)."""
    if not paypro_setting("PAYOUT_BALANCE_CHECK"):
        return "", "balance not checked (PAYOUT_BALANCE_CHECK is off)"
    from django_paypro.services.balance import get_balance

    reasons, unchecked = [], []
    for country, total in totals.items():
        profile = get_profile(country)
        if not profile.supports(BALANCE):
            unchecked.append(country)
            continue
        try:
            available = plain(get_balance(country).available)
        except (PayProError, ValueError) as err:
            reasons.append(f"{country}: the balance could not be read ({err})")
            continue
        if total > available:
            reasons.append(
                f"{country}: the batch needs {total} {profile.currency}, "
                f"the available balance is {available} {profile.currency}"
            )
    note = f"no balance query in {', '.join(unchecked)}: not checked" if unchecked else ""
    return "; ".join(reasons), note
