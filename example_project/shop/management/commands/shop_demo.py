"""``manage.py shop_demo``: add the demo products and an ``admin``/``admin`` superuser."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from shop.models import Product

PRODUCTS = [
    ("Coffee beans, 1 kg", 180),
    ("Enamel mug", 120),
    ("Hand grinder", 650),
]


class Command(BaseCommand):
    help = "Create the demo products and the admin user admin/admin (both only if missing)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, price in PRODUCTS:
            Product.objects.get_or_create(name=name, defaults={"price": price})
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.com", "admin")
            self.stdout.write("Created the superuser admin.")
        self.stdout.write(f"{Product.objects.count()} products in the shop.")
        self.stdout.write(self.style.SUCCESS("Admin login: admin / admin"))
