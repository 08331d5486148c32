"""1,000 payouts sent by real worker processes, with faults injected and a worker killed.

Two workers of (a) the database backend on PostgreSQL and (b) RQ on the Redis at
127.0.0.1:6379 take one task per payout. The fake PayPro answers ``5000``, a bad gateway, an
``8000`` refusal or too late for a few trade numbers; a third worker's connections to PayPro are
all refused (what it takes goes back to ``approved``); one worker is killed (SIGKILL) in the
middle of the batch, then replaced. Afterwards the sweep of ``paypro_reconcile`` runs once:
every payout reached PayPro at most once, and every payout ends ``succeeded`` or ``failed`` —
except one a killed worker had claimed without its request leaving, which stays ``sending``
for a person (PayPro never saw it).

Needs PostgreSQL (the ``postgres`` marker: skipped on SQLite with the reason) and, for RQ, the
Redis at 127.0.0.1:6379 (skipped with the reason when it does not answer).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from django_paypro.models import Payout, PayoutBatch
from django_paypro.services.approval import approve_batch
from django_paypro.services.batches import create_batch, preview_csv
from django_paypro.services.dispatch import enqueue_waiting
from django_paypro.services.reconcile import reconcile
from tests.fake_paypro import unused_url
from tests.payouts.conftest import mx_csv
from tests.payouts.desk import PayoutDesk
from tests.payouts.task_backends import QUEUE, REDIS_DB, RQ_QUEUES, TASKS_BY_NAME

pytestmark = [pytest.mark.postgres, pytest.mark.workers, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PAYOUTS = int(os.environ.get("PAYPRO_WORKER_PAYOUTS", "1000"))
#: fault by ``crc32(trade_no) % 100``: about 2 % each of 5000 and bad gateway, 1 % refused
#: (8000), 1 % answered after the read timeout
FAULT_BY_BUCKET = {0: "5000", 1: "5000", 2: "drop", 3: "drop", 4: "reject", 5: "timeout"}


def fault_for(trade_no: str) -> str | None:
    return FAULT_BY_BUCKET.get(zlib.crc32(trade_no.encode()) % 100)


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class Workers:
    """Worker subprocesses of one backend, started and stopped by the test."""

    def __init__(self, backend: str, base_url: str, log_dir: Path) -> None:
        self.backend = backend
        self.log_dir = log_dir
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.payouts.worker_settings",
            "PYTHONPATH": str(ROOT),
            "PAYPRO_TEST_DB": "postgres",
            "PAYPRO_WORKER_DB_NAME": connection.settings_dict["NAME"],
            "PAYPRO_WORKER_BASE_URL": base_url,
            "PAYPRO_WORKER_BACKEND": backend,
        }
        self.processes: list[subprocess.Popen[bytes]] = []

    def command(self, n: int) -> list[str]:
        manage = [sys.executable, "-m", "django"]
        if self.backend == "rq":
            return [
                *manage,
                "rqworker",
                QUEUE,
                "--job-class",
                "django_tasks_rq.Job",
                "--worker-class",
                "rq.worker.SimpleWorker",  # no fork per job: a kill hits the job itself
                "--name",
                f"paypro-test-{os.getpid()}-{n}",
            ]
        return [
            *manage,
            "db_worker",
            "--queue-name",
            QUEUE,
            "--interval",
            "0.05",
            "--no-startup-delay",
            "--worker-id",
            f"paypro-test-{n}",
        ]

    def start(self, base_url: str | None = None) -> subprocess.Popen[bytes]:
        """Start one worker; ``base_url`` points it at another PayPro (a refusing one)."""
        n = len(self.processes)
        log = (self.log_dir / f"{self.backend}-worker-{n}.log").open("wb")
        env = {**self.env, "PAYPRO_WORKER_BASE_URL": base_url} if base_url else self.env
        process = subprocess.Popen(
            self.command(n), env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(params=["database", "rq"])
def backend(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    """Configure this process to enqueue on the backend; empty the RQ test queue around it."""
    name = request.param
    if name == "rq":
        if not redis_answers():
            pytest.skip("needs the Redis at 127.0.0.1:6379")
        settings.RQ_QUEUES = RQ_QUEUES
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_rq", "django_tasks_rq"]
    settings.TASKS = TASKS_BY_NAME[name]
    settings.PAYPRO = {**settings.PAYPRO, "TASK_QUEUE": QUEUE}
    flush = _flush_rq if name == "rq" else lambda: None
    flush()
    yield name
    flush()


def _flush_rq() -> None:
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()


@pytest.fixture
def workers(backend: str, fake_paypro: Any, tmp_path: Path) -> Iterator[Workers]:
    group = Workers(backend, fake_paypro.base_url, tmp_path)
    yield group
    group.stop()


def wait_until_quiet(desk: PayoutDesk, batch: PayoutBatch, limit: float = 150.0) -> None:
    """Wait until no payout request arrives and no approved payout is claimed for 3 s."""
    last, quiet_since, deadline = None, time.monotonic(), time.monotonic() + limit
    while time.monotonic() < deadline:
        state = (desk.total_sends(), batch.payouts.filter(status=Payout.Status.APPROVED).count())
        if state != last:
            last, quiet_since = state, time.monotonic()
        elif time.monotonic() - quiet_since > 3.0:
            return
        time.sleep(0.2)
    raise AssertionError(f"workers still busy after {limit} s: {last}")


def wait_for(condition: Callable[[], bool], workers: Workers, limit: float = 90.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; see the worker logs in {workers.log_dir}")
        if all(process.poll() is not None for process in workers.processes):
            raise AssertionError(f"every worker exited; see their logs in {workers.log_dir}")
        time.sleep(0.05)


def test_a_thousand_payouts_on_two_workers_are_each_sent_at_most_once_and_none_is_lost(
    workers: Workers, fake_paypro: Any, settings: Any, django_user_model: Any
) -> None:
    desk = PayoutDesk(fault_for=fault_for, timeout_seconds=2.0, create_status="0000")
    desk.install(fake_paypro)
    creator = django_user_model.objects.create_user("creator")
    approver = django_user_model.objects.create_superuser("approver")
    batch = create_batch(preview_csv(mx_csv(PAYOUTS)), created_by=creator)
    first = workers.start()
    workers.start()
    refused = workers.start(base_url=unused_url())  # every connection it opens is refused

    approve_batch(batch, approver)  # enqueues one task per payout once committed

    wait_for(lambda: desk.total_sends() >= PAYOUTS // 3, workers)
    first.send_signal(signal.SIGKILL)  # mid-batch, wherever it is
    workers.start()
    wait_until_quiet(desk, batch)
    refused.terminate()  # what it took went back to approved, never sent
    refused.wait(timeout=20)
    assert batch.payouts.filter(status=Payout.Status.APPROVED).exists(), "nothing was refused"
    enqueue_waiting(timedelta(0))  # what paypro_reconcile does for tasks lost with the worker
    wait_until_quiet(desk, batch)
    reconcile(older_than=timedelta(0), concurrency=4)

    payouts = list(batch.payouts.values_list("trade_no", "status"))
    assert len(payouts) == PAYOUTS
    assert desk.most_sends() == 1, "a payout reached PayPro twice"
    by_status: dict[str, list[str]] = {}
    for trade_no, status in payouts:
        by_status.setdefault(status, []).append(trade_no)
    open_ones = {k: v for k, v in by_status.items() if k not in ("succeeded", "failed")}
    # Only a payout claimed by the killed worker before its request left may stay open.
    assert set(open_ones) <= {Payout.Status.SENDING}, open_ones
    assert len(open_ones.get(Payout.Status.SENDING, [])) <= 1
    assert all(desk.sent[t] == 0 for t in open_ones.get(Payout.Status.SENDING, []))
    refused = {t for t, _ in payouts if fault_for(t) == "reject"}
    assert set(by_status.get("failed", [])) == refused
    assert all(desk.sent[t] == 1 for t in by_status["succeeded"])
