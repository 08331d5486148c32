"""Settle what PayPro never notified: query payments and payouts left open too long.

Rows are read in key order, one page at a time, so memory stays flat whatever the table size;
queries to PayPro can run on several threads. Applying goes through the same compare-and-set as
notifications, so two reconcilers (or a reconciler and a notification) never double-apply.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from django_paypro.conf import paypro_setting
from django_paypro.exceptions import PayProError
from django_paypro.models import Payment, Payout
from django_paypro.services.payments import refresh_payment_change
from django_paypro.services.payouts import refresh_payout_change
from django_paypro.services.transitions import OPEN_PAYMENT_STATUSES, OPEN_PAYOUT_STATUSES

logger = logging.getLogger("django_paypro.reconcile")

PAGE_SIZE = 500


@dataclass
class Summary:
    """Counts of what a run looked at and did."""

    checked: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: int = 0
    statuses: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        """Return the one-line summary printed by ``paypro_reconcile``."""
        moved = ", ".join(f"{n} {status}" for status, n in sorted(self.statuses.items()))
        return (
            f"checked {self.checked}, changed {self.changed}"
            + (f" ({moved})" if moved else "")
            + f", unchanged {self.unchanged}, errors {self.errors}"
        )


def open_rows(
    model: type[Payment] | type[Payout],
    statuses: frozenset[str],
    older_than: timedelta,
    page_size: int = PAGE_SIZE,
) -> Iterator[Payment | Payout]:
    """Yield open rows not updated for ``older_than``, one page of keys at a time."""
    cutoff = timezone.now() - older_than
    last_pk = 0
    base = model._default_manager.filter(status__in=statuses, updated_at__lte=cutoff)
    while True:
        page: list[Payment | Payout] = list(base.filter(pk__gt=last_pk).order_by("pk")[:page_size])
        if not page:
            return
        yield from page
        last_pk = page[-1].pk


def _refresh_one(record: Payment | Payout) -> tuple[str, str]:
    """Refresh one record; return (old, new) status as *this* compare-and-set moved it.

    A notification applying the same answer meanwhile wins the write; then nothing moved here.
    """
    if isinstance(record, Payment):
        change = refresh_payment_change(record)
    else:
        change = refresh_payout_change(record)
    if change is None:
        return record.status, record.status
    return change.old_status, change.new_status


def refresh_by_id(model: str, record_id: int) -> str:
    """Refresh the payment or payout (``model``) with ``record_id``; return its status.

    The body of the ``query_record`` task: by id, so the task's arguments are plain JSON.
    """
    classes: dict[str, type[Payment] | type[Payout]] = {"payment": Payment, "payout": Payout}
    record = classes[model]._default_manager.get(pk=record_id)
    return _refresh_one(record)[1]


def enqueue_open(
    *, older_than: timedelta | None = None, payments: bool = True, payouts: bool = True
) -> Summary:
    """Enqueue one ``query_record`` task per open record instead of querying here."""
    from django_paypro.tasks import enqueue_query

    if older_than is None:
        older_than = timedelta(seconds=int(paypro_setting("RECONCILE_GRACE_SECONDS")))
    summary = Summary()
    sources: list[tuple[str, type[Payment] | type[Payout], frozenset[str]]] = []
    if payments:
        sources.append(("payment", Payment, OPEN_PAYMENT_STATUSES))
    if payouts:
        sources.append(("payout", Payout, OPEN_PAYOUT_STATUSES))
    for name, model, statuses in sources:
        for record in open_rows(model, statuses, older_than):
            enqueue_query(name, record.pk)
            summary.checked += 1
    return summary


def reconcile(
    *,
    older_than: timedelta | None = None,
    dry_run: bool = False,
    concurrency: int | None = None,
    payments: bool = True,
    payouts: bool = True,
    report: Callable[[str], None] | None = None,
) -> Summary:
    """Query PayPro about every open payment and payout idle for ``older_than``; apply answers.

    ``dry_run`` only counts what would be queried. ``concurrency`` (default
    ``PAYPRO['RECONCILE_CONCURRENCY']``) is the number of queries in flight at once.
    """
    if older_than is None:
        older_than = timedelta(seconds=int(paypro_setting("RECONCILE_GRACE_SECONDS")))
    grace = older_than
    workers = max(1, int(concurrency or paypro_setting("RECONCILE_CONCURRENCY") or 1))
    rows: list[Iterator[Payment | Payout]] = []
    if payments:
        rows.append(open_rows(Payment, OPEN_PAYMENT_STATUSES, grace))
    if payouts:
        rows.append(open_rows(Payout, OPEN_PAYOUT_STATUSES, grace))
    summary = Summary()
    for iterator in rows:
        if dry_run:
            for record in iterator:
                summary.checked += 1
                if report:
                    report(f"would query {record.trade_no} ({record.status})")
            continue
        _run(iterator, workers, summary, report)
    return summary


def _tally(
    summary: Summary,
    record: Payment | Payout,
    report: Callable[[str], None] | None,
    lock: threading.Lock,
) -> None:
    try:
        old, new = _refresh_one(record)
    except Exception as err:
        # One bad row must not stop the run (nor kill a worker thread and stall the queue).
        log = logger.warning if isinstance(err, PayProError) else logger.exception
        log("reconcile: %s could not be settled: %s", record.trade_no, err)
        line = f"{record.trade_no}: {err}"
        with lock:
            summary.checked += 1
            summary.errors += 1
    else:
        line = f"{record.trade_no}: {old} -> {new}" if old != new else ""
        with lock:
            summary.checked += 1
            if old != new:
                summary.changed += 1
                summary.statuses[new] += 1
            else:
                summary.unchanged += 1
    if report and line:
        report(line)


def _run(
    iterator: Iterator[Payment | Payout],
    workers: int,
    summary: Summary,
    report: Callable[[str], None] | None,
) -> None:
    lock = threading.Lock()
    if workers == 1:
        for record in iterator:
            _tally(summary, record, report, lock)
        return
    # A bounded queue keeps at most 2 x workers rows in memory, whatever the table size.
    jobs: queue.Queue[Payment | Payout | None] = queue.Queue(maxsize=2 * workers)

    def work() -> None:
        try:
            while (record := jobs.get()) is not None:
                _tally(summary, record, report, lock)
        finally:
            connection.close()  # each thread has its own database connection

    threads = [
        threading.Thread(target=work, name=f"paypro-reconcile-{n}", daemon=True)
        for n in range(workers)
    ]
    for thread in threads:
        thread.start()
    for record in iterator:
        jobs.put(record)
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join()
