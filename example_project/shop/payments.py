"""How the shop asks django-paypro for a payment, and finds an order's payments."""

from django.db.models import QuerySet

from django_paypro import create_payment
from django_paypro.models import Payment
from shop.models import Country, Order

#: country -> create_payment() argument -> the Order field holding it.
CUSTOMER_FIELDS: dict[Country, dict[str, str]] = {
    Country.MX: {"payer": "name", "email": "email"},
    Country.BR: {"payer": "name", "identity": "cpf"},
    Country.EG: {"payer": "name", "mobile": "mobile", "email": "email"},
}


def start_payment(order: Order, return_url: str) -> Payment:
    """Ask PayPro for a payment of ``order`` with the customer fields its country needs.

    Raises ``PayProValidationError`` before anything is sent when the country refuses the
    input, ``PayProTransportError`` / ``PayProRejected`` after the payment was recorded.
    """
    fields = CUSTOMER_FIELDS[Country(order.country)]
    customer = {arg: getattr(order, attr) for arg, attr in fields.items() if getattr(order, attr)}
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
