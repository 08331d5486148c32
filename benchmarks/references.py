"""The two references the notify endpoint is measured against, served by the same stack.

``minimal_notify`` is the view a Django developer would write in plain ORM: parse the JSON,
verify the MD5 signature, then in one transaction ``select_for_update`` the payment, ``save()``
it, mark its order paid and ``create()`` the notification row. This is the reference the goals
are judged against.

``floor_notify`` is the least a correct endpoint does: the same work in raw SQL, one UPDATE
that takes the row lock (so two deliveries at once cannot both mark the payment paid), one
UPDATE of the order and one INSERT keeping the delivery. No ORM, no status table, no signal.

Both mark the order paid, as the receiver connected to ``order_paid`` does for our endpoint
(:func:`benchmarks.apps.mark_order_paid`). Neither stores the delivery before processing it,
checks the amount or dispatches a signal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from benchmarks.apps import mark_order_paid
from django_paypro.models import Notification, Payment
from tests.client.handsign import hand_verify

FLOOR_PAYMENT = """
    UPDATE django_paypro_payment
       SET status = 'paid', status_code = %s, paid_amount = %s, platform_trade_no = %s,
           paid_at = now(), updated_at = now(), version = version + 1
     WHERE trade_no = %s AND status <> 'paid'
 RETURNING id, order_object_id
"""
FLOOR_ORDER = "UPDATE shop_order SET paid = true WHERE id = %s"
FLOOR_DELIVERY = """
    INSERT INTO django_paypro_notification
           (kind, trade_no, body, headers, remote_addr, signature_valid, outcome, action, error,
            payment_id, received_at, processed_at)
    VALUES ('payment', %s, %s, '{}', %s, true, %s, '', '', %s, now(), now())
"""


def _text(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


Apply = Callable[[HttpRequest, dict[str, Any]], None]


def reference_view(apply: Apply) -> Callable[[HttpRequest], HttpResponse]:
    """Return a notify view: parse, check the MD5 signature, ``apply`` it, answer ``OK``."""

    @csrf_exempt
    @transaction.non_atomic_requests
    def view(request: HttpRequest) -> HttpResponse:
        try:
            fields = json.loads(request.body)
            fields["tradeNo"]
        except (ValueError, KeyError, TypeError):
            return _text(400, "malformed body")
        if not hand_verify(fields, fields.get("sign"), settings.PAYPRO["APP_SECRET"]):
            return _text(403, "invalid signature")
        apply(request, fields)
        return _text(200, "OK")

    view.__doc__ = apply.__doc__
    return view


def apply_minimal(request: HttpRequest, fields: dict[str, Any]) -> None:
    """Apply a notification the way a Django developer would in plain ORM."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(trade_no=fields["tradeNo"])
        outcome = "duplicate"
        if payment.status != "paid":
            payment.status = "paid"
            payment.status_code = fields.get("status", "")
            payment.paid_amount = fields.get("amount")
            payment.platform_trade_no = fields.get("platFormTradeNo", "")
            payment.paid_at = timezone.now()
            payment.save()
            mark_order_paid(payment.order)
            outcome = "applied"
        Notification.objects.create(
            kind="payment",
            trade_no=payment.trade_no,
            body=request.body.decode("utf-8"),
            remote_addr=request.META.get("REMOTE_ADDR"),
            signature_valid=True,
            outcome=outcome,
            payment=payment,
            processed_at=timezone.now(),
        )


def apply_floor(request: HttpRequest, fields: dict[str, Any]) -> None:
    """Apply a notification the least a correct endpoint can, in raw SQL."""
    changed = (
        fields.get("status", ""),
        fields.get("amount"),
        fields.get("platFormTradeNo", ""),
        fields["tradeNo"],
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(FLOOR_PAYMENT, changed)
        row = cursor.fetchone()
        if row:
            cursor.execute(FLOOR_ORDER, [int(row[1])])
        delivery = (
            fields["tradeNo"],
            request.body.decode("utf-8"),
            request.META.get("REMOTE_ADDR"),
            "applied" if row else "duplicate",
            row and row[0],
        )
        cursor.execute(FLOOR_DELIVERY, delivery)


minimal_notify = reference_view(apply_minimal)
floor_notify = reference_view(apply_floor)
