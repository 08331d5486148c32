"""The customer's side of a payment: go to PayPro, come back, see the result.

``pay/<order_id>/`` (``paypro:pay``) asks the merchant's hook for the order's payment and sends
the customer on: a 302 to PayPro's hosted page, or a page with the PIX QR code.

``return/<trade_no>/`` (``paypro:return``) is where PayPro sends the customer back. It is public
(also under ``LoginRequiredMiddleware``, like every view here): the customer's browser reaches
it without logging in, and the trade number in the path is the only key. So it never trusts its
query string (PayPro and customers append status-like parameters; they are ignored) and shows
nothing but what is recorded: the status, amount and currency. Default trade numbers end in 40
random bits, and no personal or order data is shown, so guessing one reveals little. While the
payment is open it asks PayPro, at most once per ``PAYPRO['RETURN_PAGE_REFRESH_SECONDS']`` per
payment however many pages are open (see :mod:`django_paypro.services.return_page`), and polls
``status/<trade_no>/`` (``paypro:status``), a small JSON view with the same rules, to update
itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from django_paypro.compat import login_not_required
from django_paypro.conf import paypro_setting
from django_paypro.exceptions import PayProConfigurationError, PayProError
from django_paypro.models import Payment
from django_paypro.services.return_page import refresh_if_due, safe_payment_url
from django_paypro.services.transitions import AWAITING_PAYMENT_STATUSES

logger = logging.getLogger("django_paypro.checkout")

__all__ = ["PayView", "ReturnView", "StatusView", "order_payment_hook"]

OrderPaymentHook = Callable[[HttpRequest, str], "Payment | None"]

#: status -> (title, message) shown to the customer on the return page
STATUS_MESSAGES: dict[str, tuple[Any, Any]] = {
    Payment.Status.CREATED: (
        _("Waiting for your payment"),
        _("We have not heard from PayPro yet. This page updates by itself."),
    ),
    Payment.Status.PENDING: (
        _("Waiting for your payment"),
        _("As soon as PayPro confirms your payment, this page updates by itself."),
    ),
    Payment.Status.UNKNOWN: (
        _("Checking your payment"),
        _("We are checking the state of your payment with PayPro. This page updates by itself."),
    ),
    Payment.Status.PAID: (
        _("Thank you, your payment was received"),
        _("Your payment is confirmed. You can close this page."),
    ),
    Payment.Status.PARTIALLY_PAID: (
        _("Part of your payment was received"),
        _("We received only part of the amount. We will contact you about the rest."),
    ),
    Payment.Status.FAILED: (
        _("Your payment did not go through"),
        _("The payment was not completed. You can try again or choose another way to pay."),
    ),
    Payment.Status.NEEDS_REVIEW: (
        _("We are checking your payment"),
        _("Your payment arrived and is being checked by our team. We will contact you soon."),
    ),
}

#: the first delay between two polls of the status endpoint, in milliseconds
POLL_MS = 3000


def order_payment_hook() -> OrderPaymentHook | None:
    """Return the callable set in ``PAYPRO['ORDER_PAYMENT_HOOK']``, or ``None`` if unset.

    The hook is the merchant's: ``hook(request, order_id) -> Payment | None``. It checks that
    the request may pay that order, and returns its open payment, creating one with
    ``create_payment(..., order=order)`` when there is none (it should not create a new payment
    on every load). ``None`` answers 404; it may also raise ``Http404`` or ``PermissionDenied``.
    To bring the customer back to ``paypro:return``, choose the trade number first::

        def order_payment(request, order_id):
            order = get_object_or_404(Order, number=order_id, customer=request.user)
            open_payment = ...  # the order's created/pending/unknown payment, if any
            if open_payment:
                return open_payment
            trade_no = new_trade_no()  # django_paypro.services.trade_numbers
            back = request.build_absolute_uri(reverse("paypro:return", args=[trade_no]))
            return create_payment(order.total, order=order, trade_no=trade_no, return_url=back)
    """
    value = paypro_setting("ORDER_PAYMENT_HOOK")
    if not value:
        return None
    if callable(value):
        return value
    try:
        return import_string(str(value))
    except ImportError as err:
        raise PayProConfigurationError(
            f"PAYPRO['ORDER_PAYMENT_HOOK'] {value!r} cannot be imported"
        ) from err


def _return_url(payment: Payment) -> str:
    return reverse("paypro:return", args=[payment.trade_no])


def _page_context(payment: Payment) -> dict[str, Any]:
    title, message = STATUS_MESSAGES.get(payment.status, STATUS_MESSAGES[Payment.Status.UNKNOWN])
    return {
        "payment": payment,
        "status_title": title,
        "status_message": message,
        "is_open": payment.status in AWAITING_PAYMENT_STATUSES,
        "status_url": reverse("paypro:status", args=[payment.trade_no]),
        "return_url": _return_url(payment),
        "poll_ms": POLL_MS,
    }


@method_decorator(login_not_required, name="dispatch")
@method_decorator(never_cache, name="dispatch")
class PayView(View):
    """Send the customer to the payment of an order found by ``ORDER_PAYMENT_HOOK``."""

    # GET only: a HEAD from a link checker must not make the hook create a payment.
    http_method_names = ["get"]
    template_name = "django_paypro/pay.html"
    error_template_name = "django_paypro/pay_error.html"

    def get(self, request: HttpRequest, order_id: str) -> HttpResponse:
        hook = order_payment_hook()
        if hook is None:
            logger.error("paypro:pay used but PAYPRO['ORDER_PAYMENT_HOOK'] is not set")
            raise Http404("Set PAYPRO['ORDER_PAYMENT_HOOK'] to use the paypro:pay view.")
        try:
            payment = hook(request, order_id)
        except PayProError as err:
            payment = getattr(err, "record", None)
            logger.warning("payment for order %s could not be started: %s", order_id, err)
            if not isinstance(payment, Payment):
                return render(request, self.error_template_name, status=502)
        if payment is None:
            raise Http404("No payment for this order.")
        return self.answer(request, payment)

    def answer(self, request: HttpRequest, payment: Payment) -> HttpResponse:
        """Return the redirect or page that lets the customer pay ``payment``."""
        if payment.status in AWAITING_PAYMENT_STATUSES:
            url = safe_payment_url(payment)
            if url:
                return HttpResponseRedirect(url)
            if payment.pay_param:
                return render(request, self.template_name, _page_context(payment))
        return HttpResponseRedirect(_return_url(payment))


@method_decorator(login_not_required, name="dispatch")
@method_decorator(never_cache, name="dispatch")
class ReturnView(View):
    """Show the recorded status of a payment to the customer coming back from PayPro."""

    http_method_names = ["get", "head"]
    template_name = "django_paypro/return.html"

    def get(self, request: HttpRequest, trade_no: str) -> HttpResponse:
        # Only the path identifies the payment; anything in the query string is ignored.
        payment = refresh_if_due(get_object_or_404(Payment, trade_no=trade_no))
        return render(request, self.template_name, _page_context(payment))


def status_data(payment: Payment) -> dict[str, Any]:
    """Return what the status endpoint tells anyone holding the trade number, and no more."""
    return {
        "trade_no": payment.trade_no,
        "status": payment.status,
        "status_display": str(payment.get_status_display()),
        "paid": payment.status == Payment.Status.PAID,
        "amount": str(payment.amount),
        "currency": payment.currency,
        "updated_at": payment.updated_at.isoformat() if payment.updated_at else None,
    }


@method_decorator(login_not_required, name="dispatch")
@method_decorator(never_cache, name="dispatch")
class StatusView(View):
    """Answer the payment's status as JSON, asking PayPro under the return page's throttle."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, trade_no: str) -> HttpResponse:
        payment = refresh_if_due(get_object_or_404(Payment, trade_no=trade_no))
        return JsonResponse(status_data(payment))
