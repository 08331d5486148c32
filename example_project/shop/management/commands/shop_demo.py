"""``manage.py shop_demo``: demo products, an ``admin``/``admin`` superuser, a week of payments
and the ``approver``/``approver`` staff user who approves the payout batches admin uploads.

The week of payments gives the admin's dashboard something to show on a fresh database: Mexico
mostly paid, Brazil mostly failing (a country to worry about), one payment needing review and a
late success. They are written straight to the database, as history: none is open, so
``paypro_reconcile`` never asks the sandbox about them.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.utils import timezone

from django_paypro.models import Notification, Payment, Payout
from django_paypro.services.rollup import roll_up
from shop.models import Product

PRODUCTS = [
    ("Coffee beans, 1 kg", 180),
    ("Enamel mug", 120),
    ("Hand grinder", 650),
]
DEMO_PREFIX = "DEMO"
#: (country, method, currency, statuses of one day's payments)
DAILY = [
    (
        "MX",
        "page",
        "MXN",
        [Payment.Status.PAID, Payment.Status.PAID, Payment.Status.PAID, Payment.Status.FAILED],
    ),
    ("BR", "payin", "BRL", [Payment.Status.FAILED, Payment.Status.FAILED, Payment.Status.PAID]),
]


#: What the second person needs to review and approve payout batches (and nothing else).
APPROVER_PERMS = ("approve_payout", "view_payoutbatch", "change_payoutbatch", "view_payout")


class Command(BaseCommand):
    help = (
        "Create the demo products, admin/admin, approver/approver and a week of demo payments "
        "(each only if missing)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for name, price in PRODUCTS:
            Product.objects.get_or_create(name=name, defaults={"price": price})
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.com", "admin")
            self.stdout.write("Created the superuser admin.")
        if not Payment.objects.filter(trade_no__startswith=DEMO_PREFIX).exists():
            seed_demo_payments()
            self.stdout.write("Added a week of demo payments for the admin's dashboard.")
        # What a merchant runs every few minutes (cron or a task): long periods read fast.
        rolled = roll_up().rolled
        if rolled:
            self.stdout.write(f"Rolled up {rolled} closed days for the dashboard (paypro_rollup).")
        if not User.objects.filter(username="approver").exists():
            approver = User.objects.create_user("approver", password="approver", is_staff=True)
            approver.user_permissions.add(*Permission.objects.filter(codename__in=APPROVER_PERMS))
            self.stdout.write("Created the staff user approver.")
        self.stdout.write(f"{Product.objects.count()} products in the shop.")
        self.stdout.write(self.style.SUCCESS("Admin login: admin / admin"))
        self.stdout.write(self.style.SUCCESS("Payout approver login: approver / approver"))


def _payment(number: int, days_ago: int, country: str, method: str, currency: str, status: str):
    amount = Decimal(180 + 120 * (number % 3))
    paid = status == Payment.Status.PAID
    when = timezone.now() - timedelta(days=days_ago, hours=number % 5)
    payment = Payment.objects.create(
        trade_no=f"{DEMO_PREFIX}{number:04d}",
        platform_trade_no=f"PFDEMO{number:04d}",
        country=country,
        method=method,
        amount=amount,
        paid_amount=amount if paid else None,
        currency=currency,
        status=status,
        status_code="0000" if paid else "0002",
        reference=f"demo-{number}",
        paid_at=when if paid else None,
    )
    # created_at and updated_at are automatic: put the row back in its day.
    Payment.objects.filter(pk=payment.pk).update(created_at=when, updated_at=when)
    outcome = Notification.Outcome.APPLIED
    note = Notification.objects.create(
        kind=Notification.Kind.PAYMENT, trade_no=payment.trade_no, payment=payment, outcome=outcome
    )
    Notification.objects.filter(pk=note.pk).update(received_at=when, processed_at=when)
    return payment


def seed_demo_payments() -> None:
    """Write seven days of payments, a review case, a late success and two payouts."""
    number = 0
    for days_ago in range(7):
        for country, method, currency, statuses in DAILY:
            for status in statuses:
                number += 1
                _payment(number, days_ago, country, method, currency, status)
    review = _payment(number + 1, 0, "MX", "page", "MXN", Payment.Status.NEEDS_REVIEW)
    review.paid_amount = review.amount - 30
    review.review_reason = "Notified amount differs from the amount owed."
    review.save(update_fields=["paid_amount", "review_reason"])
    late = _payment(number + 2, 1, "MX", "page", "MXN", Payment.Status.PAID)
    Payment.objects.filter(pk=late.pk).update(late_success=True)
    for index, status in enumerate([Payout.Status.SUCCEEDED, Payout.Status.FAILED]):
        Payout.objects.create(
            trade_no=f"{DEMO_PREFIX}W{index}",
            country="MX",
            amount=Decimal(500),
            currency="MXN",
            status=status,
            reference=f"demo-payout-{index}",
        )
