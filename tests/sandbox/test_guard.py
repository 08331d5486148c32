"""The sandbox refuses to serve with DEBUG off unless explicitly allowed."""

from __future__ import annotations

from typing import Any

import pytest

from django_paypro.sandbox.checks import check_sandbox_exposure
from tests.sandbox.conftest import MX, PAYIN_PATHS, PREFIX, payin_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def not_allowed(settings: Any) -> None:
    settings.DEBUG = False
    settings.PAYPRO = {**settings.PAYPRO, "SANDBOX_ALLOW_WITHOUT_DEBUG": False}


@pytest.mark.parametrize("url", [f"{PREFIX}/", f"{PREFIX}/cashier/x/", f"{PREFIX}/payouts/x/"])
def test_pages_are_404_with_a_reason_when_debug_is_off(
    client: Any, not_allowed: None, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "SANDBOX_ALLOW_WITHOUT_DEBUG" in response.content.decode()


def test_api_is_404_when_debug_is_off(api: Any, not_allowed: None) -> None:
    response = api(MX, PAYIN_PATHS["MX"], payin_fields(MX, "T-1", "https://s.example/n/"))
    assert response.status_code == 404
    assert b"DEBUG" in response.content


def test_debug_on_serves(api: Any, not_allowed: None, settings: Any) -> None:
    settings.DEBUG = True
    response = api(MX, PAYIN_PATHS["MX"], payin_fields(MX, "T-1", "https://s.example/n/"))
    assert response.json()["code"] == "0000"


def test_system_check_warns_when_serving_without_debug(settings: Any) -> None:
    settings.DEBUG = False
    [warning] = check_sandbox_exposure()
    assert warning.id == "paypro_sandbox.W001"


def test_system_check_is_quiet_by_default(not_allowed: None) -> None:
    assert check_sandbox_exposure() == []
