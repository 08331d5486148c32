"""A merchant account per country, resolved from ``PAYPRO`` and the country profile."""

from __future__ import annotations

from dataclasses import dataclass

from django_paypro.conf import Secret, country_setting, paypro_setting
from django_paypro.countries import get_profile
from django_paypro.exceptions import PayProConfigurationError

__all__ = ["Account", "app_secret", "default_country", "get_account"]


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


def _timeout(value: object) -> tuple[float, float]:
    if isinstance(value, int | float):
        return (float(value), float(value))
    if isinstance(value, list | tuple) and len(value) == 2:
        return (float(value[0]), float(value[1]))
    raise PayProConfigurationError("PAYPRO['TIMEOUT'] must be seconds or (connect, read)")


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

    return Account(
        country=code,
        merchant_no=_required(code, "MERCHANT_NO"),
        app_secret=Secret(_required(code, "APP_SECRET")),
        base_url=str(country_setting(code, "BASE_URL") or profile.sandbox_base_url),
        notify_url=_required(code, "NOTIFY_URL"),
        paths=tuple(sorted(profile.paths.items())),
        sign_in_header=profile.sign_in_header,
        timeout=_timeout(paypro_setting("TIMEOUT")),
        query_retries=int(paypro_setting("QUERY_RETRIES")),
    )
