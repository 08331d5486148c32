"""An ``ORDER_PAYMENT_HOOK`` as a merchant would write it."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.urls import reverse

from django_paypro import create_payment
from django_paypro.models import Payment
from django_paypro.services.trade_numbers import new_trade_no
from tests.shop.models import Order

OPEN = (Payment.Status.CREATED, Payment.Status.PENDING, Payment.Status.UNKNOWN)


def order_payment(request: HttpRequest, order_id: str) -> Payment | None:
    """Return the order's open payment, creating one the first time."""
    order = Order.objects.filter(number=order_id).first()
    if order is None:
        return None
    payment = Payment.objects.filter(
        order_content_type=ContentType.objects.get_for_model(Order),
        order_object_id=str(order.pk),
        status__in=OPEN,
    ).first()
    if payment is not None:
        return payment
    trade_no = new_trade_no()
    back = request.build_absolute_uri(reverse("paypro:return", args=[trade_no]))
    return create_payment(
        order.total, order=order, reference=order.number, trade_no=trade_no, return_url=back
    )
