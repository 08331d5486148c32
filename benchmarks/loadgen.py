"""Load from other processes: each posts its share of bodies back to back over loopback.

Requests are prebuilt bytes on plain sockets so the loader spends little CPU of the two cores
that it shares with the server. gunicorn's sync workers close the connection after each
answer, so each request opens one (``Connection: close``), for the endpoint and the baseline
alike.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
import socket
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_fork = multiprocessing.get_context("fork")


@dataclass
class LoadResult:
    """What one load run did."""

    sent: int = 0
    ok: int = 0
    elapsed: float = 0.0
    statuses: Counter[str] = field(default_factory=Counter)
    sample: str = ""  # the first answer that was not ``OK``
    started: list[float] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Return answered requests per second."""
        return self.sent / self.elapsed if self.elapsed else 0.0


def request_bytes(url: str, body: bytes) -> bytes:
    """Return a complete HTTP/1.1 POST of ``body`` (JSON) to ``url``."""
    parts = urlsplit(url)
    head = (
        f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        "Content-Type: application/json\r\nUser-Agent: paypro-bench\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def post_raw(host: str, port: int, request: bytes, timeout: float = 30) -> tuple[str, str]:
    """Send ``request``; return (status code, body text) of the answer."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    answer = b"".join(chunks)
    head, _, body = answer.partition(b"\r\n\r\n")
    status = head.split(b" ", 2)[1].decode() if head else "no answer"
    if b"transfer-encoding: chunked" in head.lower():
        body = _dechunk(body)
    return status, body.decode("utf-8", "replace")


def _dechunk(data: bytes) -> bytes:
    body = b""
    while data:
        size, _, data = data.partition(b"\r\n")
        length = int(size.split(b";")[0] or b"0", 16)
        if not length:
            break
        body, data = body + data[:length], data[length + 2 :]
    return body


def _worker(
    host: str,
    port: int,
    requests: Sequence[bytes],
    barrier: multiprocessing.synchronize.Barrier,
    deadline: float,
    out: multiprocessing.Queue,
) -> None:
    barrier.wait()
    started = time.monotonic()
    statuses: Counter[str] = Counter()
    ok, sample = 0, ""
    for request in requests:
        if time.monotonic() > deadline:
            break
        try:
            status, text = post_raw(host, port, request)
        except OSError as err:
            status, text = type(err).__name__, str(err)
        statuses[status] += 1
        if status == "200" and text == "OK":
            ok += 1
        elif not sample:
            sample = f"{status} {text[:200]}"
    out.put((started, time.monotonic(), ok, statuses, sample))


def run_load(url: str, bodies: Sequence[bytes], processes: int, max_seconds: float) -> LoadResult:
    """Post every body once to ``url`` from ``processes`` processes; return what happened."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    requests = [request_bytes(url, body) for body in bodies]
    shares = [requests[n::processes] for n in range(processes)]
    barrier = _fork.Barrier(processes)
    out: multiprocessing.Queue = _fork.Queue()
    deadline = time.monotonic() + max_seconds
    workers = [
        _fork.Process(target=_worker, args=(host, port, share, barrier, deadline, out))
        for share in shares
    ]
    for worker in workers:
        worker.start()
    result = LoadResult()
    for _ in workers:
        started, finished, ok, statuses, sample = out.get()
        result.started.append(started)
        result.finished.append(finished)
        result.ok += ok
        result.statuses.update(statuses)
        result.sample = result.sample or sample
    for worker in workers:
        worker.join()
    result.sent = sum(result.statuses.values())
    result.elapsed = max(result.finished) - min(result.started)
    return result
