"""The notification endpoint: exactly once, never lost, never a 500."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from django_paypro import signals as paypro_signals
from django_paypro.models import Notification, Payment, Payout
from django_paypro.testing.factories import PaymentFactory, PayoutFactory
from tests.client.handsign import hand_sign
from tests.conftest import notification_body
from tests.shop.models import Order

pytestmark = pytest.mark.django_db


def test_signed_success_marks_paid_and_fires_order_paid_once(post_notification, signals):
    order = Order.objects.create(number="O1")
    payment = PaymentFactory(order=order)

    first = post_notification(notification_body(payment.trade_no))
    second = post_notification(notification_body(payment.trade_no))

    assert (first.status_code, first.content) == (200, b"OK")
    assert first["Content-Type"].startswith("text/plain")
    assert (second.status_code, second.content) == (200, b"OK")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.paid_amount == Decimal(300)
    assert payment.platform_trade_no == f"PF{payment.trade_no}"
    assert payment.paid_at is not None
    assert signals.names() == ["order_paid"]
    assert signals.calls[0][1] == {"payment": payment, "order": order}
    outcomes = list(
        Notification.objects.order_by("id").values_list("outcome", "signature_valid", "payment")
    )
    assert outcomes == [("applied", True, payment.pk), ("duplicate", True, payment.pk)]


def test_pending_then_paid_then_late_pending_keeps_paid(post_notification, signals):
    payment = PaymentFactory()
    for status in ("0015", "0000", "0015", "0001"):
        assert (
            post_notification(notification_body(payment.trade_no, status=status)).content == b"OK"
        )
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert signals.names() == ["order_paid"]
    assert Notification.objects.filter(outcome="ignored").count() == 2


def test_amount_differing_from_what_is_owed_needs_review(post_notification, signals):
    payment = PaymentFactory()
    response = post_notification(notification_body(payment.trade_no, amount="299"))
    assert response.content == b"OK"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.NEEDS_REVIEW
    assert "299" in payment.review_reason and "300" in payment.review_reason
    assert payment.paid_amount == Decimal(299)
    assert signals.names() == ["payment_needs_review"]


def test_amount_is_compared_as_decimal_not_text(post_notification, signals):
    payment = PaymentFactory()
    post_notification(notification_body(payment.trade_no, amount="300.00"))
    assert Payment.objects.get().status == Payment.Status.PAID


def test_partial_payment_then_full_payment(post_notification, signals):
    payment = PaymentFactory()
    post_notification(notification_body(payment.trade_no, status="0001", amount="100"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PARTIALLY_PAID
    assert payment.paid_amount == Decimal(100)
    post_notification(notification_body(payment.trade_no, status="0001", amount="200"))
    payment.refresh_from_db()
    assert payment.paid_amount == Decimal(200)
    post_notification(notification_body(payment.trade_no, status="0000", amount="300"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert signals.names() == ["payment_partially_paid", "order_paid"]


def test_late_success_after_failure_is_applied_and_flagged(post_notification, signals):
    payment = PaymentFactory()
    post_notification(notification_body(payment.trade_no, status="00029"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert payment.status_code == "00029"
    post_notification(notification_body(payment.trade_no, status="0000"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.late_success is True
    assert signals.names() == ["payment_failed", "order_paid"]


def test_payout_notifications(post_notification, signals):
    payout = PayoutFactory()
    post_notification(notification_body(payout.trade_no, status="0000", amount="100"))
    post_notification(notification_body(payout.trade_no, status="0100019", amount="100"))
    payout.refresh_from_db()
    assert payout.status == Payout.Status.SUCCEEDED
    assert signals.names() == ["payout_succeeded"]
    assert Notification.objects.filter(kind="payout", payout=payout).count() == 2


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        (b"not json", 400, "not JSON"),
        (b"[1, 2]", 400, "not a JSON object"),
        (b'{"status": "0000"}', 400, "tradeNo"),
        (b"", 400, "not JSON"),
        (b"\xff\xfe\x00garbage", 400, "not JSON"),
    ],
)
def test_malformed_bodies_are_answered_400_and_kept(post_notification, body, status, reason):
    response = post_notification(body)
    assert response.status_code == status
    assert reason in response.content.decode()
    note = Notification.objects.get()
    assert note.outcome == Notification.Outcome.REJECTED
    assert reason in note.error


def test_forged_notification_changes_nothing(post_notification, signals):
    payment = PaymentFactory()
    body = notification_body(payment.trade_no)
    body["amount"] = "1"  # tampered after signing
    response = post_notification(body)
    assert response.status_code == 403
    assert Payment.objects.get().status == Payment.Status.PENDING
    note = Notification.objects.get()
    assert (note.signature_valid, note.outcome, note.payment_id) == (False, "rejected", payment.pk)
    assert signals.calls == []


def test_unsigned_and_wrong_secret_are_forged(post_notification):
    payment = PaymentFactory()
    unsigned = notification_body(payment.trade_no)
    del unsigned["sign"]
    assert post_notification(unsigned).status_code == 403
    wrong = notification_body(payment.trade_no)
    wrong["sign"] = hand_sign({k: v for k, v in wrong.items() if k != "sign"}, "other")
    assert post_notification(wrong).status_code == 403


def test_unknown_trade_number_is_404(post_notification):
    response = post_notification(notification_body("NOPE"))
    assert response.status_code == 404
    assert Notification.objects.get().outcome == "rejected"


def test_numbers_are_verified_by_their_json_text(post_notification):
    payment = PaymentFactory()
    fields = notification_body(payment.trade_no)
    del fields["sign"]
    fields["amount"] = "300.0"
    fields["sign"] = hand_sign(fields)
    text = json.dumps(fields).replace('"amount": "300.0"', '"amount": 300.0')
    assert '"amount": 300.0' in text
    assert post_notification(text).content == b"OK"
    assert Payment.objects.get().status == Payment.Status.PAID


def test_sign_in_a_header_is_accepted(post_notification):
    payment = PaymentFactory()
    fields = notification_body(payment.trade_no)
    sign = fields.pop("sign")
    response = post_notification(fields, HTTP_SIGN=sign)
    assert response.content == b"OK"


def test_wrong_method_and_oversized_body(client, settings, post_notification):
    response = client.get("/paypro/notify/")
    assert response.status_code == 405
    settings.PAYPRO = {**settings.PAYPRO, "NOTIFY_MAX_BYTES": 100}
    response = post_notification(b"{" + b" " * 200 + b"}")
    assert response.status_code == 413


@pytest.mark.parametrize(
    "db_mode",
    [
        pytest.param("savepoint", marks=pytest.mark.django_db),
        # Outermost transaction, as in production: a real ROLLBACK of the delivery's INSERT.
        pytest.param("commit", marks=pytest.mark.django_db(transaction=True)),
    ],
)
def test_a_failing_receiver_rolls_back_and_paypro_retries(post_notification, db_mode):
    payment = PaymentFactory()
    calls = []

    def broken(sender, payment, order, **kwargs):
        calls.append(payment.trade_no)
        raise RuntimeError("mail server down")

    paypro_signals.order_paid.connect(broken)
    try:
        response = post_notification(notification_body(payment.trade_no))
    finally:
        paypro_signals.order_paid.disconnect(broken)
    assert response.status_code == 503
    assert response.content != b"OK"
    assert Payment.objects.get().status == Payment.Status.PENDING
    note = Notification.objects.get()
    assert note.outcome == "failed"
    assert "Traceback" in note.error and "mail server down" in note.error
    assert json.loads(note.body)["tradeNo"] == payment.trade_no  # stored before processing

    # PayPro delivers again once the receiver is fixed: applied this time.
    assert post_notification(notification_body(payment.trade_no)).content == b"OK"
    assert Payment.objects.get().status == Payment.Status.PAID
    assert calls == [payment.trade_no]


def test_ip_allow_list_behind_proxies(post_notification, settings):
    payment = PaymentFactory()
    settings.PAYPRO = {
        **settings.PAYPRO,
        "NOTIFY_ALLOWED_IPS": ["203.0.113.0/24"],
        "TRUSTED_PROXY_COUNT": 1,
    }
    spoofed = post_notification(
        notification_body(payment.trade_no),
        HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7",
    )
    assert spoofed.status_code == 403
    allowed = post_notification(
        notification_body(payment.trade_no),
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5",
    )
    assert allowed.content == b"OK"
    assert Notification.objects.order_by("id").first().remote_addr == "198.51.100.7"


def data_queries(context: CaptureQueriesContext) -> list[str]:
    """Return the statements run, less transaction control (SQLite logs BEGIN; PostgreSQL not)."""
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")
    return [q["sql"] for q in context.captured_queries if not q["sql"].startswith(control)]


@pytest.mark.django_db(transaction=True)
def test_query_counts_on_the_notification_path(post_notification):
    order = Order.objects.create(number="Q1")
    payment = PaymentFactory(order=order)
    received = []

    def receiver(sender, payment, order, **kwargs):
        received.append(order)

    paypro_signals.order_paid.connect(receiver)
    try:
        with CaptureQueriesContext(connection) as first:
            assert post_notification(notification_body(payment.trade_no)).content == b"OK"
        with CaptureQueriesContext(connection) as duplicate:
            assert post_notification(notification_body(payment.trade_no)).content == b"OK"
    finally:
        paypro_signals.order_paid.disconnect(receiver)
    # Store the delivery; find the payment; then, in one transaction, compare-and-set it,
    # load the order for the signal and write the outcome onto the stored row.
    statements = [q.split()[0] for q in data_queries(first)]
    assert statements == ["INSERT", "SELECT", "UPDATE", "SELECT", "UPDATE"], data_queries(first)
    assert '"django_paypro_notification"' in data_queries(first)[0]
    assert '"django_paypro_payment"' in data_queries(first)[2]
    assert "shop_order" in data_queries(first)[3]
    assert '"django_paypro_notification"' in data_queries(first)[4]
    # store, find the payment, write "duplicate" onto the row
    assert [q.split()[0] for q in data_queries(duplicate)] == ["INSERT", "SELECT", "UPDATE"]
    assert received == [order]


def test_receivers_run_inside_the_transaction(post_notification):
    payment = PaymentFactory()
    seen = []

    def receiver(sender, payment, order, **kwargs):
        seen.append(transaction.get_connection().in_atomic_block)

    paypro_signals.order_paid.connect(receiver)
    try:
        post_notification(notification_body(payment.trade_no))
    finally:
        paypro_signals.order_paid.disconnect(receiver)
    assert seen == [True]


def test_nul_characters_are_recorded_not_a_server_error(post_notification):
    """PostgreSQL stores no NUL in text or jsonb: a signed body carrying one must not fail."""
    payment = PaymentFactory()
    body = notification_body(payment.trade_no, status="00029", message="bad\x00news")
    body["sign"] = hand_sign({k: v for k, v in body.items() if k != "sign"})
    assert post_notification(body).content == b"OK"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert payment.message == "bad\ufffdnews"

    forged_key = notification_body("T\x00X")
    assert post_notification(forged_key).status_code == 400


@pytest.mark.parametrize("amount", ["1E+30", "99999999999999999"])
def test_an_absurd_amount_needs_review_and_is_stored(post_notification, signals, amount):
    payment = PaymentFactory()
    assert post_notification(notification_body(payment.trade_no, amount=amount)).content == b"OK"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.NEEDS_REVIEW
    assert payment.paid_amount is None
    assert "cannot be right" in payment.review_reason
    assert signals.names() == ["payment_needs_review"]


@pytest.mark.django_db(transaction=True)
def test_the_endpoint_is_not_wrapped_by_atomic_requests(post_notification):
    """Under ATOMIC_REQUESTS the receiver still runs in our transaction alone, which commits
    before ``OK`` is answered; and the endpoint stays exempt from CSRF."""
    plain, wrapped = PaymentFactory(), PaymentFactory()
    depth = []

    def receiver(sender, payment, order, **kwargs):
        depth.append(len(connection.atomic_blocks))

    paypro_signals.order_paid.connect(receiver)
    try:
        assert post_notification(notification_body(plain.trade_no)).content == b"OK"
        connection.settings_dict["ATOMIC_REQUESTS"] = True
        try:
            response = post_notification(notification_body(wrapped.trade_no))
        finally:
            connection.settings_dict["ATOMIC_REQUESTS"] = False
    finally:
        paypro_signals.order_paid.disconnect(receiver)
    assert response.content == b"OK"
    assert len(depth) == 2 and depth[0] == depth[1]  # no request-wide block around ours


def test_the_endpoint_needs_no_csrf_token(client):
    from django.test import Client

    payment = PaymentFactory()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/paypro/notify/", notification_body(payment.trade_no), content_type="application/json"
    )
    assert response.content == b"OK"
