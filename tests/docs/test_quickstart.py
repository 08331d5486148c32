"""Follow the Quickstart to the letter: its project, run by runserver, ends with a paid order.

The project in ``docs/examples/quickstart`` is the one the Quickstart page shows (every snippet
is included from it). It is copied to a temporary directory, migrated, checked and served on a
free port; a browser's steps are replayed with ``requests``: checkout, the sandbox cashier's
"Pay" button, and the order page that must then say "paid".
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
QUICKSTART = ROOT / "docs" / "examples" / "quickstart"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Project:
    """The Quickstart project copied to ``path``, its settings moved to ``port``."""

    def __init__(self, path: Path, port: int) -> None:
        self.path, self.port = path, port
        self.url = f"http://127.0.0.1:{port}"
        # Same settings, another port: only SITE_URL and what is built from it change.
        (path / "quickstart_test_settings.py").write_text(
            "from mysite.settings import *  # noqa: F403\n"
            f"SITE_URL = {self.url!r}\n"
            "PAYPRO = {**PAYPRO,  # noqa: F405\n"
            "    'BASE_URL': f'{SITE_URL}/paypro-sandbox/mex-pay',\n"
            "    'NOTIFY_URL': f'{SITE_URL}/paypro/notify/'}\n"
        )
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "quickstart_test_settings",
            "PYTHONPATH": os.pathsep.join([str(path), str(ROOT)]),
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout + result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Project:
    target = tmp_path / "quickstart"
    shutil.copytree(QUICKSTART, target, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3"))
    return Project(target, _free_port())


@pytest.fixture
def server(project: Project) -> Iterator[tuple[Project, Path]]:
    project.manage("migrate", "--noinput")
    log = project.path / "runserver.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{project.port}", "--noreload"],
            cwd=project.path,
            env=project.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(project.url + "/checkout/", timeout=2)
                break
            except requests.ConnectionError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield project, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_quickstart_project_passes_the_system_checks(project: Project) -> None:
    output = project.manage("check", "--fail-level", "WARNING")
    assert "no issues" in output


def test_quickstart_project_has_its_migrations(project: Project) -> None:
    project.manage("makemigrations", "--check", "--dry-run", "orders")


def test_following_the_quickstart_ends_with_a_paid_order(server: tuple[Project, Path]) -> None:
    project, log = server
    browser = requests.Session()
    form = browser.get(project.url + "/checkout/", timeout=10)
    token = TOKEN.search(form.text).group(1)
    answer = browser.post(
        project.url + "/checkout/",
        data={"csrfmiddlewaretoken": token, "email": "ana@example.com"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text
    cashier = answer.headers["Location"]
    assert cashier.startswith(project.url + "/paypro-sandbox/cashier/")

    page = browser.get(cashier, timeout=10)
    assert "300" in page.text and "MXN" in page.text
    paid = browser.post(
        cashier,
        data={"csrfmiddlewaretoken": TOKEN.search(page.text).group(1), "action": "pay"},
        allow_redirects=False,
        timeout=10,
    )
    assert paid.status_code == 303, paid.text

    # The sandbox delivers the signed notification from a background thread, at once.
    deadline = time.monotonic() + 20
    while "unpaid" in (status := browser.get(project.url + "/orders/1/", timeout=10).text):
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)
    assert status == "Order 1 (300.00, paid)"
    deadline = time.monotonic() + 10
    while "Subject: Order 1 is paid" not in log.read_text():
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)
    assert "To: ana@example.com" in log.read_text()
