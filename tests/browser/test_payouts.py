"""Seller payouts in the example shop, end to end: upload, approval by a second person, sandbox.

The admin uploads the shop's sample CSV, sees the totals and the refused row, records the batch;
the approver approves it (the admin may not); the payouts go to the sandbox, which settles them
all at once; the batch ends completed with every decision shown.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest

from tests.browser.shop_server import ROOT, unavailable

try:
    from playwright.sync_api import Page, expect
except ImportError:
    unavailable("the playwright package is not installed")

pytestmark = pytest.mark.browser

Snap = Callable[[Page, str], None]
CSV = ROOT / "example_project" / "seller_payouts.csv"
BATCHES = "/admin/django_paypro/payoutbatch/"


def log_in(page: Page, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(username)
    page.get_by_role("button", name="Log in").click()


def approve_all(page: Page, username: str) -> None:
    log_in(page, username, BATCHES)
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("approve")
    page.get_by_role("button", name=re.compile("Go|Run")).click()


def test_an_uploaded_csv_approved_by_a_second_person_is_sent_and_settled(
    page: Page, snap: Snap
) -> None:
    log_in(page, "admin", BATCHES + "add/")
    page.locator("input[name=csv_file]").set_input_files(str(CSV))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#payout-totals")).to_contain_text("2050 MXN")
    expect(page.locator("#payout-errors")).to_contain_text("account")
    snap(page, "payout-preview")
    page.get_by_label("Leave out the rows with errors").check()
    page.get_by_role("button", name="Record the batch for approval").click()
    expect(page.locator("#content")).to_contain_text("Awaiting approval")

    approve_all(page, "admin")
    expect(page.locator(".messagelist")).to_contain_text("other than the person who created it")
    approve_all(page, "approver")
    expect(page.locator(".messagelist")).to_contain_text("Approved: sending")
    snap(page, "payout-approved")

    page.goto("/paypro-sandbox/")
    page.get_by_role("button", name="Settle every open payout").click()
    page.goto(BATCHES)
    page.locator("#result_list tbody th a").first.click()
    wait_for_text(page, "Completed")
    content = page.locator("#content")
    expect(content).to_contain_text("approver")
    expect(content).to_contain_text("Succeeded")
    snap(page, "payout-completed")


def wait_for_text(page: Page, text: str, seconds: float = 20.0) -> None:
    """Reload until ``text`` shows: the sandbox notifies from a background thread."""
    deadline = time.monotonic() + seconds
    while text not in page.locator("#content").inner_text():
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never showed")
        time.sleep(0.5)
        page.reload()
