"""The dashboard's daily roll-up: the same figures as the records, fewer rows read.

Every test compares the dashboard built with roll-ups against the dashboard built from the
records alone (roll-ups deleted): the roll-up may only make the page faster, never different.
"""

from __future__ import annotations

import os
import zoneinfo
from datetime import datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django_paypro.models import DailyRollup, DailyRollupTotal, Notification, Payment, Payout
from django_paypro.services.dashboard import Period, build_dashboard
from django_paypro.services.rollup import SETTLE_TIME, roll_up
from django_paypro.tasks import roll_up_dashboard
from django_paypro.testing.factories import PaymentFactory, PayoutFactory
from tests.threads import failures, run_together

pytestmark = pytest.mark.django_db

ON_POSTGRES = os.environ.get("PAYPRO_TEST_DB") == "postgres"
DASHBOARD = "/admin/django_paypro/paymentdashboard/"
FIGURES = (
    "payments_by_day",
    "payments_by_country",
    "payments_by_method",
    "payouts_by_day",
    "payouts_by_country",
    "notifications",
)
COUNTRIES = [("MX", "MXN", "page"), ("BR", "BRL", "payin"), ("EG", "EGP", "page")]


def at(days: float, now: datetime) -> datetime:
    return now - timedelta(days=days)


def made(record: Payment | Payout, when: datetime) -> Payment | Payout:
    """Date ``record`` as created and last changed at ``when`` (auto_now fields)."""
    type(record).objects.filter(pk=record.pk).update(created_at=when, updated_at=when)
    return record


def payment(days: float, now: datetime, status: str = "paid", amount: str = "100", **extra):
    country, currency, method = extra.pop("where", COUNTRIES[0])
    paid = Decimal(amount) if status == Payment.Status.PAID else None
    record = PaymentFactory(
        status=status,
        amount=Decimal(amount),
        paid_amount=extra.pop("paid_amount", paid),
        country=country,
        currency=currency,
        method=method,
        **extra,
    )
    return made(record, at(days, now))


def payout(days: float, now: datetime, status: str = "succeeded", amount: str = "50"):
    return made(PayoutFactory(status=status, amount=Decimal(amount)), at(days, now))


def notification(days: float, now: datetime, outcome: str = "applied") -> Notification:
    note = Notification.objects.create(outcome=outcome)
    Notification.objects.filter(pk=note.pk).update(
        received_at=at(days, now), processed_at=at(days, now)
    )
    return note


def change(record: Payment | Payout, when: datetime, **fields) -> None:
    """Change ``record`` as the write path does: the fields and ``updated_at`` together."""
    type(record).objects.filter(pk=record.pk).update(**fields, updated_at=when)


def figures(period: Period, now: datetime) -> dict:
    dashboard = build_dashboard(period, countries=[], now=now)
    return {name: getattr(dashboard, name) for name in FIGURES}


def live_figures(period: Period, now: datetime) -> dict:
    """The figures read from the records alone (the roll-ups are put back afterwards)."""
    from django.db import transaction

    with transaction.atomic():
        DailyRollup.objects.all().delete()
        result = figures(period, now)
        transaction.set_rollback(True)
    return result


def seed_weeks(now: datetime) -> None:
    """Three weeks of payments, payouts and notifications, a few per day, some days empty."""
    for days in range(0, 21):
        if days % 5 == 4:
            continue  # a day without records is rolled up too
        where = COUNTRIES[days % 3]
        payment(days + 0.2, now, amount=str(100 + days), where=where)
        payment(days + 0.3, now, status="failed", where=where)
        payment(days + 0.4, now, status="pending", where=where)
        payout(days + 0.5, now)
        notification(days + 0.1, now)
        notification(days + 0.2, now, outcome="rejected" if days % 2 else "failed")


def test_roll_up_adds_up_each_closed_day_once_with_the_records_figures():
    now = timezone.now()
    seed_weeks(now)
    period = Period.last_days(30, "30d", now)
    live = live_figures(period, now)

    summary = roll_up(now=now)
    today = timezone.localdate(now)
    first = timezone.localtime(at(20.5, now)).date()
    assert summary.rolled == (today - first).days  # every closed day, none twice
    assert not DailyRollup.objects.filter(day__gte=today).exists()  # today is never closed
    rolled = build_dashboard(period, countries=[], now=now)
    assert rolled.rolled_days == summary.rolled
    assert figures(period, now) == live

    again = roll_up(now=now + timedelta(minutes=1))
    assert again.rolled == 0  # nothing changed: nothing added up again
    assert again.unchanged == summary.rolled


def test_a_late_change_to_an_old_payment_shows_at_once_and_is_rolled_up_next_time():
    now = timezone.now()
    seed_weeks(now)
    roll_up(now=now - timedelta(hours=1))
    pending = Payment.objects.filter(status=Payment.Status.PENDING).order_by("created_at").first()
    day = timezone.localtime(pending.created_at).date()
    period = Period.last_days(30, "30d", now)

    def volume_that_day() -> Decimal:
        dashboard = build_dashboard(period, countries=[], now=now)
        rows = [row for row in dashboard.payments_by_day if row.day == day]
        return sum((row.volume for row in rows), Decimal(0))

    before = volume_that_day()
    change(pending, now, status=Payment.Status.PAID, paid_amount=Decimal("77.00"))
    assert volume_that_day() == before + Decimal("77.00")
    assert figures(period, now) == live_figures(period, now)

    later = now + SETTLE_TIME * 2
    assert roll_up(now=later).rolled == 1  # that day only
    assert figures(period, later) == live_figures(period, later)


def test_a_notification_processed_again_outdates_its_day():
    now = timezone.now()
    seed_weeks(now)
    roll_up(now=now - timedelta(hours=1))
    failed = Notification.objects.filter(outcome="failed").order_by("received_at").first()
    Notification.objects.filter(pk=failed.pk).update(outcome="applied", processed_at=now)
    period = Period.last_days(30, "30d", now)
    assert figures(period, now) == live_figures(period, now)
    assert roll_up(now=now + SETTLE_TIME * 2).rolled == 1


def test_a_roll_up_made_in_another_time_zone_is_not_used():
    now = timezone.now()
    seed_weeks(now)
    roll_up(now=now)  # UTC days
    with timezone.override(zoneinfo.ZoneInfo("Asia/Manila")):
        period = Period.last_days(30, "30d", now)
        dashboard = build_dashboard(period, countries=[], now=now)
        assert dashboard.rolled_days == 0
        assert figures(period, now) == live_figures(period, now)
        assert roll_up(now=now).rolled > 0  # Manila's days are added up beside UTC's
    assert DailyRollup.objects.values("time_zone").distinct().count() == 2


def test_dashboard_queries_stay_constant_with_the_roll_up(admin_client, django_assert_num_queries):
    now = timezone.now()
    seed_weeks(now)
    roll_up(now=now)
    admin_client.get(DASHBOARD)  # session and permission caches warm up alike
    with django_assert_num_queries(12) as few:
        admin_client.get(DASHBOARD, {"period": "30d"})
    for _ in range(5):
        seed_weeks(now)
    roll_up(rebuild=True)
    with django_assert_num_queries(len(few.captured_queries)):
        admin_client.get(DASHBOARD, {"period": "30d"})


def test_the_page_says_which_days_came_from_the_roll_up(admin_client):
    now = timezone.now()
    seed_weeks(now)
    page = admin_client.get(DASHBOARD, {"period": "30d"}).content.decode()
    assert "paypro_rollup" in page  # no roll-up yet: the page says how to make long periods fast
    roll_up(now=now)
    page = admin_client.get(DASHBOARD, {"period": "30d"}).content.decode()
    rolled = DailyRollup.objects.count()  # the closed days since the first record
    assert rolled >= 20
    assert f"{rolled} of 30 days from the daily roll-up" in page


def test_command_and_task_roll_up(settings):
    now = timezone.now()
    seed_weeks(now)
    out = StringIO()
    call_command("paypro_rollup", stdout=out)
    days = DailyRollup.objects.count()
    assert out.getvalue().startswith(f"rolled up {days} days; 0 unchanged")
    totals = DailyRollupTotal.objects.count()
    call_command("paypro_rollup", "--rebuild", stdout=out)
    assert DailyRollup.objects.count() == days
    assert DailyRollupTotal.objects.count() == totals
    DailyRollup.objects.all().delete()
    result = roll_up_dashboard.enqueue()  # the immediate backend runs it here
    assert result.return_value == days


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_roll_ups_at_once_add_up_each_day_once():
    now = timezone.now()
    seed_weeks(now)
    expected = live_figures(Period.last_days(30, "30d", now), now)
    results = run_together([lambda: roll_up(now=now)] * 2)
    assert not failures(results)
    days = DailyRollup.objects.values_list("day", flat=True)
    assert len(days) == len(set(days))
    assert figures(Period.last_days(30, "30d", now), now) == expected


# Hostile histories: any records, any changes after the roll-up, the same figures.
statuses = st.sampled_from(["paid", "failed", "pending", "unknown", "needs_review"])
records = st.lists(
    st.tuples(
        st.floats(0, 12),  # days ago
        st.sampled_from(COUNTRIES),
        statuses,
        st.decimals(Decimal("0.01"), Decimal("99999999.99"), places=2),
    ),
    max_size=12,
)
changes = st.lists(st.tuples(st.integers(0, 11), statuses, st.floats(0, 3)), max_size=5)


@settings(
    max_examples=200 if ON_POSTGRES else 25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=records, changes=changes, payouts=st.lists(st.floats(0, 12), max_size=4))
def test_any_history_gives_the_same_figures_rolled_up_or_not(records, changes, payouts):
    Payment.objects.all().delete()
    Payout.objects.all().delete()
    DailyRollup.objects.all().delete()
    now = timezone.now()
    made_payments = [
        payment(days, now, status=status, amount=str(amount), where=where)
        for days, where, status, amount in records
    ]
    for days in payouts:
        payout(days, now)
    roll_up(now=now - timedelta(days=3, hours=1))
    for index, status, days_ago in changes:
        if index < len(made_payments):
            record = made_payments[index]
            paid = record.amount if status == "paid" else None
            change(record, at(days_ago, now), status=status, paid_amount=paid)
    period = Period.between(timezone.localdate(now) - timedelta(days=13), timezone.localdate(now))
    assert figures(period, now) == live_figures(period, now)
    roll_up(now=now)
    assert figures(period, now) == live_figures(period, now)
