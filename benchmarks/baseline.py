"""The floor: the least a correct notification endpoint does, served by the same stack.

Parse the JSON, verify the MD5 signature, then in one transaction one UPDATE (which takes the
row lock, so two deliveries at once cannot both mark the payment paid) and one INSERT keeping
the delivery. No log row before processing, no ORM, no status table, no signal dispatch.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from benchmarks.handsign import hand_verify

UPDATE = """
    UPDATE django_paypro_payment
       SET status = 'paid', status_code = %s, paid_amount = %s, platform_trade_no = %s,
           paid_at = now(), updated_at = now(), version = version + 1
     WHERE trade_no = %s AND status <> 'paid'
 RETURNING id
"""
INSERT = """
    INSERT INTO django_paypro_notification
           (kind, trade_no, body, headers, remote_addr, signature_valid, outcome, action, error,
            payment_id, received_at, processed_at)
    VALUES ('payment', %s, %s, '{}', %s, true, %s, '', '', %s, now(), now())
"""


def _text(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
@transaction.non_atomic_requests
def baseline_notify(request: HttpRequest) -> HttpResponse:
    """Apply a notification the minimal way; answer ``OK``."""
    body = request.body
    try:
        fields = json.loads(body)
        trade_no = fields["tradeNo"]
    except (ValueError, KeyError, TypeError):
        return _text(400, "malformed body")
    if not hand_verify(fields, fields.get("sign"), settings.PAYPRO["APP_SECRET"]):
        return _text(403, "invalid signature")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            UPDATE,
            [
                fields.get("status", ""),
                fields.get("amount"),
                fields.get("platFormTradeNo", ""),
                trade_no,
            ],
        )
        row = cursor.fetchone()
        outcome = "applied" if row else "duplicate"
        cursor.execute(
            INSERT,
            [
                trade_no,
                body.decode("utf-8"),
                request.META.get("REMOTE_ADDR"),
                outcome,
                row and row[0],
            ],
        )
    return _text(200, "OK")
