"""React to PayPro's results: mark the order paid, then e-mail the customer."""

from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver

from django_paypro.signals import order_paid


@receiver(order_paid)
def mark_order_paid(sender: Any, payment: Any, order: Any, **kwargs: Any) -> None:
    """Mark the order paid; e-mail the customer once the change is committed."""
    if order is None:  # a payment created without order=
        return
    # Runs inside the transaction that records the payment as paid: if this raises, the
    # payment stays unpaid and PayPro delivers the notification again.
    order.paid = True
    order.save(update_fields=["paid"])
    # An e-mail cannot be rolled back, so send it only after the commit.
    transaction.on_commit(
        lambda: send_mail(
            subject=f"Order {order.pk} is paid",
            message=f"We received {payment.paid_amount} {payment.currency}. Thank you!",
            from_email=None,
            recipient_list=[order.email],
        )
    )
