"""The numbers of the admin's dashboard, for a period, in a fixed number of queries.

Each figure is one grouped query whatever the number of rows (the admin view adds none of its
own), so the page costs the same with ten payments or a million; ``benchmarks/dashboard_bench.py``
measures it. Rows are grouped by the database and the few groups (days x currencies x countries
x methods) are added up here. Closed days come from the daily roll-up (:mod:`.rollup`) where no
later change has outdated them, so a long period does not read a row per payment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from django_paypro.accounts import default_country
from django_paypro.conf import paypro_setting
from django_paypro.models import Notification, Payment, Payout
from django_paypro.services.figures import Span, delivery_groups, record_groups, spans_of_days
from django_paypro.services.rollup import RolledDays, read_rollup
from django_paypro.services.transitions import OPEN_PAYMENT_STATUSES, OPEN_PAYOUT_STATUSES

__all__ = [
    "ACCEPTED_OUTCOMES",
    "Attention",
    "Dashboard",
    "DayTotal",
    "DeliveryTotal",
    "Period",
    "Rate",
    "build_dashboard",
    "configured_countries",
    "last_accepted_window",
    "live_spans",
    "overdue_cutoff",
    "overdue_payments",
    "overdue_payouts",
]

#: Notification outcomes that mean PayPro reached us with a valid, processed delivery.
ACCEPTED_OUTCOMES = (
    Notification.Outcome.APPLIED,
    Notification.Outcome.UPDATED,
    Notification.Outcome.DUPLICATE,
    Notification.Outcome.IGNORED,
)
CENT = Decimal("0.01")
#: How far back the last accepted delivery per country is looked for.
LAST_ACCEPTED_WINDOW = timedelta(hours=24)
#: Notifications are counted per hour in periods up to this many days, per day in longer ones.
HOURLY_DAYS = 7
#: The longest custom period: keeps the per-day groups (and the charts) small.
MAX_DAYS = 366
PERIOD_DAYS = {"today": 1, "7d": 7, "30d": 30}
#: A country without an accepted notification for this long is shown as an alarm.
SILENT_AFTER = timedelta(hours=3)


@dataclass(frozen=True)
class Period:
    """``[start, end)`` in the current time zone; ``choice`` is ``today``, ``7d``, ``30d``..."""

    start: datetime
    end: datetime
    choice: str

    @classmethod
    def last_days(cls, days: int, choice: str, now: datetime | None = None) -> Period:
        """Return the ``days`` calendar days ending today (today only for ``days=1``)."""
        today = timezone.localdate(now)
        return cls.between(today - timedelta(days=days - 1), today, choice)

    @classmethod
    def between(cls, first: date, last: date, choice: str = "custom") -> Period:
        """Return the days from ``first`` to ``last`` inclusive, at most :data:`MAX_DAYS`."""
        if last < first:
            first, last = last, first
        first = max(first, last - timedelta(days=MAX_DAYS - 1))
        zone = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(first, time.min), zone)
        end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone)
        return cls(start=start, end=end, choice=choice)

    @property
    def first_day(self) -> date:
        return timezone.localtime(self.start).date()

    @property
    def last_day(self) -> date:
        return timezone.localtime(self.end).date() - timedelta(days=1)

    def days(self) -> list[date]:
        """Return every day of the period, in order."""
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=n) for n in range(count)]


@dataclass
class DayTotal:
    """Payments (or payouts) created on one day in one currency, and how many were paid."""

    day: date
    currency: str
    created: int = 0
    paid: int = 0
    volume: Decimal = Decimal("0")


@dataclass
class Rate:
    """How many of the records created for ``key`` (a country or a method) succeeded."""

    key: str
    created: int = 0
    paid: int = 0

    @property
    def percent(self) -> Decimal | None:
        """Return the success rate in percent, one decimal, or ``None`` when nothing was made."""
        if not self.created:
            return None
        return (Decimal(100) * self.paid / self.created).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Attention:
    """What needs a person now; ``overdue_before`` is the cutoff of the reconcile grace."""

    unknown: int
    needs_review: int
    overdue: int
    late_successes: int
    failed_notifications: int
    overdue_before: datetime
    #: the newest payment under review: when it is the only one, the count links straight to it
    needs_review_pk: int | None = None
    payouts_unknown: int = 0
    payouts_needing_review: int = 0
    #: payouts PayPro has not settled, or approved and never sent, past the reconcile grace
    payouts_overdue: int = 0
    payout_late_successes: int = 0
    #: the newest payout under review, as ``needs_review_pk``
    needs_review_payout_pk: int | None = None


@dataclass
class DeliveryTotal:
    """Notifications received in one hour or one day (see ``Dashboard.notification_unit``)."""

    start: datetime
    deliveries: int = 0
    rejected: int = 0
    failed: int = 0

    def share(self, count: int) -> Decimal | None:
        """Return ``count`` as a percentage of the deliveries, one decimal (``None``: none)."""
        if not self.deliveries:
            return None
        return (Decimal(100) * count / self.deliveries).quantize(Decimal("0.1"))

    @property
    def rejected_share(self) -> Decimal | None:
        return self.share(self.rejected)

    @property
    def failed_share(self) -> Decimal | None:
        return self.share(self.failed)


@dataclass
class Dashboard:
    """Everything the dashboard shows for one period."""

    period: Period
    payments_by_day: list[DayTotal]
    payments_by_country: list[Rate]
    payments_by_method: list[Rate]
    payouts_by_day: list[DayTotal]
    payouts_by_country: list[Rate]
    attention: Attention
    notifications: list[DeliveryTotal]
    notification_unit: str
    last_accepted: dict[str, datetime | None] = field(default_factory=dict)
    #: how many days of the period were read from the daily roll-up, and when it was made
    rolled_days: int = 0
    rolled_at: datetime | None = None

    @property
    def currencies(self) -> list[str]:
        return sorted({row.currency for row in self.payments_by_day})

    def silent_countries(self, now: datetime | None = None) -> list[str]:
        """Return the countries with no accepted notification in the period's last hours.

        The last :data:`SILENT_AFTER` before now, or before the end of a period in the past.
        """
        since = min(now or timezone.now(), self.period.end) - SILENT_AFTER
        return [code for code, last in self.last_accepted.items() if last is None or last < since]

    @property
    def notification_totals(self) -> DeliveryTotal:
        """Return the whole period's deliveries, rejected and failed as one total."""
        total = DeliveryTotal(start=self.period.start)
        for row in self.notifications:
            total.deliveries += row.deliveries
            total.rejected += row.rejected
            total.failed += row.failed
        return total


def configured_countries() -> list[str]:
    """Return ``PAYPRO['COUNTRY']`` and every country of ``PAYPRO['COUNTRIES']``, sorted."""
    countries = {default_country()}
    countries.update(str(code).upper() for code in paypro_setting("COUNTRIES") or {})
    return sorted(countries)


def overdue_cutoff(now: datetime | None = None) -> datetime:
    """Return the time before which an open payment is past ``paypro_reconcile``'s grace."""
    grace = timedelta(seconds=int(paypro_setting("RECONCILE_GRACE_SECONDS")))
    return (now or timezone.now()) - grace


def overdue_payments(cutoff: datetime) -> Q:
    """Return the payments still open (not ``unknown``) and untouched since ``cutoff``.

    These are what ``paypro_reconcile`` queries next; ``unknown`` ones are counted on their own.
    """
    statuses = sorted(OPEN_PAYMENT_STATUSES - {Payment.Status.UNKNOWN})
    return Q(status__in=statuses, updated_at__lte=cutoff)


def overdue_payouts(cutoff: datetime) -> Q:
    """Return the payouts still open (not ``unknown``) or approved, untouched since ``cutoff``.

    Open ones are what ``paypro_reconcile`` queries next; an approved payout idle that long was
    never sent: its task was lost or no worker runs (``paypro_reconcile`` enqueues it again).
    """
    statuses = sorted((OPEN_PAYOUT_STATUSES - {Payout.Status.UNKNOWN}) | {Payout.Status.APPROVED})
    return Q(status__in=statuses, updated_at__lte=cutoff)


def overdue(model: type[Payment] | type[Payout], cutoff: datetime) -> Q:
    """Return :func:`overdue_payments` or :func:`overdue_payouts`, by ``model``."""
    return overdue_payouts(cutoff) if issubclass(model, Payout) else overdue_payments(cutoff)


def _by_day(rows: Iterable[dict]) -> list[DayTotal]:
    totals: dict[tuple[date, str], DayTotal] = {}
    for row in rows:
        key = (row["day"], row["currency"])
        total = totals.setdefault(key, DayTotal(day=row["day"], currency=row["currency"]))
        total.created += row["created"]
        total.paid += row["paid"]
        total.volume += row["volume"] or Decimal("0")
    for total in totals.values():  # SQLite sums drop the scale: 40 for 40.00
        total.volume = total.volume.quantize(CENT)
    return [totals[key] for key in sorted(totals)]


def _rates(rows: Iterable[dict], key: str) -> list[Rate]:
    rates: dict[str, Rate] = {}
    for row in rows:
        rate = rates.setdefault(row[key], Rate(key=row[key]))
        rate.created += row["created"]
        rate.paid += row["paid"]
    return [rates[name] for name in sorted(rates)]


def _needing_a_person(
    model: type[Payment] | type[Payout], period: Period, cutoff: datetime
) -> dict[str, Any]:
    late = Q(late_success=True, created_at__gte=period.start, created_at__lt=period.end)
    late_or_overdue = overdue(model, cutoff) | late
    unknown, review = model.Status.UNKNOWN, model.Status.NEEDS_REVIEW
    # Each branch matches an index (status, updated_at) or (late_success partial, created_at),
    # so the database reads only the rows counted, never the whole table.
    return model._default_manager.filter(
        Q(status__in=[unknown, review]) | late_or_overdue
    ).aggregate(
        unknown=Count("pk", filter=Q(status=unknown)),
        needs_review=Count("pk", filter=Q(status=review)),
        overdue=Count("pk", filter=overdue(model, cutoff)),
        late_successes=Count("pk", filter=late),
        needs_review_pk=Max("pk", filter=Q(status=review)),
    )


def attention(period: Period, now: datetime | None = None) -> Attention:
    """Return what needs a person: three queries, one per table."""
    cutoff = overdue_cutoff(now)
    payments = _needing_a_person(Payment, period, cutoff)
    payouts = _needing_a_person(Payout, period, cutoff)
    failed = Notification.objects.filter(outcome=Notification.Outcome.FAILED).count()
    return Attention(
        **payments,
        payouts_unknown=payouts["unknown"],
        payouts_needing_review=payouts["needs_review"],
        payouts_overdue=payouts["overdue"],
        payout_late_successes=payouts["late_successes"],
        needs_review_payout_pk=payouts["needs_review_pk"],
        failed_notifications=failed,
        overdue_before=cutoff,
    )


def notification_unit(period: Period) -> str:
    """Return ``"hour"`` for a period of up to :data:`HOURLY_DAYS` days, else ``"day"``."""
    return "hour" if period.end - period.start <= timedelta(days=HOURLY_DAYS) else "day"


def _notifications(period: Period, rolled: RolledDays, live: list[Span]) -> list[DeliveryTotal]:
    if notification_unit(period) == "hour":  # the roll-up holds days only
        rows = delivery_groups([(period.start, period.end)], "hour")
    else:
        rows = sorted([*rolled.deliveries, *delivery_groups(live, "day")], key=itemgetter("start"))
    return [DeliveryTotal(**row) for row in rows]


def _country_of(model: type[Payment] | type[Payout], field: str) -> Subquery:
    return Subquery(model._default_manager.filter(pk=OuterRef(field)).order_by().values("country"))


def last_accepted_window(period: Period, now: datetime | None = None) -> tuple[datetime, datetime]:
    """Return where the last accepted deliveries are looked for: the period's last day.

    The period's last :data:`LAST_ACCEPTED_WINDOW` up to now: what it costs grows with the
    traffic, not with the table; a country silent for longer than that is an alarm anyway.
    """
    end = min(now or timezone.now(), period.end)
    return max(period.start, end - LAST_ACCEPTED_WINDOW), end


def _last_accepted(
    period: Period, countries: Iterable[str], now: datetime | None
) -> dict[str, datetime | None]:
    """Return the last accepted delivery per country (``None``: none in the window)."""
    # The country is looked up per delivery by primary key: a join would let PostgreSQL read
    # the whole payment table to match a week of notifications (1.3 s at 1,000,000 payments).
    country = Coalesce(_country_of(Payment, "payment_id"), _country_of(Payout, "payout_id"))
    start, end = last_accepted_window(period, now)
    rows = (
        Notification.objects.filter(
            received_at__gte=start, received_at__lte=end, outcome__in=ACCEPTED_OUTCOMES
        )
        .annotate(country=country)
        .order_by()
        .values("country")
        .annotate(last=Max("received_at"))
    )
    found = {row["country"]: row["last"] for row in rows if row["country"]}
    return {code: found.get(code) for code in sorted({*countries, *found})}


def live_spans(period: Period, rolled: RolledDays) -> list[Span]:
    """Return the parts of ``period`` the roll-up does not cover: today, and days not trusted."""
    days = [day for day in period.days() if day not in rolled.days]
    return [(max(start, period.start), min(end, period.end)) for start, end in spans_of_days(days)]


def build_dashboard(
    period: Period, countries: Iterable[str] | None = None, now: datetime | None = None
) -> Dashboard:
    """Return the dashboard for ``period`` in a fixed number of queries, whatever the rows.

    Closed days come from the daily roll-up where it is fresh (:mod:`.rollup`); the rest of the
    period (today, days changed since they were rolled up, days never rolled up) is read from
    the records, by the same grouped queries the roll-up uses.

    ``countries`` (default: :func:`configured_countries`) are listed in the notification health
    even when nothing was heard from them: a silent country is what the operator must see.
    """
    rolled = read_rollup(period.first_day, period.last_day, now)
    live = live_spans(period, rolled)
    payments = [*rolled.payments, *record_groups(Payment, live)]
    payouts = [*rolled.payouts, *record_groups(Payout, live)]
    return Dashboard(
        period=period,
        payments_by_day=_by_day(payments),
        payments_by_country=_rates(payments, "country"),
        payments_by_method=_rates(payments, "method"),
        payouts_by_day=_by_day(payouts),
        payouts_by_country=_rates(payouts, "country"),
        attention=attention(period, now),
        notifications=_notifications(period, rolled, live),
        notification_unit=notification_unit(period),
        last_accepted=_last_accepted(
            period, configured_countries() if countries is None else countries, now
        ),
        rolled_days=len(rolled.days),
        rolled_at=rolled.rolled_at,
    )
