"""The cashier and payout pages settle trades and queue signed notifications."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from django_paypro.sandbox.models import DeliveryAttempt, SandboxNotification, SandboxTrade
from tests.sandbox.conftest import BR, EG, MX, PAYIN_PATHS, PREFIX, Merchant, md5_sign, payin_fields

pytestmark = pytest.mark.django_db

NOTIFY = "https://shop.example/paypro/notify/"


def create(api: Any, merchant: Merchant = MX, trade_no: str = "T-1", **extra: str) -> SandboxTrade:
    body = api(
        merchant, PAYIN_PATHS[merchant.country], payin_fields(merchant, trade_no, NOTIFY, **extra)
    ).json()
    assert body["code"] == "0000", body
    return SandboxTrade.objects.get(platform_trade_no=body["data"]["platFormTradeNo"])


def cashier_url(trade: SandboxTrade) -> str:
    return f"{PREFIX}/cashier/{trade.platform_trade_no}/"


def act(client: Any, trade: SandboxTrade, action: str, **extra: str) -> Any:
    page = "payouts" if trade.kind == "payout" else "cashier"
    return client.post(f"{PREFIX}/{page}/{trade.platform_trade_no}/", {"action": action, **extra})


def test_cashier_shows_the_payment_and_its_buttons(api: Any, client: Any) -> None:
    trade = create(api)
    html = client.get(cashier_url(trade)).content.decode()
    for text in (
        "300",
        "MXN",
        "T-1",
        MX.merchant_no,
        'value="pay"',
        'value="pay_part"',
        'value="fail"',
    ):
        assert text in html
    assert "csrfmiddlewaretoken" in html


def test_pay_marks_the_trade_paid_and_queues_a_signed_notification(api: Any, client: Any) -> None:
    trade = create(api)
    response = act(client, trade, "pay")
    assert response.status_code == 303
    assert response["Location"] == cashier_url(trade)
    trade.refresh_from_db()
    assert (trade.status, trade.paid_amount) == ("0000", Decimal("300"))
    notification = SandboxNotification.objects.get()
    body = notification.body
    assert body["status"] == "0000"
    assert body["tradeNo"] == "T-1"
    assert body["platFormTradeNo"] == trade.platform_trade_no
    assert body["amount"] == "300"
    # Mexico's notification page lists no channelCode or wayCode.
    assert "channelCode" not in body and "wayCode" not in body
    assert len(body["successTime"]) == 19
    assert all(isinstance(v, str) for v in body.values())
    assert body["sign"] == md5_sign(body, MX.secret)
    attempt = DeliveryAttempt.objects.get()
    assert (attempt.number, attempt.sent_at) == (1, None)


def test_pay_part_pays_half_and_pay_completes(api: Any, client: Any) -> None:
    trade = create(api)
    act(client, trade, "pay_part")
    trade.refresh_from_db()
    assert (trade.status, trade.paid_amount) == ("0001", Decimal("150"))
    assert SandboxNotification.objects.get().body["amount"] == "150"
    assert 'value="pay_part"' not in client.get(cashier_url(trade)).content.decode()
    act(client, trade, "pay")
    trade.refresh_from_db()
    assert (trade.status, trade.paid_amount) == ("0000", Decimal("300"))
    assert [n.body["status"] for n in SandboxNotification.objects.all()] == ["0001", "0000"]


def test_fail_rejects_the_payment(api: Any, client: Any) -> None:
    trade = create(api)
    act(client, trade, "fail")
    trade.refresh_from_db()
    assert trade.status == "00029"
    body = SandboxNotification.objects.get().body
    assert body["status"] == "00029"
    assert "successTime" not in body


def test_paid_trade_accepts_no_second_action(api: Any, client: Any) -> None:
    trade = create(api)
    act(client, trade, "pay")
    response = act(client, trade, "fail")
    assert response.status_code == 409
    trade.refresh_from_db()
    assert trade.status == "0000"
    assert SandboxNotification.objects.count() == 1


def test_query_reports_the_paid_amount_after_the_cashier(api: Any, client: Any) -> None:
    trade = create(api)
    act(client, trade, "pay_part")
    data = api(MX, "/v1/paypro/queryPayInResult", {"tradeNo": "T-1"}).json()["data"]
    assert data["status"] == "0001"
    # Mexico's page answers the paid amount as amount and receivedAmount, no order amount.
    assert data["amount"] == data["receivedAmount"] == "150"
    assert "orderAmount" not in data
    assert data["successTime"]
    assert data["message"] == trade.__class__.objects.get().message


def test_dropped_notification_is_never_sent_but_query_knows(api: Any, client: Any) -> None:
    trade = create(api)
    act(client, trade, "pay", drop="1")
    notification = SandboxNotification.objects.get()
    assert notification.dropped
    assert not DeliveryAttempt.objects.exists()
    data = api(MX, "/v1/paypro/queryPayInResult", {"tradeNo": "T-1"}).json()["data"]
    assert data["status"] == "0000"
    assert "dropped" in client.get(cashier_url(trade)).content.decode()


def test_resend_queues_a_fresh_notification(api: Any, client: Any) -> None:
    trade = create(api)
    act(client, trade, "pay", drop="1")
    assert act(client, trade, "resend").status_code == 303
    fresh = SandboxNotification.objects.last()
    assert fresh is not None and not fresh.dropped
    assert fresh.attempts.count() == 1


def test_resend_is_refused_while_processing(api: Any, client: Any) -> None:
    trade = create(api)
    assert act(client, trade, "resend").status_code == 409


def test_unknown_action_is_refused(api: Any, client: Any) -> None:
    trade = create(api)
    assert act(client, trade, "steal").status_code == 409


def test_cashier_actions_need_the_csrf_token(api: Any) -> None:
    trade = create(api)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(cashier_url(trade), {"action": "pay"}).status_code == 403
    trade.refresh_from_db()
    assert trade.status == "0015"


def test_brazil_cashier_shows_the_pix_qr_code_and_copy_paste_code(api: Any, client: Any) -> None:
    trade = create(api, BR)
    html = client.get(cashier_url(trade)).content.decode()
    assert "<svg" in html
    assert trade.pay_param in html
    assert "BRL" in html


def test_brazil_notification_is_signed_with_brazils_secret(api: Any, client: Any) -> None:
    trade = create(api, BR)
    act(client, trade, "pay")
    body = SandboxNotification.objects.get().body
    assert body["sign"] == md5_sign(body, BR.secret)
    # Exactly the fields of Brazil's Payment Notify page.
    assert set(body) == {
        "status",
        "message",
        "platFormTradeNo",
        "tradeNo",
        "amount",
        "successTime",
        "timestamp",
        "sign",
    }


def test_return_link_appears_once_the_payment_is_done(api: Any, client: Any) -> None:
    trade = create(api, EG, returnUrl="https://shop.example/thanks/")
    assert "https://shop.example/thanks/" not in client.get(cashier_url(trade)).content.decode()
    act(client, trade, "pay")
    assert "https://shop.example/thanks/" in client.get(cashier_url(trade)).content.decode()


def test_payout_page_settles_and_notifies_without_channel(api: Any, client: Any) -> None:
    fields = {
        "tradeNo": "P-1",
        "amount": "120",
        "notifyUrl": NOTIFY,
        "customerName": "Omar",
        "walletId": "01012345678",
        "remark": "refund",
    }
    assert api(EG, "/v1/paypro/payOut", fields).json()["code"] == "0000"
    trade = SandboxTrade.objects.get()
    page = client.get(f"{PREFIX}/payouts/{trade.platform_trade_no}/").content.decode()
    assert 'value="settle"' in page
    assert client.get(cashier_url(trade)).status_code == 404
    act(client, trade, "settle")
    trade.refresh_from_db()
    assert trade.status == "0000"
    body = SandboxNotification.objects.get().body
    assert body["amount"] == "120"
    assert "channelCode" not in body and "wayCode" not in body
    assert body["sign"] == md5_sign(body, EG.secret)


def test_payout_can_fail(api: Any, client: Any) -> None:
    fields = {
        "tradeNo": "P-2",
        "amount": "120",
        "notifyUrl": NOTIFY,
        "customerName": "O",
        "walletId": "0101",
        "remark": "refund",
    }
    api(EG, "/v1/paypro/payOut", fields)
    trade = SandboxTrade.objects.get()
    act(client, trade, "fail")
    trade.refresh_from_db()
    assert trade.status == "00029"


def test_index_lists_trades_with_links(api: Any, client: Any) -> None:
    trade = create(api)
    html = client.get(f"{PREFIX}/").content.decode()
    assert cashier_url(trade) in html
    assert "T-1" in html


def test_unknown_cashier_is_404(client: Any) -> None:
    assert client.get(f"{PREFIX}/cashier/nope/").status_code == 404
