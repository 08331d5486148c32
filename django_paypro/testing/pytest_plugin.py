"""pytest fixtures for testing a shop built on django-paypro.

Enable them in the project's root ``conftest.py``::

    pytest_plugins = ["django_paypro.testing.pytest_plugin"]

They need pytest-django (for ``db``, ``client`` and ``settings``) and factory-boy
(``pip install django-paypro[test]``)::

    def test_order_is_marked_paid(paypro_payment, paypro_notify, paypro_signals):
        response = paypro_notify(paypro_payment)             # a signed "0000" notification
        assert response.content == b"OK"
        assert paypro_signals.names() == ["order_paid"]

Fixtures: ``paypro_payment`` and ``paypro_payout`` (pending records from the factories),
``paypro_notify`` (post a signed notification about a record, return the response),
``paypro_signals`` (a :class:`~django_paypro.testing.recorder.SignalRecorder`) and
``paypro_settings`` (change keys of ``PAYPRO`` for one test).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

from django_paypro.testing.notifications import post_notification, signed_notification
from django_paypro.testing.recorder import SignalRecorder

if TYPE_CHECKING:
    from django_paypro.models import Payment, Payout

__all__ = ["paypro_notify", "paypro_payment", "paypro_payout", "paypro_settings", "paypro_signals"]


@pytest.fixture
def paypro_payment(db: None) -> Payment:
    """Return a pending payment (``PaymentFactory()``: 300 MXN, hosted page)."""
    from django_paypro.testing.factories import PaymentFactory

    return PaymentFactory.create()


@pytest.fixture
def paypro_payout(db: None) -> Payout:
    """Return a pending payout (``PayoutFactory()``: 100 MXN)."""
    from django_paypro.testing.factories import PayoutFactory

    return PayoutFactory.create()


@pytest.fixture
def paypro_notify(db: None, client: Any) -> Callable[..., Any]:
    """Return ``notify(record, status="0000", amount=None, **fields) -> response``.

    It posts :func:`~django_paypro.testing.signed_notification` about ``record`` to the notify
    endpoint (``paypro:notify``) with the test client, as PayPro would.
    """

    def notify(
        record: Payment | Payout,
        status: str = "0000",
        amount: Decimal | int | str | None = None,
        **fields: Any,
    ) -> Any:
        body = signed_notification(record, status=status, amount=amount, **fields)
        return post_notification(client, body)

    return notify


@pytest.fixture
def paypro_signals() -> Iterator[SignalRecorder]:
    """Record every django-paypro signal sent during the test."""
    recorder = SignalRecorder()
    yield recorder
    recorder.disconnect()


@pytest.fixture
def paypro_settings(settings: Any) -> Callable[..., dict[str, Any]]:
    """Return ``change(**keys)``, which sets keys of ``PAYPRO`` for this test only.

    ``change(NOTIFY_ALLOWED_IPS=["10.0.0.0/8"])`` returns the new ``PAYPRO``; pytest-django
    restores the original after the test.
    """
    from django_paypro.client import clear_clients

    def change(**keys: Any) -> dict[str, Any]:
        paypro = copy.deepcopy(dict(getattr(settings, "PAYPRO", {}) or {}))
        paypro.update(keys)
        settings.PAYPRO = paypro
        clear_clients()  # a client built with the old settings must not be reused
        return paypro

    return change
