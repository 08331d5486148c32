"""Who is posting: the client's address behind trusted proxies, and the notification allow-list.

Pure functions over text plus two readers of ``PAYPRO`` (no models, no HTTP)::

    >>> parse_address("[::ffff:203.0.113.7]:443")
    IPv4Address('203.0.113.7')
    >>> parse_allow_list(["203.0.113.0/24", "paypro.example"]).invalid
    ('paypro.example',)

Addresses are compared as IPv4 whenever they are IPv4 underneath: a server bound on ``[::]``
sees ``::ffff:203.0.113.7``, and a proxy may write ``203.0.113.7:51234`` or ``[2001:db8::1]``
into ``X-Forwarded-For``. An allow-list entry that is not an address or network (a hostname,
``/33``...) never matches anything and is reported by the system check ``paypro.E020``; the
endpoint itself never raises on it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.http import HttpRequest

from django_paypro.conf import paypro_setting

__all__ = [
    "AllowList",
    "address_allowed",
    "client_address",
    "parse_address",
    "parse_allow_list",
    "trusted_proxy_count",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# ::ffff:0:0/96 holds IPv4 addresses written as IPv6 (RFC 4291, 2.5.5.2).
_MAPPED_PREFIX = 96


def parse_address(text: str | None) -> IPAddress | None:
    """Return the address in ``text``, IPv4 when it is IPv4 underneath; ``None`` if none.

    Accepts what proxies and servers write: ``203.0.113.7``, ``203.0.113.7:51234``,
    ``[2001:db8::1]``, ``[2001:db8::1]:443``, ``::ffff:203.0.113.7``.
    """
    if not text:
        return None
    host = text.strip()
    if host.startswith("["):
        host, closed, _port = host[1:].partition("]")
        if not closed:
            return None
    elif host.count(":") == 1:
        host = host.partition(":")[0]  # IPv4 with a port; bare IPv6 has several colons
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _network(entry: Any) -> IPNetwork | None:
    """Return the network an allow-list entry names, or ``None`` if it names none."""
    if not isinstance(entry, str):
        return None
    try:
        network = ipaddress.ip_network(entry.strip(), strict=False)
    except ValueError:
        return None
    mapped = network.network_address
    if (
        isinstance(network, ipaddress.IPv6Network)
        and isinstance(mapped, ipaddress.IPv6Address)
        and mapped.ipv4_mapped is not None
        and network.prefixlen >= _MAPPED_PREFIX
    ):
        return ipaddress.IPv4Network((mapped.ipv4_mapped, network.prefixlen - _MAPPED_PREFIX))
    return network


@dataclass(frozen=True)
class AllowList:
    """The usable networks of ``NOTIFY_ALLOWED_IPS`` and the entries that name none."""

    networks: tuple[IPNetwork, ...]
    invalid: tuple[str, ...]

    def allows(self, address: IPAddress | None) -> bool:
        """Return whether ``address`` is in one of the networks."""
        if address is None:
            return False
        return any(address in network for network in self.networks)


def _entries(value: Any) -> tuple[Any, ...]:
    """Return the entries of the setting; a lone string is one entry, never its characters."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable):
        return tuple(value)
    return (value,)


def parse_allow_list(value: Any) -> AllowList:
    """Return the allow-list that ``value`` (the setting as written) describes."""
    networks: list[IPNetwork] = []
    invalid: list[str] = []
    for entry in _entries(value):
        network = _network(entry)
        if network is None:
            invalid.append(repr(entry) if not isinstance(entry, str) else entry)
        else:
            networks.append(network)
    return AllowList(tuple(networks), tuple(invalid))


@lru_cache(maxsize=8)
def _cached_allow_list(value: tuple[Any, ...]) -> AllowList:
    return parse_allow_list(value)


def trusted_proxy_count(value: Any = None) -> int | None:
    """Return ``TRUSTED_PROXY_COUNT`` (or ``value``) as a count, ``None`` if it is not one."""
    raw = paypro_setting("TRUSTED_PROXY_COUNT") if value is None else value
    if raw is None:
        return 0
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw if raw >= 0 else None
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw)
    return None


def client_address(request: HttpRequest) -> str | None:
    """Return the client's address, trusting exactly ``TRUSTED_PROXY_COUNT`` proxies.

    Each trusted proxy appends the address it saw to ``X-Forwarded-For``, so the client is the
    N-th entry from the right; entries further left are whatever the client chose to send.
    ``None`` when the header has fewer entries than trusted proxies, the entry is not an
    address, or the setting is not a count (``paypro.E021``).
    """
    proxies = trusted_proxy_count()
    if proxies is None:
        return None
    if proxies == 0:
        address = parse_address(request.META.get("REMOTE_ADDR"))
    else:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) < proxies:
            return None  # fewer hops than configured proxies: the header cannot be trusted
        address = parse_address(forwarded[-proxies])
    return str(address) if address is not None else None


def address_allowed(address: str | None) -> bool:
    """Return whether ``address`` is in ``PAYPRO['NOTIFY_ALLOWED_IPS']`` (``None``: any)."""
    setting = paypro_setting("NOTIFY_ALLOWED_IPS")
    if setting is None:
        return True
    try:
        allow_list = _cached_allow_list(_entries(setting))
    except TypeError:  # unhashable entries (a dict...): they name no network either
        allow_list = parse_allow_list(setting)
    return allow_list.allows(parse_address(address))
