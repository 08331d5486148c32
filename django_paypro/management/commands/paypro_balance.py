"""``manage.py paypro_balance``: print the merchant balance at PayPro."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from django_paypro.accounts import default_country
from django_paypro.countries import get_profile
from django_paypro.exceptions import PayProError
from django_paypro.services.balance import get_balance


class Command(BaseCommand):
    help = "Print the available, frozen and unsettled balance at PayPro."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--country", default=None, help="Default: PAYPRO['COUNTRY'].")

    def handle(self, *args: Any, **options: Any) -> None:
        country = (options["country"] or default_country()).upper()
        try:
            balance = get_balance(country)
        except PayProError as err:
            raise CommandError(f"PayPro could not tell the balance: {err}") from err
        currency = get_profile(country).currency
        for label, value in (
            ("available", balance.available),
            ("frozen", balance.frozen),
            ("unsettled", balance.unsettled),
        ):
            self.stdout.write(f"{label:<10} {value} {currency}")
