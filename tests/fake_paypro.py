"""A fake PayPro: a real HTTP server on 127.0.0.1 that records requests and answers as scripted.

Used by the whole suite as the one place where the outside world is faked::

    def test_balance(fake_paypro):
        fake_paypro.respond("/v1/paypro/queryBalance", json=envelope({"availableAmount": "5"}))
        get_client("MX").query_balance()
        assert fake_paypro.requests[0].headers["merchantno"] == "1234567890"

Register it once with ``pytest_plugins = ["tests.fake_paypro"]`` in the root conftest.
"""

from __future__ import annotations

import contextlib
import copy
import json as jsonlib
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from requests.structures import CaseInsensitiveDict

__all__ = [
    "Answer",
    "FakePayPro",
    "RecordedRequest",
    "envelope",
    "fake_paypro",
    "refused_url",
    "unused_url",
]

Handler = Callable[["RecordedRequest"], "tuple[int, Mapping[str, str], bytes] | None"]


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


@dataclass
class Answer:
    """A scripted answer for one path."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
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

    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        request = RecordedRequest(
            method=self.command,
            path=path,
            headers=CaseInsensitiveDict(dict(self.headers.items())),
            body=body,
        )
        status, headers, payload = self.server.fake._answer(request)
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


class FakePayPro:
    """A threaded HTTP server playing PayPro, started on construction.

    Answers come, in order of precedence, from ``handler`` (a callable taking the
    :class:`RecordedRequest` and returning ``(status, headers, body)`` or ``None`` to fall
    through), then answers queued with ``respond(..., times=n)``, then the standing answer set
    with ``respond(...)``; an unscripted path gets a 404 like a Spring gateway's.
    """

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.handler: Handler | None = None
        self.connections = 0
        self._standing: dict[str, Answer] = {}
        self._queued: dict[str, list[list[Any]]] = {}
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self.port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

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
    ) -> None:
        """Script the answer to ``path``: ``json`` (serialised) or raw ``body``.

        ``times=None`` sets the standing answer; ``times=n`` queues an answer used for the
        next ``n`` requests, before the standing one. ``delay`` seconds pass before answering.
        """
        if json is not None:
            payload = jsonlib.dumps(json).encode()
        elif isinstance(body, str):
            payload = body.encode()
        else:
            payload = body or b""
        answer = Answer(status, payload, content_type, delay, dict(headers or {}))
        with self._lock:
            if times is None:
                self._standing[path] = answer
            else:
                self._queued.setdefault(path, []).append([answer, times])

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """Return the requests received on ``path``, oldest first."""
        return [r for r in self.requests if r.path == path]

    @property
    def last(self) -> RecordedRequest:
        """Return the last request received."""
        return self.requests[-1]

    def close(self) -> None:
        """Stop serving and drop every open connection."""
        self._server.shutdown()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):  # already closed by the client
                sock.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakePayPro:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Called from the server's threads ---------------------------------------------------------

    def _accepted(self, conn: socket.socket) -> None:
        with self._lock:
            self.connections += 1
            self._sockets.append(conn)

    def _answer(self, request: RecordedRequest) -> tuple[int, Mapping[str, str], bytes]:
        with self._lock:
            self.requests.append(request)
        if self.handler is not None:
            dynamic = self.handler(request)
            if dynamic is not None:
                return dynamic
        answer = self._scripted(request.path)
        if answer is None:
            body = {"status": 404, "error": "Not Found", "path": request.path}
            return 404, {"Content-Type": "application/json"}, jsonlib.dumps(body).encode()
        if answer.delay:
            time.sleep(answer.delay)
        return answer.status, {"Content-Type": answer.content_type, **answer.headers}, answer.body

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
