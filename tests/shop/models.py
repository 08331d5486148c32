"""A tiny merchant app for the tests: an order that payments point to."""

from decimal import Decimal

from django.db import models


class Order(models.Model):
    number = models.CharField(max_length=32, unique=True)
    total = models.DecimalField(max_digits=18, decimal_places=2, default=Decimal(0))
    paid = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.number
