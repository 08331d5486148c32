"""The example shop serves each customer in the language their browser asks for.

Chromium's locale sets ``Accept-Language``; the shop's ``LocaleMiddleware`` picks the language
from its ``LANGUAGES``. The texts expected on the pages are read from django-paypro's catalogues
(gettext under ``translation.override``), so a wrong or missing translation fails the test
instead of being copied into it.

The shop brings its customers back to its own order page, which is English (the shop's templates
have no catalogue); django-paypro's return page is where PayPro brings the customers of shops that
pass no ``return_url``, so the test opens it for the payment just made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
import requests
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape

from django_paypro.models import Payment
from django_paypro.views.checkout import STATUS_MESSAGES
from tests.browser.shop_server import Shop, unavailable
from tests.browser.test_shop import CASHIER, ORDER, place_order

try:
    from playwright.sync_api import expect
except ImportError:
    unavailable("the playwright package is not installed")

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

Snap = Callable[["Page", str], None]
PAID_TITLE = STATUS_MESSAGES[Payment.Status.PAID][0]


@dataclass(frozen=True)
class Customer:
    """A customer: what their browser asks for, Django's code for it, where they pay from."""

    locale: str
    language: str
    direction: str
    country: str
    pays_by_pix: bool = False


CUSTOMERS = [
    Customer(locale="ar", language="ar", direction="rtl", country="Egypt (wallet pay-in)"),
    Customer(
        locale="pt-BR", language="pt-br", direction="ltr", country="Brazil (PIX)", pays_by_pix=True
    ),
]


def translated(language: str, message: str | Promise) -> str:
    """Return ``message`` (a msgid or a lazy string) in ``language``, from the catalogues."""
    with translation.override(language):
        text = str(translation.gettext(message) if isinstance(message, str) else message)
    with translation.override("en"):
        english = str(message)
    # An untranslated message would let an English page pass for a translated one.
    assert text != english, f"{language} has no translation of {english!r}"
    return text


@pytest.fixture(params=CUSTOMERS, ids=lambda customer: customer.locale)
def customer(request: pytest.FixtureRequest) -> Customer:
    return request.param


@pytest.fixture
def customer_page(browser: Browser, shop: Shop, customer: Customer) -> Iterator[Page]:
    """Return a page in a fresh browser context whose locale is the customer's."""
    context = browser.new_context(
        base_url=shop.url, locale=customer.locale, viewport={"width": 1000, "height": 900}
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def expect_language(page: Page, customer: Customer) -> None:
    expect(page.locator("html")).to_have_attribute("lang", customer.language)
    expect(page.locator("html")).to_have_attribute("dir", customer.direction)


def open_cashier(page: Page, customer: Customer) -> Page:
    """Return the sandbox cashier the checkout leads to: at once, or through PIX's bank app."""
    if not customer.pays_by_pix:
        expect(page).to_have_url(CASHIER)
        return page
    expect(page).to_have_url(ORDER)
    with page.context.expect_page() as bank:
        page.locator("#pix-bank-link").click()
    expect(bank.value).to_have_url(CASHIER)
    return bank.value


def test_customer_pays_and_comes_back_in_their_browsers_language(
    customer_page: Page, customer: Customer, snap: Snap
) -> None:
    language = customer.language
    place_order(customer_page, customer.country, snap)
    cashier = open_cashier(customer_page, customer)
    expect_language(cashier, customer)
    expect(cashier.get_by_role("heading", level=1)).to_have_text(translated(language, "Cashier"))
    snap(cashier, "cashier")
    cashier.get_by_role("button", name=translated(language, "Pay"), exact=True).click()
    cashier.get_by_role("link", name=translated(language, "Back to the shop")).click()
    expect(cashier).to_have_url(ORDER)
    trade_no = cashier.locator("#payment-trade-no").inner_text().strip()

    cashier.goto(f"/paypro/return/{trade_no}/")
    expect_language(cashier, customer)
    # The page polls until the sandbox's notification has marked the payment paid.
    expect(cashier.get_by_role("heading", level=1)).to_have_text(translated(language, PAID_TITLE))
    expect(cashier.locator(".paypro-status-details")).to_contain_text(
        translated(language, Payment.Status.PAID.label)
    )
    snap(cashier, "return")
    assert_plain_http_answers(cashier.url)


def assert_plain_http_answers(url: str) -> None:
    """Fetch ``url`` with ``requests``: English without ``Accept-Language``, Filipino for ``fil``.

    ``requests`` sends no ``Accept-Language`` of its own. Django's default ``LANGUAGES`` has no
    Filipino, so ``fil`` is served only because the shop's list names it.
    """
    for asked, language in ((None, "en"), ("fil", "fil")):
        response = requests.get(url, headers={"Accept-Language": asked}, timeout=10)
        response.raise_for_status()
        assert response.request.headers.get("Accept-Language") == asked
        assert f'<html lang="{language}" dir="ltr">' in response.text, response.text[:300]
        with translation.override(language):
            assert escape(str(PAID_TITLE)) in response.text, (language, response.text)
