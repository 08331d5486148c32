"""Grouped counts of records over spans of time: what the dashboard and its roll-up add up.

Both read the records the same way, through these two functions, so that a day read live and a
day read from the roll-up (:mod:`django_paypro.services.rollup`) cannot disagree. Days are
calendar days of the current time zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_

from django.db.models import Count, DecimalField, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncDay, TruncHour
from django.utils import timezone

from django_paypro.models import MAX_DIGITS, Notification, Payment, Payout

__all__ = ["Span", "day_start", "delivery_groups", "record_groups", "spans_of_days"]

#: ``[start, end)``, aware datetimes
Span = tuple[datetime, datetime]


def day_start(day: date) -> datetime:
    """Return the first instant of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def spans_of_days(days: Sequence[date]) -> list[Span]:
    """Return the fewest spans covering exactly ``days`` (sorted): one per run of days."""
    spans: list[Span] = []
    run_first: date | None = None
    for index, day in enumerate(days):
        if run_first is None:
            run_first = day
        if index + 1 == len(days) or days[index + 1] != day + timedelta(days=1):
            spans.append((day_start(run_first), day_start(day + timedelta(days=1))))
            run_first = None
    return spans


def _within(field: str, spans: Sequence[Span]) -> Q:
    # One range per span: each is an index range scan of ``field``.
    return reduce(or_, (Q(**{f"{field}__gte": start, f"{field}__lt": end}) for start, end in spans))


def _money() -> DecimalField:
    return DecimalField(max_digits=MAX_DIGITS + 10, decimal_places=2)


def record_groups(model: type[Payment] | type[Payout], spans: Sequence[Span]) -> list[dict]:
    """Return one row per (day, currency, country, method) of the records created in ``spans``.

    Each row counts the records ``created``, those ``paid`` (payouts: succeeded) and their
    ``volume`` (a payment's paid amount, else its amount). Payouts have ``method`` ``""``.
    """
    if not spans:
        return []
    keys = ["day", "currency", "country"]
    amount: Coalesce | F
    if model is Payment:
        paid = Q(status=Payment.Status.PAID)
        amount = Coalesce("paid_amount", "amount")
        keys.append("method")
    else:
        paid = Q(status=Payout.Status.SUCCEEDED)
        amount = F("amount")
    grouped = (
        model._default_manager.filter(_within("created_at", spans))
        .annotate(day=TruncDate("created_at"))
        .order_by()
        .values(*keys)
        .annotate(
            created=Count("pk"),
            paid=Count("pk", filter=paid),
            volume=Sum(amount, filter=paid, output_field=_money()),
        )
    )
    return [
        {
            "day": row["day"],
            "currency": row["currency"],
            "country": row["country"],
            "method": row.get("method", ""),
            "created": row["created"],
            "paid": row["paid"],
            "volume": row["volume"],
        }
        for row in grouped
    ]


def delivery_groups(spans: Sequence[Span], unit: str) -> list[dict]:
    """Return notifications received in ``spans`` per ``unit`` (``"hour"``/``"day"``).

    Rows: ``start`` (the hour's or day's first instant), ``deliveries``, ``rejected``, ``failed``.
    """
    if not spans:
        return []
    outcome = Notification.Outcome
    trunc = TruncHour if unit == "hour" else TruncDay
    return list(
        Notification.objects.filter(_within("received_at", spans))
        .annotate(start=trunc("received_at"))
        .order_by()
        .values("start")
        .annotate(
            deliveries=Count("pk"),
            rejected=Count("pk", filter=Q(outcome=outcome.REJECTED)),
            failed=Count("pk", filter=Q(outcome=outcome.FAILED)),
        )
        .order_by("start")
    )
