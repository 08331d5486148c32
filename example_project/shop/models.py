"""A minimal shop: products, and orders that PayPro payments point to."""

import secrets
from decimal import Decimal

from django.db import models
from django.urls import reverse


class Country(models.TextChoices):
    """Where the customer pays from; decides the currency and how they pay."""

    MX = "MX", "Mexico (payment page)"
    BR = "BR", "Brazil (PIX)"
    EG = "EG", "Egypt (wallet pay-in)"


CURRENCIES = {Country.MX: "MXN", Country.BR: "BRL", Country.EG: "EGP"}


class Product(models.Model):
    name = models.CharField(max_length=100)
    # Whole units: MXN, BRL and EGP amounts are sent to PayPro without decimals.
    price = models.PositiveIntegerField(help_text="In the currency of the country paid from.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def new_order_number() -> str:
    return secrets.token_hex(4).upper()


class Order(models.Model):
    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", "Awaiting payment"
        PAID = "paid", "Paid"
        PARTIALLY_PAID = "partially_paid", "Partially paid"
        FAILED = "failed", "Payment failed"
        NEEDS_REVIEW = "needs_review", "Payment under review"

    number = models.CharField(max_length=16, unique=True, default=new_order_number)
    country = models.CharField(max_length=2, choices=Country.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.AWAITING_PAYMENT
    )
    total = models.DecimalField(max_digits=12, decimal_places=0, default=Decimal(0))
    name = models.CharField("name", max_length=100, blank=True)
    email = models.EmailField(blank=True)
    mobile = models.CharField(max_length=20, blank=True)
    cpf = models.CharField("CPF", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Order {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("shop:order", args=[self.number])

    @property
    def is_waiting(self) -> bool:
        """Return whether the order still waits for (more) money."""
        return self.status in (self.Status.AWAITING_PAYMENT, self.Status.PARTIALLY_PAID)

    @property
    def currency(self) -> str:
        return CURRENCIES[Country(self.country)]


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField()
    price = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product}"

    @property
    def subtotal(self) -> int:
        return self.quantity * self.price
