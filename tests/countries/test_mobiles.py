"""Mobile numbers: libphonenumber's numbering plans, PayPro's page rule and wire form on top."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django_paypro.countries import mobiles
from django_paypro.exceptions import PayProValidationError


def refuses(validator, value):
    with pytest.raises(PayProValidationError) as caught:
        validator(value)
    assert caught.value.field == "mobile"
    return caught.value


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [
        ("01012345678", "01012345678"),
        ("+201012345678", "01012345678"),
        ("00201112345678", "01112345678"),
        ("+20 101 234 5678", "01012345678"),
        ("010-1234-5678", "01012345678"),
        ("201512345678", "01512345678"),
        ("+20 (0)10 1234 5678", "01012345678"),  # the trunk 0 after +20 is dropped
    ],
)
def test_egypt_accepts_and_writes_11_digits(given_value, expected):
    assert mobiles.egypt(given_value) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "01912345678",  # 019 is outside PayPro's 010-018
        "01812345678",  # inside PayPro's range, but no Egyptian operator holds 018
        "0101234567",  # 10 digits
        "010123456789",  # 12 digits
        "0221234567",  # a Cairo landline
        "+211012345678",
        "٠١٠١٢٣٤٥٦٧٨",  # Arabic-Indic digits are not ASCII digits
        "0101234567a",
        "",
    ],
)
def test_egypt_refuses(bad):
    assert "010 to 018" in refuses(mobiles.egypt, bad).rule


@pytest.mark.parametrize(
    "given_value", ["3012345678", "03012345678", "0301-2345678", "+92 301 2345678"]
)
def test_pakistan_writes_10_digits_starting_with_3(given_value):
    assert mobiles.pakistan(given_value) == "3012345678"


@pytest.mark.parametrize("bad", ["0421234567", "301234567", "+923012345678999", "+913012345678"])
def test_pakistan_refuses_landlines_and_other_countries(bad):
    refuses(mobiles.pakistan, bad)


@pytest.mark.parametrize("given_value", ["8234567890", "918234567890", "+91 82345 67890"])
def test_india_writes_10_digits_without_91(given_value):
    assert mobiles.india(given_value) == "8234567890"


@pytest.mark.parametrize("bad", ["5234567890", "823456789", "+928234567890"])
def test_india_refuses(bad):
    refuses(mobiles.india, bad)


@pytest.mark.parametrize("given_value", ["6281245907765", "081245907765", "+62 812-4590-7765"])
def test_indonesia_writes_628(given_value):
    assert mobiles.indonesia(given_value) == "6281245907765"


@pytest.mark.parametrize("bad", ["0215551234", "6221555123"])
def test_indonesia_refuses_landlines(bad):
    refuses(mobiles.indonesia, bad)


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [
        ("0712 345678", "254712345678"),
        ("+254 712 345678", "254712345678"),
        ("254115555088", "254115555088"),  # the example on PayPro's payout page
    ],
)
def test_kenya_writes_12_digits_2541_or_2547(given_value, expected):
    assert mobiles.kenya(given_value) == expected


@pytest.mark.parametrize("bad", ["0202123456", "71234567", "+255712345678"])
def test_kenya_refuses(bad):
    refuses(mobiles.kenya, bad)


def test_phone_of_keeps_a_valid_number_as_written_without_formatting():
    mexico = mobiles.phone_of("MX")
    assert mexico("+52 55 1234 5678") == "+525512345678"
    assert mexico("55 1234 5678") == "5512345678"
    refuses(mexico, "+44 20 7946 0958")
    refuses(mexico, "123")


ALL = [
    mobiles.egypt,
    mobiles.pakistan,
    mobiles.india,
    mobiles.indonesia,
    mobiles.kenya,
    mobiles.phone_of("NG"),
    mobiles.phone_of("BR"),
]


@given(
    st.sampled_from(ALL),
    st.one_of(st.text(), st.from_regex(r"\+?[0-9 ()\-]{1,20}", fullmatch=True)),
)
def test_mobile_validators_raise_only_payprovalidationerror_and_are_idempotent(validator, text):
    try:
        result = validator(text)
    except PayProValidationError as error:
        assert error.field == "mobile"
    else:
        assert validator(result) == result
