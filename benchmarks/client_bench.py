"""2. ``PayProClient.create_payment_page`` against a bare ``requests.Session`` doing the same work.

The baseline is the simplest code that does what the client does for one call: add a
timestamp and notifyUrl, MD5-sign, ``json.dumps``, POST on a shared ``requests.Session``, parse
the answer and check its code. Both run in the same worker processes (2 processes x 2 threads
by default, one shared client or session per process) against the fake PayPro (tests.fake_paypro) in
another process, which counts the TCP connections it accepted. Beside the rates, the CPU each
worker process spent per call (all its threads): on a shared machine it moves much less than
the rates.
"""

from __future__ import annotations

import json
import multiprocessing
import statistics
import threading
import time

import requests

from benchmarks.processes import fake_paypro, fake_reset, fake_stats
from benchmarks.report import Figure, Report, ratio
from tests.client.handsign import MERCHANT_NO, NOTIFY_URL, hand_sign

SECTION = "Client"
GOAL = 0.9
PATH = "/v1/paypro/paymentLink"
_fork = multiprocessing.get_context("fork")


def _fields(n: int) -> dict[str, str]:
    return {"tradeNo": f"C{n:09d}", "amount": "300", "payer": "Ana", "remark": "bench"}


def _bare_call(session: requests.Session, url: str, fields: dict[str, str]) -> str:
    body = {**fields, "timestamp": str(time.time_ns() // 1_000_000), "notifyUrl": NOTIFY_URL}
    body["sign"] = hand_sign(body)
    response = session.post(
        url,
        data=json.dumps(body),
        headers={"merchantNo": MERCHANT_NO, "Content-Type": "application/json"},
        timeout=(5, 10),
    )
    answer = response.json()
    if answer["code"] != "0000":
        raise RuntimeError(answer)
    return str(answer["data"]["paymentLink"])


def _process(
    kind: str, base_url: str, threads: int, calls: int, out: multiprocessing.Queue
) -> None:
    if kind == "ours":
        from django_paypro.client import get_client

        client = get_client("MX")

        def call(n: int) -> str:
            return client.create_payment_page(_fields(n)).payment_url

    else:
        session, url = requests.Session(), base_url + PATH

        def call(n: int) -> str:
            return _bare_call(session, url, _fields(n))

    def work(offset: int) -> None:
        for n in range(offset, offset + calls):
            if not call(n):
                raise RuntimeError("no payment link")

    call(0)  # connect and warm up outside the timed part (counted at the server)
    cpu_started = time.process_time()
    started = time.perf_counter()
    workers = [threading.Thread(target=work, args=(t * calls,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    out.put((time.perf_counter() - started, time.process_time() - cpu_started))


def _measure(
    kind: str, base_url: str, processes: int, threads: int, calls: int
) -> tuple[float, int, float]:
    """Return (calls per second, TCP connections the server accepted, CPU ms per call)."""
    fake_reset(base_url)
    out: multiprocessing.Queue = _fork.Queue()
    workers = [
        _fork.Process(target=_process, args=(kind, base_url, threads, calls, out))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    timings = [out.get() for _ in workers]
    for worker in workers:
        worker.join()
    total = processes * threads * calls
    elapsed = max(wall for wall, _ in timings)
    cpu_ms = sum(cpu for _, cpu in timings) * 1000 / total
    return total / elapsed, fake_stats(base_url)["connections"], cpu_ms


def run(
    report: Report, *, calls: int, processes: int = 2, threads: int = 2, rounds: int = 3
) -> None:
    """Measure both, alternating, and report the medians and the connection counts."""
    from django.conf import settings
    from django.db import connections

    from django_paypro.client import clear_clients

    connections.close_all()
    with fake_paypro() as base_url:
        settings.PAYPRO = {**settings.PAYPRO, "BASE_URL": base_url}
        clear_clients()
        rates: dict[str, list[float]] = {"ours": [], "bare": []}
        conns: dict[str, set[int]] = {"ours": set(), "bare": set()}
        cpu: dict[str, list[float]] = {"ours": [], "bare": []}
        for n in range(rounds):
            for kind in ("ours", "bare") if n % 2 == 0 else ("bare", "ours"):
                rate, connections_seen, cpu_ms = _measure(kind, base_url, processes, threads, calls)
                rates[kind].append(rate)
                cpu[kind].append(cpu_ms)
                conns[kind].add(connections_seen)
    workers = processes * threads
    ours, bare = statistics.median(rates["ours"]), statistics.median(rates["bare"])
    ours_cpu, bare_cpu = statistics.median(cpu["ours"]), statistics.median(cpu["bare"])
    report.add(
        Figure(
            SECTION,
            "payment-page calls",
            f"{ours:,.0f}/s",
            f"{bare:,.0f}/s",
            ratio(ours, bare),
            f"≥ {GOAL}x",
            ours / bare >= GOAL,
        ),
        Figure(
            SECTION,
            "client CPU per payment-page call",
            f"{ours_cpu:.2f} ms",
            f"{bare_cpu:.2f} ms",
            ratio(ours_cpu, bare_cpu),
        ),
        Figure(
            SECTION,
            f"TCP connections for {workers} workers",
            " / ".join(str(c) for c in sorted(conns["ours"])),
            " / ".join(str(c) for c in sorted(conns["bare"])),
            "",
            f"= {workers}",
            conns["ours"] == {workers},
        ),
    )
    report.details["client_rates"] = rates
    report.details["client_cpu_ms"] = cpu
    report.note(
        SECTION,
        f"{processes} processes x {threads} threads, {calls:,} calls per thread, one shared "
        "client (get_client) or requests.Session per process; the fake PayPro (tests.fake_paypro) "
        f"answers from its own process; median of {rounds} alternating rounds. "
        "Connections are counted by the server per run, the warm-up call included. CPU per "
        "call is the worker processes' own (all threads), median of the rounds.",
    )
