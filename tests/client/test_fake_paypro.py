"""The fake PayPro's faults and counts do what its docstring promises, seen from our client."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time

import pytest
import requests

from django_paypro import countries
from django_paypro.client import get_client
from django_paypro.exceptions import PayProTransportError
from tests.fake_paypro import CLOSE, CUT, envelope

# Where Mexico's pay-in and its query live (from the profile, which owns the paths).
PAYIN = countries.PROFILES["MX"].paths[countries.PAYIN]
PAYIN_QUERY = countries.PROFILES["MX"].paths[countries.PAYIN_QUERY]


def create(trade_no="T1"):
    return get_client("MX").create_payin({"tradeNo": trade_no, "amount": "300"})


def test_closed_connection_is_recorded_and_reaches_the_client_as_a_transport_error(fake_paypro):
    fake_paypro.respond(PAYIN, fault=CLOSE, times=1)
    fake_paypro.respond(PAYIN, json=envelope({"tradeNo": "T1", "status": "0015"}))

    with pytest.raises(PayProTransportError):
        create()
    assert create().status == "0015"

    assert fake_paypro.count("T1", PAYIN) == 2


def test_answer_cut_mid_body_is_a_transport_error(fake_paypro, fast_retries):
    fake_paypro.respond(PAYIN_QUERY, json=envelope({"tradeNo": "T1", "status": "0000"}), fault=CUT)

    with pytest.raises(PayProTransportError):
        get_client("MX").query_payin("T1")

    assert fake_paypro.count("T1") == 3  # first try + QUERY_RETRIES=2


def test_trickled_body_arrives_whole_but_slowly(fake_paypro):
    data = {"tradeNo": "T1", "status": "0015", "remark": "x" * 40}
    fake_paypro.respond(PAYIN, json=envelope(data), trickle=(40, 0.1))

    started = time.monotonic()
    result = create()

    assert result.status == "0015"
    assert time.monotonic() - started >= 0.2  # at least three chunks of a ~150-byte body


def test_trickled_head_and_body_arrive_whole_but_slowly(fake_paypro):
    fake_paypro.respond(
        PAYIN,
        json=envelope({"tradeNo": "T1", "status": "0015"}),
        trickle=(60, 0.1),
        trickle_head=True,
    )

    started = time.monotonic()
    assert create().status == "0015"
    assert time.monotonic() - started >= 0.2  # the head alone is more than 120 bytes


def test_answer_without_length_held_open_is_a_read_timeout(fake_paypro, fast_retries):
    data = envelope({"tradeNo": "T1", "status": "0015"})
    fake_paypro.respond(PAYIN, json=data, content_length=False, hold_open=3.0)

    started = time.monotonic()
    with pytest.raises(PayProTransportError):  # the read timeout, while reading the body
        create()

    assert time.monotonic() - started < 2.0


def test_answer_without_length_ends_with_the_connection(fake_paypro):
    fake_paypro.respond(
        PAYIN, json=envelope({"tradeNo": "T1", "status": "0015"}), content_length=False
    )

    assert create().status == "0015"


def test_refused_connections_reach_nothing_until_the_fake_listens_again(fake_paypro):
    fake_paypro.respond(PAYIN, json=envelope({"tradeNo": "T1", "status": "0015"}))

    with fake_paypro.refusing():
        with pytest.raises(PayProTransportError, match="could not be reached") as caught:
            create()
        assert isinstance(caught.value.__cause__, requests.ConnectionError)
    assert create().status == "0015"

    assert fake_paypro.count("T1") == 1


def test_refusal_for_some_seconds_ends_by_itself(fake_paypro):
    fake_paypro.respond(PAYIN, json=envelope({"tradeNo": "T1", "status": "0015"}))
    fake_paypro.refuse_connections(seconds=0.3)

    with pytest.raises(PayProTransportError):
        create()
    time.sleep(0.6)

    assert create().status == "0015"


def test_requests_are_counted_per_trade_number_and_path(fake_paypro, fast_retries):
    fake_paypro.answer_everything = True

    create("A")
    create("B")
    get_client("MX").query_payin("A")

    assert fake_paypro.count("A") == 2
    assert fake_paypro.count("A", PAYIN_QUERY) == 1
    assert fake_paypro.count("B", PAYIN_QUERY) == 0
    assert fake_paypro.trade_numbers == {"A": 2, "B": 1}
    fake_paypro.reset()
    assert (fake_paypro.count("A"), fake_paypro.requests, fake_paypro.connections) == (0, [], 0)


def test_answer_everything_echoes_the_trade_number(fake_paypro):
    fake_paypro.answer_everything = True

    page = get_client("MX").create_payment_page({"tradeNo": "P7", "amount": "300"})
    query = get_client("MX").query_payin("P7")

    assert page.payment_url.endswith("/P7")
    assert (query.status, query.trade_no) == ("0000", "P7")


def test_unknown_fault_is_refused_when_scripted(fake_paypro):
    with pytest.raises(ValueError, match="fault"):
        fake_paypro.respond(PAYIN, fault="explode")


def _control(port, method):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request(method, "/__stats", body=b"" if method == "POST" else None)
    stats = json.loads(conn.getresponse().read())
    conn.close()
    return stats


def test_own_process_answers_everything_and_counts_connections_and_requests():
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_paypro", "--delay", "0.01"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(process.stdout.readline())
        _control(port, "POST")
        with requests.Session() as session:
            for n in range(3):
                body = session.post(
                    f"http://127.0.0.1:{port}/q/query", json={"tradeNo": str(n)}
                ).json()
                assert body["data"]["status"] == "0000"
        assert _control(port, "GET") == {"connections": 1, "requests": 3}
    finally:
        process.terminate()
        process.wait(timeout=10)
