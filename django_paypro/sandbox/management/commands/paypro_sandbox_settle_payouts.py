"""``manage.py paypro_sandbox_settle_payouts``: settle (or fail) every open sandbox payout."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from django_paypro.sandbox.bulk import settle_open_payouts


class Command(BaseCommand):
    help = "Settle every processing payout in the sandbox and notify the merchant of each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fail", action="store_true", help="Fail them instead.")
        parser.add_argument("--country", default=None, help="Only this country's payouts.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = "fail" if options["fail"] else "settle"
        count = settle_open_payouts(action=action, country=options["country"])
        self.stdout.write(f"{action}: {count} payouts")
