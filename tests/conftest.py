"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from hypothesis import settings as hypothesis_settings

from django_paypro.testing.notifications import post_notification as kit_post_notification
from django_paypro.testing.recorder import SignalRecorder, record_signals

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


@pytest.fixture
def signals() -> Iterator[SignalRecorder]:
    """Record every django-paypro signal sent during the test (the shipped kit's recorder)."""
    with record_signals() as recorder:
        yield recorder


@pytest.fixture
def post_notification(client: Any) -> Callable[..., Any]:
    """Post a notification body (dict or raw bytes) to the notify endpoint, as the kit does."""

    def post(body: dict[str, Any] | bytes | str, **extra: Any) -> Any:
        return kit_post_notification(client, body, **extra)

    return post
