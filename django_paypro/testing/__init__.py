"""Helpers for testing a shop built on django-paypro.

::

    from django_paypro.testing import post_notification, signed_notification
    from django_paypro.testing.factories import PaymentFactory   # needs factory-boy

    def test_paid_order_ships(client):
        payment = PaymentFactory(order=order)
        response = post_notification(client, signed_notification(payment))
        assert response.content == b"OK"

The factories need factory-boy (``pip install django-paypro[test]``); they are loaded only when
asked for, so the rest of this package — and ``django_paypro`` itself — never needs it. pytest
users get fixtures with ``pytest_plugins = ["django_paypro.testing.pytest_plugin"]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django_paypro.testing.notifications import post_notification, signed_notification
from django_paypro.testing.recorder import SignalRecorder, record_signals

if TYPE_CHECKING:
    from django_paypro.testing.factories import (
        NotificationFactory as NotificationFactory,
    )
    from django_paypro.testing.factories import PaymentFactory as PaymentFactory
    from django_paypro.testing.factories import PayoutFactory as PayoutFactory

__all__ = [
    "NotificationFactory",
    "PaymentFactory",
    "PayoutFactory",
    "SignalRecorder",
    "post_notification",
    "record_signals",
    "signed_notification",
]

_FACTORIES = frozenset({"NotificationFactory", "PaymentFactory", "PayoutFactory"})


def __getattr__(name: str) -> Any:
    # PEP 562: factory-boy is a test extra; import it only when a factory is asked for.
    if name in _FACTORIES:
        from django_paypro.testing import factories

        return getattr(factories, name)
    raise AttributeError(f"module 'django_paypro.testing' has no attribute {name!r}")
