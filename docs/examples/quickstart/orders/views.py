"""Checkout: create an order and its payment, send the customer to PayPro's cashier."""

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_http_methods

from django_paypro import create_payment
from django_paypro.exceptions import PayProError
from orders.models import Order

FORM = """<form method="post">
<input type="hidden" name="csrfmiddlewaretoken" value="{token}">
<input type="email" name="email" value="ana@example.com">
<button>Pay 300 MXN</button>
</form>"""


@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    """Show a pay button; on POST create the order and its payment and go to the cashier."""
    if request.method == "GET":
        return HttpResponse(FORM.format(token=get_token(request)))
    order = Order.objects.create(email=request.POST["email"], total=Decimal(300))
    return_url = request.build_absolute_uri(reverse("order-detail", args=[order.pk]))
    try:
        payment = create_payment(
            order.total, order=order, reference=str(order.pk), return_url=return_url
        )
    except PayProError as err:
        # The payment is recorded even so; paypro_reconcile settles it if it was created.
        return HttpResponse(f"PayPro could not start the payment: {escape(err)}", status=502)
    return redirect(payment.payment_url)


def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show whether the order is paid (the cashier's "back to the shop" link lands here)."""
    order = get_object_or_404(Order, pk=pk)
    return HttpResponse(escape(str(order)))
