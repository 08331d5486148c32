"""Deliver notifications to ``notifyUrl`` on PayPro's retry schedule.

The first attempt is due at once; a delivery that is not answered ``200 OK`` with the body
``OK`` is retried after 2 s, 5 s, 10 s, 30 s, 1 h, 3 h, 3 h and 3 h (nine attempts in all), each
delay multiplied by ``PAYPRO["SANDBOX_RETRY_SCALE"]``.

Three ways to run it, all safe together because an attempt is claimed by one atomic update:
:func:`deliver_due` (tests call it directly), the ``paypro_sandbox_deliver`` command, and a
daemon thread started by :func:`wake` so that ``runserver`` alone is enough in development.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import requests
from django.db import close_old_connections, connections
from django.utils import timezone

from django_paypro.sandbox.guard import background_delivery_enabled, retry_scale
from django_paypro.sandbox.models import DeliveryAttempt, SandboxNotification

logger = logging.getLogger("django_paypro.sandbox")

#: Seconds to wait before each retry, after attempt 1, 2, ... 8 failed.
RETRY_DELAYS = (2, 5, 10, 30, 3600, 3 * 3600, 3 * 3600, 3 * 3600)
MAX_ATTEMPTS = 1 + len(RETRY_DELAYS)
TIMEOUT = (5.0, 10.0)
ANSWER_MAX_CHARS = 2000
POLL_SECONDS = 2.0
#: An attempt claimed this long ago and still unfinished was abandoned by a process that died
#: mid-POST (well past TIMEOUT): it is closed as such and the next one scheduled.
ABANDONED_AFTER = timedelta(seconds=60)


def schedule(notification: SandboxNotification, *, now: datetime | None = None) -> None:
    """Make the first attempt of ``notification`` due now, unless it is to be dropped."""
    if notification.dropped:
        return
    DeliveryAttempt.objects.create(
        notification=notification, number=1, scheduled_at=now or timezone.now()
    )


def deliver_due(now: datetime | None = None) -> int:
    """Deliver every attempt due at ``now`` (default: the current time); return how many.

    ``now`` is the clock of the schedule: retries are planned from it, so a test can step
    through the whole schedule without sleeping.
    """
    clock: Callable[[], datetime] = (lambda: now) if now is not None else timezone.now
    _close_abandoned(clock)
    delivered = 0
    while True:
        due = list(
            DeliveryAttempt.objects.filter(
                sent_at__isnull=True, scheduled_at__lte=clock(), notification__dropped=False
            ).values_list("pk", flat=True)[:100]
        )
        if not due:
            return delivered
        for pk in due:
            started = clock()
            if DeliveryAttempt.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=started):
                _attempt(
                    DeliveryAttempt.objects.select_related("notification__trade").get(pk=pk), clock
                )
                delivered += 1


def next_due_in(now: datetime | None = None) -> float | None:
    """Return seconds until the next attempt is due (0 if overdue), or ``None`` if none waits."""
    pending = DeliveryAttempt.objects.filter(
        sent_at__isnull=True, notification__dropped=False
    ).order_by("scheduled_at")
    first = pending.values_list("scheduled_at", flat=True).first()
    if first is None:
        return None
    return max((first - (now or timezone.now())).total_seconds(), 0.0)


def _attempt(attempt: DeliveryAttempt, clock: Callable[[], datetime]) -> None:
    notification = attempt.notification
    url = notification.trade.notify_url
    try:
        response = requests.post(
            url,
            data=json.dumps(notification.body).encode("utf-8"),
            headers={"Content-Type": "application/json", "User-Agent": "django-paypro-sandbox"},
            timeout=TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as err:
        attempt.error = f"{type(err).__name__}: {err}"[:300]
    else:
        attempt.http_status = response.status_code
        attempt.answer = response.text[:ANSWER_MAX_CHARS]
    attempt.finished_at = clock()
    attempt.save(update_fields=["http_status", "answer", "error", "finished_at"])
    _follow_up(attempt)
    logger.info(
        "sandbox notification %s attempt %s to %s: %s",
        notification.pk,
        attempt.number,
        url,
        attempt.http_status or attempt.error,
    )


def _follow_up(attempt: DeliveryAttempt) -> None:
    """Record an acknowledgement, or schedule the next attempt on PayPro's schedule."""
    assert attempt.finished_at is not None
    if attempt.succeeded:
        SandboxNotification.objects.filter(pk=attempt.notification_id).update(acknowledged=True)
    elif attempt.number < MAX_ATTEMPTS:
        delay = RETRY_DELAYS[attempt.number - 1] * retry_scale()
        DeliveryAttempt.objects.get_or_create(
            notification_id=attempt.notification_id,
            number=attempt.number + 1,
            defaults={"scheduled_at": attempt.finished_at + timedelta(seconds=delay)},
        )


def _close_abandoned(clock: Callable[[], datetime]) -> None:
    """Close attempts whose delivering process died mid-POST, and schedule their follow-up."""
    now = clock()
    stale = DeliveryAttempt.objects.filter(
        sent_at__lte=now - ABANDONED_AFTER, finished_at__isnull=True
    ).values_list("pk", flat=True)[:100]
    for pk in list(stale):
        closed = DeliveryAttempt.objects.filter(pk=pk, finished_at__isnull=True).update(
            finished_at=now, error="abandoned: the delivering process stopped mid-request"
        )
        if closed:
            _follow_up(DeliveryAttempt.objects.get(pk=pk))


# The background worker: one daemon thread per process, woken when something is scheduled.
_lock = threading.Lock()
_wake_event = threading.Event()
_stop_event = threading.Event()
_worker: threading.Thread | None = None


def wake() -> None:
    """Have the background worker look for due attempts now (if background delivery is on)."""
    if background_delivery_enabled():
        ensure_worker()
        _wake_event.set()


def ensure_worker() -> None:
    """Start the background delivery thread of this process unless it runs already."""
    global _worker
    with _lock:
        if _worker is not None and _worker.is_alive():
            return
        _stop_event.clear()
        _worker = threading.Thread(target=_run, name="paypro-sandbox-delivery", daemon=True)
        _worker.start()


def stop_worker(timeout: float = 10.0) -> None:
    """Stop the background thread and wait for it (tests; a process exit needs no call)."""
    global _worker
    with _lock:
        worker, _worker = _worker, None
    if worker is not None:
        _stop_event.set()
        _wake_event.set()
        worker.join(timeout)


def _run() -> None:
    while not _stop_event.is_set():
        _wake_event.clear()
        wait = POLL_SECONDS
        close_old_connections()
        try:
            deliver_due()
            upcoming = next_due_in()
            if upcoming is not None:
                wait = min(upcoming, POLL_SECONDS)
        except Exception:
            # A broken database or setting must not kill the worker; it tries again later.
            logger.exception("PayPro sandbox delivery failed")
        finally:
            close_old_connections()
        _wake_event.wait(wait)
    connections.close_all()
