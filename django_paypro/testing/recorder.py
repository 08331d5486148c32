"""Record the signals django-paypro sends, to assert on them in tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.dispatch import Signal

__all__ = ["SignalRecorder", "record_signals"]


class SignalRecorder:
    """Collect every send of django-paypro's signals (or of ``names``), in order.

    ``calls`` holds ``(name, kwargs)`` pairs; ``kwargs`` are the keyword arguments receivers get
    (``payment`` or ``payout``, and ``order``). Call :meth:`disconnect` when done, or use
    :func:`record_signals`.
    """

    def __init__(self, names: Iterable[str] | None = None) -> None:
        from django_paypro import signals

        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._connected: list[tuple[Signal, Callable[..., None]]] = []
        for name in names if names is not None else signals.__all__:
            signal: Signal = getattr(signals, name)
            receiver = self._receiver(name)
            signal.connect(receiver, weak=False)
            self._connected.append((signal, receiver))

    def _receiver(self, name: str) -> Callable[..., None]:
        def receive(sender: Any, **kwargs: Any) -> None:
            kwargs.pop("signal", None)
            self.calls.append((name, kwargs))

        return receive

    def names(self) -> list[str]:
        """Return the names of the signals sent, in order (``["order_paid"]``)."""
        return [name for name, _ in self.calls]

    def sent(self, name: str) -> list[dict[str, Any]]:
        """Return the keyword arguments of every send of signal ``name``."""
        return [kwargs for sent, kwargs in self.calls if sent == name]

    def clear(self) -> None:
        """Forget what was recorded so far."""
        self.calls.clear()

    def disconnect(self) -> None:
        """Stop recording."""
        for signal, receiver in self._connected:
            signal.disconnect(receiver)
        self._connected.clear()


@contextmanager
def record_signals(names: Iterable[str] | None = None) -> Iterator[SignalRecorder]:
    """Record django-paypro's signals for the duration of the ``with`` block."""
    recorder = SignalRecorder(names)
    try:
        yield recorder
    finally:
        recorder.disconnect()
