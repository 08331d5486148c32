"""An overall deadline and a size cap for each call to PayPro.

``requests``' read timeout applies to each read from the socket, so a server that trickles its
answer a byte at a time holds the caller for as long as it likes. Here a call gets a
:class:`Deadline`, a timer that shuts the call's socket down when the time is up, whether the
call is then waiting for the answer's headers or its body::

    with Deadline(35.0) as deadline:
        response = session.post(url, ..., stream=True)
        body = read_body(response, deadline, limit=1024 * 1024)

The socket becomes known to the deadline through the connection classes of
:class:`DeadlineAdapter` (mounted by the client's session), and through the response once the
headers are in, so a session without the adapter still has its body bounded.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from contextvars import ContextVar
from types import TracebackType
from typing import Any

import requests
import requests.adapters
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.response import HTTPResponse

__all__ = ["DEADLINE_PASSED", "CutOff", "Deadline", "DeadlineAdapter", "read_body"]

DEADLINE_PASSED = "did not finish answering within PAYPRO['DEADLINE']"
_READ_CHUNK = 16 * 1024
_current: ContextVar[Deadline | None] = ContextVar("paypro_deadline", default=None)


class CutOff(Exception):
    """The answer took longer than the deadline or ran over the size cap."""


class Deadline:
    """Interrupt what the current call is waiting for once ``seconds`` have passed."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._lock = threading.Lock()
        self._interrupts: list[Callable[[], None]] = []
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._token = _current.set(self)
        self._timer.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._timer.cancel()
        with self._lock:
            self._interrupts.clear()  # the socket may serve another call from now on
        _current.reset(self._token)

    def watch(self, interrupt: Callable[[], None]) -> None:
        """Call ``interrupt`` when the deadline passes (at once if it has passed)."""
        with self._lock:
            if not self.fired:
                self._interrupts.append(interrupt)
                return
        _quietly(interrupt)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            interrupts, self._interrupts = self._interrupts, []
        for interrupt in interrupts:
            _quietly(interrupt)


def _quietly(interrupt: Callable[[], None]) -> None:
    # Already closed, or released after the last byte: there is nothing left to interrupt.
    with contextlib.suppress(Exception):
        interrupt()


def _watch_socket(sock: socket.socket | None) -> None:
    deadline = _current.get()
    if deadline is not None and sock is not None:
        deadline.watch(lambda: sock.shutdown(socket.SHUT_RDWR))


# urllib3 narrows http.client's return type the same way, and ignores the same complaint.
class _HTTPConnection(HTTPConnection):
    def getresponse(self) -> HTTPResponse:  # type: ignore[override]
        _watch_socket(self.sock)  # from here on the call waits: for the headers, then the body
        return super().getresponse()


class _HTTPSConnection(HTTPSConnection):
    def getresponse(self) -> HTTPResponse:  # type: ignore[override]
        _watch_socket(self.sock)
        return super().getresponse()


class _HTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class DeadlineAdapter(requests.adapters.HTTPAdapter):
    """An adapter whose connections let the current :class:`Deadline` interrupt them."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _HTTPConnectionPool,
            "https": _HTTPSConnectionPool,
        }


def read_body(response: requests.Response, deadline: Deadline, limit: int) -> bytes:
    """Return the body of ``response`` if it all arrives before ``deadline`` within ``limit``.

    Raises :class:`CutOff` past either, closing the connection rather than returning a
    half-read one to the pool.
    """
    try:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise CutOff(f"answered {declared} bytes, more than MAX_RESPONSE_BYTES ({limit})")
        deadline.watch(response.raw.shutdown)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(_READ_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise CutOff(f"answered more than MAX_RESPONSE_BYTES ({limit})")
                chunks.append(chunk)
        except Exception:
            if not deadline.fired:
                raise
            # The interrupted read fails in whichever way the connection layer chooses.
        if deadline.fired:
            # Also when the interrupted read looked like a clean end of the body.
            raise CutOff(DEADLINE_PASSED)
    except BaseException:
        response.close()
        raise
    return b"".join(chunks)
