"""Take payments and send payouts through PayPro from Django.

The public functions are imported lazily so that ``django_paypro.signing`` and friends can be
used without configured Django settings::

    from django_paypro import create_payment
    payment = create_payment("300", country="MX", reference="order-42")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "create_payment": "django_paypro.services.payments",
    "refresh_payment": "django_paypro.services.payments",
    "create_payout": "django_paypro.services.payouts",
    "refresh_payout": "django_paypro.services.payouts",
    "get_balance": "django_paypro.services.balance",
}

__all__ = [  # noqa: RUF022 (grouped by purpose, not sorted)
    "create_payment",
    "refresh_payment",
    "create_payout",
    "refresh_payout",
    "get_balance",
    "__version__",
]

if TYPE_CHECKING:
    from django_paypro.services.balance import get_balance as get_balance
    from django_paypro.services.payments import create_payment as create_payment
    from django_paypro.services.payments import refresh_payment as refresh_payment
    from django_paypro.services.payouts import create_payout as create_payout
    from django_paypro.services.payouts import refresh_payout as refresh_payout


def __getattr__(name: str) -> Any:
    # PEP 562: importing the services needs the app registry, importing the package must not.
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'django_paypro' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
