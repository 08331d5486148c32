"""Settings of the worker processes started by ``test_workers.py``.

The test's own settings, on the test's database (``PAYPRO_WORKER_DB_NAME``), talking to the
test's fake PayPro (``PAYPRO_WORKER_BASE_URL``), with the task backend it names.
"""

import os

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES, INSTALLED_APPS, PAYPRO

DATABASES["default"]["NAME"] = os.environ["PAYPRO_WORKER_DB_NAME"]
INSTALLED_APPS = [*INSTALLED_APPS, "django_rq", "django_tasks_rq"]
PAYPRO = {
    **PAYPRO,
    "BASE_URL": os.environ["PAYPRO_WORKER_BASE_URL"],
    "TIMEOUT": (1.0, 1.0),
    "TASK_QUEUE": "paypro-tests",
}
from tests.payouts.task_backends import RQ_QUEUES, TASKS_BY_NAME  # noqa: E402

TASKS = TASKS_BY_NAME[os.environ["PAYPRO_WORKER_BACKEND"]]
__all__ = ["RQ_QUEUES", "TASKS"]
