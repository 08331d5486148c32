"""The one fake PayPro of the tests and the benchmarks: a real HTTP server on 127.0.0.1.

It records every request, answers as scripted, injects faults and counts requests per trade
number. The shipped ``django_paypro.sandbox`` is a product feature; this is the test double.

In tests, the ``fake_paypro`` fixture starts one and points ``PAYPRO['BASE_URL']`` at it
(registered by ``pytest_plugins = ["tests.fake_paypro"]`` in the root conftest)::

    def test_balance(fake_paypro):
        fake_paypro.respond("/v1/paypro/queryBalance", json=envelope({"availableAmount": "5"}))
        get_client("MX").query_balance()
        assert fake_paypro.requests[0].headers["merchantno"] == "1234567890"

Where an answer comes from, first match wins:

1. ``fake.handler``: a callable taking the :class:`RecordedRequest` and returning
   ``(status, headers, body)``, or ``None`` to fall through;
2. answers queued with ``respond(path, ..., times=n)``, used for the next ``n`` requests;
3. the standing answer set with ``respond(path, ...)``;
4. with ``answer_everything=True`` (the benchmarks' mode), :func:`success_answer`: PayPro's
   success envelope echoing ``tradeNo`` (a payment link for creations, ``0000`` for queries);
5. otherwise a 404 like PayPro's Spring gateway gives.

Faults, on any ``respond(...)`` (combine with ``times=n`` to fail only the first ``n``)::

    fake.respond(PATH, json=envelope(data), delay=2.0)  # the answer comes after 2 s
    fake.respond(PATH, json=envelope(None, code="5000", msg="system busy"))  # "try later"
    fake.respond(PATH, fault=CLOSE, times=1)  # request read and recorded, no answer at all
    fake.respond(PATH, json=envelope(data), fault=CUT)  # headers, half the body, then closed
    fake.respond(PATH, json=envelope(data), trickle=(8, 0.1))  # 8 bytes at a time, 0.1 s apart
    fake.respond(PATH, json=envelope(data), trickle=(1, 0.5), trickle_head=True)  # headers too
    fake.respond(PATH, json=envelope(data), content_length=False, hold_open=30)  # never ends
    with fake.refusing():  # port closed: connections refused, nothing recorded
        ...
    fake.refuse_connections(seconds=0.5)  # refused for 0.5 s, then listening again

Counting: ``fake.requests`` (every request, oldest first), ``fake.requests_to(path)``,
``fake.last``, ``fake.count(trade_no, path=None)`` (requests whose JSON body carries that
``tradeNo``), ``fake.trade_numbers`` (a ``Counter`` of them), ``fake.connections`` (TCP
connections that sent a request) and ``fake.reset()``.

In its own process (the benchmarks)::

    python -m tests.fake_paypro [--delay SECONDS]

prints its port, then answers everything as :func:`success_answer` does, after ``--delay``
seconds, without keeping request bodies. ``GET /__stats`` returns ``{"connections", "requests"}``
since the last ``POST /__reset`` (control requests are not counted).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json as jsonlib
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from requests.structures import CaseInsensitiveDict

__all__ = [
    "CLOSE",
    "CUT",
    "Answer",
    "FakePayPro",
    "RecordedRequest",
    "envelope",
    "fake_paypro",
    "refused_url",
    "success_answer",
    "unused_url",
]

#: Fault: read the request, record it, close the connection without answering.
CLOSE = "close"
#: Fault: send the headers and half the body, then close the connection.
CUT = "cut"
FAULTS = frozenset({CLOSE, CUT})

Reply = tuple[int, Mapping[str, str], bytes]
Handler = Callable[["RecordedRequest"], "Reply | None"]
JSON = {"Content-Type": "application/json"}


def envelope(data: Any = None, code: str = "0000", msg: str = "success") -> dict[str, Any]:
    """Return PayPro's response envelope around ``data``."""
    return {
        "msg": msg,
        "code": code,
        "timestamp": time.time_ns() // 1_000_000,
        "success": code == "0000",
        "data": data,
    }


@dataclass
class RecordedRequest:
    """One request the fake received. ``headers`` look up case-insensitively."""

    method: str
    path: str
    headers: CaseInsensitiveDict[str]
    body: bytes

    @property
    def json(self) -> Any:
        """Return the body parsed as JSON, or ``None`` if it is not JSON."""
        try:
            return jsonlib.loads(self.body)
        except ValueError:
            return None

    @property
    def trade_no(self) -> str | None:
        """Return the ``tradeNo`` of a JSON object body, or ``None``."""
        body = self.json
        return body.get("tradeNo") if isinstance(body, dict) else None


@dataclass
class Answer:
    """A scripted answer for one path, with the fault it carries, if any."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    fault: str | None = None
    trickle: tuple[int, float] | None = None
    trickle_head: bool = False
    content_length: bool = True
    hold_open: float = 0.0


def success_answer(request: RecordedRequest) -> Reply:
    """Answer as PayPro does when all goes well, echoing the request's ``tradeNo``.

    Queries get status ``0000`` (paid), anything else a created order with a payment link.
    """
    trade_no = request.trade_no or ""
    data: dict[str, str] = {"tradeNo": trade_no, "platFormTradeNo": f"PF{trade_no}"}
    if "query" in request.path.lower():
        data.update(
            status="0000", message="success", amount="300", successTime="2024-07-01 18:34:31"
        )
    else:
        data.update(status="0015", paymentLink=f"https://cashier.example/pay/{trade_no}")
    return 200, JSON, jsonlib.dumps(envelope(data)).encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops the connections of 16 threads connecting at
    # once (a client test, the reconcile benchmark); each dropped one retries a second later.
    request_queue_size = 64
    fake: FakePayPro

    def get_request(self) -> tuple[socket.socket, Any]:
        conn, address = super().get_request()
        self.fake._accepted(conn)
        return conn, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out hang up mid-answer on purpose; keep test output clean.
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse can be counted
    disable_nagle_algorithm = True  # headers and body go out in two writes
    timeout = 10  # an idle keep-alive connection must not hold its thread forever
    server: _Server
    counted = False  # whether this connection was counted (on its first request, not control)

    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = RecordedRequest(
            method=self.command,
            path=self.path.split("?", 1)[0],
            headers=CaseInsensitiveDict(dict(self.headers.items())),
            body=body,
        )
        fake = self.server.fake
        answer = fake._control(request)
        if answer is None:
            answer = fake._answer(request, new_connection=not self.counted)
            self.counted = True
        try:
            self._send(answer)
        except OSError:
            self.close_connection = True

    def _send(self, answer: Answer) -> None:
        if answer.delay:
            time.sleep(answer.delay)
        if answer.fault == CLOSE:
            self.close_connection = True
            return
        head, body = self._head(answer), answer.body
        if answer.fault == CUT:
            self.wfile.write(head + body[: len(body) // 2])
            self.close_connection = True
            return
        size, pause = answer.trickle or (len(head + body) or 1, 0.0)
        if answer.trickle_head:
            self._trickle(head + body, size, pause)
        else:
            self.wfile.write(head)
            self._trickle(body, size, pause)
        if not answer.content_length:
            time.sleep(answer.hold_open)  # no length: the client reads until the close
            self.close_connection = True

    def _head(self, answer: Answer) -> bytes:
        """Return the status line and headers, with ``Content-Length`` unless told not to."""
        reason = self.responses.get(answer.status, ("",))[0]
        lines = [f"HTTP/1.1 {answer.status} {reason}", f"Content-Type: {answer.content_type}"]
        lines += [f"{name}: {value}" for name, value in answer.headers.items()]
        if answer.content_length:
            lines.append(f"Content-Length: {len(answer.body)}")
        else:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _trickle(self, data: bytes, size: int, pause: float) -> None:
        for start in range(0, len(data), size):
            if start:
                time.sleep(pause)
            self.wfile.write(data[start : start + size])

    def log_message(self, format: str, *args: Any) -> None:
        pass


class FakePayPro:
    """A threaded HTTP server playing PayPro, listening from construction (see the module doc).

    ``record=False`` keeps no request bodies (long benchmark runs), only the counts.
    """

    def __init__(
        self,
        *,
        answer_everything: bool = False,
        record: bool = True,
        delay: float = 0.0,
        port: int = 0,
        control: bool = False,
    ) -> None:
        self.requests: list[RecordedRequest] = []
        self.handler: Handler | None = None
        self.answer_everything = answer_everything
        self.record = record
        self.delay = delay
        self.control = control
        self.connections = 0
        self.request_count = 0
        self.trade_numbers: Counter[str] = Counter()
        self._per_path: Counter[tuple[str, str]] = Counter()
        self._standing: dict[str, Answer] = {}
        self._queued: dict[str, list[list[Any]]] = {}
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._reopen: threading.Timer | None = None
        self._server, self._thread = self._listen(port)
        self.port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"

    envelope = staticmethod(envelope)

    def respond(
        self,
        path: str,
        *,
        json: Any = None,
        status: int = 200,
        body: bytes | str | None = None,
        content_type: str = "application/json",
        delay: float = 0.0,
        times: int | None = None,
        headers: Mapping[str, str] | None = None,
        fault: str | None = None,
        trickle: tuple[int, float] | None = None,
        trickle_head: bool = False,
        content_length: bool = True,
        hold_open: float = 0.0,
    ) -> None:
        """Script the answer to ``path``: ``json`` (serialised) or raw ``body``.

        ``times=None`` sets the standing answer; ``times=n`` queues an answer used for the
        next ``n`` requests, before the standing one. ``delay`` seconds pass before answering.
        ``fault`` is :data:`CLOSE` or :data:`CUT`; ``trickle=(size, pause)`` sends the body
        (with ``trickle_head``, the status line and headers too) ``size`` bytes at a time,
        ``pause`` seconds apart. ``content_length=False`` leaves the length out, so the body
        ends when the connection closes, ``hold_open`` seconds after the last byte.
        """
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"fault must be one of {sorted(FAULTS)}, not {fault!r}")
        if json is not None:
            payload = jsonlib.dumps(json).encode()
        elif isinstance(body, str):
            payload = body.encode()
        else:
            payload = body or b""
        answer = Answer(
            status,
            payload,
            content_type,
            delay,
            dict(headers or {}),
            fault,
            trickle,
            trickle_head,
            content_length,
            hold_open,
        )
        with self._lock:
            if times is None:
                self._standing[path] = answer
            else:
                self._queued.setdefault(path, []).append([answer, times])

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """Return the requests received on ``path``, oldest first."""
        return [r for r in self.requests if r.path == path]

    def count(self, trade_no: str, path: str | None = None) -> int:
        """Return how many requests (on ``path``, if given) carried ``tradeNo=trade_no``."""
        with self._lock:
            if path is None:
                return self.trade_numbers[trade_no]
            return self._per_path[(path, trade_no)]

    @property
    def last(self) -> RecordedRequest:
        """Return the last request received."""
        return self.requests[-1]

    def reset(self) -> None:
        """Forget the requests and zero every count; scripted answers stay."""
        with self._lock:
            self.requests.clear()
            self.trade_numbers.clear()
            self._per_path.clear()
            self.connections = self.request_count = 0

    def refuse_connections(self, seconds: float | None = None) -> None:
        """Stop listening and drop open connections, so clients get "connection refused".

        The port is kept: :meth:`accept_connections` (or, with ``seconds``, a timer) listens
        on it again. Nothing reaches the fake meanwhile, so nothing is recorded.
        """
        self._stop_serving()
        if seconds is not None:
            self._reopen = threading.Timer(seconds, self.accept_connections)
            self._reopen.daemon = True
            self._reopen.start()

    def accept_connections(self) -> None:
        """Listen again on the same port after :meth:`refuse_connections`."""
        with self._lock:
            if self._server is not None:
                return
        server, thread = self._listen(self.port)
        with self._lock:
            self._server, self._thread = server, thread

    @contextlib.contextmanager
    def refusing(self) -> Iterator[None]:
        """Refuse connections inside the ``with`` block, listen again after it."""
        self.refuse_connections()
        try:
            yield
        finally:
            self.accept_connections()

    def close(self) -> None:
        """Stop serving and drop every open connection."""
        if self._reopen is not None:
            self._reopen.cancel()
        self._stop_serving()

    def __enter__(self) -> FakePayPro:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _listen(self, port: int) -> tuple[_Server, threading.Thread]:
        server = _Server(("127.0.0.1", port), _Handler)
        server.fake = self
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        thread.start()
        return server, thread

    def _stop_serving(self) -> None:
        with self._lock:
            server, thread, self._server = self._server, self._thread, None
            sockets, self._sockets = self._sockets, []
        if server is None:
            return
        server.shutdown()
        server.server_close()
        for sock in sockets:
            with contextlib.suppress(OSError):  # already closed by the client
                sock.shutdown(socket.SHUT_RDWR)
        thread.join(timeout=5)

    # Called from the server's threads ---------------------------------------------------------

    def _accepted(self, conn: socket.socket) -> None:
        with self._lock:
            self._sockets.append(conn)

    def _control(self, request: RecordedRequest) -> Answer | None:
        if not (self.control and request.path.startswith("/__")):
            return None
        if request.method == "POST":
            self.reset()
        with self._lock:
            stats = {"connections": self.connections, "requests": self.request_count}
        return Answer(body=jsonlib.dumps(stats).encode())

    def _answer(self, request: RecordedRequest, *, new_connection: bool) -> Answer:
        self._count(request, new_connection)
        if self.handler is not None:
            dynamic = self.handler(request)
            if dynamic is not None:
                return self._reply(dynamic)
        answer = self._scripted(request.path)
        if answer is not None:
            return answer
        if self.answer_everything:
            return self._reply(success_answer(request))
        missing = {"status": 404, "error": "Not Found", "path": request.path}
        return Answer(404, jsonlib.dumps(missing).encode())

    def _reply(self, reply: Reply) -> Answer:
        status, headers, body = reply
        headers = dict(headers)
        content_type = headers.pop("Content-Type", "application/json")
        return Answer(status, body, content_type, self.delay, headers)

    def _count(self, request: RecordedRequest, new_connection: bool) -> None:
        trade_no = request.trade_no
        with self._lock:
            self.connections += new_connection
            self.request_count += 1
            if self.record:
                self.requests.append(request)
            if trade_no is not None:
                self.trade_numbers[trade_no] += 1
                self._per_path[(request.path, trade_no)] += 1

    def _scripted(self, path: str) -> Answer | None:
        with self._lock:
            queue = self._queued.get(path)
            if queue:
                entry = queue[0]
                entry[1] -= 1
                if entry[1] <= 0:
                    queue.pop(0)
                return entry[0]
            return self._standing.get(path)


def unused_url() -> str:
    """Return a base URL on 127.0.0.1 where nothing listens, so connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _point_paypro_at(settings: Any, base_url: str) -> None:
    """Set ``BASE_URL`` (top level and every per-country override) and drop cached clients."""
    from django_paypro.client import clear_clients

    paypro = copy.deepcopy(settings.PAYPRO)
    paypro["BASE_URL"] = base_url
    for overrides in (paypro.get("COUNTRIES") or {}).values():
        if "BASE_URL" in overrides:
            overrides["BASE_URL"] = base_url
    settings.PAYPRO = paypro
    clear_clients()


@pytest.fixture
def fake_paypro(settings: Any) -> Iterator[FakePayPro]:
    """Start a fake PayPro and point ``PAYPRO['BASE_URL']`` at it for the test."""
    from django_paypro.client import clear_clients

    server = FakePayPro()
    _point_paypro_at(settings, server.base_url)
    try:
        yield server
    finally:
        clear_clients()
        server.close()


@pytest.fixture
def refused_url(settings: Any) -> str:
    """Point ``PAYPRO['BASE_URL']`` at a port where connections are refused; return it."""
    url = unused_url()
    _point_paypro_at(settings, url)
    return url


def main(argv: list[str] | None = None) -> None:
    """Serve in this process until terminated, answering everything (the benchmarks' mode)."""
    parser = argparse.ArgumentParser(prog="python -m tests.fake_paypro")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args(argv)
    fake = FakePayPro(answer_everything=True, record=False, delay=args.delay, control=True)
    print(fake.port, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()


if __name__ == "__main__":
    main()
