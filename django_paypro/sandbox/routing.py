"""Find which country and operation a request to the sandbox API means, from PayPro's pages.

A merchant points ``BASE_URL`` at ``<sandbox prefix>/<base>`` where ``<base>`` is the last
segment of the country's sandbox base URL as its overview page prints it (``mex-pay``,
``brz-pay``), the country code (``mx``) or the last segment of the ``BASE_URL`` configured for
it. The rest of the path must be one of the paths the country's pages print, exactly: PayPro's
gateway is case-sensitive, so ``/v1/paypro/payIn`` is not ``/v1/paypro/payin``. When several
countries fit (one ``BASE_URL`` shared by every country), the ``merchantNo`` header decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django_paypro.accounts import default_country
from django_paypro.conf import country_setting
from django_paypro.sandbox.pages import CountryPages, PageOperation, countries, country_pages


@dataclass(frozen=True)
class Route:
    """The country and the page of the operation a request was resolved to."""

    pages: CountryPages
    page: PageOperation

    @property
    def country(self) -> str:
        """Return the country code (``MX``)."""
        return self.pages.country

    @property
    def operation(self) -> str:
        """Return the operation name (``page``, ``payin``, ``payout_query``...)."""
        return self.page.name


def _last_segment(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].lower()


def own_segments(pages: CountryPages) -> set[str]:
    """Return the base segments that always name ``pages``' country (lower-cased)."""
    segments = {pages.country.lower()}
    if pages.sandbox_base_url:
        segments.add(_last_segment(pages.sandbox_base_url))
    return segments


def configured_segment(code: str) -> str:
    """Return the last segment of the base URL the merchant configured for this country."""
    configured = country_setting(code, "BASE_URL")
    return _last_segment(str(configured)) if configured else ""


def _candidates(base: str) -> tuple[list[CountryPages], set[str]]:
    """Return the countries ``base`` names (every country when it names none), and those named."""
    key = base.lower()
    every = [country_pages(code) for code in countries()]
    named = [p for p in every if key in own_segments(p) or key == configured_segment(p.country)]
    return (named or every), {p.country for p in every if key in own_segments(p)}


def resolve(base: str, op_path: str, merchant_no: str) -> Route | None:
    """Return the route of ``<base>/<op_path>``, or ``None`` when no page prints that path.

    Among the candidate countries offering the path, the one whose merchant number is in the
    header wins, then the one the base names by itself, then the default country; alphabetical
    order breaks the remaining ties.
    """
    candidates, self_named = _candidates(base)
    default = default_country()
    routes = [Route(pages, page) for pages in candidates if (page := pages.at(op_path)) is not None]
    # Countries sharing one BASE_URL all fit: a country the base names by itself answers even
    # an operation it publishes no page for, rather than another country that merely shares it.
    routes += [route for pages in candidates if (route := _borrowed(pages, op_path))]

    def rank(route: Route) -> tuple[bool, bool, bool, bool]:
        code = route.country
        return (
            country_setting(code, "MERCHANT_NO") == merchant_no,
            code in self_named,
            route.page.country == code,  # its own page before a borrowed one
            code == default,
        )

    # max() keeps the first of equals: countries() is sorted.
    return max(routes, key=rank, default=None)


def _borrowed(pages: CountryPages, op_path: str) -> Route | None:
    """Return the route of an operation ``pages`` publishes no page for, read on another's.

    PayPro runs one platform for every country: where a country's page for an operation is not
    published (Mexico's balance), the sandbox answers the platform path that other countries'
    pages print for it, with the sign where this country's other pages put it. The page it
    borrows is named by its URL in every refusal, so nobody mistakes it for the country's own.
    """
    placements = [page.sign for page in pages.operations.values()]
    usual_sign = max(set(placements), key=placements.count, default="body")
    borrowed = [
        page
        for code in countries()
        if code != pages.country
        for page in [country_pages(code).at(op_path)]
        if page is not None and page.name not in pages.operations
    ]
    borrowed.sort(key=lambda page: page.sign != usual_sign)
    return Route(pages, borrowed[0]) if borrowed else None


def near_miss(base: str, op_path: str) -> str:
    """Return a page path equal to ``op_path`` but for letter case, for a helpful refusal."""
    wanted = "/" + op_path.strip("/").lower()
    candidates, _named = _candidates(base)
    for pages in candidates:
        for page in pages.operations.values():
            if page.path.lower() == wanted:
                return f"{pages.country} {page.name} is at {page.path} ({page.url})"
    return ""
