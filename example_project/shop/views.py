"""Checkout, the order page and the small status endpoint the order page polls.

The order page shows what is recorded and nothing else: PayPro's notifications (through the
receivers in ``shop.receivers``) and, for the ones that get lost, ``manage.py paypro_reconcile``
bring the news.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from django_paypro.exceptions import PayProRejected, PayProTransportError, PayProValidationError
from django_paypro.models import Payment
from shop.forms import CheckoutForm
from shop.models import Country, Order, OrderLine, Product
from shop.payments import payments_of, start_payment

#: Prefilled so that a demo checkout is a few clicks; 529.982.247-25 is a valid test CPF.
DEMO_CUSTOMER = {
    "country": Country.MX,
    "name": "Maria Silva",
    "email": "maria@example.com",
    "mobile": "01012345678",
    "cpf": "529.982.247-25",
}

#: Payment statuses in which the customer can still pay (the rest).
PAYABLE = (Payment.Status.PENDING, Payment.Status.PARTIALLY_PAID)


def checkout(request: HttpRequest) -> HttpResponse:
    """Show the products and the checkout form; place the order and start its payment."""
    form = CheckoutForm(request.POST or None, products=Product.objects.all(), initial=DEMO_CUSTOMER)
    if request.method == "POST" and form.is_valid():
        order = place_order(form)
        # Outside any transaction: the payment row must outlive whatever happens to the call,
        # and here the sandbox answering it writes to this same SQLite file.
        try:
            payment = start_payment(order, request.build_absolute_uri(order.get_absolute_url()))
        except PayProValidationError as err:
            # Nothing was sent or recorded: drop the order and let the customer correct it.
            order.delete()
            form.add_paypro_error(err.field, err.rule)
        except (PayProTransportError, PayProRejected) as err:
            report_payment_error(request, err)
            return redirect(order)
        else:
            return go_pay(request, order, payment)
    return render(request, "shop/checkout.html", {"form": form})


@transaction.atomic
def place_order(form: CheckoutForm) -> Order:
    """Create the order and its lines from a valid checkout form."""
    data = form.cleaned_data
    fields = ("country", "name", "email", "mobile", "cpf")
    order = Order.objects.create(**{name: data[name] for name in fields})
    lines = [
        OrderLine(order=order, product=product, quantity=quantity, price=product.price)
        for product, quantity in form.quantities().items()
    ]
    OrderLine.objects.bulk_create(lines)
    order.total = sum(line.subtotal for line in lines)
    order.save(update_fields=["total"])
    return order


def go_pay(request: HttpRequest, order: Order, payment: Payment) -> HttpResponse:
    """Send the customer where they pay: PayPro's page, or the order page with the PIX code."""
    if payment.pay_param or not payment.payment_url:
        return redirect(order)
    # {% paypro_redirect payment %} redirects at once and shows a link should that be blocked.
    return render(request, "shop/pay.html", {"order": order, "payment": payment})


def report_payment_error(request: HttpRequest, err: PayProTransportError | PayProRejected) -> None:
    if isinstance(err, PayProRejected):
        messages.error(request, f"PayPro refused the payment: {err.message}")
    else:
        messages.warning(
            request,
            "PayPro did not answer in time. The payment is being checked; "
            "this page updates when its status is known.",
        )


@require_GET
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    """Show the order and its latest payment; the page polls ``order_status`` while it waits."""
    order = get_object_or_404(Order, number=number)
    payment = payments_of(order).first()
    context = {
        "order": order,
        "lines": order.lines.select_related("product"),
        "payment": payment,
        "can_pay": order.is_waiting and payment is not None and payment.status in PAYABLE,
        "status_now": status_of(order, payment),
    }
    return render(request, "shop/order.html", context)


@require_GET
def order_status(request: HttpRequest, number: str) -> JsonResponse:
    """Return the order's and its latest payment's status, for the order page's polling."""
    order = get_object_or_404(Order, number=number)
    return JsonResponse(status_of(order, payments_of(order).first()))


def status_of(order: Order, payment: Payment | None) -> dict[str, str | None]:
    return {"order": order.status, "payment": payment.status if payment else None}


@require_POST
def pay_again(request: HttpRequest, number: str) -> HttpResponse:
    """Start a new payment for an order whose payment failed."""
    order = get_object_or_404(Order, number=number, status=Order.Status.FAILED)
    order.status = Order.Status.AWAITING_PAYMENT
    order.save(update_fields=["status"])
    try:
        payment = start_payment(order, request.build_absolute_uri(order.get_absolute_url()))
    except (PayProTransportError, PayProRejected) as err:
        report_payment_error(request, err)
        return redirect(order)
    return go_pay(request, order, payment)
