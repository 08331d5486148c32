"""Field validators: what they accept, how they normalise, how they refuse."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django_paypro.countries import validators as v
from django_paypro.exceptions import PayProValidationError
from tests.countries.documents import card_from, clabe_from, cnpj_from, cpf_from


def refuses(validator, value, field):
    """Assert ``validator`` refuses ``value`` naming ``field`` and saying what it expects."""
    with pytest.raises(PayProValidationError) as caught:
        validator(value)
    assert caught.value.field == field
    assert caught.value.rule
    return caught.value


# --- CPF / CNPJ ---------------------------------------------------------------------------------


@pytest.mark.parametrize("base", ["529982247", "111444777", "000000001", "987654321", "123456789"])
def test_cpf_accepts_independently_computed_numbers(base):
    number = cpf_from(base)
    assert v.cpf(number) == number
    formatted = f"{number[:3]}.{number[3:6]}.{number[6:9]}-{number[9:]}"
    assert v.cpf(formatted) == number


def test_cpf_accepts_published_examples():
    assert v.cpf("529.982.247-25") == "52998224725"
    assert v.cpf("111.444.777-35") == "11144477735"


@pytest.mark.parametrize(
    "bad",
    [
        "52998224724",  # second check digit wrong
        "52998224715",  # first check digit wrong
        "11111111111",  # all the same digit, although its check digits fit
        "00000000000",
        "5299822472",
        "529982247255",
        "529.982.247-2X",
        "529_982_247_25",
    ],
)
def test_cpf_refuses(bad):
    refuses(v.cpf, bad, "identity")


@pytest.mark.parametrize("base", ["112223330001", "114447770001", "000000000001", "606060600001"])
def test_cnpj_accepts_independently_computed_numbers(base):
    number = cnpj_from(base)
    assert v.cnpj(number) == number
    formatted = f"{number[:2]}.{number[2:5]}.{number[5:8]}/{number[8:12]}-{number[12:]}"
    assert v.cnpj(formatted) == number


def test_cnpj_accepts_published_examples_including_alphanumeric():
    assert v.cnpj("11.222.333/0001-81") == "11222333000181"
    # The Receita Federal's example of the alphanumeric CNPJ issued from July 2026.
    assert v.cnpj("12.abc.345/01de-35") == "12ABC34501DE35"


@pytest.mark.parametrize(
    "bad", ["11222333000182", "11222333000191", "00000000000000", "1122233300018", "12ABC34501DE36"]
)
def test_cnpj_refuses(bad):
    refuses(v.cnpj, bad, "identity")


def test_cpf_or_cnpj_tells_them_apart_by_length():
    assert v.cpf_or_cnpj("529.982.247-25") == "52998224725"
    assert v.cpf_or_cnpj("11.222.333/0001-81") == "11222333000181"
    refuses(v.cpf_or_cnpj, "123456789012", "identity")


# --- CLABE and card -----------------------------------------------------------------------------


@pytest.mark.parametrize("base", ["03218000011835971", "00218000000000000", "12345678901234567"])
def test_clabe_accepts_independently_computed_numbers(base):
    number = clabe_from(base)
    assert v.clabe(number) == number
    assert v.clabe(f"{number[:3]} {number[3:6]} {number[6:17]} {number[17]}") == number


def test_clabe_accepts_banxicos_published_example():
    assert v.clabe("032180000118359719") == "032180000118359719"


@pytest.mark.parametrize(
    "bad", ["032180000118359718", "03218000011835971", "0321800001183597190", "03218000011835971X"]
)
def test_clabe_refuses(bad):
    refuses(v.clabe, bad, "account")


@pytest.mark.parametrize("number", ["4111111111111111", "5555555555554444", "4000 0566 5566 5556"])
def test_debit_card_accepts_luhn_valid_numbers(number):
    assert v.debit_card(number) == number.replace(" ", "")


@pytest.mark.parametrize("base", ["411111111111111", "520000000000000", "123456789012345"])
def test_debit_card_accepts_independently_computed_numbers(base):
    assert v.debit_card(card_from(base)) == card_from(base)


@pytest.mark.parametrize(
    "bad", ["4111111111111112", "411111111111111", "41111111111111111", "x" * 16]
)
def test_debit_card_refuses(bad):
    refuses(v.debit_card, bad, "account")


# --- Pakistan CNIC ------------------------------------------------------------------------------


def test_cnic_accepts_13_digits_with_or_without_dashes():
    assert v.cnic("35202-1234567-1") == "3520212345671"
    assert v.cnic("3520212345671") == "3520212345671"
    assert v.cnic("1730123456789") == "1730123456789"  # the example on PayPro's payout page


@pytest.mark.parametrize(
    "bad",
    [
        "352021234567",
        "35202123456712",
        "35202-1234567-X",
        "9520212345671",  # python-stdnum: 9 is no province's first digit
        "٣٥٢٠٢١٢٣٤٥٦٧١",  # Arabic-Indic digits are not ASCII digits
    ],
)
def test_cnic_refuses(bad):
    refuses(v.cnic, bad, "identity")


# --- India --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_value", "expected"), [("idfb0043121", "IDFB0043121"), (" HDFC0001234 ", "HDFC0001234")]
)
def test_ifsc_accepts_and_upper_cases(given_value, expected):
    assert v.ifsc(given_value) == expected


@pytest.mark.parametrize("bad", ["HDFC1001234", "HDF00001234", "HDFC000123", "HDFC00012345", ""])
def test_ifsc_refuses(bad):
    refuses(v.ifsc, bad, "bank_code")


def test_ascii_text_refuses_vietnamese_letters():
    assert v.ascii_text(40, field="name")("NGUYEN  THE VIET") == "NGUYEN THE VIET"
    refuses(v.ascii_text(40, field="name"), "Nguyễn Thế Việt", "name")


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "/relative", "http://", "http://[::1", "https://a b.com/"]
)
def test_url_refuses_what_is_not_an_absolute_http_url(bad):
    refuses(v.url, bad, "return_url")


# --- contact ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [
        ("ana@example.com", "ana@example.com"),
        (" Ana.Silva+shop@Example.COM.br ", "Ana.Silva+shop@example.com.br"),
        ("josé@correo.mx", "josé@correo.mx"),
    ],
)
def test_email_accepts_and_lowercases_the_domain(given_value, expected):
    assert v.email(given_value) == expected


@pytest.mark.parametrize(
    "bad", ["ana", "ana@", "@example.com", "ana@example", "a b@example.com", "a@b@c.com", "a@.com"]
)
def test_email_refuses(bad):
    refuses(v.email, bad, "email")


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [("+52 55 1234 5678", "+525512345678"), ("(55) 1234-5678", "5512345678")],
)
def test_phone_accepts_and_strips_formatting(given_value, expected):
    assert v.phone(given_value) == expected


@pytest.mark.parametrize("bad", ["12345", "+1234567890123456", "55-12ab-5678", "++5512345678"])
def test_phone_refuses(bad):
    refuses(v.phone, bad, "mobile")


def test_ip_address_accepts_v4_and_v6():
    assert v.ip_address(" 203.0.113.7 ") == "203.0.113.7"
    assert v.ip_address("2001:DB8:0:0::1") == "2001:db8::1"
    refuses(v.ip_address, "203.0.113.300", "ip_address")


# --- factories ----------------------------------------------------------------------------------


def test_digits_factory_checks_the_length_and_reports_the_field():
    six = v.digits(6, field="cust_id")
    assert six("123 456") == "123456"
    error = refuses(six, "12345", "cust_id")
    assert "6 digits" in error.rule
    refuses(six, "12345٦", "cust_id")


def test_one_of_accepts_any_case_and_returns_the_canonical_spelling():
    kinds = v.one_of(("DebitCard", "CLABE"), field="account_type")
    assert kinds("clabe") == "CLABE"
    assert kinds(" debitcard ") == "DebitCard"
    error = refuses(kinds, "SPEI", "account_type")
    assert "DebitCard" in error.rule
    assert "CLABE" in error.rule


@pytest.mark.parametrize(
    ("choices", "value", "expected"),
    [
        (("CPF", "CNPJ", "EMAIL", "PHONE", "EVP"), "evp", "EVP"),
        (("BANK", "WALLET"), "Wallet", "WALLET"),
    ],
)
def test_one_of_for_documented_account_types(choices, value, expected):
    assert v.one_of(choices, field="account_type")(value) == expected


def test_code_accepts_codes_shaped_like_paypros():
    for good in ("BANXICO", "va", "0002", "EWALLET_BKASH", "ALLIED_BANK_LIMITED"):
        assert v.code(good) == good
    for bad in ("", "with space", "BANK;DROP", "_LEADING", "x" * 65):
        refuses(v.code, bad, "way_code")


def test_free_text_collapses_whitespace_and_limits_length():
    payer = v.free_text(10, field="payer")
    assert payer("  José   Ñúñez ") == "José Ñúñez"
    refuses(payer, "x" * 11, "payer")
    refuses(payer, "bell\x07", "payer")


def test_named_binds_our_argument_name_into_errors():
    as_account = v.named(v.cpf, "account")
    assert as_account("529.982.247-25") == "52998224725"
    refuses(as_account, "123", "account")


# --- PIX keys -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [
        ("529.982.247-25", "52998224725"),
        ("11.222.333/0001-81", "11222333000181"),
        ("Ana@Example.com", "Ana@example.com"),
        ("+55 (11) 98765-4321", "+5511987654321"),
        ("123E4567-E89B-12D3-A456-426614174000", "123e4567-e89b-12d3-a456-426614174000"),
    ],
)
def test_pix_key_normalises_by_shape(given_value, expected):
    assert v.pix_key(given_value) == expected


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("CPF", "52998224725"),
        ("CNPJ", "11222333000181"),
        ("EMAIL", "ana@example.com"),
        ("PHONE", "+5511987654321"),
        ("EVP", "123e4567-e89b-12d3-a456-426614174000"),
    ],
)
def test_pix_key_of_type_accepts_each_kind(kind, key):
    assert v.pix_key_of_type(kind, key) == key


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("CPF", "11222333000181"),
        ("CNPJ", "52998224725"),
        ("EMAIL", "52998224725"),
        ("PHONE", "+15551234567"),
        ("EVP", "not-a-uuid"),
        ("IBAN", "52998224725"),
    ],
)
def test_pix_key_of_type_refuses_a_key_of_another_kind(kind, key):
    with pytest.raises(PayProValidationError) as caught:
        v.pix_key_of_type(kind, key)
    assert caught.value.field == "account"


# --- nothing but PayProValidationError ----------------------------------------------------------

ALL_VALIDATORS = [
    v.ifsc,
    v.url,
    v.ascii_text(20, field="x"),
    v.cpf,
    v.cnpj,
    v.cpf_or_cnpj,
    v.clabe,
    v.debit_card,
    v.cnic,
    v.email,
    v.phone,
    v.ip_address,
    v.code,
    v.evp,
    v.br_phone,
    v.pix_key,
    v.account_number,
    v.digits(11, field="x"),
    v.one_of(("CPF", "CNPJ"), field="x"),
    v.free_text(20, field="x"),
]

arbitrary_text = st.one_of(
    st.text(),
    st.text(alphabet="0123456789 .-/+()@", max_size=25),
    st.from_regex(r"\+?[0-9]{1,20}", fullmatch=True),
)


@given(st.sampled_from(ALL_VALIDATORS), arbitrary_text)
def test_validators_raise_only_payprovalidationerror(validator, text):
    try:
        result = validator(text)
    except PayProValidationError as error:
        assert error.rule
    else:
        assert isinstance(result, str)
        # Normalised output is a fixed point: validating it again changes nothing.
        assert validator(result) == result


@given(st.sampled_from(["CPF", "CNPJ", "EMAIL", "PHONE", "EVP", "??"]), arbitrary_text)
def test_pix_key_of_type_raises_only_payprovalidationerror(kind, text):
    try:
        v.pix_key_of_type(kind, text)
    except PayProValidationError as error:
        assert error.field == "account"
