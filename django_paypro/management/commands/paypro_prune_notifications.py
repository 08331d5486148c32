"""``manage.py paypro_prune_notifications --days N``: delete old notification records."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from django_paypro.models import Notification


class Command(BaseCommand):
    help = "Delete stored notifications received more than N days ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, required=True)
        parser.add_argument(
            "--keep-failed",
            action="store_true",
            help="Keep notifications that failed or were rejected, whatever their age.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 1:
            raise CommandError("--days must be at least 1")
        old = Notification.objects.filter(
            received_at__lt=timezone.now() - timedelta(days=options["days"])
        )
        if options["keep_failed"]:
            old = old.exclude(
                outcome__in=[Notification.Outcome.FAILED, Notification.Outcome.REJECTED]
            )
        deleted, _ = old.delete()
        self.stdout.write(f"deleted {deleted} notifications older than {options['days']} days")
