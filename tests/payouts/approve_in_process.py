"""Approve one batch from a process of its own; ``test_limits.py`` races two of them.

``python -m tests.payouts.approve_in_process BATCH_ID USERNAME PER_DAY READY GO`` with the
settings of ``worker_settings.py``: it prepares, touches ``READY``, waits until ``GO`` exists,
then approves with ``PER_DAY`` as the MX limit and prints the batch's status.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import django


def main(batch_id: str, username: str, per_day: str, ready: str, go: str) -> None:
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test.utils import override_settings

    from django_paypro.models import PayoutBatch
    from django_paypro.services.approval import approve_batch

    batch = PayoutBatch.objects.get(pk=batch_id)
    user = get_user_model().objects.get(username=username)
    limits = {**settings.PAYPRO, "PAYOUT_LIMITS": {"MX": {"PER_DAY": per_day}}}
    Path(ready).touch()
    while not Path(go).exists():
        time.sleep(0.005)
    with override_settings(PAYPRO=limits):
        print(approve_batch(batch, user).status)


if __name__ == "__main__":
    main(*sys.argv[1:])
