"""Find which country and operation a request to the sandbox API means.

A merchant points ``BASE_URL`` at ``<sandbox prefix>/<base>`` where ``<base>`` is the last
segment of the country's real base URL (``mex-pay``, ``brz-pay``, ``egypt-pay``) or the country
code (``mx``). The rest of the path is one of the profile's operation paths. When the base names
no country (one ``BASE_URL`` shared by every country), the path and the ``merchantNo`` header
decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django_paypro.conf import country_setting
from django_paypro.countries import PROFILES, CountryProfile, get_profile


@dataclass(frozen=True)
class Route:
    """The country and operation a request was resolved to."""

    profile: CountryProfile
    operation: str


def base_segments(profile: CountryProfile) -> set[str]:
    """Return the base segments that name ``profile``'s country (lower-cased)."""
    names = {profile.code.lower(), _last_segment(profile.sandbox_base_url)}
    configured = country_setting(profile.code, "BASE_URL")
    if configured:
        names.add(_last_segment(str(configured)))
    names.discard("")
    return names


def _last_segment(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].lower()


def _operations_at(profile: CountryProfile, op_path: str) -> list[str]:
    wanted = op_path.strip("/")
    return [op for op, path in profile.paths.items() if path.strip("/") == wanted]


def resolve(base: str, op_path: str, merchant_no: str) -> Route | None:
    """Return the route of ``<base>/<op_path>``, or ``None`` when nothing serves that path."""
    profiles = [get_profile(code) for code in sorted(PROFILES)]
    named = [p for p in profiles if base.lower() in base_segments(p)]
    if named:
        # The base names a country: a path it lacks is unknown, not another country's.
        profiles = named
    else:
        mine = [p for p in profiles if country_setting(p.code, "MERCHANT_NO") == merchant_no]
        profiles = mine + [p for p in profiles if p.code not in {m.code for m in mine}]
    for profile in profiles:
        operations = _operations_at(profile, op_path)
        if operations:
            return Route(profile, operations[0])
    return None
