"""One accessor for the ``PAYPRO`` setting, read when needed and never at import.

``paypro_setting("TIMEOUT")`` returns a value with its documented default;
``country_setting("BR", "APP_SECRET")`` applies the ``COUNTRIES`` override for that country.
Everything else reads settings through here so a default lives in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from django_paypro.exceptions import PayProConfigurationError

__all__ = ["DEFAULTS", "Secret", "country_setting", "paypro_setting", "raw_settings"]

#: Every key of ``PAYPRO`` that has a default. Keys without one (``MERCHANT_NO``, ``APP_SECRET``,
#: ``NOTIFY_URL``) are required and reported by the system checks.
DEFAULTS: dict[str, Any] = {
    "COUNTRY": "MX",
    "BASE_URL": None,  # None: the country's documented sandbox base
    "PATHS": {},  # operation name -> path, overriding the country profile
    "COUNTRIES": {},
    "WAY_CODES": {},  # extra way codes, merged into the country's table
    "BANK_CODES": {},  # extra bank codes, merged into the country's table
    "TIMEOUT": (5.0, 30.0),  # (connect, read) seconds, or one number for both
    "DEADLINE": None,  # seconds a whole call may take; None: connect + read timeout
    "MAX_RESPONSE_BYTES": 1024 * 1024,  # longer answers are a transport error
    "QUERY_RETRIES": 2,  # queries are safe to repeat; creations never are
    "TRADE_NO_GENERATOR": "django_paypro.services.trade_numbers.default_trade_no",
    "TRADE_NO_PREFIX": "",
    # default returnUrl, "{trade_no}" filled in; None: our return page on NOTIFY_URL's host
    "RETURN_URL": None,
    "RECONCILE_GRACE_SECONDS": 600,
    "RECONCILE_CONCURRENCY": 1,
    "NOTIFY_ALLOWED_IPS": None,  # None: any address; else a list of IPs / CIDR networks
    "TRUSTED_PROXY_COUNT": 0,  # how many proxies in front of Django append to X-Forwarded-For
    "NOTIFY_MAX_BYTES": 64 * 1024,
    "RETURN_PAGE_REFRESH_SECONDS": 10,  # at most one query to PayPro per payment this often
    # dotted path: (request, order_id) -> Payment, used by the redirect view
    "ORDER_PAYMENT_HOOK": None,
    "API_AUTHENTICATION_CLASSES": None,  # None: DRF's defaults
    "API_PERMISSION_CLASSES": None,  # None: staff create, visibility decides who reads
    # dotted path: (request, payments) -> the payments that request may read and refresh;
    # None: django_paypro.api.access.staff_payments (staff see all, others none)
    "API_VISIBLE_PAYMENTS": None,
    # Payout batches (docs/payouts.md)
    "PAYOUT_APPROVAL_BY_CREATOR": False,  # True lets the creator approve (small shops)
    "PAYOUT_LIMITS": {},  # country -> {"PER_PAYOUT": "5000", "PER_DAY": "100000"}
    "PAYOUT_BALANCE_CHECK": True,  # hold a batch larger than the available balance
    "TASK_BACKEND": "default",  # alias in TASKS that sends payouts and runs queries
    "TASK_QUEUE": "default",
    "SANDBOX_ALLOW_WITHOUT_DEBUG": False,
    "SANDBOX_RETRY_SCALE": 1.0,  # multiply PayPro's retry delays (development: 0.01)
    "SANDBOX_BACKGROUND_DELIVERY": True,  # deliver sandbox notifications from a thread
    # country -> amount the sandbox merchant starts with; None: payouts never refused for it
    "SANDBOX_OPENING_BALANCE": None,
}

#: Keys that may be overridden per country under ``COUNTRIES``.
COUNTRY_KEYS = frozenset(
    {"MERCHANT_NO", "APP_SECRET", "BASE_URL", "NOTIFY_URL", "PATHS", "WAY_CODES", "BANK_CODES"}
)


class Secret:
    """A value that never shows itself in ``repr()``, ``str()``, logs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the secret itself; call only where it is used (signing)."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def raw_settings() -> Mapping[str, Any]:
    """Return the ``PAYPRO`` dict as written by the merchant (empty if absent)."""
    value = getattr(settings, "PAYPRO", None)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise PayProConfigurationError("settings.PAYPRO must be a dict")
    return value


def paypro_setting(key: str) -> Any:
    """Return ``PAYPRO[key]``, or its default from :data:`DEFAULTS`, or ``None``."""
    return raw_settings().get(key, DEFAULTS.get(key))


def country_setting(country: str, key: str) -> Any:
    """Return ``key`` for ``country``: the ``COUNTRIES`` override if set, else the top level.

    Country-specific keys that are dicts (``PATHS``, ``WAY_CODES``...) are merged, the country's
    entries winning.
    """
    overrides = (paypro_setting("COUNTRIES") or {}).get(country.upper(), {}) or {}
    top = paypro_setting(key)
    if key in overrides:
        value = overrides[key]
        if isinstance(top, Mapping) and isinstance(value, Mapping):
            return {**top, **value}
        return value
    return top
