"""How the shop asks django-paypro for a payment, and finds an order's payments."""

from django.db.models import QuerySet

from django_paypro import create_payment
from django_paypro.models import Payment
from shop.models import Order

#: create_payment() argument -> the Order field holding it. The same for every country:
#: django-paypro sends each only where the country takes it.
CUSTOMER_FIELDS = {"payer": "name", "email": "email", "mobile": "mobile", "identity": "cpf"}


def start_payment(order: Order, return_url: str) -> Payment:
    """Ask PayPro for a payment of ``order``, passing whatever the customer told us.

    Raises ``PayProValidationError`` before anything is sent when the country refuses the
    input, ``PayProTransportError`` / ``PayProRejected`` after the payment was recorded.
    """
    customer = {
        arg: getattr(order, attr) for arg, attr in CUSTOMER_FIELDS.items() if getattr(order, attr)
    }
    return create_payment(
        order.total,
        country=order.country,
        order=order,
        reference=order.number,
        return_url=return_url,
        remark=f"Order {order.number}",
        **customer,
    )


def payments_of(order: Order) -> QuerySet[Payment]:
    """Return the order's payments, newest first."""
    return Payment.objects.for_order(order)
