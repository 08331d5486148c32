"""The endpoint PayPro posts results to (``NOTIFY_URL``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from django_paypro import addresses
from django_paypro.compat import login_not_required
from django_paypro.conf import paypro_setting
from django_paypro.models import Notification
from django_paypro.services.notifications import (
    Receipt,
    Refusal,
    receive_notification,
    refuse_notification,
)

RETRY = "processing failed, please retry"

#: What PayPro is answered, by what became of the delivery (``None``: the service's reason).
ANSWERS: dict[Refusal | str, tuple[int, str | None]] = {
    Notification.Outcome.APPLIED: (200, "OK"),
    Notification.Outcome.UPDATED: (200, "OK"),
    Notification.Outcome.DUPLICATE: (200, "OK"),
    Notification.Outcome.IGNORED: (200, "OK"),
    Notification.Outcome.FAILED: (503, RETRY),
    Notification.Outcome.RECEIVED: (503, RETRY),
    Refusal.MALFORMED: (400, None),
    Refusal.TOO_LARGE: (413, "body too large"),
    Refusal.ADDRESS: (403, None),
    Refusal.SIGNATURE: (403, None),
    Refusal.UNKNOWN_TRADE: (404, None),
}


def client_address(request: HttpRequest) -> str | None:
    """Return the client's address (see :func:`django_paypro.addresses.client_address`)."""
    return addresses.client_address(request)


def _plain_response(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def answer(receipt: Receipt) -> HttpResponse:
    """Return PayPro's answer for ``receipt``, from :data:`ANSWERS`."""
    status, text = ANSWERS[receipt.refusal or receipt.notification.outcome]
    return _plain_response(status, receipt.detail if text is None else text)


# PayPro signs instead of sending a CSRF token; the outcome must be committed before OK is
# answered, so no request-wide transaction; and PayPro never logs in.
@method_decorator([csrf_exempt, transaction.non_atomic_requests], name="dispatch")
@method_decorator(login_not_required, name="dispatch")
class NotificationView(View):
    """Receive a notification: store it, apply it, answer ``OK`` or a 4xx with a reason."""

    http_method_names = ["post"]

    def http_method_not_allowed(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        response = _plain_response(405, "method not allowed: POST only")
        response["Allow"] = "POST"
        return response

    def post(self, request: HttpRequest) -> HttpResponse:
        limit = int(paypro_setting("NOTIFY_MAX_BYTES"))
        body = request.read(limit + 1)
        headers, address = request.headers, client_address(request)
        if len(body) > limit:
            receipt = refuse_notification(
                body, headers=headers, remote_addr=address, refusal=Refusal.TOO_LARGE
            )
        else:
            receipt = receive_notification(body, headers=headers, remote_addr=address)
        return answer(receipt)
