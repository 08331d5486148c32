"""The endpoint PayPro posts results to (``NOTIFY_URL``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from django_paypro import addresses
from django_paypro.conf import paypro_setting
from django_paypro.services.notifications import receive_notification


def client_address(request: HttpRequest) -> str | None:
    """Return the client's address (see :func:`django_paypro.addresses.client_address`)."""
    return addresses.client_address(request)


def _text(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


class NotificationView(View):
    """Receive a notification: answer ``OK`` once recorded, a 4xx with a reason otherwise.

    Exempt from CSRF (PayPro signs instead) and from ``ATOMIC_REQUESTS`` (the outcome must be
    committed before ``OK`` is answered).
    """

    http_method_names = ["post"]

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., HttpResponseBase]:
        # Decorating the view function once, not ``dispatch`` on every request.
        view = super().as_view(**initkwargs)
        return csrf_exempt(transaction.non_atomic_requests(view))

    def http_method_not_allowed(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        response = _text(405, "method not allowed: POST only")
        response["Allow"] = "POST"
        return response

    def post(self, request: HttpRequest) -> HttpResponse:
        limit = int(paypro_setting("NOTIFY_MAX_BYTES"))
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _text(400, "invalid Content-Length")
        if declared > limit:
            return _text(413, "body too large")
        body = request.read(limit + 1)
        if len(body) > limit:
            return _text(413, "body too large")
        receipt = receive_notification(
            body, headers=request.headers, remote_addr=client_address(request)
        )
        return _text(receipt.status, receipt.text)
