"""Every shipped country profile is complete and its fields obey the validator contract."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django_paypro.countries import (
    ACCOUNT_VERIFY,
    BALANCE,
    CREATIONS,
    OPERATIONS,
    PAGE,
    PAYIN,
    PAYIN_QUERY,
    PAYOUT,
    PAYOUT_QUERY,
    PROFILES,
    CountryProfile,
)
from django_paypro.exceptions import PayProValidationError

CURRENCIES = {
    "MX": "MXN",
    "BR": "BRL",
    "EG": "EGP",
    "ID": "IDR",
    "PK": "PKR",
    "IN": "INR",
    "BD": "BDT",
    "NG": "NGN",
    "PH": "PHP",
    "KE": "KES",
    "VN": "VND",
}
DOCUMENTED_BASES = {
    "ID": "https://openapi-test.paypro.tech/indonesia-pay",
    "PK": "https://sandbox-api.paypro.tech/pak-pay",
    "MX": "https://openapi-sa-test.paypro.tech/mex-pay",
    "BR": "https://sandbox-api.paypro.tech/brz-pay",
}
PAYMENT_NAMES = {
    "payer",
    "mobile",
    "email",
    "way_code",
    "identity",
    "identity_type",
    "channel_code",
    "payment_type",
    "customer_cert",
    "cust_id",
    "pay_type",
    "ip_address",
}
PAYOUT_NAMES = {
    "name",
    "account",
    "account_type",
    "bank_code",
    "bank_name",
    "mobile",
    "email",
    "identity",
    "identity_type",
    "customer_cert",
}
ARGUMENT_NAMES = {PAGE: PAYMENT_NAMES, PAYIN: PAYMENT_NAMES, PAYOUT: PAYOUT_NAMES}


@pytest.fixture(params=sorted(PROFILES))
def profile(request) -> CountryProfile:
    """Each shipped profile in turn (contract tests run once per country)."""
    return PROFILES[request.param]


def test_every_country_of_protocol_md_is_shipped():
    assert set(PROFILES) == set(CURRENCIES)


def test_profile_identity(profile):
    assert profile is PROFILES[profile.code]
    assert profile.name
    assert profile.currency == CURRENCIES[profile.code]


def test_sandbox_base_is_documented_or_marked_assumed(profile):
    assert profile.sandbox_base_url.startswith("https://")
    assert not profile.sandbox_base_url.endswith("/")
    if profile.code in DOCUMENTED_BASES:
        assert profile.sandbox_base_url == DOCUMENTED_BASES[profile.code]
        assert profile.source == "confirmed"
    else:
        assert profile.source == "assumed"


def test_paths_cover_queries_balance_and_a_payment_method(profile):
    for operation in (PAYIN_QUERY, PAYOUT_QUERY, BALANCE, PAYOUT):
        assert profile.supports(operation), operation
    assert profile.methods
    assert profile.default_method in profile.methods
    assert set(profile.paths) <= set(OPERATIONS)
    assert all(path.startswith("/") for path in profile.paths.values())


def test_fields_exist_exactly_for_supported_creations(profile):
    for operation in CREATIONS:
        assert (operation in profile.operations) == profile.supports(operation), operation
    assert set(profile.operations) <= set(profile.paths)
    assert set(profile.cross_checks) <= set(profile.operations)


def test_fields_use_our_argument_names_and_distinct_wire_names(profile):
    for operation, specs in profile.operations.items():
        names = [spec.name for spec in specs]
        wires = [spec.wire for spec in specs]
        assert len(set(names)) == len(names), operation
        assert len(set(wires)) == len(wires), operation
        allowed = ARGUMENT_NAMES.get(operation, PAYMENT_NAMES | PAYOUT_NAMES)
        assert set(names) <= allowed, operation


def test_amounts_are_whole_units(profile):
    assert profile.amount.decimals == 0
    assert profile.payout_amount.decimals == 0


def test_only_brazil_signs_in_the_header(profile):
    assert profile.sign_in_header is (profile.code == "BR")


@pytest.mark.parametrize(
    ("code", "operation", "path"),
    [
        ("MX", PAGE, "/v1/paypro/paymentLink"),
        ("MX", PAYIN, "/v1/paypro/payIn"),
        ("MX", PAYOUT, "/v1/paypro/payOut"),
        ("IN", PAGE, "/v1/paypro/payin"),
        ("IN", PAYIN, "/v1/paypro/payin"),
        ("BR", PAYIN, "/v1/paypro/payin"),
        ("BD", PAYIN, "/v1/paypro/payin"),
        ("BR", PAYOUT, "/v1/paypro/payout"),
        ("BD", PAYOUT, "/v1/paypro/payout"),
        ("PK", PAYIN, "/v1/payproPK/payinApi"),
        ("PK", PAYOUT, "/v1/payproPK/payout"),
        ("PK", PAYIN_QUERY, "/v1/payproPK/queryPayInResult"),
        ("PK", PAYOUT_QUERY, "/v1/payproPK/queryPayOutResult"),
        ("PK", BALANCE, "/v1/payproPK/queryBalance"),
        ("KE", PAYIN, "/api/payin"),
        ("VN", PAYIN_QUERY, "/v1/payproVN/queryPayInResult"),
        ("VN", PAYOUT_QUERY, "/v1/paypro/queryPayOutResult"),
        ("ID", ACCOUNT_VERIFY, "/v1/paypro/accountVerify"),
        ("EG", BALANCE, "/v1/paypro/queryBalance"),
    ],
)
def test_documented_paths_and_variants(code, operation, path):
    assert PROFILES[code].paths[operation] == path


@pytest.mark.parametrize(
    ("code", "method"),
    [("MX", PAGE), ("BR", PAYIN), ("IN", PAGE), ("EG", PAYIN), ("KE", PAYIN), ("PK", PAYIN)],
)
def test_default_methods(code, method):
    assert PROFILES[code].default_method == method


def test_only_mexico_and_india_have_a_payment_page():
    assert {code for code, p in PROFILES.items() if p.supports(PAGE)} == {"MX", "IN"}


def test_only_indonesia_verifies_accounts():
    assert {code for code, p in PROFILES.items() if p.supports(ACCOUNT_VERIFY)} == {"ID"}


@pytest.mark.parametrize(
    ("code", "table", "codes"),
    [
        ("MX", "way_codes", {"store", "va"}),
        ("MX", "bank_codes", {"BANXICO"}),
        ("ID", "bank_codes", {"0002", "DANA"}),
        ("PK", "bank_codes", {"ALLIED_BANK_LIMITED"}),
        ("NG", "way_codes", {"PALMPAY", "VA"}),
        ("BD", "way_codes", {"EWALLET_BKASH", "EWALLET_NAGAD", "ROCKET"}),
        ("BD", "bank_codes", {"EWALLET_BKASH", "EWALLET_NAGAD", "ROCKET"}),
    ],
)
def test_documented_codes_are_shipped(code, table, codes):
    assert codes <= set(getattr(PROFILES[code], table))


def test_shipped_codes_pass_the_code_fields_of_their_country():
    """A code from the tables is accepted by the field that carries it."""
    for profile in PROFILES.values():
        for spec in (s for specs in profile.operations.values() for s in specs):
            table = {"way_code": profile.way_codes, "bank_code": profile.bank_codes}.get(spec.name)
            for known in table or ():
                assert spec.validator is not None
                assert spec.validator(known) == known


ALL_SPECS = [
    (code, operation, spec)
    for code, profile in sorted(PROFILES.items())
    for operation, specs in sorted(profile.operations.items())
    for spec in specs
    if spec.validator is not None
]


@given(st.sampled_from(ALL_SPECS), st.text())
def test_field_validators_report_errors_under_the_fields_own_name(entry, text):
    code, operation, spec = entry
    assert spec.validator is not None
    try:
        spec.validator(text)
    except PayProValidationError as error:
        assert error.field == spec.name, (code, operation)


@pytest.mark.parametrize(
    "entry", ALL_SPECS, ids=[f"{c}-{op}-{spec.name}" for c, op, spec in ALL_SPECS]
)
def test_every_field_validator_refuses_garbage_under_its_own_name(entry):
    _code, _operation, spec = entry
    assert spec.validator is not None
    with pytest.raises(PayProValidationError) as caught:
        spec.validator("\x07 not valid \x00")
    assert caught.value.field == spec.name
