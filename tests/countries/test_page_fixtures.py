"""The page fixtures are well-formed transcriptions: shape, provenance and bookkeeping.

Each ``django_paypro/sandbox/pages/<CODE>.json`` transcribes PayPro's published pages for one
country (see the fixture format in the sandbox docs). These tests do not re-read the pages; they
check what a transcription must hold to be usable as the conformance oracle: every fact points at
a docs.paypro.tech page of that country, every table is a list of fields with a yes/no ``required``,
the example agrees with its table or the disagreement is written down, and every standard
operation is either transcribed or listed as missing.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

import pytest

from django_paypro.countries.base import BALANCE, PAGE, PAYIN, PAYIN_QUERY, PAYOUT, PAYOUT_QUERY

STANDARD_OPERATIONS = (PAGE, PAYIN, PAYOUT, PAYIN_QUERY, PAYOUT_QUERY, BALANCE)

# PayPro publishes Bangladesh under two slugs; the other countries have one each.
SLUGS = {
    "MX": {"mexico"},
    "BR": {"brazil"},
    "EG": {"egypt"},
    "ID": {"indonesia"},
    "PK": {"pakistan"},
    "IN": {"india"},
    "BD": {"bengal", "bangladesh"},
    "NG": {"nigeria"},
    "PH": {"philippines"},
    "KE": {"kenya"},
    "VN": {"vietnam"},
}

TOP_KEYS = {"country", "slug", "overview", "operations", "notification", "disagreements", "missing"}
OPERATION_KEYS = {
    "url",
    "path",
    "sign",
    "headers",
    "request",
    "request_example",
    "response",
    "response_example",
    "amount",
}
FIELD_KEYS = {"name", "required", "type", "description"}
WIRE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$")
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
PAGE_DIRECTORY = resources.files("django_paypro.sandbox") / "pages"


def fixture_codes() -> list[str]:
    """Return the country codes that have a fixture file shipped with the sandbox."""
    return sorted(
        entry.name.removesuffix(".json")
        for entry in PAGE_DIRECTORY.iterdir()
        if entry.name.endswith(".json")
    )


def load(code: str) -> dict[str, Any]:
    """Return the fixture of ``code``, numbers kept as printed (``3.0000`` stays ``3.0000``)."""
    text = (PAGE_DIRECTORY / f"{code}.json").read_text(encoding="utf-8")
    return json.loads(text, parse_float=Decimal)


def is_page_of(url: Any, code: str) -> bool:
    """Say whether ``url`` is a docs.paypro.tech page of ``code``'s slug(s)."""
    slugs = "|".join(sorted(SLUGS[code]))
    pattern = rf"^https://docs\.paypro\.tech/guide/areas/({slugs})/[A-Za-z]+\.html$"
    return isinstance(url, str) and re.match(pattern, url) is not None


def operations(code: str) -> list[tuple[str, dict[str, Any]]]:
    """Return ``(name, operation)`` pairs of ``code``'s fixture."""
    return sorted(load(code)["operations"].items())


CODES = fixture_codes()
OPERATION_CASES = [
    pytest.param(code, name, operation, id=f"{code}-{name}")
    for code in CODES
    for name, operation in operations(code)
]


def test_fixtures_ship_for_the_five_countries_of_this_batch():
    assert {"BD", "NG", "PH", "KE", "VN"} <= set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_fixture_names_its_country_and_a_slug_of_it(code):
    fixture = load(code)
    assert set(fixture) >= TOP_KEYS
    assert fixture["country"] == code
    assert fixture["slug"] in SLUGS[code]


@pytest.mark.parametrize("code", CODES)
def test_overview_points_at_the_countrys_page_and_gives_an_https_base_or_none(code):
    overview = load(code)["overview"]
    assert {"url", "sandbox_base_url", "currency", "notes"} <= set(overview)
    assert is_page_of(overview["url"], code)
    base = overview["sandbox_base_url"]
    assert base is None or re.match(r"^https://[a-z0-9.-]+\.paypro\.tech(/[\w-]+)*$", base)
    assert overview["currency"] is None or re.match(r"^[A-Z]{3}$", overview["currency"])


@pytest.mark.parametrize(("code", "name", "operation"), OPERATION_CASES)
def test_operation_has_the_format_keys_a_page_url_and_an_absolute_path(code, name, operation):
    assert name in STANDARD_OPERATIONS or SNAKE_CASE.match(name), name
    assert set(operation) >= OPERATION_KEYS
    assert is_page_of(operation["url"], code)
    assert operation["path"].startswith("/")
    assert re.match(r"^(/[A-Za-z0-9_-]+)+$", operation["path"]), operation["path"]
    assert "merchantNo" in operation["headers"]


@pytest.mark.parametrize(("code", "name", "operation"), OPERATION_CASES)
def test_request_table_is_a_list_of_distinct_yes_no_fields(code, name, operation):
    names = [field["name"] for field in operation["request"]]
    assert names, "an operation without a request table is not transcribed"
    assert len(names) == len(set(names)), names
    for field in operation["request"]:
        assert set(field) >= FIELD_KEYS
        assert WIRE_NAME.match(field["name"]), field["name"]
        assert isinstance(field["required"], bool)
        assert field["type"] and field["description"]


@pytest.mark.parametrize(("code", "name", "operation"), OPERATION_CASES)
def test_sign_travels_where_the_operation_says_and_is_required(code, name, operation):
    fields = {field["name"]: field for field in operation["request"]}
    if operation["sign"] == "body":
        assert fields["sign"]["required"] is True
        assert "sign" not in operation["headers"]
    else:
        assert operation["sign"] == "header"
        assert "sign" in operation["headers"]
        assert "sign" not in fields


@pytest.mark.parametrize(("code", "name", "operation"), OPERATION_CASES)
def test_a_field_the_example_adds_to_the_table_is_a_recorded_disagreement(code, name, operation):
    example = operation["request_example"]
    if example is None:
        pytest.skip("no complete request example printed or stored")
    names = {field["name"] for field in operation["request"]}
    disagreements = " ".join(load(code)["disagreements"])
    for field_name in set(example) - names:
        assert field_name in disagreements, f"{code} {name}: example adds {field_name}"


@pytest.mark.parametrize(("code", "name", "operation"), OPERATION_CASES)
def test_a_required_field_the_example_leaves_out_is_a_recorded_disagreement(code, name, operation):
    example = operation["request_example"]
    if example is None:
        pytest.skip("no complete request example printed or stored")
    left_out = [
        field["name"]
        for field in operation["request"]
        if field["required"] and field["name"] not in example
    ]
    disagreements = " ".join(load(code)["disagreements"])
    for field_name in left_out:
        assert field_name in disagreements, f"{code} {name}: example omits required {field_name}"


@pytest.mark.parametrize(("code", "name", "operation"), OPERATION_CASES)
def test_response_table_nests_under_listed_parents(code, name, operation):
    names = [field["name"] for field in operation["response"]]
    assert len(names) == len(set(names)), names
    for field in operation["response"]:
        assert set(field) >= FIELD_KEYS
        assert WIRE_NAME.match(field["name"]), field["name"]
        assert isinstance(field["required"], bool)
        parent = field["name"].rpartition(".")[0]
        assert not parent or parent in names, f"{field['name']} without {parent}"


@pytest.mark.parametrize(("code", "name", "operation"), OPERATION_CASES)
def test_response_example_holds_every_required_field_of_the_table(code, name, operation):
    example = operation["response_example"]
    if example is None:
        pytest.skip("no complete response example printed or stored")
    disagreements = " ".join(load(code)["disagreements"])
    for field in operation["response"]:
        if field["required"] and value_at(example, field["name"]) is MISSING:
            # A page whose example leaves out a field its own table requires is transcribed as
            # printed; the gap must then be written down, not silently accepted.
            leaf = field["name"].rsplit(".", 1)[-1]
            assert leaf in disagreements, f"{code} {name}: example omits required {field['name']}"


@pytest.mark.parametrize(("code", "name", "operation"), OPERATION_CASES)
def test_amount_rule_is_none_or_decimal_bounds_with_the_page_words(code, name, operation):
    rule = operation["amount"]
    if rule is None:
        return
    assert rule["decimals"] is None or (isinstance(rule["decimals"], int) and rule["decimals"] >= 0)
    for bound in ("min", "max"):
        assert rule[bound] is None or is_decimal_text(rule[bound]), rule[bound]
    if rule["min"] is not None and rule["max"] is not None:
        assert Decimal(rule["min"]) <= Decimal(rule["max"])
    assert rule["source"].strip()


@pytest.mark.parametrize("code", CODES)
def test_notification_is_none_or_a_signed_field_table_from_the_countrys_page(code):
    fixture = load(code)
    notification = fixture["notification"]
    if notification is None:
        assert any(entry.startswith("notification") for entry in fixture["missing"])
        return
    assert is_page_of(notification["url"], code)
    names = [field["name"] for field in notification["fields"]]
    assert {"status", "platFormTradeNo"} <= set(names)
    assert all(isinstance(field["required"], bool) for field in notification["fields"])
    assert notification["signed"].strip()
    if notification["example"] is not None:
        disagreements = " ".join(fixture["disagreements"])
        for extra in set(notification["example"]) - set(names):
            assert extra in disagreements, f"{code} notification: example adds {extra}"


@pytest.mark.parametrize("code", CODES)
def test_every_standard_operation_is_transcribed_or_listed_as_missing(code):
    fixture = load(code)
    missing = " ".join(fixture["missing"])
    for name in STANDARD_OPERATIONS:
        assert name in fixture["operations"] or re.search(rf"\b{name}\b", missing), name


@pytest.mark.parametrize("code", CODES)
def test_disagreements_and_missing_are_lists_of_sentences(code):
    fixture = load(code)
    for key in ("disagreements", "missing"):
        assert isinstance(fixture[key], list)
        assert all(isinstance(entry, str) and entry.strip() for entry in fixture[key])


@pytest.mark.parametrize("code", CODES)
def test_bank_list_when_given_points_at_the_countrys_page(code):
    bank_list = load(code).get("bank_list")
    if bank_list is None:
        pytest.skip("no bank_list recorded")
    assert bank_list["url"] is None or is_page_of(bank_list["url"], code)
    assert all(isinstance(entry, str) and entry for entry in bank_list["codes"])


def test_bare_numbers_in_examples_keep_the_digits_the_page_printed():
    notification = load("KE")["notification"]["example"]
    assert str(notification["amount"]) == "3.0000"


MISSING = object()


def value_at(document: dict[str, Any], dotted: str) -> Any:
    """Return the value at ``dotted`` (``"data.status"``) in ``document``, or ``MISSING``."""
    value: Any = document
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


def is_decimal_text(text: Any) -> bool:
    """Say whether ``text`` is a string holding a plain decimal number."""
    if not isinstance(text, str):
        return False
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return re.match(r"^\d+(\.\d+)?$", text) is not None
