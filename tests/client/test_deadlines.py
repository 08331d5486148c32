"""Every call to PayPro ends by its deadline, reads at most so many bytes, and never recurses.

A real server on 127.0.0.1 answers its headers at once and then trickles the body one byte
every half second: ``requests``' read timeout restarts with every byte, so only an overall
deadline ends such a call. The shared fake PayPro (``tests/fake_paypro.py``) plays that server.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from django_paypro import create_payment, refresh_payment
from django_paypro.client import get_client
from django_paypro.exceptions import PayProTransportError
from django_paypro.models import Payment
from django_paypro.testing.factories import PaymentFactory
from tests.fake_paypro import FakePayPro, envelope

PAGE = "/v1/paypro/paymentLink"
QUERY = "/v1/paypro/queryPayInResult"
NESTED = b"[" * 100_000 + b"]" * 100_000
# TIMEOUT=(1, 2): the deadline is their sum, 3 s, unless DEADLINE says otherwise.
DEADLINE = 3.0
# Thread start-up, a loaded CI machine: the call must end well before a trickle would.
SLACK = 2.0


#: What the trickled answers carry: the content is not the point, only how slowly it comes.
SLOW_BODY = b" " * 400
#: One byte every half second: requests' read timeout restarts with each one.
ONE_BYTE_EVERY_HALF_SECOND = (1, 0.5)


@pytest.fixture
def short_timeouts(settings):
    settings.PAYPRO = {**settings.PAYPRO, "TIMEOUT": (1, 2), "QUERY_RETRIES": 0}


@pytest.fixture
def trickling(fake_paypro, short_timeouts) -> Iterator[FakePayPro]:
    for path in (PAGE, QUERY):
        fake_paypro.respond(path, body=SLOW_BODY, trickle=ONE_BYTE_EVERY_HALF_SECOND)
    yield fake_paypro


def timed_transport_error(call) -> tuple[float, PayProTransportError]:
    started = time.monotonic()
    with pytest.raises(PayProTransportError) as caught:
        call()
    return time.monotonic() - started, caught.value


def query_against(fake: FakePayPro, **answer: Any) -> tuple[float, PayProTransportError]:
    """Query once against ``fake`` answering as ``answer`` says; return the time and the error."""
    fake.respond(QUERY, **answer)
    return timed_transport_error(lambda: get_client("MX").query_payin("T1"))


def test_a_trickled_answer_ends_at_the_deadline(trickling):
    elapsed, err = timed_transport_error(lambda: get_client("MX").query_payin("T1"))
    assert len(trickling.requests_to(QUERY)) == 1
    assert DEADLINE - 0.2 <= elapsed < DEADLINE + SLACK
    assert "DEADLINE" in str(err)


def test_a_trickle_without_length_is_not_taken_for_a_whole_body(fake_paypro, short_timeouts):
    """Cut at the deadline, the body looks like it ended: it must not be parsed as an answer."""
    elapsed, _ = query_against(
        fake_paypro, body=SLOW_BODY, trickle=ONE_BYTE_EVERY_HALF_SECOND, content_length=False
    )
    assert elapsed < DEADLINE + SLACK


def test_trickled_headers_end_at_the_deadline_too(fake_paypro, short_timeouts):
    elapsed, err = query_against(
        fake_paypro, body=SLOW_BODY, trickle=ONE_BYTE_EVERY_HALF_SECOND, trickle_head=True
    )
    assert DEADLINE - 0.2 <= elapsed < DEADLINE + SLACK
    assert "DEADLINE" in str(err)


def test_the_deadline_setting_shortens_the_call(trickling, settings):
    settings.PAYPRO = {**settings.PAYPRO, "DEADLINE": 1.0}
    elapsed, _ = timed_transport_error(lambda: get_client("MX").query_payin("T1"))
    assert elapsed < 1.0 + SLACK


def test_each_retry_has_a_deadline_of_its_own(trickling, settings):
    settings.PAYPRO = {**settings.PAYPRO, "DEADLINE": 1.0, "QUERY_RETRIES": 1}
    elapsed, _ = timed_transport_error(lambda: get_client("MX").query_payin("T1"))
    assert len(trickling.requests_to(QUERY)) == 2
    assert elapsed < 2 * 1.0 + SLACK


@pytest.mark.django_db
def test_a_trickled_creation_leaves_the_payment_unknown_by_the_deadline(trickling):
    elapsed, err = timed_transport_error(lambda: create_payment("300", trade_no="T-SLOW"))
    assert elapsed < DEADLINE + SLACK
    payment = Payment.objects.get(trade_no="T-SLOW")
    assert payment.status == Payment.Status.UNKNOWN
    assert err.record == payment


def test_an_answer_over_the_size_cap_is_a_transport_error(fake_paypro, settings):
    settings.PAYPRO = {**settings.PAYPRO, "MAX_RESPONSE_BYTES": 1000}
    padded = {**envelope({"tradeNo": "T1", "status": "0000"}), "pad": "x" * 2000}
    fake_paypro.respond(QUERY, json=padded)
    with pytest.raises(PayProTransportError, match="MAX_RESPONSE_BYTES"):
        get_client("MX").query_payin("T1")


def test_an_answer_without_length_over_the_size_cap_is_cut_off(
    fake_paypro, settings, short_timeouts
):
    """No Content-Length to refuse up front: the reading itself stops at the cap."""
    settings.PAYPRO = {**settings.PAYPRO, "MAX_RESPONSE_BYTES": 100_000, "DEADLINE": 30}
    elapsed, err = query_against(
        fake_paypro, body=b" " * 5_000_000, content_length=False, hold_open=30
    )
    assert "MAX_RESPONSE_BYTES" in str(err)
    assert elapsed < SLACK


def test_an_answer_within_the_cap_still_reuses_the_connection(fake_paypro):
    fake_paypro.respond(QUERY, json=envelope({"tradeNo": "T1", "status": "0015"}))
    client = get_client("MX")
    for _ in range(3):
        assert client.query_payin("T1").status == "0015"
    assert fake_paypro.connections == 1


def test_an_answer_nested_100000_deep_is_a_transport_error(fake_paypro):
    fake_paypro.respond(QUERY, body=NESTED)
    with pytest.raises(PayProTransportError, match="not its JSON envelope"):
        get_client("MX").query_payin("T1")


def test_an_answer_nested_deeper_than_paypro_nests_is_a_transport_error(fake_paypro):
    """Deep enough to parse, too deep to log, sign or store safely."""
    data: object = "x"
    for _ in range(900):
        data = {"d": data}
    fake_paypro.respond(QUERY, json=envelope(data))
    with pytest.raises(PayProTransportError, match="not its JSON envelope"):
        get_client("MX").query_payin("T1")


@pytest.mark.django_db
def test_a_nested_answer_to_a_creation_leaves_the_payment_unknown(fake_paypro):
    fake_paypro.respond(PAGE, body=NESTED)
    with pytest.raises(PayProTransportError):
        create_payment("300", trade_no="T-DEEP")
    assert Payment.objects.get(trade_no="T-DEEP").status == Payment.Status.UNKNOWN


@pytest.mark.django_db
def test_the_api_answers_202_to_a_nested_answer(fake_paypro):
    from django.contrib.auth import get_user_model

    fake_paypro.respond(PAGE, body=NESTED)
    api = APIClient()
    api.force_login(get_user_model().objects.create_user("clerk", is_staff=True))
    response = api.post("/paypro/api/payments/", {"amount": "300"}, format="json")
    assert response.status_code == 202
    assert response.json()["status"] == "unknown"


@pytest.mark.django_db
def test_the_return_page_answers_200_to_a_nested_query_answer(fake_paypro):
    payment = PaymentFactory()
    fake_paypro.respond(QUERY, body=NESTED)
    response = Client().get(f"/paypro/return/{payment.trade_no}/")
    assert response.status_code == 200
    assert len(fake_paypro.requests_to(QUERY)) >= 1
    with pytest.raises(PayProTransportError):
        refresh_payment(payment)
