"""Every shipped country profile says what PayPro's pages say, and where each fact came from."""

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
    PAYMENT_ARGUMENTS,
    PAYOUT,
    PAYOUT_ARGUMENTS,
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
SLUGS = {
    "MX": "mexico",
    "BR": "brazil",
    "EG": "egypt",
    "ID": "indonesia",
    "PK": "pakistan",
    "IN": "india",
    "BD": "bengal",
    "NG": "nigeria",
    "PH": "philippines",
    "KE": "kenya",
    "VN": "vietnam",
}
#: Sandbox bases the overview pages give.
DOCUMENTED_BASES = {
    "ID": "https://openapi-test.paypro.tech/indonesia-pay",
    "MX": "https://openapi-sa-test.paypro.tech/mex-pay",
    "BR": "https://sandbox-api.paypro.tech/brz-pay",
    "VN": "https://openapi-test.paypro.tech/vietnam-pay",
}
PAYMENT_NAMES = PAYMENT_ARGUMENTS | {"channel_code", "payment_type", "cust_id", "pay_type"}
PAYMENT_NAMES |= {"bank_name"}
ARGUMENT_NAMES = {PAGE: PAYMENT_NAMES, PAYIN: PAYMENT_NAMES, PAYOUT: PAYOUT_ARGUMENTS}

#: The creation paths as read on PayPro's pages (case matters).
CREATION_PATHS = {
    ("MX", PAGE): "/v1/paypro/paymentLink",
    ("MX", PAYIN): "/v1/paypro/payInApi",
    ("MX", PAYOUT): "/v1/paypro/payOut",
    ("BR", PAYIN): "/v1/paypro/payin",
    ("BR", PAYOUT): "/v1/paypro/payout",
    ("EG", PAYIN): "/v1/paypro/payIn",
    ("EG", PAYOUT): "/v1/paypro/payOut",
    ("ID", PAGE): "/v1/paypro/paymentLink",
    ("ID", PAYIN): "/v1/paypro/payIn",
    ("ID", PAYOUT): "/v1/paypro/payOut",
    ("PK", PAGE): "/v1/payproPK/payin",
    ("PK", PAYIN): "/v1/payproPK/payinApi",
    ("PK", PAYOUT): "/v1/payproPK/payout",
    ("IN", PAGE): "/v1/paypro/payin",
    ("IN", PAYIN): "/v1/paypro/payinApi",
    ("IN", PAYOUT): "/v1/paypro/payout",
    ("BD", PAYIN): "/v1/paypro/payin",
    ("BD", PAYOUT): "/v1/paypro/payout",
    ("NG", PAYIN): "/v1/paypro/payIn",
    ("NG", PAYOUT): "/v1/paypro/payOut",
    ("PH", PAGE): "/v1/paypro/paymentLink",
    ("PH", PAYIN): "/v1/paypro/payIn",
    ("PH", PAYOUT): "/v1/paypro/payOut",
    ("KE", PAGE): "/api/payinConsole",
    ("KE", PAYIN): "/api/payin",
    ("KE", PAYOUT): "/api/payout",
    ("VN", PAYIN): "/v1/payproVN/payin",
    ("VN", PAYOUT): "/v1/payproVN/payout",
}
QUERY_PATHS = {
    ("PK", PAYIN_QUERY): "/v1/payproPK/queryPayInResult",
    ("PK", PAYOUT_QUERY): "/v1/payproPK/queryPayOutResult",
    ("PK", BALANCE): "/v1/payproPK/queryBalance",
    ("KE", PAYIN_QUERY): "/api/queryPayinResult",
    ("KE", PAYOUT_QUERY): "/api/queryPayOutResult",
    ("VN", PAYIN_QUERY): "/v1/payproVN/queryPayInResult",
    ("VN", PAYOUT_QUERY): "/v1/payproVN/queryPayOutResult",
    ("VN", BALANCE): "/v1/payproVN/queryBalance",
    ("MX", PAYIN_QUERY): "/v1/paypro/queryPayInResult",
    ("BR", BALANCE): "/v1/paypro/queryBalance",
    ("ID", ACCOUNT_VERIFY): "/v1/paypro/accountVerify",
    ("BD", "payin_submit"): "/v1/paypro/payinSubmit",
    ("KE", "mpesa_query"): "/api/queryResultByCode",
}


@pytest.fixture(params=sorted(PROFILES))
def profile(request) -> CountryProfile:
    """Each shipped profile in turn (contract tests run once per country)."""
    return PROFILES[request.param]


def test_every_country_of_the_issue_is_shipped():
    assert set(PROFILES) == set(CURRENCIES)


def test_profile_identity(profile):
    assert profile is PROFILES[profile.code]
    assert profile.name
    assert profile.currency == CURRENCIES[profile.code]
    assert profile.slug == SLUGS[profile.code]


def test_sandbox_base_is_the_overview_pages_or_marked_assumed(profile):
    assert profile.sandbox_base_url.startswith("https://")
    assert not profile.sandbox_base_url.endswith("/")
    source = profile.base_url_source
    if profile.code in DOCUMENTED_BASES:
        assert profile.sandbox_base_url == DOCUMENTED_BASES[profile.code]
        assert source.url.endswith(f"/{profile.slug}/overview.html")
    else:
        assert source.is_assumed and source.assumed


def test_every_fact_names_its_page_or_why_it_is_assumed(profile):
    for operation, spec in profile.specs.items():
        for fact, source in spec.sources().items():
            if source.is_assumed:
                assert len(source.assumed) > 20, (operation, fact)
            else:
                # Bangladesh's pages live under "bengal" and "bangladesh".
                slugs = {profile.slug, "bangladesh" if profile.code == "BD" else profile.slug}
                assert any(
                    source.url.startswith(f"https://docs.paypro.tech/guide/areas/{slug}/")
                    for slug in slugs
                ), (operation, fact)
                assert source.url.endswith(".html")


def test_creations_carry_an_amount_rule_and_queries_none(profile):
    for operation, spec in profile.specs.items():
        assert (spec.amount is not None) == (operation in CREATIONS), operation


def test_paths_cover_queries_balance_and_a_payment_method(profile):
    for operation in (PAYIN_QUERY, PAYOUT_QUERY, BALANCE, PAYOUT):
        assert profile.supports(operation), operation
    assert profile.methods
    assert profile.default_method in profile.methods
    assert set(profile.paths) <= set(OPERATIONS)
    assert all(path.startswith("/") for path in profile.paths.values())


@pytest.mark.parametrize(
    ("code", "operation", "path"),
    [(c, o, p) for (c, o), p in {**CREATION_PATHS, **QUERY_PATHS}.items()],
)
def test_paths_as_the_pages_print_them(code, operation, path):
    assert PROFILES[code].paths[operation] == path


def test_every_creation_of_the_pages_is_offered_and_no_other():
    offered = {(c, o) for c, p in PROFILES.items() for o in p.specs if o in CREATIONS}
    assert offered == set(CREATION_PATHS)


def test_cashier_pages_where_documented():
    with_page = {code for code, p in PROFILES.items() if p.supports(PAGE)}
    assert with_page == {"MX", "ID", "PK", "IN", "PH", "KE"}


def test_fields_use_our_argument_names_and_distinct_wire_names(profile):
    for operation, specs in profile.operations.items():
        names = [spec.name for spec in specs]
        wires = [spec.wire for spec in specs]
        assert len(set(names)) == len(names), operation
        assert len(set(wires)) == len(wires), operation
        assert set(names) <= ARGUMENT_NAMES[operation], operation


def test_only_brazil_signs_in_the_header(profile):
    assert profile.sign_in_header is (profile.code == "BR")
    assert profile.sign_source.url


def test_only_kenya_queries_go_without_timestamp(profile):
    untimed = {name for name, spec in profile.specs.items() if not spec.timestamp}
    assert untimed == ({PAYIN_QUERY, PAYOUT_QUERY} if profile.code == "KE" else set())


@pytest.mark.parametrize(
    ("code", "method"),
    [("MX", PAGE), ("BR", PAYIN), ("IN", PAGE), ("EG", PAYIN), ("KE", PAYIN), ("PK", PAYIN)],
)
def test_default_methods(code, method):
    assert PROFILES[code].default_method == method


@pytest.mark.parametrize(
    ("code", "operation", "minimum", "maximum"),
    [
        ("EG", PAYIN, 100, 10000),
        ("EG", PAYOUT, 100, 10000),
        ("PK", PAYIN, 100, None),
        ("PK", PAGE, 100, None),
        ("PK", PAYOUT, 1, None),
        ("VN", PAYIN, 50000, None),
        ("VN", PAYOUT, 50000, None),
        ("MX", PAYIN, None, None),
    ],
)
def test_documented_amount_ranges(code, operation, minimum, maximum):
    rule = PROFILES[code].specs[operation].amount
    assert rule is not None
    assert (rule.minimum, rule.maximum) == (minimum, maximum)


def test_every_country_pays_in_whole_units(profile):
    for spec in profile.specs.values():
        assert spec.amount is None or spec.amount.decimals == 0


def test_pages_that_disagree_are_noted_with_the_reading_chosen():
    assert any("header" in note for note in PROFILES["BR"].notes)
    assert any("bankNCode" in note for note in PROFILES["IN"].notes)
    assert any("EWALLET_ROCKET" in note for note in PROFILES["BD"].notes)
    assert any("paymentType" in note for note in PROFILES["PK"].notes)


def test_assumed_facts_are_listed_and_confirmed_ones_are_not():
    mexico = {(op, fact) for op, fact, _ in PROFILES["MX"].assumed_facts()}
    assert mexico == {(BALANCE, "path"), (BALANCE, "fields")}
    nigeria = {(op, fact) for op, fact, _ in PROFILES["NG"].assumed_facts(CREATIONS)}
    assert ("", "sandbox base URL") in nigeria
    assert (PAYOUT, "fields") in nigeria
    assert (PAYIN, "fields") not in nigeria


def test_a_path_set_in_settings_is_the_merchants_word_not_an_assumption():
    kenya = PROFILES["KE"].with_overrides(paths={BALANCE: "/api/balance"})
    assert kenya.paths[BALANCE] == "/api/balance"
    assert (BALANCE, "path") not in {(op, fact) for op, fact, _ in kenya.assumed_facts()}


@pytest.mark.parametrize(
    ("code", "table", "codes"),
    [
        ("MX", "way_codes", {"store", "va"}),
        ("MX", "bank_codes", {"BANXICO"}),
        ("ID", "bank_codes", {"0002", "DANA"}),
        ("PK", "bank_codes", {"ALLIED_BANK_LIMITED"}),
        ("NG", "way_codes", {"PALMPAY", "VA"}),
        ("BD", "way_codes", {"EWALLET_BKASH", "EWALLET_NAGAD"}),
        ("BD", "bank_codes", {"EWALLET_BKASH", "EWALLET_NAGAD", "EWALLET_ROCKET"}),
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


def test_every_country_says_what_its_notifications_carry(profile):
    facts = profile.notification
    assert facts is not None
    assert {"platFormTradeNo", "tradeNo", "amount", "status"} <= set(facts.fields)
    assert facts.signed is (profile.code != "KE")
    assert ("sign" in facts.fields) is facts.signed
    assert facts.source.url or facts.source.assumed


def test_indonesias_payin_notifications_add_channel_and_way_codes():
    assert {"channelCode", "wayCode"} <= set(PROFILES["ID"].notification.fields)
