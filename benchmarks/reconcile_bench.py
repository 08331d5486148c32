"""3. ``manage.py paypro_reconcile`` against a PayPro that answers each query after 20 ms.

Each run is a fresh process (so its peak memory is its own) running the management command on
payments seeded as pending an hour ago; the fake answers ``0000`` so each becomes paid.
Compared: time per payment at the large size against the small one, both at the same
concurrency; the concurrent run against the sequential one at the small size; the peak RSS of
the large run against the small one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from benchmarks import db
from benchmarks.processes import ROOT, fake_paypro, fake_reset, fake_stats
from benchmarks.report import Figure, Report, ratio

SECTION = "Reconciliation"
LATENCY = 0.020


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def child(count: int, concurrency: int) -> None:
    """Run the command in this process and print its timing and memory as JSON."""
    import resource
    from io import StringIO

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    connection.ensure_connection()
    before = _status_kib("VmRSS")
    try:  # reset the peak so that it measures the command, not the imports before it
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass
    out = StringIO()
    started = time.perf_counter()
    call_command("paypro_reconcile", older_than=60, concurrency=concurrency, stdout=out)
    elapsed = time.perf_counter() - started
    peak = _status_kib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "elapsed": elapsed,
                "rss_before": before,
                "peak": peak,
                "summary": out.getvalue().strip(),
            }
        )
    )


def _run(base_url: str, count: int, concurrency: int) -> dict:
    db.reset_tables()
    db.seed_payments("R", count)
    db.analyze()
    fake_reset(base_url)
    env = {**db.settings_env(), "PAYPRO_BENCH_BASE_URL": base_url}
    command = [
        sys.executable,
        "-m",
        "benchmarks.reconcile_bench",
        "--count",
        str(count),
        "--concurrency",
        str(concurrency),
    ]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"reconcile child failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    paid = db.execute("SELECT count(*) FROM django_paypro_payment WHERE status = 'paid'")[0][0]
    if paid != count:
        raise RuntimeError(f"only {paid} of {count} payments became paid: {result['summary']}")
    result.update(fake_stats(base_url), count=count, concurrency=concurrency)
    result["per_payment_ms"] = result["elapsed"] / count * 1000
    print(
        f"  reconcile {count:,} at concurrency {concurrency}: {result['elapsed']:.1f} s, "
        f"{result['per_payment_ms']:.2f} ms/payment, peak RSS {result['peak'] / 1024:.0f} MiB, "
        f"{result['connections']} connections",
        flush=True,
    )
    return result


def run(report: Report, *, small: int, large: int, concurrency: int) -> None:
    """Run sequential-small, concurrent-small and concurrent-large; report the comparisons."""
    from django.db import connections

    connections.close_all()
    with fake_paypro(LATENCY) as base_url:
        sequential = _run(base_url, small, 1)
        few = _run(base_url, small, concurrency)
        many = _run(base_url, large, concurrency)
    speedup = sequential["per_payment_ms"] / few["per_payment_ms"]
    report.add(
        Figure(
            SECTION,
            f"sequential, {small:,} payments",
            f"{sequential['per_payment_ms']:.2f} ms/payment",
            f"{LATENCY * 1000:.0f} ms latency",
            ratio(sequential["per_payment_ms"], LATENCY * 1000),
        ),
        Figure(
            SECTION,
            f"concurrency {concurrency} vs sequential, {small:,} payments",
            f"{few['per_payment_ms']:.2f} ms/payment",
            f"{sequential['per_payment_ms']:.2f} ms/payment",
            f"{speedup:.1f}x faster",
            "≥ 4x faster",
            speedup >= 4,
        ),
        Figure(
            SECTION,
            f"time per payment, {large:,} vs {small:,} (concurrency {concurrency})",
            f"{many['per_payment_ms']:.2f} ms",
            f"{few['per_payment_ms']:.2f} ms",
            ratio(many["per_payment_ms"], few["per_payment_ms"]),
            "≤ 1.2x",
            many["per_payment_ms"] <= 1.2 * few["per_payment_ms"],
        ),
        Figure(
            SECTION,
            f"peak RSS, {large:,} vs {small:,}",
            f"{many['peak'] / 1024:.0f} MiB (+{(many['peak'] - many['rss_before']) / 1024:.0f})",
            f"{few['peak'] / 1024:.0f} MiB (+{(few['peak'] - few['rss_before']) / 1024:.0f})",
            ratio(many["peak"], few["peak"]),
            "≤ 1.1x (flat)",
            many["peak"] <= 1.1 * few["peak"],
        ),
        Figure(
            SECTION,
            f"TCP connections to PayPro, concurrency {concurrency}",
            f"{many['connections']:,} for {large:,} queries",
            f"{concurrency} threads",
            "",
            f"≤ {concurrency}",
            many["connections"] <= concurrency,
        ),
    )
    report.details["reconcile"] = {
        "sequential": sequential,
        "concurrent_small": few,
        "concurrent_large": many,
    }
    report.note(
        SECTION,
        f"Fake PayPro answers every query after {LATENCY * 1000:.0f} ms (a thread per "
        f"connection, so answers overlap). Each run is "
        f"`manage.py paypro_reconcile --older-than 60 --concurrency N` in "
        f"a fresh process on N pending payments; every one must end paid. The sequential run "
        f"at {large:,} is not made (it would take {large * LATENCY:.0f} s); the size comparison "
        f"is at equal concurrency. Peak RSS is the process's high-water mark, reset just before "
        f"the command (/proc/self/clear_refs); '+' is the growth over the RSS before it.",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--concurrency", type=int, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    child(args.count, args.concurrency)


if __name__ == "__main__":
    main()
