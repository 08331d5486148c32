"""Property tests: whatever arrives, never a 500 and never a change without a valid sign."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django_paypro.models import Payment
from tests.client.handsign import hand_sign
from tests.conftest import notification_body
from tests.lifecycle.helpers import make_payment

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
hostile_fields = st.dictionaries(
    st.sampled_from(["tradeNo", "status", "amount", "sign", "message", "platFormTradeNo"])
    | st.text(max_size=10),
    json_values,
    max_size=8,
)
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@HYPOTHESIS
@given(body=st.binary(max_size=300))
def test_arbitrary_bytes_never_cause_a_500(post_notification, body):
    response = post_notification(body)
    assert 400 <= response.status_code < 500


@HYPOTHESIS
@given(fields=hostile_fields)
def test_unsigned_json_objects_change_nothing(post_notification, fields):
    payment = Payment.objects.first() or make_payment(trade_no="HOSTILE1")
    fields.setdefault("tradeNo", payment.trade_no)
    response = post_notification(json.dumps(fields))
    assert response.status_code in (400, 403, 404)
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PENDING


@HYPOTHESIS
@given(
    status=st.text(max_size=8),
    amount=st.text(max_size=12),
    extra=st.dictionaries(st.from_regex(r"[a-zA-Z]{1,8}", fullmatch=True), st.text(max_size=20)),
)
def test_correctly_signed_junk_is_answered_without_a_500(post_notification, status, amount, extra):
    payment = Payment.objects.first() or make_payment(trade_no="HOSTILE2")
    extra = {k: v for k, v in extra.items() if k not in ("sign", "tradeNo", "status", "amount")}
    body = notification_body(payment.trade_no, status=status, amount=amount, **extra)
    body["sign"] = hand_sign({k: v for k, v in body.items() if k != "sign"})
    response = post_notification(body)
    assert response.status_code in (200, 400)
