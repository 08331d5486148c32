"""The benchmarks as a Django app: the shop's receiver on ``order_paid``, a signal counter.

A real shop always listens to ``order_paid``: :func:`mark_order_paid` is connected in every
benchmark server, and the reference views make the same update, so the comparison includes it.
"""

from __future__ import annotations

import os
from typing import Any

from django.apps import AppConfig

#: Set in the environment of the stress server: every signal then inserts a row in
#: ``bench_signal`` (inside the transaction that records the change), so signals fired in
#: gunicorn's worker processes can be counted from outside.
COUNT_SIGNALS_ENV = "PAYPRO_BENCH_COUNT_SIGNALS"


def mark_order_paid(order: Any) -> None:
    """Mark the shop's order paid: the update a shop's ``order_paid`` receiver makes."""
    from tests.shop.models import Order

    Order.objects.filter(pk=order.pk).update(paid=True)


def on_order_paid(sender: Any, order: Any = None, **kwargs: Any) -> None:
    """Receive ``order_paid`` as a shop does."""
    mark_order_paid(order)


def count_signal(sender: Any, signal: Any = None, **kwargs: Any) -> None:
    """Record one signal sent in this process."""
    from django.db import connection

    from django_paypro import signals

    name = next(n for n in signals.__all__ if getattr(signals, n) is signal)
    record = kwargs.get("payment") or kwargs.get("payout")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_signal (signal, trade_no, pid) VALUES (%s, %s, %s)",
            [name, record.trade_no, os.getpid()],
        )


class BenchmarksConfig(AppConfig):
    name = "benchmarks"
    label = "benchmarks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_paypro import signals

        signals.order_paid.connect(on_order_paid, dispatch_uid="bench-shop-order-paid")
        if os.environ.get(COUNT_SIGNALS_ENV) != "1":
            return
        for name in signals.__all__:
            getattr(signals, name).connect(count_signal, dispatch_uid=f"bench-{name}")
