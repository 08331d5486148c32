"""What the shop does when django-paypro reports a payment's outcome.

Each signal fires once per change of status, inside the transaction that records it, whether
the news came from a notification, a query, ``paypro_reconcile`` or the admin. ``order`` is the
object given to ``create_payment(order=...)``.
"""

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from django_paypro.models import Payment
from django_paypro.signals import (
    order_paid,
    payment_failed,
    payment_needs_review,
    payment_partially_paid,
)
from shop.models import Order


def _set_status(order: Any, status: Order.Status, **changes: Any) -> None:
    if not isinstance(order, Order) or order.status == Order.Status.PAID:
        return  # not one of ours, or already paid: another payment's news changes nothing
    order.status = status
    for name, value in changes.items():
        setattr(order, name, value)
    order.save(update_fields=["status", *changes])


@receiver(order_paid)
def mark_paid(sender: type[Payment], payment: Payment, order: Any, **kwargs: Any) -> None:
    _set_status(order, Order.Status.PAID, paid_at=payment.paid_at or timezone.now())


@receiver(payment_failed)
def mark_failed(sender: type[Payment], payment: Payment, order: Any, **kwargs: Any) -> None:
    _set_status(order, Order.Status.FAILED)


@receiver(payment_partially_paid)
def mark_partially_paid(sender: type[Payment], payment: Payment, order: Any, **kwargs: Any) -> None:
    _set_status(order, Order.Status.PARTIALLY_PAID)


@receiver(payment_needs_review)
def mark_needs_review(sender: type[Payment], payment: Payment, order: Any, **kwargs: Any) -> None:
    _set_status(order, Order.Status.NEEDS_REVIEW)
