"""The return page and the QR tag in headless Chromium: polling and the copy button."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from django_paypro.models import Payment
from django_paypro.services.outcomes import StatusReport
from django_paypro.services.transitions import apply_payment_report
from django_paypro.testing.factories import PaymentFactory

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def page(live_server: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Return a headless Chromium page aimed at the live server, or skip without Chromium."""
    # Playwright's sync API keeps an event loop on this thread; the ORM calls made here between
    # page actions are still synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing")
    settings.PAYPRO = {**settings.PAYPRO, "RETURN_PAGE_REFRESH_SECONDS": None}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()


def test_return_page_updates_itself_when_the_payment_is_paid(page):
    from playwright.sync_api import expect

    payment = PaymentFactory()
    page.goto(reverse("paypro:return", args=[payment.trade_no]) + "?status=0000")
    expect(page.get_by_role("heading")).to_have_text("Waiting for your payment")

    paid = StatusReport(status=Payment.Status.PAID, source="query", amount=payment.amount)
    apply_payment_report(payment, paid)

    expect(page.get_by_role("heading")).to_have_text("Thank you, your payment was received")


def test_copy_button_puts_the_pix_code_on_the_clipboard(page, live_server):
    from playwright.sync_api import expect

    payment = PaymentFactory(country="BR", currency="BRL", method="payin", pay_param="000201PIX42")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(reverse("paypro:return", args=[payment.trade_no]))
    expect(page.get_by_role("img", name="PIX QR code: scan it with your bank app")).to_be_visible()

    page.get_by_role("button", name="Copy code").click()

    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == "000201PIX42"
