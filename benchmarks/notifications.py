"""1. Notifications through gunicorn on PostgreSQL, against the minimal baseline view."""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from benchmarks import cpu, db
from benchmarks.handsign import notification
from benchmarks.loadgen import LoadResult, run_load
from benchmarks.processes import gunicorn
from benchmarks.report import Figure, Report, ratio

OURS, BASELINE = "/paypro/notify/", "/baseline/notify/"
SECTION = "Notifications"
GOAL = 0.7


@dataclass
class Counted:
    """Statements and transactions one request ran."""

    queries: list[str]
    transactions: int


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
    """Count what one first delivery and one duplicate cost, in-process."""
    from django.test import Client

    client = Client()
    results: dict[str, dict[str, Counted]] = {}
    for label, path, prefix in (("ours", OURS, "QO"), ("baseline", BASELINE, "QB")):
        warm, trade_no = db.seed_payments(prefix, 2)
        for _ in range(2):  # warm imports and caches on both paths, outside the count
            client.post(path, json.dumps(notification(warm)), content_type="application/json")
        body = json.dumps(notification(trade_no))
        results[label] = {}
        for delivery in ("first", "duplicate"):
            with counting() as counted:
                response = client.post(path, body, content_type="application/json")
            assert response.content == b"OK", (label, delivery, response.content)
            results[label][delivery] = counted
    for delivery in ("first", "duplicate"):
        ours, base = results["ours"][delivery], results["baseline"][delivery]
        report.add(
            Figure(
                SECTION,
                f"queries per notification, {delivery} delivery",
                f"{len(ours.queries)} in {ours.transactions} transactions",
                f"{len(base.queries)} in {base.transactions} transaction",
                ratio(len(ours.queries), len(base.queries)),
            )
        )
    report.details["notification_queries"] = {
        label: {d: {"queries": c.queries, "transactions": c.transactions} for d, c in r.items()}
        for label, r in results.items()
    }


def _bodies(trade_numbers: list[str]) -> list[bytes]:
    return [json.dumps(notification(t)).encode() for t in trade_numbers]


def _check(result: LoadResult, label: str) -> None:
    if result.ok != result.sent:
        raise RuntimeError(
            f"{label}: {result.sent - result.ok} of {result.sent} answers were not OK "
            f"({dict(result.statuses)}; first: {result.sample})"
        )


def _medians(samples: dict[tuple[str, str], list[float]], delivery: str) -> tuple[float, float]:
    """Return the medians of ours and the baseline's samples for ``delivery``."""
    return (
        statistics.median(samples[("ours", delivery)]),
        statistics.median(samples[("baseline", delivery)]),
    )


def throughput(
    report: Report, *, count: int, rounds: int, workers: int, clients: int, max_seconds: float
) -> None:
    """Measure first-delivery and duplicate rates of both endpoints, alternating the order."""
    from django.db import connections

    rates: dict[tuple[str, str], list[float]] = {}
    costs: dict[tuple[str, str], list[float]] = {}  # server + database CPU ms per request
    with gunicorn(workers) as base_url:
        for n in range(rounds):
            db.reset_tables()
            sets = {
                "ours": db.seed_payments("NO", count),
                "baseline": db.seed_payments("NB", count),
            }
            warm = db.seed_payments("NW", 8 * workers)
            db.analyze()
            connections.close_all()  # nothing open is inherited by the load processes
            run_load(base_url + OURS, _bodies(warm[::2]), clients, max_seconds)
            run_load(base_url + BASELINE, _bodies(warm[1::2]), clients, max_seconds)
            order = ["ours", "baseline"] if n % 2 else ["baseline", "ours"]
            for delivery in ("first", "duplicate"):
                for label in order:
                    path = OURS if label == "ours" else BASELINE
                    bodies = _bodies(sets[label])
                    before = cpu.server_cpu() if cpu.available() else None
                    result = run_load(base_url + path, bodies, clients, max_seconds)
                    _check(result, f"{label} {delivery}")
                    rates.setdefault((label, delivery), []).append(result.rate)
                    if before is not None:
                        after = cpu.server_cpu()
                        spent = sum(after.values()) - sum(before.values())
                        costs.setdefault((label, delivery), []).append(1000 * spent / result.sent)
    for delivery in ("first", "duplicate"):
        ours, base = _medians(rates, delivery)
        report.add(
            Figure(
                SECTION,
                f"throughput, {delivery} delivery",
                f"{ours:,.0f}/s",
                f"{base:,.0f}/s",
                ratio(ours, base),
                f"≥ {GOAL}x",
                ours / base >= GOAL,
            )
        )
    for delivery in ("first", "duplicate") if costs else ():
        ours, base = _medians(costs, delivery)
        report.add(
            Figure(
                SECTION,
                f"server and database CPU per {delivery} delivery",
                f"{ours:.2f} ms",
                f"{base:.2f} ms",
                ratio(ours, base),
            )
        )
    report.details["notification_rates"] = {f"{k[0]} {k[1]}": v for k, v in rates.items()}
    report.details["notification_cpu_ms"] = {f"{k[0]} {k[1]}": v for k, v in costs.items()}
    report.note(
        SECTION,
        f"gunicorn, {workers} sync workers, PostgreSQL with persistent connections; "
        f"{count:,} distinct pending payments per endpoint per round, each notified once "
        f"(first delivery) then again (duplicate), from {clients} load processes on loopback; "
        f"median of {rounds} rounds, the endpoint and the baseline alternating who goes first. "
        "CPU per delivery: the time gunicorn's and PostgreSQL's processes spent during the run "
        "(from /proc), divided by the deliveries; it moves less between runs than the rates.",
    )
