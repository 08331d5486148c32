"""Worker processes that post one notification each, for tests about real processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

# Each worker: set up Django on the test database, wait for the "go" file (so that all start
# together), post the body read from stdin, print the answer. On order_paid it either dies on
# the spot (os._exit: no cleanup, no rollback, no answer) or appends its pid to a log file.
WORKER = """
import os, sys, time
from pathlib import Path
import django
from django.conf import settings
settings.DATABASES["default"]["NAME"] = os.environ["PAYPRO_WORKER_DB"]
django.setup()
from django.test import Client
from django_paypro import signals

def on_paid(sender, **kwargs):
    if os.environ["PAYPRO_WORKER_MODE"] == "die":
        os._exit(17)
    with open(os.environ["PAYPRO_WORKER_DIR"] + "/sent", "a") as log:
        log.write(f"{os.getpid()}\\n")

signals.order_paid.connect(on_paid, weak=False)
body = sys.stdin.read()
folder = Path(os.environ["PAYPRO_WORKER_DIR"])
(folder / f"ready-{os.getpid()}").touch()
while not (folder / "go").exists():
    time.sleep(0.005)
response = Client().post("/paypro/notify/", data=body, content_type="application/json")
print(response.status_code, response.content.decode())
"""


def start_workers(body: str, count: int, folder: Path, *, mode: str) -> list[subprocess.Popen]:
    """Start ``count`` workers on the current test database, released together; return them."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(ROOT),
        "PAYPRO_WORKER_DB": str(connection.settings_dict["NAME"]),
        "PAYPRO_WORKER_DIR": str(folder),
        "PAYPRO_WORKER_MODE": mode,
    }
    (folder / "body.json").write_text(body)
    workers = []
    for _ in range(count):
        with (folder / "body.json").open() as stdin:
            workers.append(
                subprocess.Popen(
                    [sys.executable, "-c", WORKER],
                    stdin=stdin,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=env,
                    cwd=ROOT,
                )
            )
    deadline = time.monotonic() + 120
    while len(list(folder.glob("ready-*"))) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    (folder / "go").touch()
    return workers


def finish(workers: list[subprocess.Popen]) -> list[tuple[int, str]]:
    """Wait for ``workers``; return each one's exit code and output."""
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        results.append((worker.returncode, out.strip() or err[-2000:]))
    return results
