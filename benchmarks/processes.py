"""Start and stop the servers the benchmarks talk to: gunicorn and the fake PayPro."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.db import settings_env

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_http(port: int, path: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
            return
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not answer within {timeout} s")


@contextlib.contextmanager
def gunicorn(workers: int, *, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run ``gunicorn benchmarks.wsgi`` with ``workers`` sync workers; yield its base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "benchmarks.wsgi:application",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
        # On a loaded machine a request can wait long for a core: a worker killed for it would
        # take its CPU time (and its database connection's) out of the reading.
        "--timeout",
        "120",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={**settings_env(), **(env or {})})
    try:
        _wait_for_http(port, "/paypro/notify/", process)
        # Every worker imports Django on its own; give them all time to be ready.
        time.sleep(1.0)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


@contextlib.contextmanager
def fake_paypro(latency: float = 0.0) -> Iterator[str]:
    """Run the tests' fake PayPro (:mod:`tests.fake_paypro`) in its own process; yield its URL.

    It answers every call with PayPro's success envelope, ``latency`` seconds later.
    """
    command = [sys.executable, "-m", "tests.fake_paypro", "--delay", str(latency)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


def _control(base_url: str, method: str) -> dict[str, int]:
    host, port = base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    conn.request(method, "/__stats", body=b"" if method == "POST" else None)
    stats = json.loads(conn.getresponse().read())
    conn.close()
    return stats


def fake_stats(base_url: str) -> dict[str, int]:
    """Return the fake's ``{"connections": n, "requests": n}`` since the last reset."""
    return _control(base_url, "GET")


def fake_reset(base_url: str) -> None:
    """Zero the fake's counters."""
    _control(base_url, "POST")


def environ_with(**values: str) -> dict[str, str]:
    """Return a copy of the environment with ``values`` set."""
    return {**os.environ, **values}
