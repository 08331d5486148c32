"""One thread keeps every deadline of the process: no thread per call, each call cut at its own.

The deadlines of concurrent calls fire in their own order, a finished call's deadline never
fires, not even when its connection went back to the pool before the call left its deadline,
and a forked child keeps deadlines of its own. The calls go to the shared fake PayPro
(``tests/fake_paypro.py``), answering slowly (``delay``) or a byte at a time (``trickle``).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from dataclasses import replace
from typing import Any

import pytest
import requests

from django_paypro.accounts import get_account
from django_paypro.client import PayProClient, get_client
from django_paypro.deadlines import Deadline, DeadlineAdapter, read_body
from django_paypro.exceptions import PayProTransportError
from tests.fake_paypro import FakePayPro, RecordedRequest, envelope

PAGE = "/v1/paypro/paymentLink"
QUERY = "/v1/paypro/queryPayInResult"
ANSWER = envelope({"tradeNo": "T1", "status": "0015"})
#: One byte every half second: only an overall deadline ends such an answer.
ONE_BYTE_EVERY_HALF_SECOND = (1, 0.5)
SLOW_BODY = b" " * 400
#: How late past its own deadline a call may end on a loaded two-core machine (CI runs the
#: PostgreSQL suite beside worker processes). Without the deadline a call would last 10 s or
#: more (the slow headers' delay, 200 s of trickled body), so this still tells the two apart.
LATENESS = 2.0
THREADS = 16


@pytest.fixture
def long_read_timeout(settings: Any) -> None:
    """Leave the read timeout out of the way, so only the deadline ends a slow answer."""
    settings.PAYPRO = {**settings.PAYPRO, "TIMEOUT": (1, 10), "QUERY_RETRIES": 0}


def adapter_session() -> requests.Session:
    session = requests.Session()
    session.mount("http://", DeadlineAdapter())
    return session


def test_many_sequential_calls_start_no_thread_of_their_own(fake_paypro: FakePayPro) -> None:
    fake_paypro.respond(QUERY, json=ANSWER)
    # Thread objects are kept, so no two threads share an identity. Threads of earlier tests
    # may end meanwhile: only a thread that was not there before the loop counts.
    during: set[threading.Thread] = set()

    def note_threads(request: RecordedRequest) -> None:
        during.update(threading.enumerate())  # a thread per call is alive while it waits

    fake_paypro.handler = note_threads
    client = get_client("MX")
    client.query_payin("T1")  # the first deadline starts the keeper
    before = set(threading.enumerate())
    during.clear()
    for _ in range(200):
        assert client.query_payin("T1").status == "0015"

    started = (during | set(threading.enumerate())) - before
    assert not started, sorted(thread.name for thread in started)


def test_concurrent_calls_are_each_cut_off_at_their_own_deadline(
    fake_paypro: FakePayPro, long_read_timeout: None
) -> None:
    """16 threads share one pooled session; deadlines 1.0 to 2.5 s, all started at once.

    Half wait for a body trickled a byte at a time, half for headers that never come.
    """
    fake_paypro.respond(PAGE, body=SLOW_BODY, trickle=ONE_BYTE_EVERY_HALF_SECOND)
    fake_paypro.respond(QUERY, json=ANSWER, delay=10)
    session = get_client("MX").session
    start = threading.Barrier(THREADS)
    outcomes: dict[int, tuple[float, str]] = {}

    def call(number: int) -> None:
        client = PayProClient(replace(get_account("MX"), deadline=own_deadline(number)), session)
        start.wait()
        started = time.monotonic()
        try:
            if number % 2:
                client.query_payin(f"T{number}")
            else:
                client.create_payment_page({"tradeNo": f"T{number}", "amount": "300"})
        except PayProTransportError as err:
            outcomes[number] = (time.monotonic() - started, str(err))

    threads = [threading.Thread(target=call, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert sorted(outcomes) == list(range(THREADS))
    for number, (elapsed, error) in outcomes.items():
        assert "DEADLINE" in error
        assert own_deadline(number) - 0.05 <= elapsed < own_deadline(number) + LATENESS, number


def own_deadline(number: int) -> float:
    """Return thread ``number``'s deadline: a tenth of a second apart, the first the latest."""
    return 1.0 + 0.1 * (THREADS - 1 - number)


def test_a_cancelled_deadline_never_fires() -> None:
    interrupted = threading.Event()
    with Deadline(0.2) as deadline:
        deadline.watch(interrupted.set)
    assert not interrupted.wait(0.5)
    assert not deadline.fired


def test_a_finished_calls_deadline_spares_the_next_call_on_its_connection(
    fake_paypro: FakePayPro, settings: Any
) -> None:
    """The second call is still waiting when the first call's deadline would have passed."""
    settings.PAYPRO = {**settings.PAYPRO, "TIMEOUT": (1, 5), "DEADLINE": 2.0, "QUERY_RETRIES": 0}
    fake_paypro.respond(QUERY, json=ANSWER, times=1)
    fake_paypro.respond(QUERY, json=ANSWER, delay=1.5)
    client = get_client("MX")
    client.query_payin("T1")  # its deadline is 2 s away
    time.sleep(1.0)
    assert client.query_payin("T1").status == "0015"  # waits from 1.0 to 2.5 s; due at 3.0
    assert fake_paypro.connections == 1


def test_a_deadline_passing_after_the_call_released_its_connection_spares_the_next_call(
    fake_paypro: FakePayPro,
) -> None:
    """The pool takes the connection back at the last byte, before the call leaves its deadline.

    Another thread's call takes it from the pool and is waiting on it when that deadline passes.
    """
    fake_paypro.respond(QUERY, json=ANSWER, times=1)
    fake_paypro.respond(QUERY, json=ANSWER, delay=1.0)
    session, url = adapter_session(), fake_paypro.base_url + QUERY
    released, leave = threading.Event(), threading.Event()
    first: list[Deadline] = []

    def first_call() -> None:
        with Deadline(0.5) as deadline:
            read_body(session.post(url, stream=True, timeout=5), deadline, 10_000)
            released.set()
            leave.wait(5)  # still within the deadline when it passes
        first.append(deadline)

    thread = threading.Thread(target=first_call)
    thread.start()
    try:
        assert released.wait(5)
        with Deadline(5) as deadline:
            response = session.post(url, stream=True, timeout=5)
            body = read_body(response, deadline, 10_000)
    finally:
        leave.set()
        thread.join(timeout=5)

    assert first[0].fired  # it did pass, with nothing of its own left to interrupt
    assert b"0015" in body
    assert fake_paypro.connections == 1


def test_a_deadline_passing_while_its_connection_sits_in_the_pool_leaves_it_open(
    fake_paypro: FakePayPro,
) -> None:
    fake_paypro.respond(QUERY, json=ANSWER)
    session, url = adapter_session(), fake_paypro.base_url + QUERY
    with Deadline(0.2) as deadline:
        read_body(session.post(url, stream=True, timeout=5), deadline, 10_000)
        time.sleep(0.5)
    assert deadline.fired
    assert session.post(url, timeout=5).status_code == 200
    assert fake_paypro.connections == 1  # not shut down in the pool and opened again


def query_in_child(results: Any) -> None:
    """Query once through a new client in this (forked) process; report the time and error."""
    started = time.monotonic()
    try:
        PayProClient(get_account("MX")).query_payin("T1")
    except PayProTransportError as err:
        results.put((time.monotonic() - started, str(err)))
    else:
        results.put((time.monotonic() - started, "answered"))


def test_a_forked_child_cuts_its_calls_off_at_their_deadline(
    fake_paypro: FakePayPro, settings: Any
) -> None:
    settings.PAYPRO = {**settings.PAYPRO, "TIMEOUT": (1, 2), "DEADLINE": 1.0, "QUERY_RETRIES": 0}
    fake_paypro.respond(QUERY, json=ANSWER, times=1)
    get_client("MX").query_payin("T1")  # the parent's keeper is running when it forks
    fake_paypro.respond(QUERY, body=SLOW_BODY, trickle=ONE_BYTE_EVERY_HALF_SECOND)
    fork = multiprocessing.get_context("fork")
    results = fork.Queue()
    child = fork.Process(target=query_in_child, args=(results,))
    child.start()
    child.join(timeout=5)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("the child's call was never cut off")

    elapsed, error = results.get(timeout=1)
    assert child.exitcode == 0
    assert "DEADLINE" in error
    assert 1.0 - 0.05 <= elapsed < 1.0 + LATENESS
