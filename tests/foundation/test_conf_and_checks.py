"""The PAYPRO setting: accounts per country, secrets kept out of sight, system checks."""

from __future__ import annotations

import copy
import logging

import pytest
from django.core.checks import run_checks

from django_paypro.accounts import get_account
from django_paypro.exceptions import PayProConfigurationError, PayProError
from django_paypro.services.trade_numbers import new_trade_no

SECRET = "test-app-secret-Zq9"


@pytest.fixture
def paypro(settings):
    """Return a mutable copy of PAYPRO that is installed again by calling it."""
    value = copy.deepcopy(settings.PAYPRO)

    def install(**changes):
        value.update(changes)
        for key in [k for k, v in changes.items() if v is None]:
            del value[key]
        settings.PAYPRO = value
        return value

    return install


def check_ids() -> list[str]:
    return [m.id for m in run_checks(tags=["paypro"]) if m.id and m.id.startswith("paypro.")]


def test_account_merges_country_overrides(paypro):
    paypro(COUNTRIES={"BR": {"MERCHANT_NO": "2222222222", "APP_SECRET": "br-secret"}})
    mx, br = get_account("MX"), get_account("br")
    assert (mx.merchant_no, mx.app_secret.reveal()) == ("1234567890", SECRET)
    assert (br.merchant_no, br.app_secret.reveal()) == ("2222222222", "br-secret")
    assert br.sign_in_header is True
    assert br.notify_url == mx.notify_url


def test_default_base_url_is_the_country_sandbox(paypro):
    paypro(BASE_URL=None)
    assert get_account("MX").url("page") == (
        "https://openapi-sa-test.paypro.tech/mex-pay/v1/paypro/paymentLink"
    )
    assert (
        get_account("BR").url("payin") == "https://sandbox-api.paypro.tech/brz-pay/v1/paypro/payin"
    )


def test_path_overrides(paypro):
    paypro(COUNTRIES={"MX": {"PATHS": {"page": "/v2/cashier"}}})
    assert get_account("MX").path("page") == "/v2/cashier"


def test_secret_never_in_repr_str_or_errors(paypro):
    account = get_account("MX")
    assert SECRET not in repr(account)
    assert SECRET not in str(account)
    assert SECRET not in repr(account.app_secret)
    paypro(MERCHANT_NO=None)
    with pytest.raises(PayProConfigurationError) as info:
        get_account("MX")
    assert "MERCHANT_NO" in str(info.value)
    assert SECRET not in str(info.value)


def test_configuration_error_is_not_swallowed_by_payproerror():
    assert not issubclass(PayProConfigurationError, PayProError)


def test_unknown_country_names_the_known_ones():
    with pytest.raises(PayProConfigurationError, match=r"known: .*MX"):
        get_account("XX")


def test_a_good_setting_passes_the_checks(settings):
    settings.DEBUG = True
    assert check_ids() == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"MERCHANT_NO": None}, "paypro.E002"),
        ({"APP_SECRET": ""}, "paypro.E003"),
        ({"NOTIFY_URL": None}, "paypro.E004"),
        ({"COUNTRY": "XX"}, "paypro.E001"),
        ({"NOTIFY_URL": "/paypro/notify/"}, "paypro.E005"),
        ({"COUNTRIES": {"BR": {"SECRET": "typo"}}}, "paypro.E006"),
        ({"ORDER_PAYMENT_HOOK": "shop.nowhere.hook"}, "paypro.E007"),
        ({"API_PERMISSION_CLASSES": ["rest_framework.permissions.Nope"]}, "paypro.E007"),
        ({"TRADE_NO_GENERATOR": "no_such_module.f"}, "paypro.E007"),
        ({"API_VISIBLE_PAYMENTS": "shop.nowhere.visible"}, "paypro.E007"),
        ({"TIMEOUT": "30"}, "paypro.E022"),
        ({"TIMEOUT": (5, 0)}, "paypro.E022"),
        ({"TIMEOUT": (5, 30, 60)}, "paypro.E022"),
        ({"DEADLINE": -1}, "paypro.E022"),
        ({"DEADLINE": "35"}, "paypro.E022"),
        ({"MAX_RESPONSE_BYTES": 0}, "paypro.E022"),
        ({"MAX_RESPONSE_BYTES": 1.5}, "paypro.E022"),
    ],
)
def test_misconfiguration_is_reported_by_a_check(paypro, settings, changes, expected):
    settings.DEBUG = True
    paypro(**changes)
    assert expected in check_ids()


def test_missing_setting_is_reported(settings):
    del settings.PAYPRO
    assert check_ids() == ["paypro.E000"]


def test_warnings_in_production(paypro, settings):
    settings.DEBUG = False
    paypro(NOTIFY_URL="http://shop.example/paypro/notify/", BASE_URL=None)
    assert {"paypro.W001", "paypro.W002"} <= set(check_ids())


def test_check_messages_never_show_the_secret(paypro, settings):
    settings.DEBUG = False
    paypro(NOTIFY_URL="relative", COUNTRY="XX")
    for message in run_checks(tags=["paypro"]):
        assert SECRET not in str(message)


def test_the_deadline_defaults_to_connect_plus_read_timeout(paypro):
    paypro(TIMEOUT=(1, 2), DEADLINE=None)
    assert get_account("MX").deadline == 3.0
    paypro(DEADLINE=10)
    assert get_account("MX").deadline == 10.0


def test_an_unusable_timeout_names_the_key_when_used(paypro):
    paypro(DEADLINE=0)
    with pytest.raises(PayProConfigurationError, match="DEADLINE"):
        get_account("MX")


def test_trade_numbers_are_unique_and_configurable(paypro):
    numbers = {new_trade_no() for _ in range(2000)}
    assert len(numbers) == 2000
    assert all(len(n) == 24 and n[:14].isdigit() for n in numbers)
    paypro(TRADE_NO_PREFIX="SHOP-")
    assert new_trade_no().startswith("SHOP-")
    paypro(TRADE_NO_GENERATOR="no.such.function")
    with pytest.raises(PayProConfigurationError, match="TRADE_NO_GENERATOR"):
        new_trade_no()


def test_importing_the_package_needs_no_settings():
    import subprocess
    import sys

    code = (
        "import django_paypro, django_paypro.signing as s;"
        "print(s.sign({'tradeNo':'T1','amount':'300','timestamp':'1715941383720','remark':''},"
        " 's3cr3t'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert out.stdout.strip() == "a2d636ae4579982874dc105b7542d7aa"


def test_secret_stays_out_of_logs(fake_paypro, caplog, db):
    from django_paypro import create_payment

    fake_paypro.respond(
        "/v1/paypro/paymentLink",
        json=fake_paypro.envelope({"status": "0015", "paymentUrl": "https://x.example/1"}),
    )
    with caplog.at_level(logging.DEBUG, logger="django_paypro"):
        create_payment("300")
    assert caplog.records
    assert SECRET not in caplog.text
