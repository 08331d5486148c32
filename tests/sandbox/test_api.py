"""The sandbox API answers as PayPro does: paths, merchantNo, sign checks, envelopes, spellings."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from django_paypro.sandbox.models import SandboxTrade
from tests.sandbox.conftest import (
    BR,
    EG,
    MERCHANTS,
    MX,
    PAYIN_PATHS,
    PREFIX,
    Merchant,
    payin_fields,
)

pytestmark = pytest.mark.django_db

NOTIFY = "https://shop.example/paypro/notify/"


@pytest.fixture(params=["MX", "BR", "EG"])
def merchant(request: pytest.FixtureRequest) -> Merchant:
    """Run the shared contract once per country."""
    return MERCHANTS[request.param]


def create(api: Any, merchant: Merchant, trade_no: str = "T-1", **extra: str) -> dict:
    response = api(
        merchant, PAYIN_PATHS[merchant.country], payin_fields(merchant, trade_no, NOTIFY, **extra)
    )
    assert response.status_code == 200
    return response.json()


def assert_envelope(body: dict, code: str) -> None:
    assert set(body) == {"msg", "code", "timestamp", "success", "data"}
    assert body["code"] == code
    assert isinstance(body["timestamp"], int) and body["timestamp"] > 1_700_000_000_000
    assert body["success"] is (code == "0000")


def test_payin_creation_is_accepted_as_processing(api: Any, merchant: Merchant) -> None:
    body = create(api, merchant)
    assert_envelope(body, "0000")
    assert body["msg"] == "success"
    assert body["data"]["status"] == "0015"
    assert len(body["data"]["platFormTradeNo"]) == 32
    trade = SandboxTrade.objects.get()
    assert (trade.country, trade.merchant_no, trade.trade_no) == (
        merchant.country,
        merchant.merchant_no,
        "T-1",
    )


def test_mexico_payment_page_answers_payment_url_to_the_cashier(api: Any) -> None:
    data = create(api, MX)["data"]
    trade = SandboxTrade.objects.get()
    assert data == {
        "tradeNo": "T-1",
        "platFormTradeNo": trade.platform_trade_no,
        "status": "0015",
        "desc": "Create",
        "remark": "test",
        "paymentUrl": f"http://testserver{PREFIX}/cashier/{trade.platform_trade_no}/",
    }
    assert trade.operation == "page"


def test_brazil_pix_answers_payment_link_pay_param_and_amount(api: Any) -> None:
    data = create(api, BR)["data"]
    trade = SandboxTrade.objects.get()
    assert set(data) == {"platFormTradeNo", "status", "desc", "amount", "paymentLink", "payParam"}
    assert data["amount"] == "300"
    assert data["desc"] == "CREDIT_INPROGRESS"
    assert data["paymentLink"].endswith(f"/cashier/{trade.platform_trade_no}/")
    assert data["payParam"].startswith("000201")
    assert "br.gov.bcb.pix" in data["payParam"]
    assert "5406300.00" in data["payParam"]


def test_egypt_payin_answers_payment_url(api: Any) -> None:
    data = create(api, EG)["data"]
    assert data["paymentUrl"].startswith(f"http://testserver{PREFIX}/cashier/")
    assert "payParam" not in data


def test_wrong_sign_is_refused_with_8000_and_a_reason(api: Any, merchant: Merchant) -> None:
    fields = payin_fields(merchant, "T-1", NOTIFY)
    response = api(merchant, PAYIN_PATHS[merchant.country], fields, sign="0" * 32)
    body = response.json()
    assert_envelope(body, "8000")
    assert "sign" in body["msg"]
    assert body["data"] is None
    assert not SandboxTrade.objects.exists()


def test_sign_made_with_another_secret_is_refused(api: Any, merchant: Merchant) -> None:
    other = dataclasses.replace(merchant, secret="not-the-secret")
    body = api(other, PAYIN_PATHS[merchant.country], payin_fields(merchant, "T-1", NOTIFY)).json()
    assert body["code"] == "8000"
    assert body["msg"].startswith("sign error")


def test_missing_sign_is_refused(api: Any, merchant: Merchant) -> None:
    body = api(
        merchant, PAYIN_PATHS[merchant.country], payin_fields(merchant, "T", NOTIFY), sign=""
    ).json()
    assert body["code"] == "8000"
    assert body["msg"].startswith("sign missing")


def test_brazil_wants_the_sign_in_the_header(api: Any) -> None:
    fields = payin_fields(BR, "T-1", NOTIFY)
    body = api(BR, PAYIN_PATHS["BR"], fields, sign_in_header=False).json()
    assert body["code"] == "8000"
    assert "'sign' header" in body["msg"]


def test_unknown_merchant_is_refused(api: Any, merchant: Merchant) -> None:
    fields = payin_fields(merchant, "T-1", NOTIFY)
    body = api(merchant, PAYIN_PATHS[merchant.country], fields, merchant_no="9999999999").json()
    assert body["code"] == "8000"
    assert body["msg"] == "merchant not found"


def test_another_countrys_merchant_number_is_refused(api: Any) -> None:
    fields = payin_fields(MX, "T-1", NOTIFY)
    body = api(MX, PAYIN_PATHS["MX"], fields, merchant_no=BR.merchant_no).json()
    assert body["msg"] == "merchant not found"


def test_missing_required_fields_are_named(api: Any, merchant: Merchant) -> None:
    fields = payin_fields(merchant, "T-1", NOTIFY)
    del fields["notifyUrl"]
    body = api(merchant, PAYIN_PATHS[merchant.country], fields).json()
    assert body["code"] == "8000"
    assert "notifyUrl" in body["msg"]


@pytest.mark.parametrize(
    ("merchant", "missing"), [(BR, "userIdentity"), (BR, "name"), (EG, "mobile"), (EG, "payer")]
)
def test_country_specific_required_fields_are_checked(
    api: Any, merchant: Merchant, missing: str
) -> None:
    fields = payin_fields(merchant, "T-1", NOTIFY)
    del fields[missing]
    body = api(merchant, PAYIN_PATHS[merchant.country], fields).json()
    assert body["code"] == "8000"
    assert missing in body["msg"]


def test_duplicate_trade_no_is_refused(api: Any, merchant: Merchant) -> None:
    assert create(api, merchant)["code"] == "0000"
    body = create(api, merchant)
    assert body["code"] == "8000"
    assert body["msg"] == "duplicate tradeNo"
    assert SandboxTrade.objects.count() == 1


def test_same_trade_no_in_another_country_is_a_different_trade(api: Any) -> None:
    assert create(api, MX)["code"] == "0000"
    assert create(api, EG)["code"] == "0000"


def test_egypt_amount_range_is_enforced(api: Any) -> None:
    body = create(api, EG, amount="50")
    assert body["code"] == "8000"
    assert "at least 100" in body["msg"]


def test_decimals_are_refused_where_the_country_has_none(api: Any) -> None:
    body = create(api, MX, amount="300.50")
    assert body["code"] == "8000"
    assert "decimals" in body["msg"]


def test_unquoted_numbers_are_signed_over_their_literal_text(api: Any) -> None:
    fields: dict[str, Any] = payin_fields(MX, "T-1", NOTIFY)
    fields["amount"] = 300
    fields["timestamp"] = 1715941383720
    assert api(MX, PAYIN_PATHS["MX"], fields).json()["code"] == "0000"


def test_relative_notify_url_is_refused(api: Any) -> None:
    body = create(api, MX, notifyUrl="/paypro/notify/")
    assert body["code"] == "8000"
    assert "notifyUrl" in body["msg"]


@pytest.mark.parametrize("merchant", [MX, BR], ids=["MX", "BR"])
def test_payin_query_answers_the_trade(api: Any, merchant: Merchant) -> None:
    create(api, merchant)
    trade = SandboxTrade.objects.get()
    body = api(merchant, "/v1/paypro/queryPayInResult", {"tradeNo": "T-1"}).json()
    assert_envelope(body, "0000")
    data = body["data"]
    assert data["tradeNo"] == "T-1"
    # Mexico's example spells the platform number payproTradeNo; Brazil's table platFormTradeNo.
    assert data.get("platFormTradeNo", data.get("payproTradeNo")) == trade.platform_trade_no
    assert data["status"] == "0015"
    assert data["amount"] == "300"
    assert "successTime" not in data
    assert data["createTime"]


def test_an_operation_a_country_publishes_no_page_for_is_answered_as_the_platform_prints_it(
    api: Any,
) -> None:
    # Egypt lists a Balance Inquiry page, but its content is not transcribed (see EG.json):
    # the sandbox answers the platform path other countries' pages print, sign in the body.
    response = api(EG, "/v1/paypro/queryBalance", {}, base="egypt-pay")
    assert response.status_code == 200
    assert response.json()["code"] == "0000"


def test_a_path_no_page_of_any_country_prints_is_not_served(api: Any) -> None:
    response = api(EG, "/v1/paypro/queryEverything", {}, base="egypt-pay")
    assert response.status_code == 404
    assert response.json()["code"] == "8000"


def test_query_of_an_unknown_trade_is_8000(api: Any) -> None:
    body = api(MX, "/v1/paypro/queryPayInResult", {"tradeNo": "nope"}).json()
    assert body["code"] == "8000"
    assert body["msg"] == "order not found"


def test_query_checks_the_sign_too(api: Any) -> None:
    create(api, MX)
    body = api(MX, "/v1/paypro/queryPayInResult", {"tradeNo": "T-1"}, sign="f" * 32).json()
    assert body["code"] == "8000"


MX_PAYOUT = {
    "tradeNo": "P-1",
    "amount": "120",
    "notifyUrl": NOTIFY,
    "remark": "refund",
    "wayCode": "BANXICO",
    "customerName": "Ana",
    "customerAccountType": "CLABE",
    "customerAccount": "012345678901234567",
}


def test_payout_is_created_and_queried(api: Any) -> None:
    body = api(MX, "/v1/paypro/payOut", MX_PAYOUT).json()
    assert_envelope(body, "0000")
    assert set(body["data"]) == {"tradeNo", "platFormTradeNo", "status", "desc"}
    assert body["data"]["status"] == "0015"
    trade = SandboxTrade.objects.get()
    assert trade.kind == "payout"
    query = api(MX, "/v1/paypro/queryPayOutResult", {"tradeNo": "P-1"}).json()
    assert query["data"]["platFormTradeNo"] == trade.platform_trade_no
    assert api(MX, "/v1/paypro/queryPayInResult", {"tradeNo": "P-1"}).json()["code"] == "8000"


def test_payout_needs_the_beneficiary_fields(api: Any) -> None:
    fields = {k: v for k, v in MX_PAYOUT.items() if k != "customerAccount"}
    body = api(MX, "/v1/paypro/payOut", fields).json()
    assert body["code"] == "8000"
    assert "customerAccount" in body["msg"]


BR_PAYOUT = {
    "tradeNo": "P-1",
    "amount": "50",
    "notifyUrl": NOTIFY,
    "name": "Ana",
    "email": "ana@example.com",
    "mobile": "11912345678",
    "bankType": "CPF",
    "bankNumber": "52998224725",
    "identityType": "CPF",
    "userIdentity": "52998224725",
    "remark": "refund",
}


def test_brazil_payout_lives_at_lowercase_path(api: Any) -> None:
    assert api(BR, "/v1/paypro/payout", BR_PAYOUT).json()["code"] == "0000"
    response = api(BR, "/v1/paypro/payOut", {**BR_PAYOUT, "tradeNo": "P-2"})
    assert response.status_code == 404
    assert "/v1/paypro/payout" in response.json()["msg"]


def test_balance_is_computed_from_settled_trades(api: Any) -> None:
    create(api, BR, "T-1")
    create(api, BR, "T-2")
    SandboxTrade.objects.filter(trade_no="T-1").update(status="0000", paid_amount=300)
    SandboxTrade.objects.filter(trade_no="T-2").update(status="0001", paid_amount=150)
    api(BR, "/v1/paypro/payout", {**BR_PAYOUT, "amount": "120"})
    body = api(BR, "/v1/paypro/queryBalance", {}).json()
    assert_envelope(body, "0000")
    assert body["data"] == {
        "availableAmount": "330.00",
        "freezeAmount": "120.00",
        "unsettledAmount": "0.00",
    }


def test_balance_is_per_country(api: Any) -> None:
    create(api, MX)
    SandboxTrade.objects.update(status="0000", paid_amount=300)
    assert api(BR, "/v1/paypro/queryBalance", {}).json()["data"]["availableAmount"] == "0.00"


def test_unknown_path_is_a_404_envelope(api: Any) -> None:
    response = api(MX, "/v1/paypro/nothingHere", {"tradeNo": "T"})
    assert response.status_code == 404
    assert response.json()["code"] == "8000"


def test_path_of_another_country_is_unknown_under_a_country_base(api: Any) -> None:
    # "brz-pay" names Brazil only, and Pakistan's pay-in path is not Brazil's.
    response = api(BR, "/v1/payproPK/payinApi", payin_fields(BR, "T-1", NOTIFY))
    assert response.status_code == 404


def test_country_code_works_as_base(api: Any) -> None:
    response = api(EG, PAYIN_PATHS["EG"], payin_fields(EG, "T-1", NOTIFY), base="eg")
    assert response.json()["code"] == "0000"
    assert SandboxTrade.objects.get().country == "EG"


def test_unnamed_base_is_resolved_by_merchant_number(api: Any) -> None:
    response = api(EG, PAYIN_PATHS["EG"], payin_fields(EG, "T-1", NOTIFY), base="shared")
    assert response.json()["code"] == "0000"
    assert SandboxTrade.objects.get().country == "EG"


def test_get_is_not_allowed(client: Any) -> None:
    assert client.get(f"{PREFIX}/mex-pay/v1/paypro/paymentLink").status_code == 405


def test_body_that_is_not_an_object_is_refused(client: Any) -> None:
    response = client.post(
        f"{PREFIX}/mex-pay/v1/paypro/paymentLink",
        data=json.dumps(["x"]),
        content_type="application/json",
        headers={"merchantNo": MX.merchant_no},
    )
    assert response.json()["msg"] == "request body must be a JSON object"
