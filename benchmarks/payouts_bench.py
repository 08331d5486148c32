"""Payout throughput with 1, 2 and 4 task workers (database backend on PostgreSQL).

Run from the repository root (PostgreSQL at 127.0.0.1:5432 as for the tests; needs the ``test``
extra, which brings the task backends)::

    .venv/bin/python -m benchmarks.payouts_bench [--payouts 1000] [--latency 0.02]
        [--workers 1 2 4] [--backend database|rq] [--output benchmarks/results/payouts.md]

For each worker count: a batch of ``--payouts`` Mexican payouts is recorded and approved; one
task per payout goes to the backend; ``db_worker`` (or ``rqworker``) processes send them to the
tests' fake PayPro, which answers each after ``--latency`` seconds and counts requests per
trade number. Measured: seconds from the approval until every payout has PayPro's answer, and
payouts per second. Checked: no trade number reached PayPro twice. The database
``paypro_bench_payouts`` is recreated for the run and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = os.environ.get("PAYPRO_BENCH_PAYOUTS_DB", "paypro_bench_payouts")


def _configure(base_url: str, backend: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.payouts.worker_settings",
        PAYPRO_TEST_DB="postgres",
        PAYPRO_WORKER_DB_NAME=DB_NAME,
        PAYPRO_WORKER_BASE_URL=base_url,
        PAYPRO_WORKER_BACKEND=backend,
        PYTHONPATH=str(ROOT),
    )
    import django

    django.setup()


def _recreate_database() -> None:
    import psycopg

    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres") as conn:
        conn.autocommit = True
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def _drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres") as conn:
        conn.autocommit = True
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def _one_round(payouts: int, worker_count: int, backend: str) -> float:
    """Send one batch with ``worker_count`` workers; return the seconds it took."""
    from django.contrib.auth.models import User

    from django_paypro.models import Payout
    from django_paypro.services.approval import approve_batch
    from django_paypro.services.batches import create_batch, preview_csv
    from tests.payouts.conftest import mx_csv
    from tests.payouts.test_workers import Workers

    creator, _ = User.objects.get_or_create(username="creator")
    approver, _ = User.objects.get_or_create(username="approver", is_superuser=True)
    batch = create_batch(preview_csv(mx_csv(payouts)), created_by=creator)
    workers = Workers(backend, os.environ["PAYPRO_WORKER_BASE_URL"], Path("/tmp"))
    for _ in range(worker_count):
        workers.start()
    time.sleep(6)  # let the workers import Django before the clock starts
    waiting = (Payout.Status.APPROVED, Payout.Status.SENDING)
    try:
        started = time.perf_counter()
        approve_batch(batch, approver)
        while batch.payouts.filter(status__in=waiting).exists():
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        workers.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--payouts", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.02, help="PayPro's answer delay")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--backend", choices=["database", "rq"], default="database")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from tests.fake_paypro import FakePayPro
    from tests.payouts.desk import PayoutDesk

    fake = FakePayPro()
    desk = PayoutDesk(create_status="0000", slow_seconds=args.latency).install(fake)
    _recreate_database()
    _configure(fake.base_url, args.backend)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    lines = [
        "| workers | payouts | seconds | payouts/s | most requests per trade number |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    try:
        for count in args.workers:
            seconds = _one_round(args.payouts, count, args.backend)
            rate = args.payouts / seconds
            lines.append(
                f"| {count} | {args.payouts} | {seconds:.1f} | {rate:.0f} | {desk.most_sends()} |"
            )
            print(lines[-1], flush=True)
    finally:
        fake.close()
        _drop_database()
    header = (
        f"Payouts through the {args.backend} backend, PayPro answering after "
        f"{args.latency * 1000:.0f} ms, on {os.cpu_count()} CPU(s):\n\n"
    )
    report = header + "\n".join(lines) + "\n"
    print(report)
    if args.output:
        args.output.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
