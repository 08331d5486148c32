"""How PayPro's answers and failures map to exceptions, and which calls are retried."""

from __future__ import annotations

import time

import pytest
import requests
import responses

from django_paypro.client import get_client
from django_paypro.exceptions import PayProRejected, PayProTransportError
from tests.fake_paypro import envelope

PAGE = "/v1/paypro/paymentLink"
PAYIN = "/v1/paypro/payInApi"
PAYOUT = "/v1/paypro/payOut"
PAYIN_QUERY = "/v1/paypro/queryPayInResult"
PAYOUT_QUERY = "/v1/paypro/queryPayOutResult"
BALANCE = "/v1/paypro/queryBalance"
HTML_502 = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"

CREATIONS = [
    ("create_payment_page", PAGE, {"tradeNo": "T1", "amount": "300"}),
    ("create_payin", PAYIN, {"tradeNo": "T1", "amount": "300"}),
    ("create_payout", PAYOUT, {"tradeNo": "T1", "amount": "300"}),
]
QUERIES = [
    ("query_payin", PAYIN_QUERY, ("T1",)),
    ("query_payout", PAYOUT_QUERY, ("T1",)),
    ("query_balance", BALANCE, ()),
]


def create(fields=None):
    return get_client("MX").create_payin(fields or {"tradeNo": "T1", "amount": "300"})


def test_code_5000_is_a_transport_error(fake_paypro):
    fake_paypro.respond(PAYIN, json=envelope(None, code="5000", msg="system exception"))

    with pytest.raises(PayProTransportError, match="5000"):
        create()


def test_code_8000_is_a_rejection_with_code_and_message(fake_paypro):
    fake_paypro.respond(PAYIN, json=envelope(None, code="8000", msg="tradeNo already exists"))

    with pytest.raises(PayProRejected) as caught:
        create()

    assert caught.value.code == "8000"
    assert caught.value.message == "tradeNo already exists"


def test_any_other_code_is_a_rejection(fake_paypro):
    fake_paypro.respond(PAYIN, json=envelope({}, code="1001", msg="sign error"))

    with pytest.raises(PayProRejected) as caught:
        create()

    assert (caught.value.code, caught.value.message) == ("1001", "sign error")


def test_unquoted_numeric_code_is_read_as_its_text(fake_paypro):
    fake_paypro.respond(PAYIN, body=b'{"code": 8000, "msg": "order error", "data": null}')

    with pytest.raises(PayProRejected) as caught:
        create()

    assert caught.value.code == "8000"


def test_accepted_answer_with_null_data(fake_paypro):
    fake_paypro.respond(PAYIN, json=envelope(None))

    result = create()

    assert result.status == ""
    assert result.amount is None


def test_http_502_with_html_body_is_a_transport_error(fake_paypro):
    fake_paypro.respond(PAYIN, status=502, body=HTML_502, content_type="text/html")

    with pytest.raises(PayProTransportError, match="502"):
        create()


def test_http_500_with_a_rejection_envelope_is_still_a_transport_error(fake_paypro):
    fake_paypro.respond(PAYIN, status=500, json=envelope(None, code="8000", msg="x"))

    with pytest.raises(PayProTransportError):
        create()


def test_non_json_200_is_a_transport_error(fake_paypro):
    fake_paypro.respond(PAYIN, body=b"OK", content_type="text/plain")

    with pytest.raises(PayProTransportError, match="not its JSON envelope"):
        create()


def test_json_without_code_is_a_transport_error(fake_paypro):
    fake_paypro.respond(PAYIN, json={"hello": "world"})

    with pytest.raises(PayProTransportError):
        create()


def test_http_4xx_with_envelope_uses_the_envelope(fake_paypro):
    fake_paypro.respond(PAYIN, status=400, json=envelope(None, code="8000", msg="bad amount"))

    with pytest.raises(PayProRejected) as caught:
        create()

    assert (caught.value.code, caught.value.message) == ("8000", "bad amount")


def test_http_4xx_without_envelope_is_rejected_with_http_code(fake_paypro):
    # An unscripted path answers like a gateway's 404.
    with pytest.raises(PayProRejected) as caught:
        create()

    assert caught.value.code == "HTTP404"


def test_http_4xx_claiming_success_is_a_transport_error(fake_paypro):
    fake_paypro.respond(PAYIN, status=403, json=envelope({"status": "0000"}))

    with pytest.raises(PayProTransportError):
        create()


def test_redirect_is_not_followed(fake_paypro):
    fake_paypro.respond(
        PAYIN, status=302, body=b"", headers={"Location": fake_paypro.base_url + "/elsewhere"}
    )

    with pytest.raises(PayProRejected) as caught:
        create()

    assert caught.value.code == "HTTP302"
    assert [r.path for r in fake_paypro.requests] == [PAYIN]


def test_timeout_is_a_transport_error(fake_paypro, fast_retries):
    fake_paypro.respond(PAYIN, json=envelope({"status": "0015"}), delay=1.0)

    started = time.monotonic()
    with pytest.raises(PayProTransportError, match="timed out") as caught:
        create()

    assert isinstance(caught.value.__cause__, requests.Timeout)
    assert time.monotonic() - started < 0.9


def test_refused_connection_is_a_transport_error(refused_url):
    with pytest.raises(PayProTransportError, match="could not be reached") as caught:
        create()

    assert isinstance(caught.value.__cause__, requests.ConnectionError)


@pytest.mark.parametrize(("method", "path", "args"), QUERIES)
def test_queries_are_retried_on_transport_errors(fake_paypro, fast_retries, method, path, args):
    fake_paypro.respond(path, status=502, body=HTML_502, content_type="text/html", times=1)
    fake_paypro.respond(path, json=envelope(None, code="5000", msg="busy"), times=1)
    fake_paypro.respond(path, json=envelope({"tradeNo": "T1", "status": "0000"}))

    getattr(get_client("MX"), method)(*args)

    assert len(fake_paypro.requests_to(path)) == 3
    timestamps = [r.json["timestamp"] for r in fake_paypro.requests_to(path)]
    assert all(t.isdigit() for t in timestamps)


def test_query_retries_give_up_after_the_configured_number(fake_paypro, fast_retries):
    fake_paypro.respond(PAYIN_QUERY, status=503, body=b"down", content_type="text/plain")

    with pytest.raises(PayProTransportError):
        get_client("MX").query_payin("T1")

    assert len(fake_paypro.requests) == 3  # first try + QUERY_RETRIES=2


def test_query_timeouts_are_retried(fake_paypro, fast_retries):
    fake_paypro.respond(PAYIN_QUERY, json=envelope({"status": "0015"}), delay=1.0, times=1)
    fake_paypro.respond(PAYIN_QUERY, json=envelope({"status": "0000"}))

    assert get_client("MX").query_payin("T1").status == "0000"
    assert len(fake_paypro.requests) == 2


def test_query_rejections_are_not_retried(fake_paypro, fast_retries):
    fake_paypro.respond(PAYIN_QUERY, json=envelope(None, code="8000", msg="order not exist"))

    with pytest.raises(PayProRejected):
        get_client("MX").query_payin("T1")

    assert len(fake_paypro.requests) == 1


@pytest.mark.parametrize(("method", "path", "fields"), CREATIONS)
def test_creations_are_never_retried(fake_paypro, fast_retries, method, path, fields):
    fake_paypro.respond(path, json=envelope(None, code="5000", msg="busy"), times=1)
    fake_paypro.respond(path, json=envelope({"status": "0015"}))

    with pytest.raises(PayProTransportError):
        getattr(get_client("MX"), method)(fields)

    assert len(fake_paypro.requests) == 1


def test_creation_timeout_is_not_retried(fake_paypro, fast_retries):
    fake_paypro.respond(PAYOUT, json=envelope({"status": "0015"}), delay=1.0)

    with pytest.raises(PayProTransportError):
        get_client("MX").create_payout({"tradeNo": "T1", "amount": "300"})

    assert len(fake_paypro.requests) == 1


def test_unreadable_balance_is_a_transport_error(fake_paypro):
    fake_paypro.respond(BALANCE, json=envelope({"availableAmount": "lots"}))

    with pytest.raises(PayProTransportError, match="balance"):
        get_client("MX").query_balance()


def test_operation_without_a_path_is_a_configuration_error(fake_paypro):
    from django_paypro.exceptions import PayProConfigurationError

    with pytest.raises(PayProConfigurationError, match="account_verify"):
        get_client("MX").verify_account({"accountNo": "1"})
    assert fake_paypro.requests == []


@responses.activate
def test_connection_reset_mid_answer_is_a_transport_error(settings):
    from django_paypro.client import clear_clients

    settings.PAYPRO = {**settings.PAYPRO, "BASE_URL": "https://paypro.test", "QUERY_RETRIES": 0}
    clear_clients()
    responses.post(
        "https://paypro.test/v1/paypro/queryPayInResult",
        body=requests.exceptions.ChunkedEncodingError("connection broken"),
    )

    with pytest.raises(PayProTransportError):
        get_client("MX").query_payin("T1")
