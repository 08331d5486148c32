"""Build records for lifecycle tests without going through PayPro."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from django_paypro.models import Payment, Payout

_numbers = itertools.count(1)


def make_payment(**fields: Any) -> Payment:
    values: dict[str, Any] = {
        "trade_no": f"T{next(_numbers):06d}",
        "country": "MX",
        "method": "page",
        "amount": Decimal(300),
        "currency": "MXN",
        "status": Payment.Status.PENDING,
        **fields,
    }
    return Payment.objects.create(**values)


def make_payout(**fields: Any) -> Payout:
    values: dict[str, Any] = {
        "trade_no": f"W{next(_numbers):06d}",
        "country": "MX",
        "amount": Decimal(100),
        "currency": "MXN",
        "status": Payout.Status.PENDING,
        **fields,
    }
    return Payout.objects.create(**values)
