"""``manage.py paypro_rollup``: add up closed days for the dashboard (run it every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from django_paypro.services.rollup import roll_up


class Command(BaseCommand):
    help = (
        "Add up every closed day not rolled up yet, and every rolled-up day whose payments, "
        "payouts or notifications changed since, so that the dashboard reads long periods fast."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Forget every roll-up first and add up every day again (after deleting records).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = self.stdout.write if options["verbosity"] > 1 else None
        summary = roll_up(rebuild=options["rebuild"], report=report)
        self.stdout.write(
            f"rolled up {summary.rolled} days; {summary.unchanged} unchanged"
            + (f"; {summary.skipped} taken by another run" if summary.skipped else "")
        )
