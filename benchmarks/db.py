"""The benchmark database: recreated each run, filled with SQL so set-up time stays small."""

from __future__ import annotations

import os

import psycopg

from benchmarks import settings as bench_settings

_DB = bench_settings.DATABASES["default"]

#: Orders of 300 MXN and, for each, a payment the way create_payment leaves a pending one
#: (every NOT NULL column), pointing at its order through the generic relation.
_SEED = """
    WITH orders AS (
        INSERT INTO shop_order (number, total, paid)
        SELECT %(prefix)s || lpad(g::text, 7, '0'), 300, false
          FROM generate_series(1, %(count)s) AS g
        RETURNING id, number
    )
    INSERT INTO django_paypro_payment
           (trade_no, platform_trade_no, country, method, amount, currency, status, status_code,
            message, payment_url, pay_param, reference, order_content_type_id, order_object_id,
            review_reason, late_success, request_data, response_data, version, created_at,
            updated_at)
    SELECT number, '', 'MX', 'page', 300, 'MXN', %(status)s, '', '',
           'https://pay.example/' || id, '', 'order-' || id,
           (SELECT id FROM django_content_type WHERE app_label = 'shop' AND model = 'order'),
           id::text, '', false, '{}', '{}', 0,
           now() - interval '1 hour' + id * interval '1 ms', now() - interval '1 hour'
      FROM orders
"""


def _admin_connection() -> psycopg.Connection:
    return psycopg.connect(
        host=_DB["HOST"], port=_DB["PORT"], user=_DB["USER"], dbname="postgres", autocommit=True
    )


def recreate_database() -> None:
    """Drop and create the benchmark database (nothing else connected to it may stay open)."""
    name = _DB["NAME"]
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database() -> None:
    """Drop the benchmark database."""
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_DB["NAME"]}" WITH (FORCE)')


def migrate() -> None:
    """Create the tables (Django must be set up) and the signal counter table."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_signal (id serial PRIMARY KEY, signal text, "
            "trade_no text, pid int, at timestamptz DEFAULT clock_timestamp())"
        )


def execute(sql: str, params: object = None) -> list[tuple]:
    """Run ``sql`` on Django's connection; return the rows, if any."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def reset_tables() -> None:
    """Empty the payment, notification, order and signal tables."""
    execute(
        "TRUNCATE django_paypro_notification, django_paypro_payment, shop_order, bench_signal "
        "RESTART IDENTITY CASCADE"
    )


def seed_payments(prefix: str, count: int, status: str = "pending") -> list[str]:
    """Insert ``count`` orders and their payments of 300 MXN numbered ``prefix0000001``...

    Return the trade numbers (the orders' numbers too).
    """
    execute(_SEED, {"prefix": prefix, "count": count, "status": status})
    return [f"{prefix}{n:07d}" for n in range(1, count + 1)]


def analyze() -> None:
    """Refresh planner statistics after a bulk load."""
    execute("ANALYZE django_paypro_payment")
    execute("ANALYZE django_paypro_notification")
    execute("ANALYZE shop_order")


def server_version() -> str:
    """Return PostgreSQL's version string."""
    return str(execute("SHOW server_version")[0][0])


def settings_env() -> dict[str, str]:
    """Return an environment for child processes that use the benchmark settings."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    return env
