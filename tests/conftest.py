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

from tests.client.handsign import hand_sign

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


def notification_body(
    trade_no: str, *, status: str = "0000", amount: str = "300", **extra: Any
) -> dict[str, Any]:
    """Return a notification PayPro would send, signed by hand (not by django_paypro)."""
    fields: dict[str, Any] = {
        "tradeNo": trade_no,
        "platFormTradeNo": f"PF{trade_no}",
        "status": status,
        "message": "success" if status == "0000" else "state " + status,
        "amount": amount,
        "successTime": "2024-07-01 18:34:31",
        "timestamp": "1719829837779",
        "channelCode": "SPEI",
        "wayCode": "va",
        **extra,
    }
    fields["sign"] = hand_sign(fields)
    return fields


@pytest.fixture
def post_notification(client: Any) -> Callable[..., Any]:
    """Post a notification body (dict or raw bytes) to the notify endpoint."""

    def post(body: dict[str, Any] | bytes | str, **extra: Any) -> Any:
        data = json.dumps(body) if isinstance(body, dict) else body
        return client.post("/paypro/notify/", data=data, content_type="application/json", **extra)

    return post
