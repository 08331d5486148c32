"""The dashboard's daily roll-up: each closed day's figures, added up once and kept fresh.

A year of a million payments takes seconds to group; the same year read from
:class:`~django_paypro.models.DailyRollup` rows takes milliseconds. :func:`roll_up` (the
``paypro_rollup`` command, or its task) adds up every closed day not rolled up yet, and again
each day whose records changed since. The dashboard trusts a rolled-up day only while none of
its records changed after the day's ``fresh_as_of``, and reads the others live
(:func:`read_rollup`), so a late success on an old payment shows at once, roll-up or not.

A change is seen through ``updated_at`` (payments and payouts; every status change sets it) or
``processed_at`` (notifications). Rows deleted from those tables are not seen: after deleting
records, run ``paypro_rollup --rebuild``. Pruning notifications (``paypro_prune_notifications``)
does not change the delivery counts of days already rolled up: they say what was received.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Min, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from django_paypro.models import DailyRollup, DailyRollupTotal, Notification, Payment, Payout
from django_paypro.services.figures import (
    day_start,
    delivery_groups,
    record_groups,
    spans_of_days,
)

__all__ = ["SETTLE_TIME", "RolledDays", "RollupSummary", "changed_days", "read_rollup", "roll_up"]

#: A change is assumed committed this long after its ``updated_at`` was set. Roll-ups are
#: marked fresh as of this long before they were made, so a slower commit is still seen.
SETTLE_TIME = timedelta(minutes=15)
#: Days added up in one transaction (and one grouped query per table).
CHUNK_DAYS = 31


@dataclass
class RollupSummary:
    """What :func:`roll_up` did: days added up, days found unchanged, days another run took."""

    rolled: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass
class RolledDays:
    """The rolled-up days of a period the dashboard may trust, and their figures."""

    days: frozenset[date] = frozenset()
    payments: list[dict] = field(default_factory=list)
    payouts: list[dict] = field(default_factory=list)
    #: one row per day: ``start``, ``deliveries``, ``rejected``, ``failed``
    deliveries: list[dict] = field(default_factory=list)
    #: when the newest of them was added up
    rolled_at: datetime | None = None


def _zone() -> str:
    return timezone.get_current_timezone_name()


def _changes(model: str, since: datetime, start: datetime, end: datetime) -> QuerySet:
    rows: QuerySet
    if model == "notification":
        made, changed = "received_at", "processed_at"
        rows = Notification.objects.filter(processed_at__gte=since)
    else:
        made, changed = "created_at", "updated_at"
        records = Payment if model == "payment" else Payout
        # Naming every status lets the (status, updated_at) index find the few rows changed
        # since ``since`` without an index of its own (one more to update on every change).
        rows = records._default_manager.filter(
            updated_at__gte=since, status__in=records.Status.values
        )
    return (
        rows.filter(**{f"{made}__gte": start, f"{made}__lt": end})
        .annotate(day=TruncDate(made))
        .order_by()
        .values("day")
        .annotate(changed=Max(changed))
    )


def changed_days(since: datetime, start: datetime, end: datetime) -> dict[date, datetime]:
    """Return the last change at or after ``since``, per day, to records made in [start, end).

    One query for the three tables; it reads only the rows changed since ``since``.
    """
    payments, payouts, notes = (
        _changes(name, since, start, end) for name in ("payment", "payout", "notification")
    )
    latest: dict[date, datetime] = {}
    for row in payments.union(payouts, notes, all=True):
        day, changed = row["day"], row["changed"]
        if day not in latest or changed > latest[day]:
            latest[day] = changed
    return latest


def read_rollup(first: date, last: date, now: datetime | None = None) -> RolledDays:
    """Return the rolled-up days from ``first`` to ``last`` that no later change has outdated.

    Three queries when some days are rolled up (none when the span holds no closed day): the
    days, what changed since, and the figures of the days.
    """
    last = min(last, timezone.localdate(now) - timedelta(days=1))
    if last < first:
        return RolledDays()
    zone = _zone()
    ledger = list(
        DailyRollup.objects.filter(time_zone=zone, day__gte=first, day__lte=last).values(
            "day", "fresh_as_of", "rolled_at", "deliveries", "rejected", "failed"
        )
    )
    if not ledger:
        return RolledDays()
    since = min(row["fresh_as_of"] for row in ledger)
    changes = changed_days(since, day_start(first), day_start(last + timedelta(days=1)))
    trusted = [
        row
        for row in ledger
        if row["day"] not in changes or changes[row["day"]] < row["fresh_as_of"]
    ]
    days = frozenset(row["day"] for row in trusted)
    totals = DailyRollupTotal.objects.filter(
        rollup__time_zone=zone, rollup__day__gte=first, rollup__day__lte=last
    ).values(
        "kind", "currency", "country", "method", "created", "paid", "volume", day=F("rollup__day")
    )
    payments: list[dict] = []
    payouts: list[dict] = []
    for row in totals:
        if row["day"] in days:
            group = dict(row)
            kind = group.pop("kind")
            (payments if kind == DailyRollupTotal.Kind.PAYMENT else payouts).append(group)
    return RolledDays(
        days=days,
        payments=payments,
        payouts=payouts,
        deliveries=[
            {
                "start": day_start(row["day"]),
                "deliveries": row["deliveries"],
                "rejected": row["rejected"],
                "failed": row["failed"],
            }
            for row in trusted
            if row["deliveries"]  # as read live: a day without deliveries has no row
        ],
        rolled_at=max((row["rolled_at"] for row in trusted), default=None),
    )


def _first_day() -> date | None:
    """Return the day of the oldest record of the three tables (index reads)."""
    oldest = [
        value
        for value in (
            Payment.objects.aggregate(first=Min("created_at"))["first"],
            Payout.objects.aggregate(first=Min("created_at"))["first"],
            Notification.objects.aggregate(first=Min("received_at"))["first"],
        )
        if value is not None
    ]
    return timezone.localtime(min(oldest)).date() if oldest else None


def _chunks(days: Sequence[date]) -> Iterable[list[date]]:
    for index in range(0, len(days), CHUNK_DAYS):
        yield list(days[index : index + CHUNK_DAYS])


def _roll(days: list[date], zone: str, now: datetime, fresh_as_of: datetime) -> None:
    """Add up ``days`` from the records and replace their roll-ups, in one transaction."""
    spans = spans_of_days(days)
    with transaction.atomic():
        DailyRollup.objects.filter(time_zone=zone, day__in=days).delete()
        deliveries = {
            timezone.localtime(row["start"]).date(): row for row in delivery_groups(spans, "day")
        }
        rollups = DailyRollup.objects.bulk_create(
            DailyRollup(
                day=day,
                time_zone=zone,
                fresh_as_of=fresh_as_of,
                rolled_at=now,
                deliveries=deliveries.get(day, {}).get("deliveries", 0),
                rejected=deliveries.get(day, {}).get("rejected", 0),
                failed=deliveries.get(day, {}).get("failed", 0),
            )
            for day in days
        )
        by_day = {rollup.day: rollup for rollup in rollups}
        kinds: list[tuple[str, type[Payment] | type[Payout]]] = [
            (DailyRollupTotal.Kind.PAYMENT, Payment),
            (DailyRollupTotal.Kind.PAYOUT, Payout),
        ]
        DailyRollupTotal.objects.bulk_create(
            DailyRollupTotal(
                rollup=by_day[row["day"]],
                kind=kind,
                currency=row["currency"],
                country=row["country"],
                method=row["method"],
                created=row["created"],
                paid=row["paid"],
                volume=row["volume"] or 0,
            )
            for kind, model in kinds
            for row in record_groups(model, spans)
        )


def roll_up(
    *,
    now: datetime | None = None,
    rebuild: bool = False,
    report: Callable[[str], None] | None = None,
) -> RollupSummary:
    """Add up every closed day not rolled up yet, and every rolled-up day changed since.

    Days are those of the current time zone (the ``TIME_ZONE`` setting in a command or a task).
    ``rebuild`` first forgets every roll-up of that zone. Safe to run often and from several
    processes at once: a day another run is adding up is skipped.
    """
    now = now or timezone.now()
    zone = _zone()
    today = timezone.localdate(now)
    fresh_as_of = now - SETTLE_TIME
    summary = RollupSummary()
    if rebuild:
        DailyRollup.objects.filter(time_zone=zone).delete()
    known = dict(DailyRollup.objects.filter(time_zone=zone).values_list("day", "fresh_as_of"))
    stale: set[date] = set()
    if known:
        changes = changed_days(min(known.values()), day_start(min(known)), day_start(today))
        stale = {day for day, changed in changes.items() if day in known and changed >= known[day]}
        # The others are unchanged up to now: mark them so, so that the next check (here and
        # on the dashboard) reads only what changes from now on.
        summary.unchanged = (
            DailyRollup.objects.filter(time_zone=zone, fresh_as_of__lt=fresh_as_of)
            .exclude(day__in=stale)
            .update(fresh_as_of=fresh_as_of)
        )
    first = _first_day()
    missing: set[date] = set()
    if first is not None:
        missing = {first + timedelta(days=n) for n in range((today - first).days)} - known.keys()
    for days in _chunks(sorted(missing | stale)):
        try:
            _roll(days, zone, now, fresh_as_of)
        except IntegrityError:
            summary.skipped += len(days)  # another run added these days up at the same time
            continue
        summary.rolled += len(days)
        if report:
            report(f"rolled up {days[0]} to {days[-1]} ({len(days)} days)")
    return summary
