"""Notifications reach notifyUrl signed, and are retried on PayPro's schedule until "OK"."""

from __future__ import annotations

import itertools
import json
import time
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from django_paypro.sandbox import delivery
from django_paypro.sandbox.models import DeliveryAttempt, SandboxNotification, SandboxTrade
from tests.fake_paypro import FakePayPro, unused_url
from tests.sandbox.conftest import MX, NOTIFY_PATH, PAYIN_PATHS, PREFIX, md5_sign, payin_fields

pytestmark = pytest.mark.django_db

SCHEDULE = [2, 5, 10, 30, 3600, 10800, 10800, 10800]


def paid_trade(api: Any, client: Any, notify_url: str, trade_no: str = "T-1") -> SandboxTrade:
    body = api(MX, PAYIN_PATHS["MX"], payin_fields(MX, trade_no, notify_url)).json()
    trade = SandboxTrade.objects.get(platform_trade_no=body["data"]["platFormTradeNo"])
    client.post(f"{PREFIX}/cashier/{trade.platform_trade_no}/", {"action": "pay"})
    return trade


def attempts() -> list[DeliveryAttempt]:
    return list(DeliveryAttempt.objects.order_by("number"))


def gaps(done: list[DeliveryAttempt]) -> list[float]:
    """Return the seconds between each attempt's end and the next one's schedule."""
    return [
        (b.scheduled_at - a.finished_at).total_seconds()
        for a, b in itertools.pairwise(done)
        if a.finished_at is not None
    ]


def test_notification_is_posted_as_signed_json(
    api: Any, client: Any, receiver: FakePayPro, notify_url: str
) -> None:
    trade = paid_trade(api, client, notify_url)
    assert delivery.deliver_due() == 1
    [posted] = receiver.requests_to(NOTIFY_PATH)
    assert posted.method == "POST"
    assert posted.headers["Content-Type"] == "application/json"
    body = json.loads(posted.body)
    assert body["tradeNo"] == "T-1"
    assert body["platFormTradeNo"] == trade.platform_trade_no
    assert body["status"] == "0000"
    assert body["sign"] == md5_sign(body, MX.secret)


def test_ok_stops_the_retries(api: Any, client: Any, receiver: FakePayPro, notify_url: str) -> None:
    paid_trade(api, client, notify_url)
    delivery.deliver_due()
    far = timezone.now() + timedelta(days=2)
    assert delivery.deliver_due(now=far) == 0
    [attempt] = attempts()
    assert (attempt.http_status, attempt.answer, attempt.error) == (200, "OK", "")
    assert attempt.succeeded
    assert SandboxNotification.objects.get().acknowledged


def test_ok_with_surrounding_whitespace_counts(
    api: Any, client: Any, receiver: FakePayPro, notify_url: str
) -> None:
    receiver.respond(NOTIFY_PATH, body="  OK\r\n", content_type="text/plain")
    paid_trade(api, client, notify_url)
    delivery.deliver_due()
    assert SandboxNotification.objects.get().acknowledged


@pytest.mark.parametrize(
    ("status", "answer"), [(500, "OK"), (200, "ok"), (200, '{"result": "OK"}'), (400, "bad sign")]
)
def test_anything_but_200_ok_is_a_failed_delivery(
    api: Any, client: Any, receiver: FakePayPro, notify_url: str, status: int, answer: str
) -> None:
    receiver.respond(NOTIFY_PATH, status=status, body=answer, content_type="text/plain")
    paid_trade(api, client, notify_url)
    delivery.deliver_due()
    first, second = attempts()
    assert (first.http_status, first.answer) == (status, answer)
    assert not first.succeeded
    assert second.sent_at is None
    assert not SandboxNotification.objects.get().acknowledged


def test_retries_follow_paypros_schedule_then_stop_at_ok(
    api: Any, client: Any, receiver: FakePayPro, notify_url: str
) -> None:
    receiver.respond(NOTIFY_PATH, status=503, body="busy", content_type="text/plain", times=3)
    paid_trade(api, client, notify_url)
    t0 = timezone.now()
    assert delivery.deliver_due(now=t0) == 1
    assert delivery.deliver_due(now=t0 + timedelta(seconds=1.9)) == 0
    assert delivery.deliver_due(now=t0 + timedelta(seconds=2)) == 1
    assert delivery.deliver_due(now=t0 + timedelta(seconds=6.9)) == 0
    assert delivery.deliver_due(now=t0 + timedelta(seconds=7)) == 1
    assert delivery.deliver_due(now=t0 + timedelta(seconds=17)) == 1
    assert delivery.deliver_due(now=t0 + timedelta(days=2)) == 0
    done = attempts()
    assert [a.number for a in done] == [1, 2, 3, 4]
    assert [a.http_status for a in done] == [503, 503, 503, 200]
    assert gaps(done) == [2, 5, 10]
    assert len(receiver.requests_to(NOTIFY_PATH)) == 4


def test_delays_are_scaled_by_the_setting(
    api: Any, client: Any, receiver: FakePayPro, notify_url: str, settings: Any
) -> None:
    settings.PAYPRO = {**settings.PAYPRO, "SANDBOX_RETRY_SCALE": 0.5}
    receiver.respond(NOTIFY_PATH, status=500, body="no", content_type="text/plain", times=1)
    paid_trade(api, client, notify_url)
    t0 = timezone.now()
    delivery.deliver_due(now=t0)
    assert attempts()[1].scheduled_at == t0 + timedelta(seconds=1)


def test_nine_attempts_at_most(
    api: Any, client: Any, receiver: FakePayPro, notify_url: str
) -> None:
    receiver.respond(NOTIFY_PATH, status=500, body="down", content_type="text/plain")
    paid_trade(api, client, notify_url)
    t = timezone.now()
    for _ in range(12):
        delivery.deliver_due(now=t)
        t += timedelta(hours=4)
    done = attempts()
    assert len(done) == 9 == len(receiver.requests_to(NOTIFY_PATH))
    assert all(a.finished_at is not None for a in done)
    assert gaps(done) == SCHEDULE


def test_zero_scale_runs_the_whole_schedule_at_once(
    api: Any, client: Any, receiver: FakePayPro, notify_url: str, settings: Any
) -> None:
    settings.PAYPRO = {**settings.PAYPRO, "SANDBOX_RETRY_SCALE": 0}
    receiver.respond(NOTIFY_PATH, status=500, body="down", content_type="text/plain", times=2)
    paid_trade(api, client, notify_url)
    assert delivery.deliver_due() == 3
    assert SandboxNotification.objects.get().acknowledged


def test_refused_connection_is_recorded_and_retried(api: Any, client: Any) -> None:
    paid_trade(api, client, unused_url() + NOTIFY_PATH)
    delivery.deliver_due()
    first, second = attempts()
    assert first.http_status is None
    assert "ConnectionError" in first.error
    assert second.number == 2


def test_cashier_page_shows_each_attempt_and_its_answer(
    api: Any, client: Any, receiver: FakePayPro, notify_url: str
) -> None:
    receiver.respond(NOTIFY_PATH, status=500, body="boom-xyz", content_type="text/plain", times=1)
    trade = paid_trade(api, client, notify_url)
    t0 = timezone.now()
    delivery.deliver_due(now=t0)
    delivery.deliver_due(now=t0 + timedelta(seconds=2))
    html = client.get(f"{PREFIX}/cashier/{trade.platform_trade_no}/").content.decode()
    assert "boom-xyz" in html
    assert "500" in html
    assert "acknowledged" in html


def test_management_command_delivers_what_is_due(
    api: Any, client: Any, receiver: FakePayPro, notify_url: str
) -> None:
    paid_trade(api, client, notify_url)
    call_command("paypro_sandbox_deliver", verbosity=0)
    assert len(receiver.requests_to(NOTIFY_PATH)) == 1
    assert SandboxNotification.objects.get().acknowledged


@pytest.mark.django_db(transaction=True)
def test_background_worker_delivers_after_the_click(
    api: Any, client: Any, receiver: FakePayPro, notify_url: str, settings: Any
) -> None:
    settings.PAYPRO = {**settings.PAYPRO, "SANDBOX_BACKGROUND_DELIVERY": True}
    try:
        paid_trade(api, client, notify_url)
        deadline = time.monotonic() + 10
        while not receiver.requests_to(NOTIFY_PATH) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(receiver.requests_to(NOTIFY_PATH)) == 1
    finally:
        delivery.stop_worker()


def test_an_attempt_abandoned_mid_request_is_closed_and_retried(
    api: Any, client: Any, receiver: FakePayPro, notify_url: str
) -> None:
    """A process that died mid-POST leaves an attempt claimed but unfinished: not forever."""
    paid_trade(api, client, notify_url)
    [first] = attempts()
    claimed = timezone.now() - timedelta(minutes=5)
    DeliveryAttempt.objects.filter(pk=first.pk).update(sent_at=claimed)

    later = timezone.now() + timedelta(seconds=10)
    assert delivery.deliver_due(now=later) == 0  # closed; the retry waits its 2 s
    assert delivery.deliver_due(now=later + timedelta(seconds=3)) == 1

    abandoned, retried = attempts()
    assert abandoned.error.startswith("abandoned")
    assert abandoned.finished_at is not None
    assert retried.number == 2
    assert retried.succeeded
    assert SandboxNotification.objects.get().acknowledged
    assert len(receiver.requests_to(NOTIFY_PATH)) == 1
