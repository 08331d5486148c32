"""System checks for the ``PAYPRO`` setting: misconfiguration shows in ``manage.py check``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from django_paypro.accounts import transport_limits
from django_paypro.addresses import parse_allow_list, trusted_proxy_count
from django_paypro.conf import COUNTRY_KEYS, country_setting, paypro_setting, raw_settings
from django_paypro.countries import CREATIONS, PROFILES, get_profile
from django_paypro.exceptions import PayProConfigurationError

SANDBOX_HOST_MARKERS = ("sandbox", "-test.")


def _countries() -> list[str]:
    """Return the default country and every country with an override."""
    codes = [str(paypro_setting("COUNTRY") or "MX").upper()]
    codes += [str(c).upper() for c in (paypro_setting("COUNTRIES") or {})]
    return list(dict.fromkeys(codes))


def _check_required(code: str) -> Iterable[CheckMessage]:
    for key, check_id in (("MERCHANT_NO", "E002"), ("APP_SECRET", "E003"), ("NOTIFY_URL", "E004")):
        if not country_setting(code, key):
            yield Error(
                f"PAYPRO[{key!r}] is not set (needed for country {code}).",
                hint=f"Set PAYPRO[{key!r}], or PAYPRO['COUNTRIES'][{code!r}][{key!r}].",
                id=f"paypro.{check_id}",
            )


def _check_notify_url(code: str) -> Iterable[CheckMessage]:
    url = country_setting(code, "NOTIFY_URL")
    if not url:
        return
    parts = urlsplit(str(url))
    if not parts.scheme or not parts.netloc:
        yield Error(
            f"PAYPRO['NOTIFY_URL'] {url!r} is not an absolute URL.",
            hint="Write the full URL PayPro posts to, e.g. https://shop.example/paypro/notify/.",
            id="paypro.E005",
        )
    elif parts.scheme != "https" and not settings.DEBUG:
        yield Warning(
            f"PAYPRO['NOTIFY_URL'] {url!r} is not https.",
            hint="Notifications carry payment results; serve the notify URL over https.",
            id="paypro.W001",
        )


def _check_base_url(code: str) -> Iterable[CheckMessage]:
    base = country_setting(code, "BASE_URL") or PROFILES[code].sandbox_base_url
    host = urlsplit(str(base)).netloc
    if not settings.DEBUG and any(marker in host for marker in SANDBOX_HOST_MARKERS):
        yield Warning(
            f"PayPro base URL for {code} is a sandbox ({base}) while DEBUG is False.",
            hint=f"Set PAYPRO['BASE_URL'] (or COUNTRIES[{code!r}]['BASE_URL']) to the "
            "production base PayPro gave you, or ignore this in a staging deployment.",
            id="paypro.W002",
        )


def _check_assumed_facts(code: str) -> Iterable[CheckMessage]:
    """Warn when the country's money-moving requests rest on assumed facts (``paypro.W010``).

    What counts is the wire format of creations (their path and fields) and the sandbox base
    when ``BASE_URL`` is not set. An assumed query or balance path fails visibly and changes
    nothing; an assumed amount rule is the stricter reading of a page that says little.
    """
    profile = get_profile(code)
    facts = [
        (operation, fact, source)
        for operation, fact, source in profile.assumed_facts(CREATIONS)
        if fact != "amount" and (operation or not country_setting(code, "BASE_URL"))
    ]
    if not facts:
        return
    listed = "; ".join(
        f"{operation + ' ' if operation else ''}{fact} ({source.assumed})"
        for operation, fact, source in facts
    )
    yield Warning(
        f"PayPro {code}: these facts are assumed, not read on PayPro's pages: {listed}.",
        hint=f"Confirm them with PayPro; set PAYPRO['COUNTRIES'][{code!r}]['BASE_URL'] or "
        "['PATHS'] where they differ. The countries page of the docs lists every source.",
        id="paypro.W010",
    )


#: settings holding a dotted path, or a list of them
DOTTED_PATH_KEYS = (
    "TRADE_NO_GENERATOR",
    "ORDER_PAYMENT_HOOK",
    "API_AUTHENTICATION_CLASSES",
    "API_PERMISSION_CLASSES",
    "API_VISIBLE_PAYMENTS",
)


def _check_dotted_paths() -> Iterable[CheckMessage]:
    for key in DOTTED_PATH_KEYS:
        value = paypro_setting(key)
        for item in value if isinstance(value, list | tuple) else [value]:
            if not isinstance(item, str):
                continue  # None, or a class / callable given directly
            try:
                import_string(item)
            except ImportError:
                yield Error(
                    f"PAYPRO[{key!r}] names {item!r}, which cannot be imported.",
                    hint="Write the full dotted path of a function or class, "
                    "e.g. 'shop.payments.payment_for_order'.",
                    id="paypro.E007",
                )


def _check_notify_addresses() -> Iterable[CheckMessage]:
    allowed = paypro_setting("NOTIFY_ALLOWED_IPS")
    if allowed is not None:
        if isinstance(allowed, str):
            yield Warning(
                f"PAYPRO['NOTIFY_ALLOWED_IPS'] is the string {allowed!r}, not a list.",
                hint=f"Write a list: [{allowed!r}]. It is read as one entry meanwhile.",
                id="paypro.W020",
            )
        for entry in parse_allow_list(allowed).invalid:
            yield Error(
                f"PAYPRO['NOTIFY_ALLOWED_IPS'] entry {entry!r} is not an IP address or network; "
                "it never matches, so notifications from it are refused.",
                hint="Write addresses or CIDR networks such as '203.0.113.7' or "
                "'198.51.100.0/24' (no hostnames, prefix at most /32 for IPv4, /128 for IPv6).",
                id="paypro.E020",
            )
    if trusted_proxy_count(paypro_setting("TRUSTED_PROXY_COUNT")) is None:
        yield Error(
            f"PAYPRO['TRUSTED_PROXY_COUNT'] is {paypro_setting('TRUSTED_PROXY_COUNT')!r}, "
            "not a count; no notification sender can be told, so the allow-list refuses all.",
            hint="Set the number of proxies in front of Django (0 when there is none).",
            id="paypro.E021",
        )


def _check_transport_limits() -> Iterable[CheckMessage]:
    try:
        transport_limits()
    except PayProConfigurationError as err:
        yield Error(
            str(err),
            hint="E.g. 'TIMEOUT': (5, 30), 'DEADLINE': None, 'MAX_RESPONSE_BYTES': 1048576.",
            id="paypro.E022",
        )


@register(Tags.compatibility, "paypro")
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Report a missing or wrong ``PAYPRO`` setting, naming the key to fix."""
    try:
        raw = raw_settings()
    except PayProConfigurationError as err:
        return [Error(str(err), id="paypro.E000")]
    if not raw:
        return [
            Error(
                "The PAYPRO setting is missing.",
                hint="Add PAYPRO = {'MERCHANT_NO': ..., 'APP_SECRET': ..., 'NOTIFY_URL': ...}.",
                id="paypro.E000",
            )
        ]
    messages: list[CheckMessage] = []
    for code in _countries():
        if code not in PROFILES:
            messages.append(
                Error(
                    f"PayPro country {code!r} is unknown.",
                    hint=f"Use one of {', '.join(sorted(PROFILES))}.",
                    id="paypro.E001",
                )
            )
            continue
        messages += [*_check_required(code), *_check_notify_url(code), *_check_base_url(code)]
        messages += _check_assumed_facts(code)
    messages += _check_dotted_paths()
    messages += _check_notify_addresses()
    messages += _check_transport_limits()
    for code, overrides in (paypro_setting("COUNTRIES") or {}).items():
        unknown = sorted(set(overrides or {}) - COUNTRY_KEYS)
        if unknown:
            messages.append(
                Error(
                    f"PAYPRO['COUNTRIES'][{code!r}] has unknown keys {unknown}.",
                    hint=f"Keys allowed per country: {', '.join(sorted(COUNTRY_KEYS))}.",
                    id="paypro.E006",
                )
            )
    return messages
