"""The admin: PayPro's data read-only, actions through the services, no secret, constant queries."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from django_paypro import signals as paypro_signals
from django_paypro.models import Notification, Payment, Payout
from django_paypro.testing.factories import PaymentFactory, PayoutFactory
from tests.conftest import notification_body
from tests.merchant.conftest import QUERY, query_answer
from tests.shop.models import Order

pytestmark = pytest.mark.django_db

PAYMENTS = "/admin/django_paypro/payment/"
PAYOUTS = "/admin/django_paypro/payout/"
NOTIFICATIONS = "/admin/django_paypro/notification/"


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def run_action(client, changelist, action, records):
    return client.post(
        changelist,
        {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in records], "index": 0},
    )


def make_rows(count: int) -> None:
    """Create ``count`` payments and payouts, each with a notification, and an order."""
    order = Order.objects.create(number=f"O{Order.objects.count()}")
    for _ in range(count):
        payment = PaymentFactory(order=order, reference=order.number)
        payout = PayoutFactory()
        Notification.objects.create(trade_no=payment.trade_no, payment=payment, body="{}")
        Notification.objects.create(trade_no=payout.trade_no, payout=payout, body="{}")


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("changelist", [PAYMENTS, PAYOUTS, NOTIFICATIONS])
def test_changelist_queries_do_not_grow_with_the_number_of_rows(admin_client, changelist):
    make_rows(3)
    small = count_queries(admin_client, changelist)
    make_rows(27)
    large = count_queries(admin_client, changelist)
    assert large == small


def test_changelists_show_the_useful_columns(admin_client):
    payment = PaymentFactory(reference="order-77", paid_amount=Decimal("299.00"))
    Notification.objects.create(trade_no=payment.trade_no, payment=payment)
    page = admin_client.get(PAYMENTS).content.decode()
    for text in (payment.trade_no, "order-77", "MX", "300.00", "299.00", "Pending"):
        assert text in page
    assert "1 notification" in page


def test_search_finds_trade_numbers_and_references(admin_client):
    wanted = PaymentFactory(platform_trade_no="PF-WANTED", reference="ref-wanted")
    other = PaymentFactory(platform_trade_no="PF-OTHER", reference="ref-other")
    for query in (wanted.trade_no, "PF-WANTED", "ref-wanted"):
        page = admin_client.get(PAYMENTS, {"q": query}).content.decode()
        assert wanted.trade_no in page
        assert other.trade_no not in page


def test_filters_by_status_and_country(admin_client):
    paid = PaymentFactory(status=Payment.Status.PAID)
    brazil = PaymentFactory(country="BR", currency="BRL", method="payin")
    page = admin_client.get(PAYMENTS, {"status__exact": "paid"}).content.decode()
    assert paid.trade_no in page and brazil.trade_no not in page
    page = admin_client.get(PAYMENTS, {"country": "BR"}).content.decode()
    assert brazil.trade_no in page and paid.trade_no not in page


def test_no_admin_page_shows_the_app_secret(admin_client, secret):
    payment = PaymentFactory(
        request_data={"tradeNo": "T", "amount": "300"},
        response_data={"code": "0000", "data": {"paymentUrl": "https://cashier.example/1"}},
        review_reason="amount differs",
    )
    payout = PayoutFactory(request_data={"account": "123"})
    forged = json.dumps({"tradeNo": payment.trade_no, "leak": f"key={secret}"})
    notes = [
        Notification.objects.create(
            trade_no=payment.trade_no,
            payment=payment,
            body=json.dumps(notification_body(payment.trade_no)),
            headers={"sign": "0" * 32, "user-agent": "PayPro"},
        ),
        Notification.objects.create(
            trade_no=payment.trade_no,
            payment=payment,
            body=forged,
            headers={"x-forwarded-for": secret},
            error=f"traceback mentioning {secret}",
            outcome=Notification.Outcome.FAILED,
        ),
        Notification.objects.create(trade_no=payout.trade_no, payout=payout, body="not json"),
    ]
    urls = [PAYMENTS, PAYOUTS, NOTIFICATIONS, f"{PAYMENTS}{payment.pk}/change/"]
    urls += [f"{PAYOUTS}{payout.pk}/change/"]
    urls += [f"{NOTIFICATIONS}{note.pk}/change/" for note in notes]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert secret not in response.content.decode(), url
    page = admin_client.get(f"{NOTIFICATIONS}{notes[1].pk}/change/").content.decode()
    assert "key=********" in page


def test_raw_payloads_are_pretty_printed_and_escaped(admin_client):
    payment = PaymentFactory(response_data={"data": {"status": "0015", "desc": "<b>x</b>"}})
    good = Notification.objects.create(
        trade_no=payment.trade_no, payment=payment, body='{"amount":30000.0,"status":"0000"}'
    )
    bad = Notification.objects.create(trade_no="X", body="<script>alert(1)</script>{")

    page = admin_client.get(f"{PAYMENTS}{payment.pk}/change/").content.decode()
    assert "&quot;desc&quot;: &quot;&lt;b&gt;x&lt;/b&gt;&quot;" in page
    page = admin_client.get(f"{NOTIFICATIONS}{good.pk}/change/").content.decode()
    # Numbers keep PayPro's literal text: 30000.0 is not turned into 30000.
    assert "{\n  &quot;amount&quot;: 30000.0,\n  &quot;status&quot;: &quot;0000&quot;\n}" in page
    page = admin_client.get(f"{NOTIFICATIONS}{bad.pk}/change/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{" in page
    assert "<script>alert(1)" not in page


def test_status_and_amounts_cannot_be_edited_only_the_reference(admin_client):
    payment = PaymentFactory(reference="old")
    response = admin_client.post(
        f"{PAYMENTS}{payment.pk}/change/",
        {
            "reference": "new",
            "status": "paid",
            "amount": "1",
            "paid_amount": "1",
            "trade_no": "HACKED",
            "notifications-TOTAL_FORMS": "0",
            "notifications-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.reference == "new"
    assert payment.status == Payment.Status.PENDING
    assert payment.amount == Decimal(300)
    assert payment.paid_amount is None
    assert payment.trade_no != "HACKED"


def test_saving_the_form_does_not_put_back_a_status_changed_meanwhile(admin_client):
    payment = PaymentFactory(reference="old")
    seen = []

    def change_status_while_form_is_open(sender, instance, **kwargs):
        # Runs inside save(): a concurrent writer would have changed the row by now.
        Payment.objects.filter(pk=instance.pk).update(status=Payment.Status.PAID)
        seen.append(kwargs.get("update_fields"))

    from django.db.models.signals import pre_save

    pre_save.connect(change_status_while_form_is_open, sender=Payment)
    try:
        admin_client.post(
            f"{PAYMENTS}{payment.pk}/change/",
            {
                "reference": "new",
                "notifications-TOTAL_FORMS": "0",
                "notifications-INITIAL_FORMS": "0",
            },
        )
    finally:
        pre_save.disconnect(change_status_while_form_is_open, sender=Payment)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.reference == "new"
    assert set(seen[0]) == {"reference", "updated_at"}


def test_records_cannot_be_added_and_payments_payouts_cannot_be_deleted(admin_client):
    payment, payout = PaymentFactory(), PayoutFactory()
    note = Notification.objects.create(trade_no=payment.trade_no, payment=payment)
    for url in (f"{PAYMENTS}add/", f"{PAYOUTS}add/", f"{NOTIFICATIONS}add/"):
        assert admin_client.get(url).status_code == 403
    assert admin_client.get(f"{PAYMENTS}{payment.pk}/delete/").status_code == 403
    assert admin_client.get(f"{PAYOUTS}{payout.pk}/delete/").status_code == 403
    assert (
        admin_client.post(f"{NOTIFICATIONS}{note.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    assert not Notification.objects.exists()


def test_notifications_are_view_only(admin_client):
    payment = PaymentFactory()
    note = Notification.objects.create(trade_no=payment.trade_no, payment=payment, action="x")
    admin_client.post(f"{NOTIFICATIONS}{note.pk}/change/", {"action": "changed", "body": "{}"})
    note.refresh_from_db()
    assert note.action == "x"


def test_refresh_action_applies_paypro_answer_and_fires_the_signal_once(
    admin_client, fake_paypro, signals
):
    payment = PaymentFactory()
    fake_paypro.respond(QUERY, json=query_answer(payment.trade_no, "0000"))

    response = run_action(admin_client, PAYMENTS, "refresh_status", [payment])

    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert signals.names() == ["order_paid"]
    assert fake_paypro.requests_to(QUERY)[0].json["tradeNo"] == payment.trade_no
    assert any("1 changed" in m for m in messages_of(response))


def test_refresh_action_reports_each_failure_and_goes_on(admin_client, fake_paypro, signals):
    broken, fine = PaymentFactory(), PaymentFactory()

    def handler(request):
        if request.json["tradeNo"] == broken.trade_no:
            return 500, {"Content-Type": "text/plain"}, b"oops"
        return None

    fake_paypro.handler = handler
    fake_paypro.respond(QUERY, json=query_answer(fine.trade_no, "0000"))

    response = run_action(admin_client, PAYMENTS, "refresh_status", [broken, fine])

    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.status == Payment.Status.PENDING
    assert fine.status == Payment.Status.PAID
    texts = messages_of(response)
    assert any(broken.trade_no in m for m in texts)
    assert any("1 changed, 0 unchanged, 1 not answered" in m for m in texts)


def test_payout_refresh_action(admin_client, fake_paypro, signals):
    payout = PayoutFactory()
    fake_paypro.respond(
        "/v1/paypro/queryPayOutResult",
        json=fake_paypro.envelope({"tradeNo": payout.trade_no, "status": "0000", "amount": "100"}),
    )
    run_action(admin_client, PAYOUTS, "refresh_status", [payout])
    payout.refresh_from_db()
    assert payout.status == Payout.Status.SUCCEEDED
    assert signals.names() == ["payout_succeeded"]


@pytest.mark.parametrize(
    ("action", "status", "signal"),
    [("accept_as_paid", "paid", "order_paid"), ("mark_failed", "failed", "payment_failed")],
)
def test_review_decisions_apply_only_to_payments_under_review(
    admin_client, signals, action, status, signal
):
    review = PaymentFactory(status=Payment.Status.NEEDS_REVIEW, review_reason="amount differs")
    pending = PaymentFactory()

    response = run_action(admin_client, PAYMENTS, action, [review, pending])

    review.refresh_from_db()
    pending.refresh_from_db()
    assert review.status == status
    assert pending.status == Payment.Status.PENDING
    assert signals.names() == [signal]
    assert any("1 payment skipped" in m for m in messages_of(response))


def test_process_again_applies_a_notification_that_failed(admin_client, post_notification, signals):
    payment = PaymentFactory()

    def broken_receiver(sender, **kwargs):
        raise RuntimeError("shop database down")

    paypro_signals.order_paid.connect(broken_receiver)
    try:
        assert post_notification(notification_body(payment.trade_no)).status_code != 200
    finally:
        paypro_signals.order_paid.disconnect(broken_receiver)
    note = Notification.objects.get()
    assert note.outcome == Notification.Outcome.FAILED
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING

    response = run_action(admin_client, NOTIFICATIONS, "process_again", [note])

    note.refresh_from_db()
    payment.refresh_from_db()
    assert note.outcome == Notification.Outcome.APPLIED
    assert note.error == ""
    assert payment.status == Payment.Status.PAID
    assert signals.names() == ["order_paid", "order_paid"]  # the failed try was rolled back
    assert any("Applied" in m for m in messages_of(response))


def test_process_again_skips_notifications_already_handled(admin_client, signals):
    payment = PaymentFactory()
    note = Notification.objects.create(
        trade_no=payment.trade_no,
        payment=payment,
        body=json.dumps(notification_body(payment.trade_no)),
        outcome=Notification.Outcome.APPLIED,
    )
    response = run_action(admin_client, NOTIFICATIONS, "process_again", [note])
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert signals.calls == []
    assert any("1 notification skipped" in m for m in messages_of(response))


def test_payment_page_links_its_notifications(admin_client):
    payment, other = PaymentFactory(), PaymentFactory()
    mine = Notification.objects.create(trade_no=payment.trade_no, payment=payment, action="mine")
    Notification.objects.create(trade_no=other.trade_no, payment=other, action="other")

    page = admin_client.get(f"{PAYMENTS}{payment.pk}/change/").content.decode()
    link = f"{NOTIFICATIONS}?payment__id__exact={payment.pk}"
    assert f'href="{link}"' in page
    assert f"{NOTIFICATIONS}{mine.pk}/change/" in page  # the inline's change link

    listing = admin_client.get(link).content.decode()
    assert f"{NOTIFICATIONS}{mine.pk}/change/" in listing
    assert other.trade_no not in listing


def test_payment_page_names_an_order_that_has_no_admin(admin_client):
    order = Order.objects.create(number="SHOP-1")
    payment = PaymentFactory(order=order)
    page = admin_client.get(f"{PAYMENTS}{payment.pk}/change/").content.decode()
    assert "SHOP-1" in page


def test_payment_page_tolerates_a_deleted_order(admin_client):
    order = Order.objects.create(number="GONE-1")
    payment = PaymentFactory(order=order)
    order.delete()
    page = admin_client.get(f"{PAYMENTS}{payment.pk}/change/").content.decode()
    assert "no longer exists" in page


@pytest.mark.urls("tests.merchant.admin_urls")
def test_payment_page_links_an_order_registered_in_the_admin(admin_client):
    order = Order.objects.create(number="SHOP-2")
    payment = PaymentFactory(order=order)
    page = admin_client.get(f"/shopadmin/django_paypro/payment/{payment.pk}/change/")
    assert f'<a href="/shopadmin/shop/order/{order.pk}/change/">SHOP-2</a>' in page.content.decode()


def test_late_success_and_review_reason_are_shown(admin_client):
    payment = PaymentFactory(
        status=Payment.Status.NEEDS_REVIEW,
        review_reason="PayPro reported 200 paid",
        late_success=True,
    )
    page = admin_client.get(f"{PAYMENTS}{payment.pk}/change/").content.decode()
    assert "PayPro reported 200 paid" in page
    assert "Late success" in page
