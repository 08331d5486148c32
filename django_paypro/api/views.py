"""Views of the payment API: create a payment, read it (and optionally refresh it).

Answers of ``POST payments/``:

- **201 Created** — PayPro accepted the payment: ``payment_url`` (hosted page) or ``pay_param``
  (PIX code) is there to show the customer. ``Location`` points to the payment.
- **400 Bad Request** — ``{field: [reason]}``: a malformed field, or one the country refuses
  (decimals, range, mobile, CPF...). Nothing was recorded or sent.
- **202 Accepted** — the payment is recorded but PayPro's answer was lost or unclear (network
  error, timeout, code 5000): its ``status`` is ``unknown`` and reconciliation settles it. The
  body is the payment plus ``detail``; poll ``Location`` (``?refresh=1``) for the outcome. Not an
  error: PayPro may well have created it, so the client must not simply try again.
- **422 Unprocessable Content** — the payment is recorded but PayPro refused it (code 8000...):
  its ``status`` is ``failed``, the body is the payment plus ``detail`` and ``paypro_code``. An
  error the client shows; a new attempt is a new payment.

Both 202 and 422 carry the whole payment, ``trade_no`` included, because the record exists and
the client may need to refer to it. ``GET payments/<trade_no>/`` answers 200 with the same
representation, or 404.

Who may call: see :mod:`django_paypro.api.access`. By default only staff create payments, and
a user reads (and refreshes) only the payments ``PAYPRO["API_VISIBLE_PAYMENTS"]`` lets them see:
all for staff, none for anyone else; others get 404, as if the payment did not exist. The views
authenticate for themselves, so they stay reachable under ``LoginRequiredMiddleware`` (token
clients have no session). To attach the merchant's
order, subclass :class:`PaymentCreateView` and override ``perform_create`` to call
``serializer.save(order=...)``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.decorators import method_decorator
from rest_framework import generics
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission, IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.serializers import BaseSerializer

from django_paypro.api.access import (
    CREATE_PERMISSION_CLASSES,
    authentication_classes,
    permission_classes,
    visible_payments,
)
from django_paypro.api.schema import (
    DocumentedSchema,
    payment_create_schema,
    payment_read_schema,
    payout_read_schema,
)
from django_paypro.api.serializers import (
    PaymentCreateSerializer,
    PaymentProblemSerializer,
    PaymentSerializer,
    PayoutSerializer,
)
from django_paypro.compat import login_not_required
from django_paypro.conf import paypro_setting
from django_paypro.exceptions import PayProRejected, PayProTransportError
from django_paypro.models import Payment, Payout
from django_paypro.services.payments import refresh_payment

__all__ = ["PayProAPIView", "PaymentCreateView", "PaymentDetailView", "PayoutDetailView"]

UNKNOWN_DETAIL = (
    "The payment is recorded but PayPro's answer was lost or unclear, so its outcome is "
    "unknown until PayPro is asked again. Poll this payment; do not create another one."
)
REFRESH_FAILED_DETAIL = "PayPro could not be asked just now; this is the last known status."
#: Statuses no answer from PayPro can change any more: refreshing them is pointless.
SETTLED = frozenset({Payment.Status.PAID, Payment.Status.NEEDS_REVIEW})
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


@method_decorator(login_not_required, name="dispatch")
class PayProAPIView(generics.GenericAPIView):
    """Base of the API views: authentication and permissions from ``PAYPRO``, per request."""

    def get_authenticators(self) -> list[BaseAuthentication]:
        return [cls() for cls in authentication_classes()]

    def get_permissions(self) -> list[BasePermission]:
        return [cls() for cls in permission_classes()]

    def represent(
        self, payment: Payment, *, http_status: int = 200, detail: str = "", paypro_code: str = ""
    ) -> Response:
        """Answer with ``payment``, adding ``detail`` and ``paypro_code`` when ``detail`` is set."""
        context = self.get_serializer_context()
        if detail:
            problem = {**context, "detail": detail, "paypro_code": paypro_code}
            data = PaymentProblemSerializer(payment, context=problem).data
        else:
            data = PaymentSerializer(payment, context=context).data
        return Response(data, status=http_status, headers=self.location(payment))

    def location(self, payment: Payment) -> dict[str, str]:
        """Return the ``Location`` header of ``payment``'s detail URL (none if not routed)."""
        match = self.request.resolver_match
        namespace = match.namespace if match is not None and match.namespace else "paypro-api"
        try:
            url = reverse(
                f"{namespace}:payment-detail",
                kwargs={"trade_no": payment.trade_no},
                request=self.request,
            )
        except NoReverseMatch:
            return {}
        return {"Location": url}


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class PaymentCreateView(PayProAPIView):
    """``POST payments/``: create a payment (see the module docstring for the answers).

    Not wrapped in ``ATOMIC_REQUESTS``: the payment row must be committed before PayPro is
    called, so that it survives whatever PayPro answers and a fast notification finds it.
    """

    serializer_class = PaymentCreateSerializer
    schema = DocumentedSchema(payment_create_schema)

    def get_permissions(self) -> list[BasePermission]:
        return [cls() for cls in permission_classes(CREATE_PERMISSION_CLASSES)]

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            payment = self.perform_create(serializer)
        except PayProTransportError as err:
            if not isinstance(err.record, Payment):
                raise
            return self.represent(err.record, http_status=202, detail=UNKNOWN_DETAIL)
        except PayProRejected as err:
            if not isinstance(err.record, Payment):
                raise
            return self.represent(
                err.record,
                http_status=422,
                detail=f"PayPro refused the payment ({err.code}): {err.message}",
                paypro_code=err.code,
            )
        return self.represent(payment, http_status=201)

    def perform_create(self, serializer: BaseSerializer[Payment]) -> Payment:
        """Create the payment; override to pass more to ``create_payment`` (e.g. ``order``)."""
        return serializer.save()


class PaymentDetailView(PayProAPIView):
    """``GET payments/<trade_no>/``: the payment; ``?refresh=1`` asks PayPro first.

    A refresh queries PayPro at most once per ``PAYPRO["RETURN_PAGE_REFRESH_SECONDS"]`` per
    payment, and never for a settled one (paid, needs review); when PayPro cannot answer, the
    stored payment is returned with a ``detail``.
    """

    serializer_class = PaymentSerializer
    lookup_field = "trade_no"
    schema = DocumentedSchema(payment_read_schema)

    def get_queryset(self) -> QuerySet[Payment]:
        """Return the payments the caller may read: ``PAYPRO["API_VISIBLE_PAYMENTS"]`` decides."""
        return visible_payments(self.request, Payment.objects.all())

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payment = self.get_object()
        if _wants_refresh(request) and _refresh_due(payment):
            try:
                refresh_payment(payment)
            except PayProTransportError:
                return self.represent(payment, detail=REFRESH_FAILED_DETAIL)
            except PayProRejected as err:
                return self.represent(payment, detail=REFRESH_FAILED_DETAIL, paypro_code=err.code)
        return self.represent(payment)

    def location(self, payment: Payment) -> dict[str, str]:
        return {}  # the resource itself


class PayoutDetailView(PayProAPIView):
    """``GET payouts/<trade_no>/``: a payout, for staff only.

    Staff means ``IsAdminUser`` on top of ``PAYPRO["API_PERMISSION_CLASSES"]``; payouts move the
    merchant's money, so a permissive setting meant for payments never opens them.
    """

    serializer_class = PayoutSerializer
    lookup_field = "trade_no"
    schema = DocumentedSchema(payout_read_schema)

    def get_queryset(self) -> QuerySet[Payout]:
        return Payout.objects.all()

    def get_permissions(self) -> list[BasePermission]:
        return [*super().get_permissions(), IsAdminUser()]

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(self.get_object()).data)


def _wants_refresh(request: Request) -> bool:
    return str(request.query_params.get("refresh", "")).lower() in TRUE_WORDS


def _refresh_due(payment: Payment) -> bool:
    """Return whether asking PayPro about ``payment`` now is useful and not too soon."""
    if payment.status in SETTLED:
        return False
    if payment.last_queried_at is None:
        return True
    interval = timedelta(seconds=float(paypro_setting("RETURN_PAGE_REFRESH_SECONDS") or 0))
    return timezone.now() - payment.last_queried_at >= interval
