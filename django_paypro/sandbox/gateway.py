"""The checks PayPro makes on every API call, as its pages describe them.

Path, body, ``merchantNo``, ``sign`` (in the body or in a header, as the page says) and the
page's field table: a required field missing or empty, or a field the page does not list, is
refused with code ``8000`` and the page's address. Nothing here comes from
:mod:`django_paypro.countries`; the merchant number and app secret come from the settings.

:func:`check_call` turns a request into a :class:`Call` or into the refusal PayPro would answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, JsonResponse

from django_paypro.conf import Secret, country_setting
from django_paypro.sandbox.envelope import refuse
from django_paypro.sandbox.pages import PageOperation
from django_paypro.sandbox.routing import Route, near_miss, resolve
from django_paypro.sandbox.signature import SIGN, java_text, read_body, signature_matches


@dataclass(frozen=True)
class SandboxAccount:
    """The merchant as configured in the settings: its number and app secret."""

    country: str
    merchant_no: str
    app_secret: Secret


@dataclass(frozen=True)
class Call:
    """An authenticated API call: where it went, as whom, and its fields as wire text."""

    route: Route
    account: SandboxAccount
    fields: dict[str, str]
    request: HttpRequest


def check_call(request: HttpRequest, base: str, op_path: str) -> Call | JsonResponse:
    """Return the checked call, or the envelope refusing it."""
    merchant_no = request.headers.get("merchantNo", "").strip()
    route = resolve(base, op_path, merchant_no)
    if route is None:
        hint = near_miss(base, op_path)
        reason = f"no PayPro operation at {base}/{op_path.strip('/')}"
        return refuse(f"{reason}; paths are case-sensitive: {hint}" if hint else reason, status=404)
    body = read_body(request.body)
    if body is None:
        return refuse("request body must be a JSON object")
    account = account_for(route.country, merchant_no)
    if account is None:
        return refuse("merchant not found")
    problem = sign_problem(request, route.page, account, body) or fields_problem(route.page, body)
    if problem:
        return refuse(problem)
    fields = {k: java_text(v) for k, v in body.items() if k != SIGN and v is not None}
    return Call(route=route, account=account, fields=fields, request=request)


def account_for(country: str, merchant_no: str) -> SandboxAccount | None:
    """Return the configured account of ``country`` if ``merchant_no`` is its number."""
    secret = country_setting(country, "APP_SECRET")
    if not merchant_no or not secret or country_setting(country, "MERCHANT_NO") != merchant_no:
        return None
    return SandboxAccount(country, merchant_no, Secret(str(secret)))


def sign_problem(
    request: HttpRequest, page: PageOperation, account: SandboxAccount, body: dict[str, Any]
) -> str:
    """Return why the signature is refused, or ``""``."""
    if page.sign_in_header:
        given: object = request.headers.get(SIGN, "")
        where = "the 'sign' header"
    else:
        given = body.get(SIGN, "")
        where = "the body field 'sign'"
    if not given:
        return f"sign missing: {page.url} wants it in {where}"
    if not signature_matches(body, account.app_secret.reveal(), given):
        return "sign error: the signature does not match the fields and the app secret"
    return ""


def fields_problem(page: PageOperation, body: dict[str, Any]) -> str:
    """Return why the page would refuse these fields (missing, empty, unknown), or ``""``."""
    sent = {k for k, v in body.items() if k != SIGN}
    missing = sorted(n for n in page.required if not java_text(body.get(n, "")).strip())
    if missing:
        return f"missing required field(s): {', '.join(missing)} ({page.url})"
    unknown = sorted(sent - page.fields)
    if unknown:
        return f"field(s) not on the page: {', '.join(unknown)} ({page.url})"
    return ""
