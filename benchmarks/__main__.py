"""``python -m benchmarks``: run every benchmark, print and write the figures.

Options: ``--quick`` (smaller sizes), ``--smoke`` (tiny sizes, about a minute: checks that the
benchmarks still run; goals are not judged), ``--only SECTION ...``, ``--rounds N`` (of the
notification section), ``--keep-db``.
Results go to ``benchmarks/results/latest.md`` and ``latest.json`` (full runs only, unless
``--output`` names another stem).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchmarks.report import Report

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")


@dataclass(frozen=True)
class Sizes:
    """How big each benchmark is in one mode."""

    notify_count: int
    notify_rounds: int
    client_calls: int
    client_rounds: int
    reconcile_small: int
    reconcile_large: int
    admin_rows: int
    stress_rounds: int


MODES = {
    # Medians of 5 rounds in a full run: on two shared cores a single round can be off by 15 %.
    "full": Sizes(2000, 5, 1000, 5, 1000, 20000, 100_000, 3),
    "quick": Sizes(1000, 1, 500, 3, 1000, 5000, 100_000, 1),
    "smoke": Sizes(100, 1, 50, 3, 50, 200, 1000, 1),
}
SECTIONS = ("notifications", "client", "reconcile", "admin", "stress")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="smaller sizes")
    mode.add_argument("--smoke", action="store_true", help="tiny sizes; no goals judged")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--concurrency", type=int, default=16, help="reconcile concurrency")
    parser.add_argument("--rounds", type=int, help="notification rounds (default: the mode's)")
    parser.add_argument("--output", help="results file stem (default: latest for full runs)")
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    name = "smoke" if args.smoke else "quick" if args.quick else "full"
    sizes = MODES[name]
    sections = args.only or SECTIONS

    import django

    from benchmarks import db
    from benchmarks.report import Report, machine_info, write

    started = time.monotonic()
    db.recreate_database()
    django.setup()
    db.migrate()
    report = Report(mode=name, machine=machine_info(db.server_version()))
    try:
        for section in sections:
            print(f"== {section} ==", flush=True)
            run_section(section, report, sizes, args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            db.drop_database()
    report.seconds = time.monotonic() - started
    report.machine["load average (1 min) at end"] = f"{os.getloadavg()[0]:.2f}"
    stem = args.output or ("latest" if name == "full" and not args.only else None)
    command = " ".join(["python -m benchmarks", *(sys.argv[1:] if argv is None else argv)])
    if stem:
        print(f"wrote {write(report, command, stem)}")
    print(f"\n{len(report.figures)} figures in {report.seconds:.0f} s")
    from benchmarks.report import table

    print("\n".join(table(report.figures)))
    missed = [f for f in report.figures if f.passed is False]
    return 1 if missed and name != "smoke" else 0


def run_section(section: str, report: Report, sizes: Sizes, args: argparse.Namespace) -> None:
    """Run one section at ``sizes``."""
    from benchmarks import admin_bench, client_bench, notifications, reconcile_bench, stress

    if section == "notifications":
        notifications.queries_per_notification(report)
        notifications.throughput(
            report,
            count=sizes.notify_count,
            rounds=args.rounds or sizes.notify_rounds,
            workers=args.workers,
            clients=2 * args.workers,
            max_seconds=60,
        )
    elif section == "client":
        client_bench.run(report, calls=sizes.client_calls, rounds=sizes.client_rounds)
    elif section == "reconcile":
        reconcile_bench.run(
            report,
            small=sizes.reconcile_small,
            large=sizes.reconcile_large,
            concurrency=args.concurrency,
        )
    elif section == "admin":
        admin_bench.run(report, rows=sizes.admin_rows)
    elif section == "stress":
        stress.run(report, deliveries=50, rounds=sizes.stress_rounds)


if __name__ == "__main__":
    sys.exit(main())
