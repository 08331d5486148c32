"""paypro:pay, paypro:return and paypro:status, against a fake PayPro on a local port."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from django_paypro.exceptions import PayProTransportError
from django_paypro.models import Payment
from django_paypro.testing.factories import PaymentFactory
from tests.merchant.conftest import QUERY, query_answer
from tests.shop.models import Order

pytestmark = pytest.mark.django_db

PAGE = "/v1/paypro/paymentLink"


def use_hook(settings, hook) -> None:
    settings.PAYPRO = {**settings.PAYPRO, "ORDER_PAYMENT_HOOK": hook}


def return_url(payment: Payment, query: str = "") -> str:
    return reverse("paypro:return", args=[payment.trade_no]) + query


def status_url(payment: Payment) -> str:
    return reverse("paypro:status", args=[payment.trade_no])


def age_last_query(payment: Payment, seconds: float) -> None:
    Payment.objects.filter(pk=payment.pk).update(
        last_queried_at=timezone.now() - timedelta(seconds=seconds)
    )


# paypro:pay -------------------------------------------------------------------------------------


def test_pay_without_hook_answers_404(client, settings):
    assert settings.PAYPRO.get("ORDER_PAYMENT_HOOK") is None
    assert client.get(reverse("paypro:pay", args=["A1"])).status_code == 404


def test_pay_with_a_hook_that_cannot_be_imported_is_a_configuration_error(client, settings):
    from django_paypro.exceptions import PayProConfigurationError

    use_hook(settings, "tests.merchant.hooks.missing")
    with pytest.raises(PayProConfigurationError, match="ORDER_PAYMENT_HOOK"):
        client.get(reverse("paypro:pay", args=["A1"]))


def test_pay_creates_the_order_payment_through_the_hook_and_redirects(
    client, settings, fake_paypro
):
    use_hook(settings, "tests.merchant.hooks.order_payment")
    fake_paypro.respond(
        PAGE,
        json=fake_paypro.envelope(
            {"tradeNo": "x", "status": "0015", "paymentUrl": "https://cashier.example/pay/9"}
        ),
    )
    order = Order.objects.create(number="A1", total=Decimal(300))

    first = client.get(reverse("paypro:pay", args=["A1"]))
    second = client.get(reverse("paypro:pay", args=["A1"]))

    assert first.status_code == second.status_code == 302
    assert first["Location"] == "https://cashier.example/pay/9"
    assert len(fake_paypro.requests_to(PAGE)) == 1  # the hook reuses the open payment
    payment = Payment.objects.get()
    assert payment.order == order
    sent = fake_paypro.requests_to(PAGE)[0].json
    assert sent["returnUrl"] == f"http://testserver/paypro/return/{payment.trade_no}/"
    assert "no-cache" in first["Cache-Control"]


def test_pay_answers_get_only(client, settings):
    use_hook(settings, "tests.merchant.hooks.order_payment")
    assert client.head(reverse("paypro:pay", args=["A1"])).status_code == 405
    assert client.post(reverse("paypro:pay", args=["A1"])).status_code == 405


def test_pay_for_an_unknown_order_answers_404(client, settings):
    use_hook(settings, "tests.merchant.hooks.order_payment")
    assert client.get(reverse("paypro:pay", args=["nope"])).status_code == 404


def test_pay_shows_the_pix_qr_code_when_there_is_no_page(client, settings):
    payment = PaymentFactory(
        country="BR", method="payin", payment_url="", pay_param="00020126PIXCODE"
    )
    use_hook(settings, lambda request, order_id: payment)

    response = client.get(reverse("paypro:pay", args=["B1"]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "00020126PIXCODE</textarea>" in page
    assert status_url(payment) in page  # the page polls and moves on once paid


@pytest.mark.parametrize("status", ["paid", "failed", "needs_review", "partially_paid"])
def test_pay_for_a_settled_payment_goes_to_the_return_page(client, settings, status):
    payment = PaymentFactory(status=status, payment_url="https://cashier.example/pay/1")
    use_hook(settings, lambda request, order_id: payment)
    response = client.get(reverse("paypro:pay", args=["A1"]))
    assert response.status_code == 302
    assert response["Location"] == return_url(payment)


def test_pay_never_redirects_to_an_unsafe_url(client, settings):
    payment = PaymentFactory(payment_url="javascript:alert(1)")
    use_hook(settings, lambda request, order_id: payment)
    response = client.get(reverse("paypro:pay", args=["A1"]))
    assert response["Location"] == return_url(payment)


def test_pay_when_paypro_cannot_be_reached(client, settings):
    recorded = PaymentFactory(unknown=True)

    def hook_with_record(request, order_id):
        raise PayProTransportError("timed out", record=recorded)

    def hook_without_record(request, order_id):
        raise PayProTransportError("timed out")

    use_hook(settings, hook_with_record)
    response = client.get(reverse("paypro:pay", args=["A1"]))
    assert response["Location"] == return_url(recorded)

    use_hook(settings, hook_without_record)
    response = client.get(reverse("paypro:pay", args=["A1"]))
    assert response.status_code == 502
    assert b"could not start your payment" in response.content


# paypro:return and paypro:status ----------------------------------------------------------------


def test_return_page_shows_the_recorded_status_not_the_query_string(client, fake_paypro):
    payment = PaymentFactory()
    fake_paypro.respond(QUERY, json=query_answer(payment.trade_no, "0015"))

    response = client.get(return_url(payment, "?status=0000&code=0000&paid=true"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Waiting for your payment" in page
    assert "Thank you" not in page
    assert status_url(payment) in page  # polls while open
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_return_page_applies_what_paypro_says_once(client, fake_paypro, signals):
    payment = PaymentFactory()
    fake_paypro.respond(QUERY, json=query_answer(payment.trade_no, "0000"))

    page = client.get(return_url(payment)).content.decode()

    assert "Thank you, your payment was received" in page
    assert status_url(payment) not in page  # settled: no polling
    assert signals.names() == ["order_paid"]


def test_two_loads_within_the_window_ask_paypro_once(client, fake_paypro, settings):
    settings.PAYPRO = {**settings.PAYPRO, "RETURN_PAGE_REFRESH_SECONDS": 10}
    payment = PaymentFactory()
    fake_paypro.respond(QUERY, json=query_answer(payment.trade_no, "0015"))

    client.get(return_url(payment))
    client.get(return_url(payment))
    client.get(status_url(payment))
    assert len(fake_paypro.requests_to(QUERY)) == 1

    age_last_query(payment, 11)
    client.get(return_url(payment))
    assert len(fake_paypro.requests_to(QUERY)) == 2


def test_concurrent_loads_ask_paypro_once(fake_paypro, transactional_db):
    payment = PaymentFactory()
    fake_paypro.respond(QUERY, json=query_answer(payment.trade_no, "0015"), delay=0.3)
    statuses: list[int] = []
    start = threading.Barrier(6)

    def load() -> None:
        try:
            start.wait()
            statuses.append(Client().get(status_url(payment)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=load) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert statuses == [200] * 6
    assert len(fake_paypro.requests_to(QUERY)) == 1


def test_return_page_renders_when_paypro_fails(client, fake_paypro):
    payment = PaymentFactory()
    fake_paypro.respond(QUERY, status=500, body="Internal Server Error", content_type="text/plain")

    response = client.get(return_url(payment))

    assert response.status_code == 200
    assert "Waiting for your payment" in response.content.decode()
    assert len(fake_paypro.requests_to(QUERY)) >= 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_return_page_renders_when_paypro_is_unreachable(client, refused_url):
    payment = PaymentFactory(status=Payment.Status.UNKNOWN)
    response = client.get(return_url(payment))
    assert response.status_code == 200
    assert "Checking your payment" in response.content.decode()


@pytest.mark.parametrize("status", ["paid", "failed", "needs_review", "partially_paid"])
def test_settled_payments_are_not_asked_about(client, fake_paypro, status):
    payment = PaymentFactory(status=status)
    assert client.get(return_url(payment)).status_code == 200
    assert client.get(status_url(payment)).status_code == 200
    assert fake_paypro.requests == []


def test_pages_never_ask_when_refresh_is_disabled(client, fake_paypro, settings):
    settings.PAYPRO = {**settings.PAYPRO, "RETURN_PAGE_REFRESH_SECONDS": None}
    payment = PaymentFactory()
    client.get(return_url(payment))
    assert fake_paypro.requests == []


def test_unknown_trade_number_answers_404(client):
    assert client.get("/paypro/return/NOPE/").status_code == 404
    assert client.get("/paypro/status/NOPE/").status_code == 404


def test_status_endpoint_tells_the_status_and_nothing_more(client, fake_paypro):
    order = Order.objects.create(number="SECRET-ORDER")
    payment = PaymentFactory(
        order=order,
        reference="SECRET-ORDER",
        request_data={"payer": "Ana"},
        payment_url="https://cashier.example/1",
    )
    fake_paypro.respond(QUERY, json=query_answer(payment.trade_no, "0000"))

    response = client.get(status_url(payment))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    data = response.json()
    assert set(data) == {
        "trade_no",
        "status",
        "status_display",
        "paid",
        "amount",
        "currency",
        "updated_at",
    }
    assert data["trade_no"] == payment.trade_no
    assert data["status"] == "paid" and data["paid"] is True
    assert data["status_display"] == "Paid"
    assert data["amount"] == "300.00" and data["currency"] == "MXN"
    assert "SECRET-ORDER" not in response.content.decode()
    assert "Ana" not in response.content.decode()


def test_return_page_is_translated(client, fake_paypro):
    payment = PaymentFactory(status=Payment.Status.PAID)
    page = client.get(return_url(payment), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Gracias" in page
    page = client.get(return_url(payment), HTTP_ACCEPT_LANGUAGE="pt-br").content.decode()
    assert "Obrigado" in page
