"""Run the example shop as a real server for the browser tests.

The shop runs as ``manage.py runserver --noreload`` in a subprocess, on a free port, with a
fresh SQLite file: the shop, the sandbox and its notification thread work exactly as for a
person trying the shop, outside pytest-django's test transactions.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "example_project"
START_TIMEOUT = 30.0


def unavailable(reason: str) -> NoReturn:
    """Skip the browser tests for ``reason``, or fail when the environment requires them."""
    if os.environ.get("PAYPRO_BROWSER_TESTS") == "required":
        pytest.fail(f"browser tests are required (PAYPRO_BROWSER_TESTS) but {reason}")
    pytest.skip(reason, allow_module_level=True)


@dataclass(frozen=True)
class Shop:
    """The running example shop: its URL, and ``manage.py`` in the server's environment."""

    url: str
    env: dict[str, str]

    def manage(self, *args: str) -> str:
        """Run a management command against the server's database; return its output."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=EXAMPLE,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode:
            pytest.fail(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout


@contextmanager
def running_shop(database: Path, log: Path) -> Iterator[Shop]:
    """Migrate ``database``, add the demo data, and serve the shop until the block ends."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        # pytest-django exported tests.settings; the server uses the example's own settings.
        "DJANGO_SETTINGS_MODULE": "shop_site.settings",
        "SHOP_BASE_URL": url,
        "SHOP_DB": str(database),
        "PYTHONUNBUFFERED": "1",
    }
    shop = Shop(url=url, env=env)
    shop.manage("migrate", "--noinput", "--verbosity", "0")
    shop.manage("shop_demo")
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=EXAMPLE,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_serving(url + "/", server, log)
            yield shop
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the shop server exited with {server.returncode}:\n{log.read_text()}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the shop server did not answer at {url} within {START_TIMEOUT} s")
