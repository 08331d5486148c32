"""5. The same notification delivered 50 times at once, from 50 processes, to 8 workers.

Every signal inserts a row in ``bench_signal`` from the gunicorn worker that sent it (see
:mod:`benchmarks.apps`), inside the transaction that records the change, so the count is what
the merchant's receivers would have seen.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.synchronize
import time

from benchmarks import db
from benchmarks.apps import COUNT_SIGNALS_ENV
from benchmarks.loadgen import post_raw, request_bytes
from benchmarks.notifications import notification
from benchmarks.processes import gunicorn
from benchmarks.report import Figure, Report

SECTION = "Stress"
WORKERS = 8
_fork = multiprocessing.get_context("fork")


def _deliver(
    port: int,
    request: bytes,
    barrier: multiprocessing.synchronize.Barrier,
    out: multiprocessing.Queue,
) -> None:
    barrier.wait()
    started = time.monotonic()
    try:
        status, text = post_raw("127.0.0.1", port, request)
    except OSError as err:
        status, text = type(err).__name__, str(err)
    out.put((started, time.monotonic(), status, text))


def _round(base_url: str, trade_no: str, deliveries: int) -> dict:
    request = request_bytes(
        base_url + "/paypro/notify/", json.dumps(notification(trade_no)).encode()
    )
    port = int(base_url.rsplit(":", 1)[1])
    barrier = _fork.Barrier(deliveries)
    out: multiprocessing.Queue = _fork.Queue()
    senders = [
        _fork.Process(target=_deliver, args=(port, request, barrier, out))
        for _ in range(deliveries)
    ]
    for sender in senders:
        sender.start()
    answers = [out.get() for _ in senders]
    for sender in senders:
        sender.join()
    signals = db.execute("SELECT signal, pid FROM bench_signal WHERE trade_no = %s", [trade_no])
    outcomes = dict(
        db.execute(
            "SELECT outcome, count(*) FROM django_paypro_notification "
            "WHERE trade_no = %s GROUP BY 1",
            [trade_no],
        )
    )
    status = db.execute("SELECT status FROM django_paypro_payment WHERE trade_no = %s", [trade_no])[
        0
    ][0]
    return {
        "ok": sum(1 for a in answers if a[2] == "200" and a[3] == "OK"),
        "other": [f"{a[2]} {a[3][:80]}" for a in answers if not (a[2] == "200" and a[3] == "OK")],
        "signals": [s[0] for s in signals],
        "outcomes": outcomes,
        "status": status,
        "seconds": max(a[1] for a in answers) - min(a[0] for a in answers),
    }


def run(report: Report, *, deliveries: int, rounds: int) -> None:
    """Run ``rounds`` bursts of ``deliveries`` identical notifications; report each."""
    from django.db import connections

    db.reset_tables()
    trade_numbers = db.seed_payments("S", rounds)
    connections.close_all()
    results = []
    with gunicorn(WORKERS, env={COUNT_SIGNALS_ENV: "1"}) as base_url:
        for trade_no in trade_numbers:
            result = _round(base_url, trade_no, deliveries)
            print(
                f"  {trade_no}: {result['ok']} OK, signals {result['signals']}, "
                f"outcomes {result['outcomes']}, {result['seconds'] * 1000:.0f} ms",
                flush=True,
            )
            results.append(result)
    ok = all(
        r["ok"] == deliveries
        and r["signals"] == ["order_paid"]
        and r["status"] == "paid"
        and r["outcomes"] == {"applied": 1, "duplicate": deliveries - 1}
        for r in results
    )
    seconds = sorted(r["seconds"] for r in results)
    report.add(
        Figure(
            SECTION,
            f"{deliveries} simultaneous deliveries of one notification",
            " / ".join(f"{r['ok']} OK, {len(r['signals'])} signal" for r in results),
            "",
            "",
            f"{deliveries} OK, 1 signal",
            ok,
        ),
        Figure(
            SECTION,
            f"time for all {deliveries} answers",
            " / ".join(f"{s * 1000:.0f} ms" for s in seconds),
        ),
    )
    report.details["stress"] = results
    report.note(
        SECTION,
        f"gunicorn with {WORKERS} sync workers on PostgreSQL; {deliveries} client processes "
        f"released by one barrier each post the same signed notification; {len(results)} "
        "rounds, each on its own pending payment. Signals are counted by a receiver that "
        "inserts a row inside the recording transaction; the notification log must show one "
        "'applied' and the rest 'duplicate'.",
    )
