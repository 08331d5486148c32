"""Our argument names become PayPro's wire fields, validated and normalised, per country."""

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


def bump_last_digit(number: str) -> str:
    """Return ``number`` with its last (check) digit changed."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def refused(code, operation, values):
    """Return the error raised for ``values``; fail if they were accepted."""
    with pytest.raises(PayProValidationError) as caught:
        PROFILES[code].wire_fields(operation, values)
    return caught.value


# --- Mexico -------------------------------------------------------------------------------------


def test_mx_page_maps_every_field_and_keeps_only_the_given_ones():
    wire = PROFILES["MX"].wire_fields(
        PAGE,
        {"payer": " kevin  zhang ", "mobile": "+52 55 1234 5678", "email": "k@Z.com"},
    )
    assert wire == {"payer": "kevin zhang", "mobile": "+525512345678", "email": "k@z.com"}
    wire = PROFILES["MX"].wire_fields(PAGE, {"way_code": "va", "mobile": None, "email": ""})
    assert wire == {"wayCode": "va"}


def test_mx_page_needs_no_customer_field():
    assert PROFILES["MX"].wire_fields(PAGE, {}) == {}


def test_unknown_argument_is_refused_not_dropped():
    error = refused("MX", PAGE, {"payer_name": "Ana"})
    assert error.field == "payer_name"


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
    wire = PROFILES["BR"].wire_fields(PAYIN, {"payer": "João", "identity": CPF})
    assert wire == {"name": "João", "identityType": "CPF", "userIdentity": CPF}


def test_br_pix_payin_normalises_a_formatted_cpf():
    formatted = f"{CPF[:3]}.{CPF[3:6]}.{CPF[6:9]}-{CPF[9:]}"
    wire = PROFILES["BR"].wire_fields(PAYIN, {"payer": "João", "identity": formatted})
    assert wire["userIdentity"] == CPF


def test_br_pix_payin_accepts_a_cnpj_when_declared():
    wire = PROFILES["BR"].wire_fields(
        PAYIN, {"payer": "Loja", "identity_type": "cnpj", "identity": CNPJ}
    )
    assert wire == {"name": "Loja", "identityType": "CNPJ", "userIdentity": CNPJ}


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
    assert refused("BR", PAYIN, values).field == field


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
        },
    )
    assert wire == {
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
    error = refused("BR", PAYOUT, {"name": "Ana", "account_type": bank_type, "account": key})
    assert error.field == "account"


def test_br_payout_asks_for_the_exact_form_of_a_phone_key():
    error = refused(
        "BR", PAYOUT, {"name": "Ana", "account_type": "PHONE", "account": "11987654321"}
    )
    assert "+5511987654321" in error.rule


# --- Egypt --------------------------------------------------------------------------------------


def test_eg_payin_maps_and_normalises_the_mobile():
    wire = PROFILES["EG"].wire_fields(
        PAYIN, {"payer": "kevin zhang", "mobile": "+20 101 234 5678", "email": "k@gmail.com"}
    )
    assert wire == {"payer": "kevin zhang", "mobile": "01012345678", "email": "k@gmail.com"}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"mobile": "01012345678", "email": "k@gmail.com"}, "payer"),
        ({"payer": "k", "email": "k@gmail.com"}, "mobile"),
        ({"payer": "k", "mobile": "01012345678"}, "email"),
        ({"payer": "k", "mobile": "6789123456", "email": "k@gmail.com"}, "mobile"),
        ({"payer": "k", "mobile": "01912345678", "email": "k@gmail.com"}, "mobile"),
    ],
)
def test_eg_payin_refuses(values, field):
    assert refused("EG", PAYIN, values).field == field


def test_eg_payout_sends_the_wallet():
    wire = PROFILES["EG"].wire_fields(PAYOUT, {"name": "Ana", "account": "01012345678"})
    assert wire == {"customerName": "Ana", "walletId": "01012345678"}


# --- Pakistan and others ------------------------------------------------------------------------


def test_pk_payout_maps_beneficiary():
    wire = PROFILES["PK"].wire_fields(
        PAYOUT,
        {
            "name": "Ali",
            "customer_cert": "35202-1234567-1",
            "account_type": "bank",
            "bank_name": "ALLIED_BANK_LIMITED",
            "account": "0010 0123 4567 8901",
        },
    )
    assert wire == {
        "name": "Ali",
        "customerCert": "3520212345671",
        "accountType": "BANK",
        "bankName": "ALLIED_BANK_LIMITED",
        "bankNumber": "0010012345678901",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"customer_cert": "35202-1234567"}, "customer_cert"),
        ({"account_type": "CARD"}, "account_type"),
        ({"bank_name": ""}, "bank_name"),
    ],
)
def test_pk_payout_refuses(change, field):
    values = {
        "name": "Ali",
        "customer_cert": "3520212345671",
        "account_type": "WALLET",
        "bank_name": "JAZZCASH",
        "account": "03001234567",
    }
    assert refused("PK", PAYOUT, {**values, **change}).field == field


def test_pk_payin_maps_its_own_fields():
    wire = PROFILES["PK"].wire_fields(
        PAYIN,
        {
            "payer": "Ali",
            "payment_type": "JAZZCASH",
            "customer_cert": "3520212345671",
            "cust_id": "C-42",
        },
    )
    assert wire == {
        "payer": "Ali",
        "paymentType": "JAZZCASH",
        "customerCert": "3520212345671",
        "custId": "C-42",
    }


@pytest.mark.parametrize(
    ("code", "operation", "values", "wire"),
    [
        (
            "ID",
            PAYIN,
            {"payer": "budi", "channel_code": "DANA", "way_code": "EWALLET"},
            {"username": "budi", "channelCode": "DANA", "wayCode": "EWALLET"},
        ),
        (
            "ID",
            PAYOUT,
            {"name": "Budi", "account": "1234567890", "bank_code": "0002"},
            {"customerName": "Budi", "bankAccountNo": "1234567890", "bankCode": "0002"},
        ),
        (
            "IN",
            PAGE,
            {"payer": "Asha", "ip_address": "203.0.113.7"},
            {"payer": "Asha", "ipAddress": "203.0.113.7"},
        ),
        (
            "BD",
            PAYIN,
            {"payer": "Rahim", "way_code": "EWALLET_BKASH"},
            {"payer": "Rahim", "wayCode": "EWALLET_BKASH"},
        ),
        (
            "BD",
            PAYOUT,
            {"account": "01712345678", "bank_code": "EWALLET_NAGAD"},
            {"walletId": "01712345678", "wayCode": "EWALLET_NAGAD"},
        ),
        (
            "NG",
            PAYIN,
            {"payer": "Ada", "channel_code": "PALMPAY", "way_code": "VA"},
            {"payer": "Ada", "channelCode": "PALMPAY", "wayCode": "VA"},
        ),
        (
            "PH",
            PAYIN,
            {"payer": "Jose", "pay_type": "GCASH"},
            {"payer": "Jose", "payType": "GCASH"},
        ),
        ("KE", PAYIN, {"mobile": "254712345678"}, {"mobile": "254712345678"}),
        ("VN", PAYIN, {"payer": "Lan"}, {"payer": "Lan"}),
    ],
)
def test_other_countries_map_their_fields(code, operation, values, wire):
    assert PROFILES[code].wire_fields(operation, values) == wire


def test_ke_payin_takes_the_mobile_only():
    assert refused("KE", PAYIN, {}).field == "mobile"
    assert refused("KE", PAYIN, {"mobile": "254712345678", "payer": "Wanjiru"}).field == "payer"


# --- amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["300", 300, Decimal("300"), Decimal("300.00"), " 300 "])
def test_mx_accepts_whole_amounts(amount):
    profile = PROFILES["MX"]
    cleaned = profile.clean_amount(amount, PAGE)
    assert cleaned == Decimal(300)
    assert profile.amount_text(cleaned, PAGE) == "300"


@pytest.mark.parametrize("amount", ["300.50", Decimal("0.5"), "300.1"])
@pytest.mark.parametrize("code", ["MX", "EG", "BR"])
def test_documented_countries_refuse_decimals(code, amount):
    with pytest.raises(PayProValidationError) as caught:
        PROFILES[code].clean_amount(amount)
    assert caught.value.field == "amount"
    assert "decimals" in caught.value.rule


@pytest.mark.parametrize("amount", ["100", "10000", "5000"])
def test_eg_payin_accepts_100_to_10000(amount):
    assert PROFILES["EG"].clean_amount(amount, PAYIN) == Decimal(amount)


@pytest.mark.parametrize("amount", ["99", "10001", "0", "-100"])
def test_eg_payin_refuses_amounts_out_of_range(amount):
    with pytest.raises(PayProValidationError) as caught:
        PROFILES["EG"].clean_amount(amount, PAYIN)
    assert caught.value.field == "amount"


def test_eg_range_does_not_apply_to_payouts():
    assert PROFILES["EG"].clean_amount("20000", PAYOUT) == Decimal(20000)


@pytest.mark.parametrize("amount", [300.0, "abc", "NaN", "Infinity", True])
def test_amounts_must_be_finite_exact_numbers(amount):
    with pytest.raises(PayProValidationError):
        PROFILES["MX"].clean_amount(amount)
