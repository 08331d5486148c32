"""``manage.py shop_demo``: add the demo products, an ``admin``/``admin`` superuser and the
``approver``/``approver`` staff user who approves payout batches the admin uploads."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand

from shop.models import Product

PRODUCTS = [
    ("Coffee beans, 1 kg", 180),
    ("Enamel mug", 120),
    ("Hand grinder", 650),
]


#: What the second person needs to review and approve payout batches (and nothing else).
APPROVER_PERMS = ("approve_payout", "view_payoutbatch", "change_payoutbatch", "view_payout")


class Command(BaseCommand):
    help = "Create the demo products, admin/admin and approver/approver (only if missing)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, price in PRODUCTS:
            Product.objects.get_or_create(name=name, defaults={"price": price})
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.com", "admin")
            self.stdout.write("Created the superuser admin.")
        if not User.objects.filter(username="approver").exists():
            approver = User.objects.create_user("approver", password="approver", is_staff=True)
            approver.user_permissions.add(*Permission.objects.filter(codename__in=APPROVER_PERMS))
            self.stdout.write("Created the staff user approver.")
        self.stdout.write(f"{Product.objects.count()} products in the shop.")
        self.stdout.write(self.style.SUCCESS("Admin login: admin / admin"))
        self.stdout.write(self.style.SUCCESS("Payout approver login: approver / approver"))
