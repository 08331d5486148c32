"""The shop's own order: django-paypro links payments to it, it knows nothing of PayPro."""

from django.db import models


class Order(models.Model):
    email = models.EmailField()
    total = models.DecimalField(max_digits=12, decimal_places=2)
    paid = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Order {self.pk} ({self.total}, {'paid' if self.paid else 'unpaid'})"
