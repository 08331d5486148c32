"""One checkout call for every country: what reaches PayPro's path, and what is refused first.

Requests go to a real local HTTP server (``fake_paypro``); the expected bodies are this app's
reading of each page's request table, written out by hand.
"""

from __future__ import annotations

import pytest
from django.core.checks import run_checks

from django_paypro import create_payment, create_payout, refresh_payment
from django_paypro.client import get_client
from django_paypro.countries import PAGE, PAYIN, PROFILES
from django_paypro.exceptions import PayProTransportError, PayProValidationError
from django_paypro.models import Payment, Payout
from django_paypro.services.payments import submit_transaction_id
from tests.client.handsign import hand_sign
from tests.countries.documents import cpf_from
from tests.fake_paypro import envelope

pytestmark = pytest.mark.django_db

CPF = cpf_from("529982247")
CNIC = "1730123456789"
#: What one shop's checkout knows of its customer, written as customers in that country do.
CUSTOMERS = {
    "MX": {"mobile": "55 1234 5678"},
    "BR": {"mobile": "11987654321", "identity": CPF},
    "EG": {"mobile": "+20 10 1234 5678"},
    "ID": {"mobile": "081245907765"},
    "PK": {"mobile": "0301-2345678", "identity": CNIC},
    "IN": {"mobile": "8234567890"},
    "BD": {"mobile": "01712345678"},
    "NG": {"mobile": "08031234567"},
    "PH": {"mobile": "09171234567"},
    "KE": {"mobile": "0712345678"},
    "VN": {"mobile": "0912345678"},
}
COMMON = {"payer": "Ana Lima", "email": "ana@gmail.com", "ip_address": "14.155.28.59"}
#: The arguments only some countries have, as the shop passes them for that country.
SPECIFIC = {
    ("MX", PAYIN): {"way_code": "store"},
    ("ID", PAGE): {"channel_code": "EWALLET"},
    ("ID", PAYIN): {"channel_code": "EWALLET", "way_code": "DANA"},
    ("PK", PAYIN): {"payment_type": "easypaisa"},
    ("BD", PAYIN): {"way_code": "EWALLET_BKASH"},
    ("NG", PAYIN): {"channel_code": "VA", "way_code": "VA"},
    ("PH", PAGE): {"pay_type": "GCash"},
    ("PH", PAYIN): {"pay_type": "GCash"},
}
SENT_BY_THE_APP = {"tradeNo", "amount", "timestamp", "notifyUrl"}
#: (country, method) -> the body's field names besides ``SENT_BY_THE_APP`` and ``sign``.
PAYMENT_BODIES = {
    ("MX", PAGE): {"payer", "mobile", "email", "returnUrl"},
    ("MX", PAYIN): {"payer", "mobile", "email", "wayCode", "returnUrl"},
    ("BR", PAYIN): {"name", "identityType", "userIdentity", "returnUrl", "remark"},
    ("EG", PAYIN): {"payer", "mobile", "email", "returnUrl", "remark"},
    ("ID", PAGE): {"username", "mobile", "email", "channelCode", "returnUrl"},
    ("ID", PAYIN): {"username", "mobile", "email", "channelCode", "wayCode", "returnUrl"},
    ("PK", PAGE): {"name", "customerCert", "email", "mobile", "remark", "returnUrl"},
    ("PK", PAYIN): {"paymentType", "name", "mobile", "email", "customerCert"},
    ("IN", PAGE): {"name", "mobile", "email", "ipAddress", "returnUrl"},
    ("IN", PAYIN): {"name", "mobile", "email", "ipAddress", "returnUrl"},
    ("BD", PAYIN): {"wayCode", "returnUrl"},
    ("NG", PAYIN): {"username", "mobile", "email", "channelCode", "wayCode", "returnUrl"},
    ("PH", PAGE): {"payType", "returnUrl"},
    ("PH", PAYIN): {"payType", "returnUrl"},
    ("KE", PAGE): set(),
    ("KE", PAYIN): {"mobile"},
    ("VN", PAYIN): {"bankName"},
}


def amount_for(code: str) -> str:
    return "50000" if code == "VN" else "500"


def answer_everything(fake_paypro, code: str, data: dict | None = None) -> None:
    for path in PROFILES[code].paths.values():
        fake_paypro.respond(path, json=envelope(data or {"status": "0015"}))


@pytest.mark.parametrize(("code", "method"), sorted(PAYMENT_BODIES), ids="-".join)
def test_one_checkout_call_sends_each_country_exactly_its_pages_fields(fake_paypro, code, method):
    answer_everything(fake_paypro, code)

    create_payment(
        amount_for(code),
        country=code,
        method=method,
        reference="ORDER-7",
        **COMMON,
        **CUSTOMERS[code],
        **SPECIFIC.get((code, method), {}),
    )

    request = fake_paypro.last
    assert request.path == PROFILES[code].paths[method]
    body = request.json
    signed_in_header = "sign" in request.headers
    assert signed_in_header is (code == "BR")
    assert set(body) - {"sign"} == SENT_BY_THE_APP | PAYMENT_BODIES[(code, method)]
    assert all(isinstance(value, str) and value for value in body.values())
    assert (body.get("sign") or request.headers["sign"]) == hand_sign(body)


def test_every_payment_method_of_every_country_is_exercised():
    offered = {(c, m) for c, p in PROFILES.items() for m in p.methods}
    assert offered == set(PAYMENT_BODIES)


@pytest.mark.parametrize(
    ("code", "method", "missing"),
    [
        ("IN", PAYIN, "ip_address"),
        ("EG", PAYIN, "email"),
        ("BR", PAYIN, "identity"),
        ("MX", PAYIN, "way_code"),
        ("PK", PAGE, "identity"),
        ("KE", PAYIN, "mobile"),
        ("PH", PAYIN, "pay_type"),
    ],
)
def test_a_missing_required_argument_is_refused_by_name_before_anything_happens(
    fake_paypro, code, method, missing
):
    arguments = {**COMMON, **CUSTOMERS[code], **SPECIFIC.get((code, method), {})}
    arguments.pop(missing)
    with pytest.raises(PayProValidationError) as caught:
        create_payment(amount_for(code), country=code, method=method, **arguments)
    assert caught.value.field == missing
    assert Payment.objects.count() == 0
    assert fake_paypro.requests == []


def test_an_argument_no_country_takes_is_still_refused(fake_paypro):
    with pytest.raises(PayProValidationError) as caught:
        create_payment("300", country="MX", paymnet_type="easypaisa")
    assert caught.value.field == "paymnet_type"
    assert fake_paypro.requests == []


@pytest.mark.parametrize(
    ("reference", "expected"), [("ORDER-9", "ORDER-9"), ("", None)], ids=["reference", "trade-no"]
)
def test_a_required_remark_is_never_sent_empty(fake_paypro, reference, expected):
    answer_everything(fake_paypro, "EG")
    payment = create_payment("500", country="EG", reference=reference, **COMMON, **CUSTOMERS["EG"])
    assert fake_paypro.last.json["remark"] == (expected or payment.trade_no)


def test_an_old_argument_name_still_works_with_a_deprecation_warning(fake_paypro):
    answer_everything(fake_paypro, "PK")
    arguments = {**COMMON, **CUSTOMERS["PK"], **SPECIFIC[("PK", PAYIN)]}
    arguments["customer_cert"] = arguments.pop("identity")
    with pytest.warns(DeprecationWarning, match="identity"):
        create_payment("500", country="PK", method=PAYIN, **arguments)
    assert fake_paypro.last.json["customerCert"] == CNIC


#: country -> (beneficiary arguments, the body's field names besides the app's and ``sign``)
PAYOUTS = {
    "MX": (
        {
            "name": "Ana",
            "bank_code": "BANXICO",
            "account_type": "CLABE",
            "account": "032180000118359719",
        },
        {
            "wayCode",
            "customerName",
            "customerMobile",
            "customerEmail",
            "customerAccountType",
            "customerAccount",
        },
    ),
    "BR": (
        {"name": "Ana", "account_type": "CPF", "account": CPF},
        {
            "name",
            "email",
            "mobile",
            "bankType",
            "bankNumber",
            "identityType",
            "userIdentity",
            "remark",
        },
    ),
    "EG": ({"name": "Omar", "account": "01012345678"}, {"customerName", "walletId", "remark"}),
    "ID": (
        {"name": "Budi", "account": "1234567890", "bank_code": "0002"},
        {"customerName", "mobile", "email", "bankAccountNo", "bankCode"},
    ),
    "PK": (
        {
            "name": "Jane",
            "account_type": "WALLET",
            "bank_code": "ALLIED_BANK_LIMITED",
            "account": "9876543210",
        },
        {
            "name",
            "customerCert",
            "email",
            "mobile",
            "accountType",
            "bankName",
            "bankNumber",
            "remark",
        },
    ),
    "IN": (
        {"name": "Asha", "account": "10094038292", "bank_code": "IDFB0043121"},
        {"ipAddress", "name", "mobile", "email", "bankNumber", "bankNCode"},
    ),
    "BD": ({"account": "01123456789", "bank_code": "EWALLET_BKASH"}, {"walletId", "wayCode"}),
    "NG": (
        {"name": "Ada", "account": "0123456789", "bank_code": "PALMPAY"},
        {"customerName", "bankAccountNo", "bankCode", "mobile", "email"},
    ),
    "PH": (
        {"name": "Jose", "account": "1234567890", "bank_code": "BPI"},
        {"customerName", "bankAccountNo", "bankCode"},
    ),
    "KE": ({}, {"mobile"}),
    "VN": (
        {"name": "NGUYEN THE VIET", "bank_code": "ACB", "account": "123456789"},
        {"accountName", "bankName", "bankNumber"},
    ),
}


@pytest.mark.parametrize("code", sorted(PAYOUTS))
def test_one_payout_call_sends_each_country_exactly_its_pages_fields(fake_paypro, code):
    answer_everything(fake_paypro, code)
    contact = {"email": "ana@gmail.com", "ip_address": "14.155.28.59", **CUSTOMERS[code]}
    if code in ("MX", "NG"):
        contact.pop("identity", None)
    beneficiary, expected = PAYOUTS[code]

    create_payout(amount_for(code), country=code, reference="PAY-1", **contact, **beneficiary)

    request = fake_paypro.last
    assert request.path == PROFILES[code].paths["payout"]
    assert set(request.json) - {"sign"} == SENT_BY_THE_APP | expected
    assert all(isinstance(value, str) and value for value in request.json.values())


@pytest.mark.parametrize("missing", ["email", "mobile", "identity"])
def test_pakistan_payouts_require_email_mobile_and_cnic(fake_paypro, missing):
    contact = {"email": "j@gmail.com", **CUSTOMERS["PK"]}
    beneficiary = {**contact, **PAYOUTS["PK"][0]}
    beneficiary.pop(missing)
    with pytest.raises(PayProValidationError) as caught:
        create_payout("500", country="PK", **beneficiary)
    assert caught.value.field == missing
    assert Payout.objects.count() == 0


def test_kenya_queries_carry_no_timestamp(fake_paypro):
    answer_everything(fake_paypro, "KE", {"tradeNo": "T-KE", "status": "0015"})
    payment = create_payment("500", country="KE", mobile="0712345678")

    refresh_payment(payment)

    query = fake_paypro.last
    assert query.path == "/api/queryPayinResult"
    assert set(query.json) == {"tradeNo", "sign"}
    assert query.json["sign"] == hand_sign(query.json)


def test_kenyas_serial_number_is_kept_as_the_platform_number(fake_paypro):
    answer_everything(fake_paypro, "KE", {"serialNumber": "SN-1", "status": "0015"})
    payment = create_payment("500", country="KE", mobile="0712345678")
    assert payment.platform_trade_no == "SN-1"


def test_a_correctly_signed_answer_is_accepted(fake_paypro):
    data = {"platFormTradeNo": "P-1", "status": "0015", "paymentUrl": "https://pay.example/1"}
    answer_everything(fake_paypro, "MX", {**data, "sign": hand_sign(data)})
    payment = create_payment("300", country="MX")
    assert payment.status == Payment.Status.PENDING
    assert payment.payment_url == "https://pay.example/1"


@pytest.mark.parametrize("where", ["data", "envelope"])
def test_an_answer_whose_sign_does_not_match_leaves_the_outcome_unknown(fake_paypro, where):
    data = {"platFormTradeNo": "P-1", "status": "0000"}
    body = envelope(data)
    target = body["data"] if where == "data" else body
    target["sign"] = "0" * 32
    for path in PROFILES["MX"].paths.values():
        fake_paypro.respond(path, json=body)

    with pytest.raises(PayProTransportError, match="sign"):
        create_payment("300", country="MX")
    assert Payment.objects.get().status == Payment.Status.UNKNOWN


def warnings_of(settings, country: str, **extra) -> list[str]:
    settings.PAYPRO = {**settings.PAYPRO, "COUNTRY": country, **extra}
    return [m.msg for m in run_checks() if m.id == "paypro.W010"]


def test_assumed_facts_warn_for_the_countries_configured(settings):
    assert warnings_of(settings, "MX") == []
    (nigeria,) = warnings_of(settings, "NG", BASE_URL="")
    assert "payout fields" in nigeria and "sandbox base URL" in nigeria
    (egypt,) = warnings_of(settings, "EG", BASE_URL="")
    assert "sandbox base URL" in egypt
    assert warnings_of(settings, "EG", BASE_URL="https://api.paypro.example/egypt") == []


def test_a_path_the_merchant_sets_silences_the_warning_for_it(settings):
    paths = {"PATHS": {"payout": "/v1/paypro/payOut"}}
    (nigeria,) = warnings_of(settings, "NG", BASE_URL="https://api.example", **paths)
    assert "payout path" not in nigeria
    assert "payout fields" in nigeria


def test_bangladesh_takes_the_wallet_transaction_id_after_a_payin(fake_paypro):
    answer_everything(fake_paypro, "BD", {"platFormTradeNo": "P-BD", "status": "0015"})
    payment = create_payment("500", country="BD", way_code="EWALLET_BKASH")

    submit_transaction_id(payment, "8N7A6D5F")

    submission = fake_paypro.last
    assert submission.path == "/v1/paypro/payinSubmit"
    assert set(submission.json) == {"platFormTradeNo", "trxId", "timestamp", "sign"}
    assert submission.json["platFormTradeNo"] == "P-BD"
    assert submission.json["sign"] == hand_sign(submission.json)


def test_the_transaction_id_is_refused_where_no_page_takes_it(fake_paypro):
    answer_everything(fake_paypro, "MX")
    payment = create_payment("300", country="MX")
    with pytest.raises(PayProValidationError) as caught:
        submit_transaction_id(payment, "X1")
    assert caught.value.field == "trx_id"


def test_kenya_looks_a_transaction_up_by_its_mpesa_code(fake_paypro):
    data = {
        "platFormTradeNo": "P-KE",
        "amount": "50",
        "status": "0000",
        "mpesaReceiptNumber": "QK1",
    }
    fake_paypro.respond("/api/queryResultByCode", json=envelope(data))

    result = get_client("KE").query_mpesa("QK1")

    request = fake_paypro.last
    assert set(request.json) == {"code", "timestamp", "sign"}
    assert (result.platform_trade_no, result.status, str(result.amount)) == ("P-KE", "0000", "50")
