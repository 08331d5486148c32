"""The checks PayPro makes on every API call: path, body, ``merchantNo`` and ``sign``.

:func:`check_call` turns a request into a :class:`Call` or into the refusal PayPro would answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, JsonResponse

from django_paypro.accounts import Account, get_account
from django_paypro.exceptions import PayProConfigurationError
from django_paypro.sandbox.envelope import refuse
from django_paypro.sandbox.routing import Route, resolve
from django_paypro.signing import SIGN_FIELD, loads_exact, verify, wire_text


@dataclass(frozen=True)
class Call:
    """An authenticated API call: where it went, as whom, and its fields as wire text."""

    route: Route
    account: Account
    fields: dict[str, str]
    request: HttpRequest


def check_call(request: HttpRequest, base: str, op_path: str) -> Call | JsonResponse:
    """Return the checked call, or the envelope refusing it."""
    merchant_no = request.headers.get("merchantNo", "").strip()
    route = resolve(base, op_path, merchant_no)
    if route is None:
        return refuse(f"no PayPro operation at {base}/{op_path}", status=404)
    body = _parse(request.body)
    if body is None:
        return refuse("request body must be a JSON object")
    account = _account(route, merchant_no)
    if account is None:
        return refuse("merchant not found")
    problem = _sign_problem(request, route, account, body)
    if problem:
        return refuse(problem)
    fields = {k: wire_text(v) for k, v in body.items() if k != SIGN_FIELD and v is not None}
    return Call(route=route, account=account, fields=fields, request=request)


def _parse(raw: bytes) -> dict[str, Any] | None:
    try:
        body = loads_exact(raw or b"{}")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _account(route: Route, merchant_no: str) -> Account | None:
    if not merchant_no:
        return None
    try:
        account = get_account(route.profile.code)
    except PayProConfigurationError:
        return None
    return account if account.merchant_no == merchant_no else None


def _sign_problem(
    request: HttpRequest, route: Route, account: Account, body: dict[str, Any]
) -> str:
    if route.profile.sign_in_header:
        given: object = request.headers.get("sign", "")
        where = "the 'sign' header"
    else:
        given = body.get(SIGN_FIELD, "")
        where = "the body field 'sign'"
    if not given:
        return f"sign missing: {route.profile.name} expects it in {where}"
    if not verify(body, account.app_secret.reveal(), given):
        return "sign error: the signature does not match the fields and the app secret"
    return ""
