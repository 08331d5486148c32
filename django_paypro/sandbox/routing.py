"""Find which country and operation a request to the sandbox API means.

A merchant points ``BASE_URL`` at ``<sandbox prefix>/<base>`` where ``<base>`` is the last
segment of the country's real base URL (``mex-pay``, ``brz-pay``, ``egypt-pay``) or the country
code (``mx``) or the last segment of the ``BASE_URL`` configured for it. The rest of the path is
one of the profile's operation paths. When several countries fit (one ``BASE_URL`` shared by
every country), the ``merchantNo`` header decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django_paypro.accounts import default_country
from django_paypro.conf import country_setting
from django_paypro.countries import PROFILES, CountryProfile, get_profile


@dataclass(frozen=True)
class Route:
    """The country and operation a request was resolved to."""

    profile: CountryProfile
    operation: str


def own_segments(profile: CountryProfile) -> set[str]:
    """Return the base segments that always name ``profile``'s country (lower-cased)."""
    return {profile.code.lower(), _last_segment(profile.sandbox_base_url)}


def configured_segment(profile: CountryProfile) -> str:
    """Return the last segment of the base URL the merchant configured for this country."""
    configured = country_setting(profile.code, "BASE_URL")
    return _last_segment(str(configured)) if configured else ""


def _last_segment(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].lower()


def _operations_at(profile: CountryProfile, op_path: str) -> list[str]:
    wanted = op_path.strip("/")
    return [op for op, path in profile.paths.items() if path.strip("/") == wanted]


def resolve(base: str, op_path: str, merchant_no: str) -> Route | None:
    """Return the route of ``<base>/<op_path>``, or ``None`` when nothing serves that path.

    Countries the base names (by their own segment, or the ``BASE_URL`` configured for them)
    are the candidates; when it names none, every country is. Among those offering the path,
    the one whose merchant number is in the header wins, then the one the base names by
    itself, then the default country.
    """
    key = base.lower()
    profiles = [get_profile(code) for code in sorted(PROFILES)]
    named = [p for p in profiles if key in own_segments(p) or key == configured_segment(p)]
    default = default_country()

    def rank(route: Route) -> tuple[bool, bool, bool]:
        code = route.profile.code
        return (
            country_setting(code, "MERCHANT_NO") == merchant_no,
            key in own_segments(route.profile),
            code == default,
        )

    routes = [
        Route(profile, operation)
        for profile in (named or profiles)
        for operation in _operations_at(profile, op_path)
    ]
    # max() keeps the first of equals: alphabetical order breaks the remaining ties.
    return max(routes, key=rank, default=None)
