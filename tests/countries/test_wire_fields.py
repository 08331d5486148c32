"""Our argument names become PayPro's wire fields, validated and normalised, per country.

The table below is this app's reading of each page's request table: for every country and
creation, a valid set of our arguments and the exact wire fields they become (``tradeNo``,
``amount``, ``timestamp``, ``notifyUrl`` and ``sign`` are added by the services and client).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from django_paypro.countries import PAGE, PAYIN, PAYOUT, PROFILES
from django_paypro.exceptions import PayProValidationError
from tests.countries.documents import card_from, clabe_from, cnpj_from, cpf_from

CPF = cpf_from("529982247")
CNPJ = cnpj_from("112223330001")
CLABE = clabe_from("03218000011835971")
CARD = card_from("411111111111111")
CNIC = "1730123456789"
RETURN = "https://shop.example/back/"
BR_PAYOUT = {
    "name": "Ana",
    "email": "ana@example.com",
    "mobile": "11987654321",
    "account_type": "CPF",
    "account": CPF,
    "identity": CPF,
    "remark": "r",
}


def bump_last_digit(number: str) -> str:
    """Return ``number`` with its last (check) digit changed."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def refused(code, operation, values):
    """Return the error raised for ``values``; fail if they were accepted."""
    with pytest.raises(PayProValidationError) as caught:
        PROFILES[code].wire_fields(operation, values)
    return caught.value


IN_PAYMENT = (
    {
        "payer": "Asha",
        "mobile": "+91 82345 67890",
        "email": "a@gmail.com",
        "ip_address": "14.155.28.59",
        "return_url": RETURN,
    },
    {
        "name": "Asha",
        "mobile": "8234567890",
        "email": "a@gmail.com",
        "ipAddress": "14.155.28.59",
        "returnUrl": RETURN,
    },
)

#: (country, operation) -> (our arguments, the wire fields they become)
CASES = {
    ("MX", PAGE): (
        {
            "payer": " kevin  zhang ",
            "mobile": "+52 55 1234 5678",
            "email": "k@Z.com",
            "way_code": "va",
            "return_url": RETURN,
            "remark": "r",
        },
        {
            "payer": "kevin zhang",
            "mobile": "+525512345678",
            "email": "k@z.com",
            "wayCode": "va",
            "returnUrl": RETURN,
            "remark": "r",
        },
    ),
    ("MX", PAYIN): (
        {"way_code": "store"},
        {"wayCode": "store"},
    ),
    ("MX", PAYOUT): (
        {
            "name": "Ana",
            "bank_code": "BANXICO",
            "account_type": "CLABE",
            "account": CLABE,
            "mobile": "5512345678",
            "email": "a@b.mx",
            "identity": "58452586558",
        },
        {
            "customerName": "Ana",
            "wayCode": "BANXICO",
            "customerAccountType": "CLABE",
            "customerAccount": CLABE,
            "customerMobile": "5512345678",
            "customerEmail": "a@b.mx",
            "identity": "58452586558",
        },
    ),
    ("BR", PAYIN): (
        {"payer": "João", "identity": CPF, "remark": "r"},
        {"name": "João", "identityType": "CPF", "userIdentity": CPF, "remark": "r"},
    ),
    ("BR", PAYOUT): (
        BR_PAYOUT,
        {
            "name": "Ana",
            "email": "ana@example.com",
            "mobile": "11987654321",
            "bankType": "CPF",
            "bankNumber": CPF,
            "identityType": "CPF",
            "userIdentity": CPF,
            "remark": "r",
        },
    ),
    ("EG", PAYIN): (
        {"payer": "Omar", "mobile": "+20 10 1234 5678", "email": "o@x.eg", "remark": "r"},
        {"payer": "Omar", "mobile": "01012345678", "email": "o@x.eg", "remark": "r"},
    ),
    ("EG", PAYOUT): (
        {"name": "Omar", "account": "01012345678", "remark": "r"},
        {"customerName": "Omar", "walletId": "01012345678", "remark": "r"},
    ),
    ("ID", PAGE): (
        {
            "payer": "Budi",
            "mobile": "081245907765",
            "email": "b@x.id",
            "channel_code": "ewallet",
            "way_code": "DANA",
        },
        {
            "username": "Budi",
            "mobile": "6281245907765",
            "email": "b@x.id",
            "channelCode": "EWALLET",
            "wayCode": "DANA",
        },
    ),
    ("ID", PAYIN): (
        {"payer": "Budi", "mobile": "6281245907765", "email": "b@x.id", "channel_code": "VA"},
        {"username": "Budi", "mobile": "6281245907765", "email": "b@x.id", "channelCode": "VA"},
    ),
    ("ID", PAYOUT): (
        {
            "name": "Budi",
            "mobile": "081245907765",
            "email": "b@x.id",
            "account": "1234567890",
            "bank_code": "0002",
        },
        {
            "customerName": "Budi",
            "mobile": "6281245907765",
            "email": "b@x.id",
            "bankAccountNo": "1234567890",
            "bankCode": "0002",
        },
    ),
    ("PK", PAGE): (
        {
            "payer": "Ali",
            "identity": "17301-2345678-9",
            "email": "ali@gmail.com",
            "mobile": "03012345678",
            "remark": "r",
        },
        {
            "name": "Ali",
            "customerCert": CNIC,
            "email": "ali@gmail.com",
            "mobile": "3012345678",
            "remark": "r",
        },
    ),
    ("PK", PAYIN): (
        {
            "payment_type": "JazzCash",
            "payer": "Ali",
            "mobile": "3012345678",
            "email": "ali@gmail.com",
            "cust_id": "m2hkCRuTCK5HKpEkA0ok",
        },
        {
            "paymentType": "jazzcash",
            "name": "Ali",
            "mobile": "3012345678",
            "email": "ali@gmail.com",
            "custId": "m2hkCRuTCK5HKpEkA0ok",
        },
    ),
    ("PK", PAYOUT): (
        {
            "name": "Jane",
            "identity": CNIC,
            "email": "j@gmail.com",
            "mobile": "3115112345",
            "account_type": "bank",
            "bank_code": "ALLIED_BANK_LIMITED",
            "account": "9876543210",
            "remark": "r",
        },
        {
            "name": "Jane",
            "customerCert": CNIC,
            "email": "j@gmail.com",
            "mobile": "3115112345",
            "accountType": "BANK",
            "bankName": "ALLIED_BANK_LIMITED",
            "bankNumber": "9876543210",
            "remark": "r",
        },
    ),
    # India's cashier and host-to-host pay-in take the same fields.
    ("IN", PAGE): IN_PAYMENT,
    ("IN", PAYIN): IN_PAYMENT,
    ("IN", PAYOUT): (
        {
            "ip_address": "14.155.28.59",
            "name": "Asha",
            "mobile": "8234567890",
            "email": "a@gmail.com",
            "account": "10094038292",
            "bank_code": "idfb0043121",
        },
        {
            "ipAddress": "14.155.28.59",
            "name": "Asha",
            "mobile": "8234567890",
            "email": "a@gmail.com",
            "bankNumber": "10094038292",
            "bankNCode": "IDFB0043121",
        },
    ),
    ("BD", PAYIN): ({"way_code": "EWALLET_BKASH"}, {"wayCode": "EWALLET_BKASH"}),
    ("BD", PAYOUT): (
        {"account": "01123456789", "bank_code": "EWALLET_ROCKET"},
        {"walletId": "01123456789", "wayCode": "EWALLET_ROCKET"},
    ),
    ("NG", PAYIN): (
        {
            "payer": "Ada",
            "mobile": "08031234567",
            "email": "a@x.ng",
            "channel_code": "EWALLET",
            "way_code": "PALMPAY",
        },
        {
            "username": "Ada",
            "mobile": "08031234567",
            "email": "a@x.ng",
            "channelCode": "EWALLET",
            "wayCode": "PALMPAY",
        },
    ),
    ("NG", PAYOUT): (
        {"name": "Ada", "account": "0123456789", "bank_code": "PALMPAY"},
        {"customerName": "Ada", "bankAccountNo": "0123456789", "bankCode": "PALMPAY"},
    ),
    ("PH", PAGE): (
        {"pay_type": "GCash QR", "return_url": RETURN},
        {"payType": "GCash QR", "returnUrl": RETURN},
    ),
    ("PH", PAYIN): (
        {"pay_type": "GrabPay", "return_url": RETURN},
        {"payType": "GrabPay", "returnUrl": RETURN},
    ),
    ("PH", PAYOUT): (
        {"name": "Jose", "account": "1234567890", "bank_code": "BPI"},
        {"customerName": "Jose", "bankAccountNo": "1234567890", "bankCode": "BPI"},
    ),
    ("KE", PAGE): ({"remark": "r"}, {"remark": "r"}),
    ("KE", PAYIN): ({"mobile": "0712 345678"}, {"mobile": "254712345678"}),
    ("KE", PAYOUT): ({"mobile": "254115555088"}, {"mobile": "254115555088"}),
    ("VN", PAYIN): ({}, {"bankName": "VietQR"}),
    ("VN", PAYOUT): (
        {"name": "NGUYEN THE VIET", "bank_code": "ACB", "account": "123456789"},
        {"accountName": "NGUYEN THE VIET", "bankName": "ACB", "bankNumber": "123456789"},
    ),
}


def test_the_table_covers_every_creation_of_every_country():
    offered = {(c, o) for c, p in PROFILES.items() for o in p.operations}
    assert set(CASES) == offered


@pytest.mark.parametrize(("code", "operation"), sorted(CASES), ids="-".join)
def test_our_arguments_become_the_pages_wire_fields(code, operation):
    values, wire = CASES[(code, operation)]
    assert PROFILES[code].wire_fields(operation, values) == wire


REQUIRED = [
    (code, operation, spec.name)
    for (code, operation) in sorted(CASES)
    for spec in PROFILES[code].specs[operation].fields
    if spec.required and spec.default is None
]


@pytest.mark.parametrize(("code", "operation", "name"), REQUIRED, ids="-".join)
def test_a_missing_required_argument_is_refused_by_name(code, operation, name):
    takes = PROFILES[code].argument_names(operation)
    filled = {"remark": "r", "return_url": RETURN}
    values = {**CASES[(code, operation)][0], **{k: v for k, v in filled.items() if k in takes}}
    values.pop(name)
    error = refused(code, operation, values)
    assert error.field == name
    assert "required" in error.rule


def test_an_argument_this_operation_does_not_take_is_refused_unless_ignored():
    assert refused("MX", PAGE, {"payer_name": "Ana"}).field == "payer_name"
    assert refused("BD", PAYIN, {"way_code": "EWALLET_BKASH", "payer": "A"}).field == "payer"
    wire = PROFILES["BD"].wire_fields(
        PAYIN,
        {"way_code": "EWALLET_BKASH", "payer": "A", "email": "a@b.c"},
        ignore={"payer", "email"},
    )
    assert wire == {"wayCode": "EWALLET_BKASH"}


def test_empty_values_are_left_out():
    assert PROFILES["MX"].wire_fields(PAGE, {"way_code": "va", "mobile": None, "email": ""}) == {
        "wayCode": "va"
    }


def test_vietnam_payin_bank_name_is_fixed_to_vietqr():
    assert refused("VN", PAYIN, {"bank_name": "ACB"}).field == "bank_name"
    assert PROFILES["VN"].wire_fields(PAYIN, {"bank_name": "vietqr"}) == {"bankName": "VietQR"}


def test_vietnam_payout_name_must_be_english_letters():
    values = {**CASES[("VN", PAYOUT)][0], "name": "Nguyễn Thế Việt"}
    assert refused("VN", PAYOUT, values).field == "name"


def test_required_remark_falls_back_and_optional_one_stays_empty():
    assert PROFILES["EG"].remark(PAYIN, "", "REF-1") == "REF-1"
    assert PROFILES["EG"].remark(PAYIN, "mine", "REF-1") == "mine"
    assert PROFILES["MX"].remark(PAYIN, "", "REF-1") == ""
    assert PROFILES["VN"].remark(PAYIN, "", "REF-1") == ""
    assert PROFILES["ID"].remark(PAGE, "", "REF-1") == ""  # Indonesia's cashier takes none


# --- Mexico and Brazil: accounts, PIX keys, documents --------------------------------------------


@pytest.mark.parametrize(
    ("account_type", "account", "wire_type", "wire_account"),
    [
        ("CLABE", CLABE, "CLABE", CLABE),
        ("clabe", f"{CLABE[:3]} {CLABE[3:]}", "CLABE", CLABE),
        ("DebitCard", CARD, "DebitCard", CARD),
        ("debitcard", f"{CARD[:4]}-{CARD[4:8]}-{CARD[8:12]}-{CARD[12:]}", "DebitCard", CARD),
    ],
)
def test_mx_payout_maps_beneficiary(account_type, account, wire_type, wire_account):
    wire = PROFILES["MX"].wire_fields(
        PAYOUT,
        {"name": "Ana", "bank_code": "BANXICO", "account_type": account_type, "account": account},
    )
    assert wire == {
        "wayCode": "BANXICO",
        "customerName": "Ana",
        "customerAccountType": wire_type,
        "customerAccount": wire_account,
    }


@pytest.mark.parametrize(
    ("account_type", "account"),
    [
        ("CLABE", CARD),  # a card where a CLABE is declared
        ("DebitCard", CLABE),
        ("CLABE", bump_last_digit(CLABE)),
        ("DebitCard", bump_last_digit(CARD)),
    ],
)
def test_mx_payout_checks_the_account_against_its_type(account_type, account):
    error = refused(
        "MX",
        PAYOUT,
        {"name": "Ana", "bank_code": "BANXICO", "account_type": account_type, "account": account},
    )
    assert error.field == "account"


def test_mx_payout_refuses_an_unknown_account_type():
    error = refused(
        "MX",
        PAYOUT,
        {"name": "Ana", "bank_code": "BANXICO", "account_type": "SPEI", "account": CLABE},
    )
    assert error.field == "account_type"


@pytest.mark.parametrize("missing", ["name", "bank_code", "account_type", "account"])
def test_mx_payout_requires_each_beneficiary_field(missing):
    values = {"name": "Ana", "bank_code": "BANXICO", "account_type": "CLABE", "account": CLABE}
    del values[missing]
    assert refused("MX", PAYOUT, values).field == missing


# --- Brazil -------------------------------------------------------------------------------------


def test_br_pix_payin_defaults_identity_type_to_cpf():
    wire = PROFILES["BR"].wire_fields(PAYIN, {"payer": "João", "identity": CPF, "remark": "r"})
    assert wire == {"name": "João", "identityType": "CPF", "userIdentity": CPF, "remark": "r"}


def test_br_pix_payin_normalises_a_formatted_cpf():
    formatted = f"{CPF[:3]}.{CPF[3:6]}.{CPF[6:9]}-{CPF[9:]}"
    wire = PROFILES["BR"].wire_fields(
        PAYIN, {"payer": "João", "identity": formatted, "remark": "r"}
    )
    assert wire["userIdentity"] == CPF


def test_br_pix_payin_accepts_a_cnpj_when_declared():
    wire = PROFILES["BR"].wire_fields(
        PAYIN, {"payer": "Loja", "identity_type": "cnpj", "identity": CNPJ, "remark": "r"}
    )
    assert wire == {"name": "Loja", "identityType": "CNPJ", "userIdentity": CNPJ, "remark": "r"}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"payer": "João"}, "identity"),
        ({"identity": CPF}, "payer"),
        ({"payer": "João", "identity": bump_last_digit(CPF)}, "identity"),
        ({"payer": "João", "identity": CNPJ}, "identity"),  # a CNPJ declared as CPF
        ({"payer": "João", "identity": CPF, "identity_type": "RG"}, "identity_type"),
        ({"payer": "João", "identity": CPF, "mobile": "11987654321"}, "mobile"),
    ],
)
def test_br_pix_payin_refuses(values, field):
    assert refused("BR", PAYIN, {"remark": "r", **values}).field == field


def test_br_has_no_payment_page():
    assert PAGE not in PROFILES["BR"].operations


@pytest.mark.parametrize(
    ("bank_type", "key", "wire_key"),
    [
        ("CPF", f"{CPF[:3]}.{CPF[3:6]}.{CPF[6:9]}-{CPF[9:]}", CPF),
        ("CNPJ", CNPJ, CNPJ),
        ("EMAIL", "Ana@Example.com", "Ana@example.com"),
        ("PHONE", "+55 11 98765-4321", "+5511987654321"),
        ("EVP", "123E4567-E89B-12D3-A456-426614174000", "123e4567-e89b-12d3-a456-426614174000"),
    ],
)
def test_br_payout_maps_each_pix_key_type(bank_type, key, wire_key):
    wire = PROFILES["BR"].wire_fields(
        PAYOUT,
        {
            "name": "Ana",
            "email": "ana@example.com",
            "mobile": "+5511987654321",
            "account_type": bank_type.lower(),
            "account": key,
            "identity": CPF,
            "remark": "r",
        },
    )
    assert wire == {
        "remark": "r",
        "name": "Ana",
        "email": "ana@example.com",
        "mobile": "+5511987654321",
        "bankType": bank_type,
        "bankNumber": wire_key,
        "identityType": "CPF",
        "userIdentity": CPF,
    }


@pytest.mark.parametrize(
    ("bank_type", "key"),
    [
        ("CPF", CNPJ),
        ("CNPJ", CPF),
        ("EMAIL", CPF),
        ("EVP", "ana@example.com"),
        ("PHONE", "11987654321"),  # must be written +5511987654321
    ],
)
def test_br_payout_checks_the_pix_key_against_its_type(bank_type, key):
    error = refused("BR", PAYOUT, {**BR_PAYOUT, "account_type": bank_type, "account": key})
    assert error.field == "account"


def test_br_payout_asks_for_the_exact_form_of_a_phone_key():
    error = refused("BR", PAYOUT, {**BR_PAYOUT, "account_type": "PHONE", "account": "11987654321"})
    assert "+5511987654321" in error.rule


# --- Amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [300, "300", Decimal("300"), Decimal("300.00"), " 300 "])
def test_whole_amounts_are_accepted(amount):
    assert PROFILES["MX"].clean_amount(amount) == Decimal(300)
    assert PROFILES["MX"].amount_text(PROFILES["MX"].clean_amount(amount)) == "300"


@pytest.mark.parametrize("code", sorted(PROFILES))
def test_every_country_refuses_decimals(code):
    operation = PROFILES[code].default_method
    with pytest.raises(PayProValidationError) as caught:
        PROFILES[code].clean_amount("50000.5", operation)
    assert caught.value.field == "amount"


@pytest.mark.parametrize(
    ("code", "operation", "low", "high"),
    [
        ("EG", PAYIN, "99", "10001"),
        ("EG", PAYOUT, "99", "10001"),
        ("PK", PAYIN, "99", None),
        ("PK", PAGE, "99", None),
        ("VN", PAYIN, "49999", None),
        ("VN", PAYOUT, "49999", None),
    ],
)
def test_documented_ranges_are_enforced(code, operation, low, high):
    profile = PROFILES[code]
    rule = profile.specs[operation].amount
    assert rule is not None
    assert profile.clean_amount(rule.minimum, operation) == rule.minimum
    for amount in (low, high):
        if amount is not None:
            with pytest.raises(PayProValidationError):
                profile.clean_amount(amount, operation)


def test_pakistan_payouts_start_at_one_rupee():
    assert PROFILES["PK"].clean_amount("1", PAYOUT) == Decimal(1)


@pytest.mark.parametrize("amount", [300.0, "NaN", "Infinity", "-1", "0", "abc", True])
def test_amounts_must_be_finite_exact_positive_numbers(amount):
    with pytest.raises(PayProValidationError) as caught:
        PROFILES["MX"].clean_amount(amount)
    assert caught.value.field == "amount"


def test_indonesias_cashier_needs_the_channel_of_a_way_code():
    values = {**CASES[("ID", PAGE)][0]}
    del values["channel_code"]
    assert refused("ID", PAGE, values).field == "channel_code"
