"""An overall deadline and a size cap for each call to PayPro.

``requests``' read timeout applies to each read from the socket, so a server that trickles its
answer a byte at a time holds the caller for as long as it likes. Here a call gets a
:class:`Deadline`, which shuts the call's socket down when the time is up, whether the call is
then waiting for the answer's headers or its body::

    with Deadline(35.0) as deadline:
        response = session.post(url, ..., stream=True)
        body = read_body(response, deadline, limit=1024 * 1024)

The socket becomes known to the deadline through the connection classes of
:class:`DeadlineAdapter` (mounted by the client's session), and through the response once the
headers are in, so a session without the adapter still has its body bounded.

Every deadline of the process is kept by one daemon thread, started with the first deadline
(and again in a forked child), which sleeps until the earliest one is due. A thread per call
(``threading.Timer``) cost a thread start and exit on every call.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time
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
# Finished deadlines stay in the keeper's heap until this many make up most of it.
_COMPACT_AFTER = 256


class CutOff(Exception):
    """The answer took longer than the deadline or ran over the size cap."""


class _Keeper:
    """The one thread of the process that fires each :class:`Deadline` when it is due.

    Everything a deadline shares with other threads (whether it fired or finished, what it
    interrupts, which deadline a pooled connection serves) is read and written under
    :attr:`lock`, and interrupts run with it held: a call that finishes and a deadline that
    fires cannot interleave.
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Start afresh: also in a forked child, which has no keeper thread.

        A lock the parent's keeper held at the fork would stay held in the child, so the lock
        is new too. The parent's deadlines are dropped: their sockets are shared with the
        parent, whose own keeper cuts them off; the child must not shut them down.
        """
        # Reentrant: an interrupt given to Deadline.watch may itself call watch.
        self.lock = threading.RLock()
        self._wakeup = threading.Condition(self.lock)
        self._heap: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()  # equal times never compare the deadlines themselves
        self._finished = 0
        self._thread: threading.Thread | None = None

    def schedule(self, deadline: Deadline) -> None:
        """Fire ``deadline`` at ``deadline.due`` (with :attr:`lock` held)."""
        heapq.heappush(self._heap, (deadline.due, next(self._order), deadline))
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="paypro-deadlines", daemon=True)
            self._thread.start()
        elif self._heap[0][2] is deadline:
            self._wakeup.notify()  # due before whatever the keeper sleeps until

    def finished(self) -> None:
        """Note that a scheduled deadline finished unfired (with :attr:`lock` held)."""
        # Removing it from the heap would cost a search; it is skipped when due instead. Under
        # thousands of calls a second and a 35 s DEADLINE those add up, so once they are most
        # of the heap it is rebuilt without them.
        self._finished += 1
        if self._finished > _COMPACT_AFTER and 2 * self._finished > len(self._heap):
            self._heap = [entry for entry in self._heap if entry[2].pending]
            heapq.heapify(self._heap)
            self._finished = 0

    def _run(self) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                while self._heap and self._heap[0][0] <= now:
                    deadline = heapq.heappop(self._heap)[2]
                    if deadline.pending:
                        deadline._fire()
                    else:
                        self._finished -= 1
                self._wakeup.wait(self._heap[0][0] - now if self._heap else None)


_keeper = _Keeper()
if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_keeper.reset)


class Deadline:
    """Interrupt what the current call is waiting for once ``seconds`` have passed.

    Leaving the ``with`` block cancels it: an interrupt given to :meth:`watch` never runs
    after that.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = max(seconds, 0.0)
        self.due = 0.0
        self.fired = False
        #: Whether a connection of :class:`DeadlineAdapter` is watched for this call.
        self.watches_connection = False
        self._finished = False
        self._interrupts: list[Callable[[], None]] = []

    @property
    def pending(self) -> bool:
        """Return whether the deadline has neither fired nor finished."""
        return not (self.fired or self._finished)

    def __enter__(self) -> Deadline:
        self._token = _current.set(self)
        self.due = time.monotonic() + self.seconds
        with _keeper.lock:
            _keeper.schedule(self)
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        with _keeper.lock:
            if self.pending:
                _keeper.finished()
            self._finished = True
            self._interrupts.clear()
        _current.reset(self._token)

    def watch(self, interrupt: Callable[[], None]) -> None:
        """Call ``interrupt`` when the deadline passes (at once if it has passed).

        It runs on the keeper's thread with the keeper's lock held, so it must not block:
        shutting a socket down is what it is for.
        """
        with _keeper.lock:
            if self.fired:
                _quietly(interrupt)
            elif not self._finished:
                self._interrupts.append(interrupt)

    def _fire(self) -> None:
        # Called by the keeper with its lock held.
        self.fired = True
        interrupts, self._interrupts = self._interrupts, []
        for interrupt in interrupts:
            _quietly(interrupt)


def _quietly(interrupt: Callable[[], None]) -> None:
    # Already closed, or released after the last byte: there is nothing left to interrupt.
    with contextlib.suppress(Exception):
        interrupt()


class _Interruptible:
    """What the adapter's connections add: the deadline of the call each one serves now."""

    _deadline: Deadline | None = None

    def _watch_deadline(self, sock: socket.socket | None) -> None:
        """Let the current deadline shut ``sock`` down while this call waits on it."""
        deadline = _current.get()
        with _keeper.lock:
            self._deadline = deadline  # None too: a call without one must not be cut off
            if deadline is not None and sock is not None:
                deadline.watches_connection = True
                deadline.watch(lambda: self._interrupt(deadline, sock))

    def _release_deadline(self) -> None:
        """Forget the call served so far: the connection goes back to the pool."""
        with _keeper.lock:
            self._deadline = None

    def _interrupt(self, deadline: Deadline, sock: socket.socket) -> None:
        # The connection goes back to the pool as soon as the last byte is read, before the
        # call leaves its deadline, and another thread's call may take it at once. Run under
        # the keeper's lock, as _release_deadline() is, this cannot shut down a socket that
        # has changed hands.
        if self._deadline is deadline:
            sock.shutdown(socket.SHUT_RDWR)


# urllib3 narrows http.client's return type the same way, and ignores the same complaint.
class _HTTPConnection(_Interruptible, HTTPConnection):
    def getresponse(self) -> HTTPResponse:  # type: ignore[override]
        self._watch_deadline(self.sock)  # from here on the call waits: headers, then body
        return super().getresponse()


class _HTTPSConnection(_Interruptible, HTTPSConnection):
    def getresponse(self) -> HTTPResponse:  # type: ignore[override]
        self._watch_deadline(self.sock)
        return super().getresponse()


def _released(conn: object) -> None:
    if isinstance(conn, _Interruptible):
        conn._release_deadline()


# _put_conn is where every connection returns to the pool (urllib3's response releases it
# through this method): the one point at which it stops serving its call.
class _HTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection

    def _put_conn(self, conn: Any) -> None:
        _released(conn)
        super()._put_conn(conn)


class _HTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection

    def _put_conn(self, conn: Any) -> None:
        _released(conn)
        super()._put_conn(conn)


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
        if not deadline.watches_connection:
            # A session without the adapter: urllib3 refuses to shut down a released
            # connection, though it checks before, not while, doing so. With the adapter the
            # connection's own interrupt is exact, and this one is left out.
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
