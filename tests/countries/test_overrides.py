"""``get_profile`` merges the PATHS, WAY_CODES and BANK_CODES settings over the shipped data."""

from __future__ import annotations

import pytest

from django_paypro.countries import PAGE, PAYIN, PAYOUT, PROFILES, get_profile
from django_paypro.exceptions import PayProConfigurationError


@pytest.fixture
def paypro(settings):
    """Return a fresh copy of ``settings.PAYPRO`` that each test may change in place."""
    settings.PAYPRO = {**settings.PAYPRO, "COUNTRIES": {}}
    return settings.PAYPRO


def test_without_overrides_the_shipped_profile_is_returned(paypro):
    assert get_profile("MX") == PROFILES["MX"]


def test_country_code_is_case_insensitive(paypro):
    assert get_profile("br").code == "BR"


@pytest.mark.parametrize("code", ["XX", "", "mex"])
def test_unknown_country_is_a_configuration_error(paypro, code):
    with pytest.raises(PayProConfigurationError, match="known: BD, BR"):
        get_profile(code)


def test_country_paths_override_one_operation_and_keep_the_rest(paypro):
    paypro["COUNTRIES"]["MX"] = {"PATHS": {PAGE: "/v2/paypro/paymentLink"}}
    profile = get_profile("MX")
    assert profile.paths[PAGE] == "/v2/paypro/paymentLink"
    assert profile.paths[PAYIN] == PROFILES["MX"].paths[PAYIN]
    assert get_profile("BR").paths == PROFILES["BR"].paths
    assert PROFILES["MX"].paths[PAGE] == "/v1/paypro/paymentLink"  # shipped data untouched


def test_paths_can_add_an_operation_paypro_later_offers(paypro):
    paypro["COUNTRIES"]["EG"] = {"PATHS": {PAGE: "/v1/paypro/paymentLink"}}
    assert get_profile("EG").supports(PAGE)
    assert not PROFILES["EG"].supports(PAGE)


def test_country_paths_win_over_top_level_paths(paypro):
    paypro["PATHS"] = {PAYOUT: "/top/payOut", PAYIN: "/top/payIn"}
    paypro["COUNTRIES"]["MX"] = {"PATHS": {PAYOUT: "/mx/payOut"}}
    profile = get_profile("MX")
    assert profile.paths[PAYOUT] == "/mx/payOut"
    assert profile.paths[PAYIN] == "/top/payIn"


def test_way_codes_from_settings_are_merged(paypro):
    paypro["COUNTRIES"]["MX"] = {"WAY_CODES": {"oxxo": "OXXO"}}
    profile = get_profile("MX")
    assert profile.way_codes == {**PROFILES["MX"].way_codes, "oxxo": "OXXO"}


def test_a_way_code_added_in_settings_is_accepted_on_the_wire(paypro):
    paypro["COUNTRIES"]["MX"] = {"WAY_CODES": {"oxxo": "OXXO"}}
    assert get_profile("MX").wire_fields(PAGE, {"way_code": "oxxo"}) == {"wayCode": "oxxo"}


def test_bank_codes_from_settings_are_merged(paypro):
    paypro["BANK_CODES"] = {"SHARED": "Everywhere"}
    paypro["COUNTRIES"]["PK"] = {"BANK_CODES": {"MEEZAN_BANK": "Meezan Bank"}}
    profile = get_profile("PK")
    assert set(profile.bank_codes) == {"ALLIED_BANK_LIMITED", "MEEZAN_BANK", "SHARED"}
