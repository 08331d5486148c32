"""``manage.py paypro_reconcile``: settle payments and payouts PayPro never notified."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from django_paypro.conf import paypro_setting
from django_paypro.services.dispatch import enqueue_waiting
from django_paypro.services.reconcile import enqueue_open, reconcile


class Command(BaseCommand):
    help = "Query PayPro about payments and payouts still open after a grace period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="SECONDS",
            help="Only rows idle this long (default PAYPRO['RECONCILE_GRACE_SECONDS']).",
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=None,
            help="Queries in flight at once (default PAYPRO['RECONCILE_CONCURRENCY']).",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue one query task per record on PAYPRO['TASK_BACKEND'] instead.",
        )
        parser.add_argument("--dry-run", action="store_true", help="List, query nothing.")
        parser.add_argument("--payments-only", action="store_true")
        parser.add_argument("--payouts-only", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = options["older_than"]
        if seconds is None:
            seconds = int(paypro_setting("RECONCILE_GRACE_SECONDS"))
        verbose = options["verbosity"] > 1 or options["dry_run"]
        if not options["dry_run"] and not options["payments_only"]:
            waiting = enqueue_waiting(timedelta(seconds=seconds))
            if waiting:
                self.stdout.write(f"enqueued {waiting} approved payouts still waiting to be sent")
        if options["enqueue"] and not options["dry_run"]:
            queued = enqueue_open(
                older_than=timedelta(seconds=seconds),
                payments=not options["payouts_only"],
                payouts=not options["payments_only"],
            )
            self.stdout.write(f"enqueued {queued.checked} queries")
            return
        summary = reconcile(
            older_than=timedelta(seconds=seconds),
            dry_run=options["dry_run"],
            concurrency=options["concurrency"],
            payments=not options["payouts_only"],
            payouts=not options["payments_only"],
            report=self.stdout.write if verbose else None,
        )
        prefix = "dry run: " if options["dry_run"] else ""
        self.stdout.write(prefix + summary.line())
