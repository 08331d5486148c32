"""Deliver the sandbox's due notifications, once or in a loop."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from django_paypro.sandbox.delivery import POLL_SECONDS, deliver_due


class Command(BaseCommand):
    help = (
        "Send the PayPro sandbox's notifications that are due to their notifyUrl "
        "(for setups that turn off PAYPRO['SANDBOX_BACKGROUND_DELIVERY'])."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running until interrupted.")
        parser.add_argument(
            "--interval",
            type=float,
            default=POLL_SECONDS,
            help="Seconds between two looks when looping (default %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            sent = deliver_due()
            if sent or options["verbosity"] > 1:
                self.stdout.write(f"Delivered {sent} notification attempt(s).")
            if not options["loop"]:
                return
            time.sleep(options["interval"])
