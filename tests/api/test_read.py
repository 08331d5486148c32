"""GET payments/<trade_no>/: the same representation, 404, and the optional refresh."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from django_paypro.models import Payment
from django_paypro.testing.factories import PaymentFactory, PayoutFactory
from tests.api.conftest import QUERY, detail_url

pytestmark = pytest.mark.django_db


def query_answer(fake, trade_no, status="0000", amount="300"):
    data = {"tradeNo": trade_no, "platFormTradeNo": "PF9", "status": status, "amount": amount}
    fake.respond(QUERY, json=fake.envelope(data))


def test_a_payment_reads_as_created_without_payloads_or_order_internals(api):
    payment = PaymentFactory(reference="A7", request_data={"secret": "x"})

    response = api.get(detail_url(payment.trade_no))

    assert response.status_code == 200
    body = response.json()
    assert body["trade_no"] == payment.trade_no
    assert (body["status"], body["amount"], body["reference"]) == ("pending", "300.00", "A7")
    assert body["payment_url"] == payment.payment_url
    assert "Location" not in response
    for private in ("request_data", "response_data", "order", "order_object_id", "version"):
        assert private not in body


def test_a_paid_payment_shows_what_was_paid(api):
    payment = PaymentFactory(paid=True)
    body = api.get(detail_url(payment.trade_no)).json()
    assert (body["status"], body["paid_amount"]) == ("paid", "300.00")
    assert body["paid_at"] is not None


def test_an_unknown_trade_number_answers_404(api):
    assert api.get(detail_url("NOPE")).status_code == 404


def test_refresh_asks_paypro_and_applies_the_answer_once(api, fake_paypro, signals):
    payment = PaymentFactory()
    query_answer(fake_paypro, payment.trade_no)

    first = api.get(detail_url(payment.trade_no), {"refresh": "1"})
    second = api.get(detail_url(payment.trade_no), {"refresh": "true"})

    assert first.json()["status"] == second.json()["status"] == "paid"
    assert "detail" not in first.json()
    assert len(fake_paypro.requests_to(QUERY)) == 1  # paid is settled: no second question
    assert signals.names() == ["order_paid"]


def test_refresh_asks_at_most_once_per_interval(api, fake_paypro, settings):
    settings.PAYPRO = {**settings.PAYPRO, "RETURN_PAGE_REFRESH_SECONDS": 60}
    payment = PaymentFactory()
    query_answer(fake_paypro, payment.trade_no, status="0015")

    for _ in range(3):
        assert api.get(detail_url(payment.trade_no), {"refresh": "1"}).status_code == 200
    assert len(fake_paypro.requests_to(QUERY)) == 1

    Payment.objects.filter(pk=payment.pk).update(
        last_queried_at=timezone.now() - timedelta(seconds=61)
    )
    api.get(detail_url(payment.trade_no), {"refresh": "1"})
    assert len(fake_paypro.requests_to(QUERY)) == 2


def test_without_refresh_paypro_is_not_asked(api, fake_paypro):
    payment = PaymentFactory()
    api.get(detail_url(payment.trade_no))
    api.get(detail_url(payment.trade_no), {"refresh": "0"})
    assert fake_paypro.requests == []


def test_a_failed_refresh_answers_200_with_the_stored_payment_and_a_detail(api, refused_url):
    payment = PaymentFactory()
    response = api.get(detail_url(payment.trade_no), {"refresh": "1"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "pending"
    assert "last known status" in body["detail"]


def test_a_refused_query_changes_nothing_and_says_so(api, fake_paypro):
    payment = PaymentFactory()
    fake_paypro.respond(QUERY, json=fake_paypro.envelope(None, code="8000", msg="no such order"))
    body = api.get(detail_url(payment.trade_no), {"refresh": "1"}).json()
    assert (body["status"], body["paypro_code"]) == ("pending", "8000")


def test_payouts_are_for_staff_only(api, user):
    payout = PayoutFactory()
    url = f"/paypro/api/payouts/{payout.trade_no}/"
    user.is_staff = False
    user.save()
    assert api.get(url).status_code == 403

    user.is_staff = True
    user.save()
    response = api.get(url)
    assert response.status_code == 200
    assert response.json()["trade_no"] == payout.trade_no
    assert response.json()["amount"] == "100.00"
