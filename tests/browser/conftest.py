"""Fixtures of the browser tests: the example shop as a real server, headless Chromium, pages.

Chromium is Debian's ``/usr/bin/chromium``; no browser is ever downloaded. Without it, or
without the ``playwright`` package, the tests are skipped, unless ``PAYPRO_BROWSER_TESTS=required``
(CI) makes that a failure. Screenshots go to ``artifacts/screenshots/``, the server's output to
``artifacts/browser-shop-server.log``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.shop_server import ROOT, Shop, running_shop, unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Return Debian's Chromium, or skip."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (Debian: apt-get install chromium chromium-driver)")
    return CHROMIUM


@pytest.fixture(scope="session")
def shop(chromium_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    """Serve the example shop on a fresh database for the whole session."""
    ARTIFACTS.mkdir(exist_ok=True)
    database = tmp_path_factory.mktemp("shop") / "db.sqlite3"
    with running_shop(database, ARTIFACTS / "browser-shop-server.log") as shop:
        yield shop


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Browser]:
    """Launch headless Chromium once for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, shop: Shop) -> Iterator[Page]:
    """Return a page in a fresh browser context (its own cookies), 10 s default timeouts."""
    context = browser.new_context(base_url=shop.url, viewport={"width": 1000, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def snap(request: pytest.FixtureRequest) -> Callable[[Page, str], None]:
    """Return ``snap(page, step)``: save a full-page screenshot named after the test and step."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test_name = request.node.name

    def take(page: Page, step: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{test_name}-{step}.png"), full_page=True)

    return take
