"""A merchant account per country, resolved from ``PAYPRO`` and the country profile."""

from __future__ import annotations

from dataclasses import dataclass

from django_paypro.conf import Secret, country_setting, paypro_setting
from django_paypro.countries import get_profile
from django_paypro.exceptions import PayProConfigurationError

__all__ = ["Account", "app_secret", "default_country", "get_account", "transport_limits"]


@dataclass(frozen=True)
class Account:
    """Where and as whom to talk to PayPro for one country. ``repr()`` hides the secret."""

    country: str
    merchant_no: str
    app_secret: Secret
    base_url: str
    notify_url: str
    paths: tuple[tuple[str, str], ...]
    sign_in_header: bool
    timeout: tuple[float, float]
    query_retries: int
    #: seconds a whole call may take, however slowly the answer trickles in
    deadline: float = 35.0
    #: the longest answer read; a longer one is a transport error
    max_response_bytes: int = 1024 * 1024

    def path(self, operation: str) -> str:
        """Return the path of ``operation``, or raise if PayPro has none in this country."""
        for name, path in self.paths:
            if name == operation:
                return path
        raise PayProConfigurationError(
            f"PayPro offers no {operation!r} operation in {self.country}; "
            f"set PAYPRO['COUNTRIES'][{self.country!r}]['PATHS'][{operation!r}] if it does"
        )

    def url(self, operation: str) -> str:
        """Return the absolute URL of ``operation``."""
        return self.base_url.rstrip("/") + "/" + self.path(operation).lstrip("/")


def default_country() -> str:
    """Return ``PAYPRO['COUNTRY']`` upper-cased."""
    return str(paypro_setting("COUNTRY") or "MX").upper()


def _seconds(value: object) -> float | None:
    """Return ``value`` as a positive number of seconds, ``None`` if it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 < value < float("inf") else None


def _timeout(value: object) -> tuple[float, float]:
    pair = value if isinstance(value, list | tuple) else (value, value)
    seconds = [_seconds(part) for part in pair]
    if len(seconds) != 2 or None in seconds:
        raise PayProConfigurationError(
            "PAYPRO['TIMEOUT'] must be positive seconds or (connect, read)"
        )
    return (float(pair[0]), float(pair[1]))


def transport_limits() -> tuple[tuple[float, float], float, int]:
    """Return ``(TIMEOUT, DEADLINE, MAX_RESPONSE_BYTES)`` checked, or raise naming the key."""
    timeout = _timeout(paypro_setting("TIMEOUT"))
    raw_deadline = paypro_setting("DEADLINE")
    deadline = sum(timeout) if raw_deadline is None else _seconds(raw_deadline)
    if deadline is None:
        raise PayProConfigurationError("PAYPRO['DEADLINE'] must be positive seconds or None")
    size = paypro_setting("MAX_RESPONSE_BYTES")
    if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
        raise PayProConfigurationError("PAYPRO['MAX_RESPONSE_BYTES'] must be a positive integer")
    return timeout, deadline, size


def _required(code: str, key: str) -> str:
    value = country_setting(code, key)
    if not value:
        raise PayProConfigurationError(
            f"PAYPRO[{key!r}] (or PAYPRO['COUNTRIES'][{code!r}][{key!r}]) is not set"
        )
    return str(value)


def app_secret(country: str | None = None) -> Secret:
    """Return the app secret for ``country``: what verifying a notification needs, no more.

    The same value as ``get_account(country).app_secret``, without building the account, on
    the notification path.
    """
    return Secret(_required((country or default_country()).upper(), "APP_SECRET"))


def get_account(country: str | None = None) -> Account:
    """Return the account for ``country`` (default ``PAYPRO['COUNTRY']``).

    Raises ``PayProConfigurationError`` naming the key to set when one is missing.
    """
    code = (country or default_country()).upper()
    profile = get_profile(code)
    timeout, deadline, max_response_bytes = transport_limits()
    return Account(
        country=code,
        merchant_no=_required(code, "MERCHANT_NO"),
        app_secret=Secret(_required(code, "APP_SECRET")),
        base_url=str(country_setting(code, "BASE_URL") or profile.sandbox_base_url),
        notify_url=_required(code, "NOTIFY_URL"),
        paths=tuple(sorted(profile.paths.items())),
        sign_in_header=profile.sign_in_header,
        timeout=timeout,
        query_retries=int(paypro_setting("QUERY_RETRIES")),
        deadline=deadline,
        max_response_bytes=max_response_bytes,
    )
