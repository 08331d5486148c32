"""A customer pays orders in the example shop, end to end, against the PayPro sandbox."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.browser.shop_server import Shop, unavailable

try:
    from playwright.sync_api import Page, expect
except ImportError:
    unavailable("the playwright package is not installed")

pytestmark = pytest.mark.browser

Snap = Callable[[Page, str], None]
CASHIER = re.compile(r"/paypro-sandbox/cashier/\w+/$")
ORDER = re.compile(r"/orders/\w+/$")


def place_order(page: Page, country: str, snap: Snap) -> None:
    """Put one bag of coffee in the cart and check out from ``country`` (demo details)."""
    page.goto("/")
    page.get_by_label("Coffee beans, 1 kg").fill("1")
    page.get_by_label(country).check()
    snap(page, "checkout")
    page.get_by_role("button", name="Place order and pay").click()


def at_cashier_press(
    page: Page, button: str, snap: Snap, *, lose_notification: bool = False
) -> None:
    """On the sandbox's cashier page, press ``button`` and come back to the shop."""
    expect(page).to_have_url(CASHIER)
    if lose_notification:
        page.get_by_label(re.compile("Lose the notification")).check()
    snap(page, "cashier")
    page.get_by_role("button", name=button, exact=True).click()
    snap(page, "cashier-done")
    page.get_by_role("link", name="Back to the shop").click()
    expect(page).to_have_url(ORDER)


def test_mexico_payment_page_marks_the_order_paid(page: Page, snap: Snap) -> None:
    place_order(page, "Mexico (payment page)", snap)
    at_cashier_press(page, "Pay", snap)
    expect(page.locator("#order-status")).to_have_text("Paid")
    expect(page.locator("#payment-status")).to_have_text("Paid")
    snap(page, "order-paid")


def test_brazil_pix_qr_then_bank_app_payment_updates_the_open_order_page(
    page: Page, snap: Snap
) -> None:
    place_order(page, "Brazil (PIX)", snap)
    expect(page).to_have_url(ORDER)
    expect(page.locator("#pix svg").first).to_be_visible()
    expect(page.locator("#order-status")).to_have_text("Awaiting payment")
    snap(page, "order-pix")
    # The "bank app" opens beside the order page, which keeps polling the shop.
    with page.context.expect_page() as bank:
        page.locator("#pix-bank-link").click()
    cashier = bank.value
    expect(cashier).to_have_url(CASHIER)
    cashier.get_by_role("button", name="Pay", exact=True).click()
    snap(cashier, "bank-paid")
    expect(page.locator("#order-status")).to_have_text("Paid")
    snap(page, "order-paid")


def test_failed_payment_marks_the_order_failed_and_a_new_try_can_pay(
    page: Page, snap: Snap
) -> None:
    place_order(page, "Egypt (wallet pay-in)", snap)
    at_cashier_press(page, "Fail", snap)
    expect(page.locator("#order-status")).to_have_text("Payment failed")
    snap(page, "order-failed")
    page.get_by_role("button", name="Try again").click()
    expect(page).to_have_url(CASHIER)
    page.get_by_role("button", name="Pay", exact=True).click()
    page.get_by_role("link", name="Back to the shop").click()
    expect(page.locator("#order-status")).to_have_text("Paid")
    snap(page, "order-paid-on-second-try")


def test_lost_notification_is_settled_by_paypro_reconcile(
    page: Page, shop: Shop, snap: Snap
) -> None:
    place_order(page, "Mexico (payment page)", snap)
    at_cashier_press(page, "Pay", snap, lose_notification=True)
    expect(page.locator("#order-status")).to_have_text("Awaiting payment")
    expect(page.locator("#payment-status")).to_have_text("Pending")
    snap(page, "order-waiting")
    # PayPro's notification will never come: reconcile everything open, however recent.
    output = shop.manage("paypro_reconcile", "--older-than", "0")
    assert "(1 paid)" in output, output
    # The open page notices the change on its next poll.
    expect(page.locator("#order-status")).to_have_text("Paid")
    snap(page, "order-paid-after-reconcile")


def test_part_payment_marks_the_order_partially_paid_until_the_rest_arrives(
    page: Page, snap: Snap
) -> None:
    place_order(page, "Mexico (payment page)", snap)
    at_cashier_press(page, "Pay part (half)", snap)
    expect(page.locator("#order-status")).to_have_text("Partially paid")
    snap(page, "order-partially-paid")
    page.locator("#pay-link").click()
    page.get_by_role("button", name="Pay the rest").click()
    page.get_by_role("link", name="Back to the shop").click()
    expect(page.locator("#order-status")).to_have_text("Paid")
    snap(page, "order-paid")


def test_staff_find_the_paid_payment_and_its_notification_in_the_admin(
    page: Page, snap: Snap
) -> None:
    place_order(page, "Mexico (payment page)", snap)
    at_cashier_press(page, "Pay", snap)
    expect(page.locator("#order-status")).to_have_text("Paid")
    trade_no = page.locator("#payment-trade-no").inner_text().strip()

    page.goto("/admin/login/?next=/admin/django_paypro/payment/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("admin")
    page.get_by_role("button", name="Log in").click()
    row = page.locator("#result_list tr", has_text=trade_no)
    expect(row).to_contain_text("Paid")
    snap(page, "admin-payments")
    row.get_by_role("link", name=trade_no).click()
    expect(page.locator("#content")).to_contain_text("1 notification")
    snap(page, "admin-payment")
    assert "sandbox-app-secret" not in page.content()

    page.get_by_role("link", name="1 notification").click()
    expect(page.locator("#result_list")).to_contain_text("Applied")
    snap(page, "admin-notifications")
    assert "sandbox-app-secret" not in page.content()
