"""An operator opens the payments dashboard of the example shop (seeded by ``shop_demo``).

The numbers on the page are compared with the shop's database, read by a separate
``manage.py shell`` with plain ORM queries (not the dashboard's own code).
"""

from __future__ import annotations

import json
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

#: The last 7 days (the dashboard's default period) counted straight from the tables.
DATABASE_FIGURES = """
import json
from datetime import datetime, time, timedelta
from django.utils import timezone
from django_paypro.models import Notification, Payment
start = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=6), time.min))
week = Payment.objects.filter(created_at__gte=start)
rates = {}
for country in sorted(set(week.values_list("country", flat=True))):
    made = week.filter(country=country)
    rates[country] = [made.count(), made.filter(status="paid").count()]
print(json.dumps({
    "needs_review": Payment.objects.filter(status="needs_review").count(),
    "unknown": Payment.objects.filter(status="unknown").count(),
    "late": week.filter(late_success=True).count(),
    "failed_notifications": Notification.objects.filter(outcome="failed").count(),
    "rates": rates,
    "currencies": sorted(set(week.filter(status="paid").values_list("currency", flat=True))),
}))
"""


def database_figures(shop: Shop) -> dict:
    return json.loads(shop.manage("shell", "-c", DATABASE_FIGURES).strip().splitlines()[-1])


def log_in(page: Page) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("admin")
    page.get_by_role("button", name="Log in").click()


def count_of(page: Page, label: str) -> int:
    link = page.locator(".paypro-attention li").filter(has_text=label)
    return int(link.locator("strong").inner_text())


def test_dashboard_shows_the_shops_payments_as_the_database_has_them(
    page: Page, shop: Shop, snap: Snap
) -> None:
    log_in(page)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Payments dashboard")).to_be_visible()
    figures = database_figures(shop)
    snap(page, "dashboard")

    assert count_of(page, "Payments needing review") == figures["needs_review"] >= 1
    assert count_of(page, "Unknown payments") == figures["unknown"]
    assert count_of(page, "Late successes in this period") == figures["late"]
    assert count_of(page, "failed while processing") == figures["failed_notifications"]

    # The success-rate chart: one bar per country, the failing one drawn as an alarm.
    bars = page.locator("svg[aria-label='Payments: success rate per country'] rect title")
    shown = dict(title.split(": ") for title in bars.all_text_contents())
    expected = {
        country: f"{100 * paid / made:.1f}%" for country, (made, paid) in figures["rates"].items()
    }
    assert shown == expected
    low = page.locator("svg[aria-label='Payments: success rate per country'] rect.paypro-low")
    assert "BR" in low.locator("title").all_text_contents()[0]
    for currency in figures["currencies"]:
        expect(page.locator(f"svg[aria-label='Volume paid per day, {currency}']")).to_have_count(1)

    # The same numbers as a table, for screen readers and for copying.
    page.get_by_text("Payments: success rate per country: the numbers").click()
    table = page.get_by_role("table", name="Payments: success rate per country")
    rows = [re.split(r"\s+", row.strip()) for row in table.locator("tbody tr").all_inner_texts()]
    assert {row[0]: [int(row[1]), int(row[2])] for row in rows} == figures["rates"]


def test_one_click_from_the_review_count_to_the_payment(page: Page, snap: Snap) -> None:
    log_in(page)
    page.goto("/admin/django_paypro/paymentdashboard/")
    page.locator(".paypro-attention a").filter(has_text="Payments needing review").click()
    expect(page).to_have_url(re.compile(r"/admin/django_paypro/payment/\d+/change/$"))
    expect(page.locator(".field-status")).to_contain_text("Needs review")
    snap(page, "review-payment")


def test_dashboard_follows_the_admins_dark_theme(page: Page, snap: Snap) -> None:
    log_in(page)
    page.emulate_media(color_scheme="dark")
    page.goto("/admin/django_paypro/paymentdashboard/")
    column = page.locator("rect.paypro-column").first
    label = page.locator("text.paypro-label").first
    # The charts take the admin's colours from its CSS variables, so they change with the theme.
    fill = column.evaluate("e => getComputedStyle(e).fill")
    text = label.evaluate("e => getComputedStyle(e).fill")
    page.emulate_media(color_scheme="light")
    assert column.evaluate("e => getComputedStyle(e).fill") != fill
    assert label.evaluate("e => getComputedStyle(e).fill") != text
    page.emulate_media(color_scheme="dark")
    snap(page, "dashboard-dark")
