"""1. Notifications through gunicorn on PostgreSQL, beside a minimal plain-ORM view and the floor.

The references are in :mod:`benchmarks.references`. All three endpoints mark the shop's order
paid (ours through the ``order_paid`` receiver of :mod:`benchmarks.apps`). The goals compare
ours with the minimal view, which is how a Django developer would write it; the raw-SQL floor
shows what is left above the least any correct endpoint does.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from benchmarks import cpu, db
from benchmarks.loadgen import LoadResult, run_load
from benchmarks.processes import gunicorn
from benchmarks.report import Figure, Report, ratio

ENDPOINTS = {"ours": "/paypro/notify/", "minimal": "/minimal/notify/", "floor": "/floor/notify/"}
#: What each reference is called in the figures.
REFERENCES = {"minimal": "minimal plain-ORM view", "floor": "raw-SQL floor"}
DELIVERIES = ("first", "duplicate")
SECTION = "Notifications"
#: Against the minimal view, for a first delivery: at least this share of its throughput...
THROUGHPUT_GOAL = 0.6
#: ...and at most this multiple of its server and database CPU per delivery.
CPU_GOAL = 1.6


def notification(trade_no: str) -> dict[str, str]:
    """Return what PayPro posts when ``trade_no`` (300 MXN, MX) is paid: the testing kit's body."""
    from django_paypro.models import Payment
    from django_paypro.testing import signed_notification

    return signed_notification(Payment(trade_no=trade_no, country="MX", amount=Decimal(300)))


@dataclass
class Counted:
    """Statements and transactions one request ran."""

    queries: list[str]
    transactions: int

    @property
    def summary(self) -> str:
        """Return ``"4 queries in 2 transactions"``."""
        plural = "" if self.transactions == 1 else "s"
        return f"{len(self.queries)} queries in {self.transactions} transaction{plural}"


@contextmanager
def counting() -> Iterator[Counted]:
    """Count SQL statements and the transactions they ran in (autocommit or committed)."""
    from django.db import connection

    counted = Counted([], 0)
    real_commit = connection.commit

    def execute(run: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        counted.queries.append(" ".join(sql.split())[:120])
        if not connection.in_atomic_block:
            counted.transactions += 1  # autocommit: the statement is its own transaction
        return run(sql, params, many, context)

    def commit() -> None:
        counted.transactions += 1
        real_commit()

    connection.commit = commit  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(execute):
            yield counted
    finally:
        del connection.commit


def queries_per_notification(report: Report) -> None:
    """Count what one first delivery and one duplicate cost on each endpoint, in-process."""
    from django.test import Client

    client = Client()
    counts: dict[str, dict[str, Counted]] = {}
    for label, path in ENDPOINTS.items():
        warm, trade_no = db.seed_payments(f"Q{label[0].upper()}", 2)
        for _ in range(2):  # warm imports and caches on every path, outside the count
            client.post(path, json.dumps(notification(warm)), content_type="application/json")
        body = json.dumps(notification(trade_no))
        counts[label] = {}
        for delivery in DELIVERIES:
            with counting() as counted:
                response = client.post(path, body, content_type="application/json")
            assert response.content == b"OK", (label, delivery, response.content)
            counts[label][delivery] = counted
    for reference, name in REFERENCES.items():
        for delivery in DELIVERIES:
            ours, other = counts["ours"][delivery], counts[reference][delivery]
            report.add(
                Figure(
                    SECTION,
                    f"queries per {delivery} delivery, vs {name}",
                    ours.summary,
                    other.summary,
                    ratio(len(ours.queries), len(other.queries)),
                )
            )
    report.details["notification_queries"] = {
        label: {d: {"queries": c.queries, "transactions": c.transactions} for d, c in r.items()}
        for label, r in counts.items()
    }


def _bodies(trade_numbers: list[str]) -> list[bytes]:
    return [json.dumps(notification(t)).encode() for t in trade_numbers]


def _check(result: LoadResult, label: str) -> None:
    if result.ok != result.sent:
        raise RuntimeError(
            f"{label}: {result.sent - result.ok} of {result.sent} answers were not OK "
            f"({dict(result.statuses)}; first: {result.sample})"
        )


Samples = dict[tuple[str, str], list[float]]


def _measure_round(
    base_url: str, n: int, count: int, workers: int, clients: int, max_seconds: float
) -> tuple[Samples, Samples]:
    """Run one round: every endpoint, first then duplicate deliveries, in a rotating order."""
    from django.db import connections

    rates: Samples = {}
    costs: Samples = {}  # server + database CPU ms per delivery
    db.reset_tables()
    sets = {label: db.seed_payments(f"N{label[0].upper()}", count) for label in ENDPOINTS}
    warm = db.seed_payments("NW", 3 * 8 * workers)
    db.analyze()
    connections.close_all()  # nothing open is inherited by the load processes
    for k, path in enumerate(ENDPOINTS.values()):
        run_load(base_url + path, _bodies(warm[k :: len(ENDPOINTS)]), clients, max_seconds)
    labels = list(ENDPOINTS)
    order = labels[n % 3 :] + labels[: n % 3]
    watched = (urlsplit(base_url).port or 80, connections["default"].settings_dict["NAME"])
    for delivery in DELIVERIES:
        for label in order:
            bodies = _bodies(sets[label])
            before = cpu.server_cpu(*watched) if cpu.available() else None
            result = run_load(base_url + ENDPOINTS[label], bodies, clients, max_seconds)
            _check(result, f"{label} {delivery}")
            rates[(label, delivery)] = [result.rate]
            if before is not None:
                by_side = cpu.spent(before, cpu.server_cpu(*watched))
                for side, seconds in by_side.items():  # in the details: where the time goes
                    costs[(label, f"{delivery} ({side})")] = [1000 * seconds / result.sent]
                costs[(label, delivery)] = [1000 * sum(by_side.values()) / result.sent]
    return rates, costs


def throughput(
    report: Report, *, count: int, rounds: int, workers: int, clients: int, max_seconds: float
) -> None:
    """Measure first-delivery and duplicate rates and CPU of every endpoint, rotating the order."""
    rates: Samples = {}
    costs: Samples = {}
    with gunicorn(workers) as base_url:
        for n in range(rounds):
            round_rates, round_costs = _measure_round(
                base_url, n, count, workers, clients, max_seconds
            )
            for key, values in round_rates.items():
                rates.setdefault(key, []).extend(values)
            for key, values in round_costs.items():
                costs.setdefault(key, []).extend(values)
    _report_rates(report, rates)
    if costs:
        _report_costs(report, costs)
    report.details["notification_rates"] = {f"{k[0]} {k[1]}": v for k, v in rates.items()}
    report.details["notification_cpu_ms"] = {f"{k[0]} {k[1]}": v for k, v in costs.items()}
    report.note(
        SECTION,
        f"gunicorn, {workers} sync workers, PostgreSQL with persistent connections; "
        f"{count:,} distinct pending payments (each with its order) per endpoint per round, "
        f"each notified once (first delivery) then again (duplicate), from {clients} load "
        f"processes on loopback; median of {rounds} rounds, the three endpoints rotating who "
        "goes first. A receiver on order_paid marks the order paid; both references make the "
        "same update. CPU per delivery: the time this gunicorn's processes and the PostgreSQL "
        "backends of the benchmark database spent during the run (from /proc), divided by the "
        "deliveries; it moves less between runs "
        f"than the rates. Goals, for a first delivery against the minimal view: throughput "
        f"≥ {THROUGHPUT_GOAL}x, CPU per delivery ≤ {CPU_GOAL}x.",
    )


def _median(samples: Samples, label: str, delivery: str) -> float:
    return statistics.median(samples[(label, delivery)])


def _report_ratios(
    report: Report,
    samples: Samples,
    figure: str,
    show: Callable[[float], str],
    goal: str,
    meets: Callable[[float], bool],
) -> None:
    """Add ``figure`` (a format with ``delivery`` and ``reference``) against each reference.

    The goal is judged for a first delivery against the minimal view only.
    """
    for reference, name in REFERENCES.items():
        for delivery in DELIVERIES:
            ours, other = _median(samples, "ours", delivery), _median(samples, reference, delivery)
            judged = reference == "minimal" and delivery == "first"
            report.add(
                Figure(
                    SECTION,
                    figure.format(delivery=delivery, reference=name),
                    show(ours),
                    show(other),
                    ratio(ours, other),
                    goal if judged else "",
                    meets(ours / other) if judged else None,
                )
            )


def _report_rates(report: Report, rates: Samples) -> None:
    _report_ratios(
        report,
        rates,
        "throughput, {delivery} delivery, vs {reference}",
        "{:,.0f}/s".format,
        f"≥ {THROUGHPUT_GOAL}x",
        lambda times: times >= THROUGHPUT_GOAL,
    )


def _report_costs(report: Report, costs: Samples) -> None:
    _report_ratios(
        report,
        costs,
        "server and database CPU per {delivery} delivery, vs {reference}",
        "{:.2f} ms".format,
        f"≤ {CPU_GOAL}x",
        lambda times: times <= CPU_GOAL,
    )
