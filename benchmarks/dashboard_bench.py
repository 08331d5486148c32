"""The admin's payments dashboard with 1,000,000 payments on PostgreSQL: queries and time.

Run from the repository root (PostgreSQL on 127.0.0.1:5432 as for the tests)::

    .venv/bin/python -m benchmarks.dashboard_bench            # 1,000,000 payments
    .venv/bin/python -m benchmarks.dashboard_bench --rows 100000 --keep-db

It uses its own database, ``paypro_bench_dashboard`` (``PAYPRO_BENCH_DB`` changes it), seeds it
with SQL (``generate_series``: payments over the last 365 days in eleven countries, one
notification each, a few hundred needing a person), then times ``GET`` of the dashboard as a
superuser through Django's test client with the admin's middleware, in-process: the median of
several requests after a warm-up, per period. The goal is under 500 ms for every period.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from string import Template

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault("PAYPRO_BENCH_DB", "paypro_bench_dashboard")

URL = "/admin/django_paypro/paymentdashboard/"
GOAL_MS = 500
PERIODS = {
    "today": {"period": "today"},
    "7 days": {"period": "7d"},
    "30 days": {"period": "30d"},
    "365 days (every row)": {"period": "custom", "start": "", "end": ""},
}
COUNTRIES = [
    ("MX", "MXN", "page"),
    ("BR", "BRL", "payin"),
    ("EG", "EGP", "page"),
    ("ID", "IDR", "page"),
    ("PK", "PKR", "page"),
    ("IN", "INR", "page"),
    ("BD", "BDT", "page"),
    ("NG", "NGN", "page"),
    ("PH", "PHP", "page"),
    ("KE", "KES", "page"),
    ("VN", "VND", "page"),
]

# Payments spread evenly over 365 days; g picks country, status and a mostly-paid mix in which
# 1 in 10,000 needs review, 1 in 20,000 is unknown and 1 in 5,000 is a late success.
SEED_PAYMENTS = """
    INSERT INTO django_paypro_payment
           (trade_no, platform_trade_no, country, method, amount, paid_amount, currency, status,
            status_code, message, payment_url, pay_param, reference, order_object_id,
            review_reason, late_success, request_data, response_data, version, created_at,
            updated_at, paid_at)
    SELECT 'D' || lpad(g::text, 8, '0'), 'PF' || g, c.country, c.method, 100 + g % 900,
           CASE WHEN s.status = 'paid' THEN 100 + g % 900 END, c.currency, s.status, '', '', '',
           '', 'order-' || g, '', '', g % 5000 = 0, '{}', '{}', 1,
           now() - ($rows - g) * (interval '365 days' / $rows),
           now() - ($rows - g) * (interval '365 days' / $rows) + interval '1 minute',
           CASE WHEN s.status = 'paid'
                THEN now() - ($rows - g) * (interval '365 days' / $rows) END
      FROM generate_series(1, $rows) AS g
      CROSS JOIN LATERAL (SELECT (ARRAY[$countries])[1 + g % 11] AS code) AS pick
      JOIN (VALUES $country_rows) AS c(country, currency, method) ON c.country = pick.code
      CROSS JOIN LATERAL (SELECT CASE
             WHEN g % 10000 = 7 THEN 'needs_review'
             WHEN g % 20000 = 3 THEN 'unknown'
             WHEN g % 10 < 7 THEN 'paid'
             WHEN g % 10 < 9 OR g < $rows - 2000 THEN 'failed'
             ELSE 'pending' END AS status) AS s
"""
SEED_NOTIFICATIONS = """
    INSERT INTO django_paypro_notification
           (kind, trade_no, body, headers, remote_addr, signature_valid, outcome, action, error,
            payment_id, received_at, processed_at)
    SELECT 'payment', trade_no, '{}', '{}', '127.0.0.1', true,
           CASE WHEN id % 1000 = 1 THEN 'rejected' WHEN id % 50000 = 2 THEN 'failed'
                ELSE 'applied' END,
           '', '', id, updated_at, updated_at
      FROM django_paypro_payment
"""


def seed(rows: int) -> None:
    """Fill the payment and notification tables with ``rows`` payments, one notification each."""
    from benchmarks import db

    db.reset_tables()
    sql = Template(SEED_PAYMENTS).substitute(
        rows=rows,
        countries=", ".join(f"'{code}'" for code, _, _ in COUNTRIES),
        country_rows=", ".join(
            f"('{code}', '{cur}', '{method}')" for code, cur, method in COUNTRIES
        ),
    )
    started = time.perf_counter()
    db.execute(sql)
    db.execute(SEED_NOTIFICATIONS)
    db.analyze()
    print(f"seeded {rows:,} payments and notifications in {time.perf_counter() - started:.0f} s")


def measure(client: object, query: dict[str, str], repeat: int) -> tuple[int, float]:
    """Return (queries, median seconds) of the dashboard for ``query``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(URL, query)  # warm-up: templates, caches, PostgreSQL's buffers
    if response.status_code != 200:
        raise RuntimeError(f"dashboard answered {response.status_code}")
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            client.get(URL, query)
            times.append(time.perf_counter() - started)
    return len(captured.captured_queries), statistics.median(times)


def explain(query: dict[str, str]) -> None:
    """Print each dashboard query's plan and time (``--explain``)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from django_paypro.admin.dashboard import PeriodForm
    from django_paypro.services.dashboard import build_dashboard

    with CaptureQueriesContext(connection) as captured:
        build_dashboard(PeriodForm(query).chosen_period())
    with connection.cursor() as cursor:
        for statement in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement["sql"])
            plan = [row[0] for row in cursor.fetchall()]
            print(" ".join(statement["sql"].split())[:160], *plan, sep="\n  ")


def measure_periods(client: object, repeat: int, label: str, show_plans: bool) -> dict:
    """Measure every period; return {period: ms}. ``label`` names the state of the roll-up."""
    print(f"{label}:")
    timings = {}
    for name, query in PERIODS.items():
        if show_plans:
            explain(query)
        queries, seconds = measure(client, query, repeat)
        timings[name] = ms = seconds * 1000
        verdict = "PASS" if ms < GOAL_MS else "MISS"
        print(f"  {name:<22} {queries:>3} queries  {ms:6.0f} ms  {verdict}", flush=True)
    return timings


def change_old_payments(count: int) -> None:
    """Settle ``count`` failed payments of the last closed week now, as late answers do.

    Late answers come within days: each changed day is read from the records until the next
    roll-up.
    """
    from benchmarks import db

    db.execute(
        f"""UPDATE django_paypro_payment SET status = 'paid', paid_amount = amount,
                   updated_at = now(), version = version + 1
             WHERE id IN (SELECT id FROM django_paypro_payment
                           WHERE status = 'failed'
                             AND created_at BETWEEN now() - interval '8 days'
                                                AND now() - interval '1 day'
                           ORDER BY random() LIMIT {count})"""
    )


def timed_roll_up() -> tuple[float, int]:
    from django_paypro.services.rollup import roll_up

    started = time.perf_counter()
    summary = roll_up()
    return time.perf_counter() - started, summary.rolled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--changed", type=int, default=1_000, help="old payments settled late")
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse-db", action="store_true", help="measure the kept database")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import timezone

    from benchmarks import db
    from django_paypro.models import DailyRollup

    if args.reuse_db:
        db.migrate()
    else:
        db.recreate_database()
        db.migrate()
        seed(args.rows)
    DailyRollup.objects.all().delete()
    today = timezone.localdate()
    PERIODS["365 days (every row)"].update(
        start=(today - timezone.timedelta(days=365)).isoformat(), end=today.isoformat()
    )
    user = get_user_model().objects.filter(username="bench-admin").first() or (
        get_user_model().objects.create_superuser("bench-admin", "admin@example.com", "x")
    )
    print(f"PostgreSQL {db.server_version()}, {args.rows:,} payments, goal < {GOAL_MS} ms")
    with override_settings(MIDDLEWARE=settings.ADMIN_MIDDLEWARE):
        client = Client()
        client.force_login(user)
        baseline = measure_periods(client, args.repeat, "every day read from the records", False)
        seconds, days = timed_roll_up()
        print(f"paypro_rollup, first run: {days} days in {seconds:.1f} s")
        rolled = measure_periods(client, args.repeat, "closed days from the roll-up", args.explain)
        change_old_payments(args.changed)
        db.analyze()
        changed = measure_periods(
            client, args.repeat, f"{args.changed:,} old payments settled since the roll-up", False
        )
        seconds, days = timed_roll_up()
        print(f"paypro_rollup after those changes: {days} days again in {seconds:.1f} s")
        print("ratio, records alone / roll-up (higher: the roll-up is faster):")
        for name in PERIODS:
            print(
                f"  {name:<22} {baseline[name] / rolled[name]:5.1f}x fresh,"
                f" {baseline[name] / changed[name]:5.1f}x with late changes"
            )
    missed = any(ms >= GOAL_MS for ms in (*rolled.values(), *changed.values()))
    if not args.keep_db:
        from django.db import connections

        connections.close_all()
        db.drop_database()
    raise SystemExit(1 if missed else 0)


if __name__ == "__main__":
    main()
