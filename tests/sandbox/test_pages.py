"""The sandbox's wire layer comes from PayPro's pages, not from the client it is meant to test."""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import django_paypro.sandbox
from django_paypro.sandbox.models import SandboxTrade
from django_paypro.sandbox.pages import countries, country_pages
from django_paypro.sandbox.signature import page_signature, read_body
from tests.sandbox.conftest import BR, EG, MX, PAYIN_PATHS, PREFIX, now_ms, payin_fields

pytestmark = pytest.mark.django_db

NOTIFY = "https://shop.example/paypro/notify/"
SANDBOX_DIR = Path(django_paypro.sandbox.__file__).parent
#: The client's modules the sandbox must not lean on for the wire format.
CLIENT_WIRE_MODULES = ("django_paypro.signing", "django_paypro.countries", "django_paypro.client")
#: Presentation only: the cashier shows the currency from the country profile.
DISPLAY_ONLY = {"views.py"}


def _imports(file: Path) -> set[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize(
    "file",
    [f for f in sorted(SANDBOX_DIR.glob("*.py")) if f.name not in DISPLAY_ONLY],
    ids=lambda f: f.name,
)
def test_sandbox_wire_modules_do_not_import_the_clients_wire_code(file: Path) -> None:
    borrowed = {
        name
        for name in _imports(file)
        if any(name == m or name.startswith(m + ".") for m in CLIENT_WIRE_MODULES)
    }
    assert borrowed == set()


def test_signature_follows_the_worked_example_of_the_protocol() -> None:
    fields = {"tradeNo": "T1", "amount": "300", "timestamp": "1715941383720", "remark": ""}
    assert page_signature(fields, "s3cr3t") == "a2d636ae4579982874dc105b7542d7aa"


def test_signature_signs_a_null_as_the_text_null_like_javas_string_value_of() -> None:
    fields = read_body(b'{"tradeNo": "T1", "remark": null, "amount": 300.50}')
    assert fields is not None
    expected = hashlib.md5(b"amount=300.50remark=nulltradeNo=T1k").hexdigest()
    assert page_signature(fields, "k") == expected


def _post(client: Any, path: str, body: dict[str, Any], secret: str, merchant_no: str) -> Any:
    body = {**body, "sign": page_signature(body, secret)}
    return client.post(
        f"{PREFIX}/mex-pay{path}",
        data=json.dumps(body),
        content_type="application/json",
        headers={"merchantNo": merchant_no},
    )


def test_a_signed_null_is_accepted_as_payPro_would(client: Any) -> None:
    body: dict[str, Any] = {**payin_fields(MX, "T-1", NOTIFY), "timestamp": now_ms()}
    body["email"] = None
    response = _post(client, PAYIN_PATHS["MX"], body, MX.secret, MX.merchant_no)
    assert response.json()["code"] == "0000"


def test_a_field_the_page_does_not_list_is_refused_naming_it_and_the_page(api: Any) -> None:
    body = api(MX, PAYIN_PATHS["MX"], payin_fields(MX, "T-1", NOTIFY, customerName="x")).json()
    assert body["code"] == "8000"
    assert "customerName" in body["msg"]
    assert "mexico/paymentPage.html" in body["msg"]
    assert not SandboxTrade.objects.exists()


def test_a_required_field_sent_empty_is_refused(api: Any) -> None:
    # Brazil's pay-in page marks remark required: sending it empty is a protocol mistake.
    body = api(BR, PAYIN_PATHS["BR"], payin_fields(BR, "T-1", NOTIFY, remark="")).json()
    assert body["code"] == "8000"
    assert "remark" in body["msg"]


def test_paths_are_case_sensitive_and_the_refusal_names_the_right_one(api: Any) -> None:
    response = api(MX, "/v1/paypro/paymentlink", payin_fields(MX, "T-1", NOTIFY))
    assert response.status_code == 404
    assert response.json()["code"] == "8000"
    assert "/v1/paypro/paymentLink" in response.json()["msg"]


def test_sign_is_looked_for_where_the_page_puts_it(api: Any) -> None:
    # Egypt's page wants the sign in the body: one in a header is no sign at all.
    body = api(EG, PAYIN_PATHS["EG"], payin_fields(EG, "T-1", NOTIFY), sign_in_header=True)
    assert body.json()["msg"].startswith("sign missing")
    assert "egypt/payment.html" in body.json()["msg"]


def test_amount_rule_comes_from_the_page(api: Any) -> None:
    body = api(EG, PAYIN_PATHS["EG"], payin_fields(EG, "T-1", NOTIFY, amount="10001")).json()
    assert body["code"] == "8000"
    assert "at most 10000" in body["msg"]


def test_answers_are_spelled_as_the_pages_example(api: Any) -> None:
    mx = api(MX, PAYIN_PATHS["MX"], payin_fields(MX, "T-1", NOTIFY)).json()["data"]
    br = api(BR, PAYIN_PATHS["BR"], payin_fields(BR, "T-1", NOTIFY)).json()["data"]
    shown = {
        code: list(country_pages(code).operations[op].response_example["data"])  # type: ignore[index]
        for code, op in (("MX", "page"), ("BR", "payin"))
    }
    assert list(mx) == shown["MX"]
    assert list(br) == shown["BR"]
    assert br["desc"] == "CREDIT_INPROGRESS"


@pytest.mark.parametrize("code", countries())
def test_every_transcribed_operation_is_served_at_its_printed_path(code: str) -> None:
    from django_paypro.sandbox.routing import resolve

    pages = country_pages(code)
    for page in pages.operations.values():
        route = resolve(code.lower(), page.path, "")
        assert route is not None and route.page == page, page.url


def test_an_amount_below_the_cent_is_refused_where_the_page_sets_no_rule(api: Any) -> None:
    # Brazil's pay-in page says nothing of decimals; the sandbox still stores cents only.
    body = api(BR, PAYIN_PATHS["BR"], payin_fields(BR, "T-1", NOTIFY, amount="300.555")).json()
    assert body["code"] == "8000"
    assert "2 decimals" in body["msg"]
    assert (
        api(BR, PAYIN_PATHS["BR"], payin_fields(BR, "T-2", NOTIFY, amount="300.50")).json()["code"]
        == "0000"
    )


@pytest.mark.django_db(transaction=True)
def test_the_real_client_is_refused_where_it_strays_from_the_pages(
    live_server: Any, settings: Any
) -> None:
    """A path override the pages do not print: the old sandbox, routing by the client's own
    table, agreed with it; this one refuses it with the page's spelling."""
    from django_paypro import create_payment
    from django_paypro.client import clear_clients
    from django_paypro.exceptions import PayProRejected

    settings.PAYPRO = {
        **settings.PAYPRO,
        "BASE_URL": f"{live_server.url}{PREFIX}/mex-pay",
        "PATHS": {"page": "/v1/paypro/paymentlink"},
    }
    clear_clients()
    try:
        with pytest.raises(PayProRejected) as refused:
            create_payment("300", country="MX", method="page", payer="Ana", remark="order 1")
    finally:
        clear_clients()
    assert refused.value.code == "8000"
    assert "/v1/paypro/paymentLink" in refused.value.message
    assert not SandboxTrade.objects.exists()
