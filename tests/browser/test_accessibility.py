"""The customer pages pass axe-core at a phone's size, in English and in Arabic (right to left).

The pages are served by pytest-django's live server with the test settings (LocaleMiddleware and
every served language); Chromium's locale sets ``Accept-Language``. axe-core's script comes with
the ``axe-playwright-python`` package: nothing is downloaded. Only serious and critical
violations fail a test; every violation is printed to help fix the rest.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.template import engines
from django.utils import translation

from django_paypro.models import Payment
from django_paypro.testing.factories import PaymentFactory
from tests.browser.conftest import CHROMIUM_ARGS
from tests.browser.shop_server import unavailable
from tests.merchant.test_translations import cashier_trade

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect
except ImportError:
    unavailable("the playwright or axe-playwright-python package is not installed")

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Playwright's sync API keeps an event loop running in this thread; the ORM calls made here are
# ordinary blocking ones, so Django's guard against calls from async code does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
LANGUAGES = ["en", "ar"]
PAYMENT_PAGE = "https://pay.example/cashier/A11Y"
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def own_browser(chromium_path: Path, django_db_setup: None) -> Iterator[Browser]:
    """Launch Chromium for this module only, after the test database exists.

    The shared session browser would keep Playwright's event loop alive on this thread for the
    rest of the session, and the live-server tests that start their own Playwright would fail.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(live_server: Any, own_browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """Return a page at a phone's size whose browser asks for the test's language."""
    language = request.node.callspec.params["language"]
    context = own_browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        locale=language,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def quiet_paypro(settings: Any) -> None:
    """Never ask PayPro from the pages; serve the sandbox without DEBUG; find orders."""
    settings.PAYPRO = {
        **settings.PAYPRO,
        "RETURN_PAGE_REFRESH_SECONDS": None,
        "SANDBOX_ALLOW_WITHOUT_DEBUG": True,
        "ORDER_PAYMENT_HOOK": "tests.merchant.hooks.order_payment",
    }


def assert_accessible(page: Page, language: str) -> None:
    """Check the page's language and direction, then run axe-core on it."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    results = Axe().run(page)
    violations = results.response["violations"]
    for violation in violations:
        print(
            violation["impact"], violation["id"], violation["help"], violation["nodes"][0]["html"]
        )
    blocking = [v["id"] for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], f"axe-core found {blocking} on {page.url}"


def pix_payment(**fields: Any) -> Payment:
    values = {
        "country": "BR",
        "method": "payin",
        "currency": "BRL",
        "amount": Decimal(25),
        "payment_url": "",  # a PIX pay-in has no cashier page: the PIX code is shown instead
        "pay_param": "00020101021226880014br.gov.bcb.pix2566qrcodes.example/v2/a11y5802BR",
        **fields,
    }
    return PaymentFactory(**values)


@pytest.mark.parametrize("language", LANGUAGES)
def test_return_page_with_its_pix_code_is_accessible(
    phone: Page, language: str, snap: Callable[[Page, str], None]
) -> None:
    payment = pix_payment(status=Payment.Status.PENDING)
    phone.goto(f"/paypro/return/{payment.trade_no}/")
    assert_accessible(phone, language)
    snap(phone, f"return-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_paid_return_page_is_accessible(phone: Page, language: str) -> None:
    payment = PaymentFactory(status=Payment.Status.PAID)
    phone.goto(f"/paypro/return/{payment.trade_no}/")
    assert_accessible(phone, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pix_page_has_a_text_alternative_and_announces_the_copy(
    phone: Page, language: str, snap: Callable[[Page, str], None]
) -> None:
    from tests.shop.models import Order

    order = Order.objects.create(number="A11Y-1", total=Decimal(25))
    pix_payment(status=Payment.Status.PENDING, order=order)
    phone.goto(f"/paypro/pay/{order.number}/")
    assert_accessible(phone, language)
    with translation.override(language):
        qr_name = translation.gettext("PIX QR code: scan it with your bank app")
        copy = translation.gettext("Copy code")
        announced = translation.gettext("The PIX code is copied: paste it in your bank app.")
    expect(phone.get_by_role("img", name=qr_name)).to_be_visible()
    phone.get_by_role("button", name=copy).click()
    expect(phone.get_by_role("status").filter(has_text=announced)).to_have_count(1)
    snap(phone, f"pix-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_redirect_fallback_is_accessible(phone: Page, language: str) -> None:
    payment = PaymentFactory(status=Payment.Status.PENDING, payment_url=PAYMENT_PAGE)
    template = engines["django"].from_string(
        '{% extends "django_paypro/base.html" %}{% load paypro %}'
        "{% block content %}{% paypro_redirect payment %}{% endblock %}"
    )
    with translation.override(language):
        html = template.render({"payment": payment})
    # The fallback is what a person sees when the redirect does not happen: check it so.
    redirect = re.compile(r'<meta http-equiv="refresh"[^>]*>|<script>window.location[^<]*</script>')
    assert len(redirect.findall(html)) == 2, html
    phone.set_content(redirect.sub("", html))
    expect(phone.get_by_role("link")).to_have_attribute("href", PAYMENT_PAGE)
    assert_accessible(phone, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_sandbox_cashier_is_accessible(
    phone: Page, language: str, snap: Callable[[Page, str], None]
) -> None:
    trade = cashier_trade(f"pfa11y{language}")
    phone.goto(f"/paypro-sandbox/cashier/{trade.platform_trade_no}/")
    assert_accessible(phone, language)
    snap(phone, f"cashier-{language}")
