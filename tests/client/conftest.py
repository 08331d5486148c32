"""Fixtures for the client tests (``fake_paypro`` comes from the root conftest's plugin)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def fast_retries(settings: Any) -> None:
    """Make query retries and timeouts small so error tests stay quick."""
    settings.PAYPRO = {**settings.PAYPRO, "QUERY_RETRIES": 2, "TIMEOUT": (1.0, 0.3)}
