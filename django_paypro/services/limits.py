"""Payout limits per country (``PAYPRO['PAYOUT_LIMITS']``) and the balance a batch needs.

Each check returns the reason a batch must be held, or ``""`` when it may go. Both are sums
over other payouts, so they are only true while nobody else approves into the same country:
:func:`lock_countries` is called first, in the transaction that records the decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from django_paypro.conf import paypro_setting
from django_paypro.countries import BALANCE, get_profile
from django_paypro.exceptions import PayProConfigurationError, PayProError
from django_paypro.models import Payout, PayoutBatch, PayoutCountryLock

__all__ = [
    "balance_shortfall",
    "country_totals",
    "limits_exceeded",
    "lock_countries",
    "per_payout_limit",
]

#: Payouts that count against the day's limit: on their way, or gone.
COMMITTED = (
    Payout.Status.APPROVED,
    Payout.Status.SENDING,
    Payout.Status.CREATED,
    Payout.Status.PENDING,
    Payout.Status.UNKNOWN,
    Payout.Status.SUCCEEDED,
)
#: Payouts approved that PayPro has not taken yet: the balance does not show them.
NOT_SENT = (Payout.Status.APPROVED, Payout.Status.SENDING)


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


def lock_countries(countries: Iterable[str]) -> None:
    """Lock the :class:`PayoutCountryLock` row of each country until the transaction ends.

    Call it inside ``transaction.atomic()``, before any other query of the transaction. The
    lock is one row per country rather than the payouts that count: locking those cannot
    stop a second approval from adding new ones, and the balance is per country, not per day.

    It is an ``UPDATE`` of each row, in country order (two batches locking the same two
    countries cannot deadlock). On PostgreSQL an ``UPDATE`` holds the row lock
    ``select_for_update()`` would take, until commit; on SQLite, where ``select_for_update()``
    does nothing, it is the first write of the transaction, which takes the database's write
    lock before anything is read (a read first would make the second writer fail with
    "database is locked" instead of waiting). A country's row is created on its first
    approval by an insert that ignores rows already there; on PostgreSQL a second insert of
    the same new row waits for the first to commit.
    """
    countries = sorted(set(countries))
    PayoutCountryLock.objects.bulk_create(
        [PayoutCountryLock(country=country) for country in countries], ignore_conflicts=True
    )
    now = timezone.now()
    for country in countries:
        PayoutCountryLock.objects.filter(country=country).update(locked_at=now)


def _sum(payouts: QuerySet[Payout]) -> Decimal:
    total = payouts.aggregate(total=Sum("amount"))["total"]
    return plain(total or Decimal(0))


def approved_today(country: str, batch: PayoutBatch) -> Decimal:
    """Return what other payouts in ``country`` committed to send today (``TIME_ZONE``).

    A payout of a batch counts on the day its batch was approved (``approved_at``), whenever
    it was uploaded; a payout created on its own is sent at once, so on its creation day.
    """
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    end = start + timedelta(days=1)
    day = Q(approved_at__gte=start, approved_at__lt=end) | Q(
        approved_at__isnull=True, created_at__gte=start, created_at__lt=end
    )
    return _sum(
        Payout.objects.filter(day, country=country, status__in=COMMITTED).exclude(batch=batch)
    )


def limits_exceeded(batch: PayoutBatch, totals: dict[str, Decimal]) -> str:
    """Return why the batch passes a limit: per payout, or per day and country (``TIME_ZONE``)."""
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
        today = approved_today(country, batch)
        if today + total > limit:
            reasons.append(
                f"{country}: {total} in this batch and {today} already today pass the "
                f"limit of {limit} per day"
            )
    return "; ".join(reasons)


def balance_shortfall(batch: PayoutBatch, totals: dict[str, Decimal]) -> tuple[str, str]:
    """Return (why the balance cannot cover the batch, a note on countries not checked).

    PayPro's available balance does not yet show payouts approved and not sent (``approved``,
    ``sending``) of other batches: they are subtracted from it.
    """
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
        waiting = _sum(
            Payout.objects.filter(country=country, status__in=NOT_SENT).exclude(batch=batch)
        )
        if total > available - waiting:
            less = f" less {waiting} {profile.currency} approved, not sent yet" if waiting else ""
            reasons.append(
                f"{country}: the batch needs {total} {profile.currency}, "
                f"the available balance is {available} {profile.currency}{less}"
            )
    note = f"no balance query in {', '.join(unchecked)}: not checked" if unchecked else ""
    return "; ".join(reasons), note
