"""The benchmark database: recreated each run, filled in bulk so set-up time stays small."""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal

import psycopg
from django.utils import timezone

from benchmarks import settings as bench_settings

_DB = bench_settings.DATABASES["default"]

#: Rows per INSERT when seeding.
BATCH = 5000


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
    """Create ``count`` orders of 300 MXN and a payment for each, created an hour ago.

    Trade numbers (and order numbers) are ``prefix0000001``...; return them. The ORM fills
    every column the models add, with their defaults.
    """
    from django.contrib.contenttypes.models import ContentType

    from django_paypro.models import Payment
    from tests.shop.models import Order

    numbers = [f"{prefix}{n:07d}" for n in range(1, count + 1)]
    orders = Order.objects.bulk_create(
        [Order(number=number, total=Decimal(300)) for number in numbers], batch_size=BATCH
    )
    order_type = ContentType.objects.get_for_model(Order)
    payments = [
        Payment(
            trade_no=number,
            country="MX",
            method="page",
            amount=Decimal(300),
            currency="MXN",
            status=status,
            payment_url=f"https://pay.example/{number}",
            reference=number,
            order_content_type=order_type,
            order_object_id=str(order.pk),
        )
        for number, order in zip(numbers, orders, strict=True)
    ]
    Payment.objects.bulk_create(payments, batch_size=BATCH)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Payment.objects.filter(trade_no__startswith=prefix).update(
        created_at=an_hour_ago, updated_at=an_hour_ago
    )
    return numbers


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
