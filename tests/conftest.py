"""Fixtures shared by the whole suite."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.dispatch import Signal
from hypothesis import settings as hypothesis_settings

# notification_body is imported from here by many test modules: it lives with the hand signer.
from tests.client.handsign import notification_body as notification_body

pytest_plugins = ["tests.fake_paypro", "django_paypro.testing.pytest_plugin"]

# CI replays the same examples on every run, so a landing never hinges on a lucky draw; local
# runs keep drawing new ones, which is where new bugs are found.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip ``postgres``-marked tests unless the suite runs on PostgreSQL."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set PAYPRO_TEST_DB=postgres)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


class SignalRecorder:
    """Collect every send of the given signals, with their keyword arguments."""

    def __init__(self, signals: dict[str, Signal]) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._receivers: list[tuple[Signal, Callable[..., None]]] = []
        for name, signal in signals.items():
            receiver = self._make(name)
            signal.connect(receiver, weak=False)
            self._receivers.append((signal, receiver))

    def _make(self, name: str) -> Callable[..., None]:
        def receiver(sender: Any, **kwargs: Any) -> None:
            kwargs.pop("signal", None)
            self.calls.append((name, kwargs))

        return receiver

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def disconnect(self) -> None:
        for signal, receiver in self._receivers:
            signal.disconnect(receiver)


@pytest.fixture
def signals() -> Iterator[SignalRecorder]:
    """Record every django-paypro signal sent during the test."""
    from django_paypro import signals as paypro_signals

    recorder = SignalRecorder(
        {name: getattr(paypro_signals, name) for name in paypro_signals.__all__}
    )
    yield recorder
    recorder.disconnect()


@pytest.fixture
def post_notification(client: Any) -> Callable[..., Any]:
    """Post a notification body (dict or raw bytes) to the notify endpoint."""

    def post(body: dict[str, Any] | bytes | str, **extra: Any) -> Any:
        data = json.dumps(body) if isinstance(body, dict) else body
        return client.post("/paypro/notify/", data=data, content_type="application/json", **extra)

    return post
