"""System checks of the task backend that sends payouts (``paypro.E030``, ``paypro.E031``).

Caught at deploy time, not after an approval: a payout batch approved while ``TASK_BACKEND``
names no backend would stay ``approved`` with nothing to send it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from django_paypro.conf import paypro_setting


@register(Tags.compatibility, "paypro")
def check_task_backend(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Check that ``TASK_BACKEND`` is defined in ``TASKS`` and takes ``TASK_QUEUE``."""
    tasks = getattr(settings, "TASKS", None)
    if not tasks:
        return []  # Django's immediate backend: payouts are sent inline
    alias, queue = paypro_setting("TASK_BACKEND"), paypro_setting("TASK_QUEUE")
    if alias not in tasks:
        return [
            Error(
                f"PAYPRO['TASK_BACKEND'] is {alias!r}, which TASKS does not define.",
                hint=f"Set it to one of {sorted(tasks)}.",
                id="paypro.E030",
            )
        ]
    queues = tasks[alias].get("QUEUES")
    if queues and queue not in queues:
        return [
            Error(
                f"PAYPRO['TASK_QUEUE'] is {queue!r}, not a queue of task backend {alias!r}.",
                hint=f"Set it to one of {sorted(queues)}, or add it to that backend's QUEUES.",
                id="paypro.E031",
            )
        ]
    return []
