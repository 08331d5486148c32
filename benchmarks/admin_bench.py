"""4. The payment changelist with 10 rows and with 100,000: queries and response time.

Each payment has one notification, so the changelist's per-row notification count has rows to
count. The admin runs in-process through Django's test client with the admin's middleware,
logged in as a superuser; time is the median of several requests after a warm-up.
"""

from __future__ import annotations

import statistics
import time

from benchmarks import db
from benchmarks.report import Figure, Report, ratio

SECTION = "Admin"
URL = "/admin/django_paypro/payment/"
NOTIFY_FOR_EACH = """
    INSERT INTO django_paypro_notification
           (kind, trade_no, body, headers, remote_addr, signature_valid, outcome, action, error,
            payment_id, received_at, processed_at)
    SELECT 'payment', trade_no, '{}', '{}', '127.0.0.1', true, 'applied', '', '', id, now(), now()
      FROM django_paypro_payment
"""


def _fill(rows: int) -> None:
    db.reset_tables()
    db.seed_payments("A", rows)
    db.execute(NOTIFY_FOR_EACH)
    db.analyze()


def _measure(client: object, repeat: int) -> tuple[int, float, list[str]]:
    """Return (queries, median seconds, the statements) for the changelist."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(URL)  # warm-up: templates, caches
    if response.status_code != 200:
        raise RuntimeError(f"changelist answered {response.status_code}")
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(URL)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200
    statements = [" ".join(q["sql"].split())[:300] for q in captured.captured_queries]
    return len(captured.captured_queries), statistics.median(times), statements


def run(report: Report, *, rows: int, repeat: int = 5) -> None:
    """Measure the changelist at 10 rows and at ``rows`` rows."""
    from django.conf import settings
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings

    from django_paypro.models import Payment

    if Payment not in admin.site._registry:
        report.note(SECTION, "Not measured: the Payment admin is not registered yet.")
        return
    user_model = get_user_model()
    user = user_model.objects.filter(username="bench-admin").first()
    if user is None:
        user = user_model.objects.create_superuser("bench-admin", "admin@example.com", "x")
    results = {}
    with override_settings(MIDDLEWARE=settings.ADMIN_MIDDLEWARE):
        client = Client()
        client.force_login(user)
        for size in (10, rows):
            _fill(size)
            results[size] = _measure(client, repeat)
            print(
                f"  changelist with {size:,} rows: {results[size][0]} queries, "
                f"{results[size][1] * 1000:.0f} ms",
                flush=True,
            )
    (few_q, few_t, _), (many_q, many_t, statements) = results[10], results[rows]
    report.add(
        Figure(
            SECTION,
            f"changelist queries, {rows:,} rows vs 10",
            str(many_q),
            str(few_q),
            ratio(many_q, few_q),
            "equal",
            many_q == few_q,
        ),
        Figure(
            SECTION,
            f"changelist response time, {rows:,} rows",
            f"{many_t * 1000:.0f} ms",
            f"{few_t * 1000:.0f} ms (10 rows)",
            ratio(many_t, few_t),
        ),
    )
    report.details["admin_queries"] = statements
    report.note(
        SECTION,
        f"GET {URL} as a superuser (test client, in-process, admin middleware), 100 rows per "
        f"page, each payment with one notification; median of {repeat} requests after one "
        "warm-up. The statements at the large size are in latest.json.",
    )
