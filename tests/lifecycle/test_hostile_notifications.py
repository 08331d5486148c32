"""Whatever arrives: never a 500, always stored, never a change without a valid signature.

The property test's example count comes from ``PAYPRO_ENDPOINT_EXAMPLES``; by default it is
modest on SQLite (the README command) and 10,000 on PostgreSQL (CI's PostgreSQL run).
"""

from __future__ import annotations

import json
import os
import sys
import traceback

import django
import pytest
from django.urls import reverse
from django.views.debug import ExceptionReporter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django_paypro.conf import Secret
from django_paypro.models import Notification, Payment
from django_paypro.services.notifications import MAX_NESTING, REFUSED_BODY_PREFIX
from django_paypro.signing import sign
from django_paypro.testing.factories import PaymentFactory
from tests.client.handsign import SECRET, hand_sign
from tests.conftest import notification_body

pytestmark = pytest.mark.django_db

ON_POSTGRES = os.environ.get("PAYPRO_TEST_DB") == "postgres"
ENDPOINT_EXAMPLES = int(
    os.environ.get("PAYPRO_ENDPOINT_EXAMPLES") or (10_000 if ON_POSTGRES else 200)
)
ENDPOINT = settings(
    max_examples=ENDPOINT_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
HOSTILE_TRADE_NO = "HOSTILE1"

# --- strategies: JSON text written by hand, so it can hold what json.dumps never writes ------

any_text = st.text(st.characters(exclude_categories=()), max_size=12)  # lone surrogates too
mixed_case_keys = st.sampled_from(
    [
        *("tradeNo", "TradeNo", "TRADENO", "tradeno", "sign", "SIGN", "Sign", "status", "STATUS"),
        *("amount", "Amount", "receivedAmount", "payAmount", "message", "platFormTradeNo"),
    ]
)
huge_numbers = st.from_regex(
    r"-?[1-9][0-9]{0,120}(\.[0-9]{1,40})?([eE][+-]?[0-9]{1,9})?", fullmatch=True
)


def _string_literal(text: str, escaped: bool) -> str:
    # Escaped: "\ud800" in the JSON text; raw: the surrogate's own bytes (surrogatepass).
    return json.dumps(text, ensure_ascii=escaped)


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


scalar_literals = st.one_of(
    st.builds(_string_literal, any_text, st.booleans()),
    huge_numbers,
    st.sampled_from(["null", "true", "false", "0", "-0", "1e999999999", '"300"', '"0000"']),
    st.builds(_nested, st.integers(1, 1500)),
)
keys = st.one_of(mixed_case_keys, st.builds(_string_literal, any_text, st.booleans()))


@st.composite
def json_bodies(draw: st.DrawFn) -> bytes:
    pairs = draw(st.lists(st.tuples(keys, scalar_literals), max_size=8))
    members = [f"{k if k.startswith(chr(34)) else json.dumps(k)}:{v}" for k, v in pairs]
    if draw(st.booleans()):
        members.insert(0, json.dumps("tradeNo") + ":" + json.dumps(HOSTILE_TRADE_NO))
    text = "{" + ",".join(members) + "}"
    return text.encode("utf-8", errors="surrogatepass")


bodies = st.one_of(st.binary(max_size=300), json_bodies())


def _hostile_payment() -> Payment:
    return Payment.objects.filter(trade_no=HOSTILE_TRADE_NO).first() or PaymentFactory(
        trade_no=HOSTILE_TRADE_NO
    )


def test_any_body_is_stored_answered_without_a_500_and_changes_nothing(post_notification):
    payment = PaymentFactory(trade_no=HOSTILE_TRADE_NO)
    posted: list[bytes] = []

    @ENDPOINT
    @given(body=bodies)
    def deliver(body: bytes) -> None:
        posted.append(body)
        response = post_notification(body)
        assert 400 <= response.status_code < 500, response.content

    deliver()

    # Each post stores at most one row, so as many rows as posts means each one was stored.
    assert Notification.objects.count() == len(posted)
    # A version that never moved: no example changed anything, even for a moment.
    after = Payment.objects.get(pk=payment.pk)
    assert (after.status, after.version) == (Payment.Status.PENDING, 0)


@settings(ENDPOINT, max_examples=max(ENDPOINT_EXAMPLES // 10, 50))
@given(
    status=st.text(max_size=8),
    amount=st.one_of(st.text(max_size=12), huge_numbers),
    extra=st.dictionaries(st.from_regex(r"[a-zA-Z]{1,8}", fullmatch=True), st.text(max_size=20)),
)
def test_correctly_signed_junk_is_stored_and_answered_without_a_500(
    post_notification, status, amount, extra
):
    payment = _hostile_payment()
    extra = {k: v for k, v in extra.items() if k not in ("sign", "tradeNo", "status", "amount")}
    body = notification_body(payment.trade_no, status=status, amount=amount, **extra)
    body["sign"] = hand_sign({k: v for k, v in body.items() if k != "sign"})
    stored = Notification.objects.count()
    response = post_notification(body)
    assert response.status_code in (200, 400)
    assert Notification.objects.count() == stored + 1


# --- secrets ------------------------------------------------------------------------------


def test_a_deeply_nested_body_is_refused_and_the_debug_page_never_shows_the_secret(
    client, settings
):
    settings.DEBUG = True
    body = '{"tradeNo": "NOPE", "x": ' + _nested(950) + "}"
    response = client.post("/paypro/notify/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "malformed body" in response.content.decode()
    assert SECRET not in response.content.decode()
    assert Notification.objects.get().outcome == Notification.Outcome.REJECTED


def test_nesting_past_the_cap_is_refused_before_it_is_signed(post_notification):
    payment = PaymentFactory()
    body = notification_body(payment.trade_no)
    text = json.dumps(body)[:-1] + ', "x": ' + _nested(MAX_NESTING + 1) + "}"
    response = post_notification(text)
    assert response.status_code == 400
    assert f"nested deeper than {MAX_NESTING}" in response.content.decode()


def test_no_frame_of_a_failing_signature_holds_the_raw_secret():
    try:
        sign({"amount": object()}, Secret(SECRET))
    except TypeError:
        exc_type, error, tb = sys.exc_info()
    else:  # pragma: no cover - the test needs the failure
        pytest.fail("signing an object did not fail")
    assert exc_type is not None and tb is not None
    page = ExceptionReporter(None, exc_type, error, tb).get_traceback_html()
    assert "sign" in page  # the frames are there...
    assert SECRET not in page  # ...but the secret is not
    for frame, _ in traceback.walk_tb(tb):
        assert not any(SECRET in repr(value) for value in frame.f_locals.values()), frame


# --- unicode ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"tradeNo": "HOSTILE1", "message": "\\ud800"}', id="escaped-in-a-value"),
        pytest.param(b'{"tradeNo": "HOSTILE1", "\\udfff": "x"}', id="escaped-in-a-key"),
        pytest.param(b'{"tradeNo": "HOSTILE1", "message": "\xed\xa0\x80"}', id="raw-bytes"),
        pytest.param(b'{"tradeNo": "HOSTILE\\ud800"}', id="in-the-trade-number"),
    ],
)
def test_a_lone_surrogate_is_refused_stored_and_shown_in_the_admin(
    post_notification, admin_client, body
):
    PaymentFactory(trade_no="HOSTILE1")
    response = post_notification(body)
    assert response.status_code == 400
    assert "surrogate" in response.content.decode() or "not JSON" in response.content.decode()
    note = Notification.objects.get()
    assert note.outcome == Notification.Outcome.REJECTED
    page = admin_client.get(reverse("admin:django_paypro_notification_change", args=[note.pk]))
    assert page.status_code == 200


# --- storage abuse ------------------------------------------------------------------------


def test_a_forged_delivery_keeps_only_a_prefix_of_its_body(post_notification):
    payment = PaymentFactory()
    body = notification_body(payment.trade_no, padding="x" * 60_000)
    body["amount"] = "1"  # tampered after signing
    assert post_notification(body).status_code == 403
    note = Notification.objects.get()
    assert note.outcome == Notification.Outcome.REJECTED
    assert len(note.body) == REFUSED_BODY_PREFIX


def test_a_delivery_from_an_address_not_allowed_keeps_only_a_prefix(post_notification, settings):
    settings.PAYPRO = {**settings.PAYPRO, "NOTIFY_ALLOWED_IPS": ["203.0.113.0/24"]}
    payment = PaymentFactory()
    body = notification_body(payment.trade_no, padding="x" * 60_000)
    assert post_notification(body).status_code == 403
    assert len(Notification.objects.get().body) == REFUSED_BODY_PREFIX
    assert Payment.objects.get().status == Payment.Status.PENDING


def test_an_oversized_body_is_refused_413_and_stored_as_a_prefix(post_notification, settings):
    settings.PAYPRO = {**settings.PAYPRO, "NOTIFY_MAX_BYTES": 10_000}
    response = post_notification(b'{"tradeNo": "T1", "x": "' + b"y" * 20_000 + b'"}')
    assert response.status_code == 413
    note = Notification.objects.get()
    assert (note.outcome, len(note.body)) == (Notification.Outcome.REJECTED, REFUSED_BODY_PREFIX)


# --- LoginRequiredMiddleware --------------------------------------------------------------


@pytest.mark.skipif(django.VERSION < (5, 1), reason="LoginRequiredMiddleware is Django 5.1+")
def test_a_signed_notification_is_answered_ok_under_login_required_middleware(
    post_notification, settings
):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    payment = PaymentFactory()
    response = post_notification(notification_body(payment.trade_no))
    assert (response.status_code, response.content) == (200, b"OK")
    assert Payment.objects.get().status == Payment.Status.PAID
