"""The API operations as PayPro performs them: create, query, balance."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from decimal import Decimal
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone

from django_paypro.countries import (
    BALANCE,
    PAGE,
    PAYIN,
    PAYIN_QUERY,
    PAYOUT,
    PAYOUT_QUERY,
    CountryProfile,
)
from django_paypro.exceptions import PayProValidationError
from django_paypro.sandbox import spellings
from django_paypro.sandbox.balance import amounts, payout_refusal
from django_paypro.sandbox.envelope import answer, refuse
from django_paypro.sandbox.gateway import Call
from django_paypro.sandbox.models import PARTIAL, SUCCESS, SandboxTrade
from django_paypro.sandbox.pix import pix_code

BASE_REQUIRED = ("tradeNo", "amount", "notifyUrl", "timestamp")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def perform(call: Call) -> JsonResponse:
    """Answer ``call`` as PayPro would."""
    handler = HANDLERS.get(call.route.operation)
    if handler is None:
        return refuse(f"the sandbox does not simulate {call.route.operation!r}")
    return handler(call)


def create_trade(call: Call) -> JsonResponse:
    """Create a pay-in, payment page or payout and answer its first status (``0015``)."""
    profile, operation, fields = call.route.profile, call.route.operation, call.fields
    problem = creation_problem(profile, operation, fields)
    if problem:
        return refuse(problem)
    kind = SandboxTrade.Kind.PAYOUT if operation == PAYOUT else SandboxTrade.Kind.PAYIN
    if _trades(call, kind).filter(trade_no=fields["tradeNo"]).exists():
        return refuse("duplicate tradeNo")
    amount = profile.clean_amount(fields["amount"], operation)
    refusal = (
        payout_refusal(call.account.merchant_no, profile.code, amount) if kind == "payout" else ""
    )
    if refusal:
        return refuse(refusal)
    platform_trade_no = secrets.token_hex(16)
    is_pix = kind == SandboxTrade.Kind.PAYIN and profile.code in spellings.PIX_COUNTRIES
    try:
        with transaction.atomic():
            trade = SandboxTrade.objects.create(
                kind=kind,
                operation=operation,
                country=profile.code,
                merchant_no=call.account.merchant_no,
                trade_no=fields["tradeNo"],
                platform_trade_no=platform_trade_no,
                amount=amount,
                message=spellings.CREATED_DESC.get(profile.code, spellings.DEFAULT_CREATED_DESC),
                notify_url=fields["notifyUrl"],
                return_url=fields.get("returnUrl", ""),
                pay_param=pix_code(platform_trade_no[:25], amount) if is_pix else "",
                request_fields=fields,
            )
    except IntegrityError:
        # Two requests with the same tradeNo at once: the constraint decides.
        return refuse("duplicate tradeNo")
    url = "" if kind == SandboxTrade.Kind.PAYOUT else _cashier_url(call, trade)
    return answer(trade_data(trade, profile, operation, payment_url=url))


def creation_problem(profile: CountryProfile, operation: str, fields: dict[str, str]) -> str:
    """Return why PayPro would refuse to create this trade, or ``""``."""
    specs = profile.operations.get(operation, ())
    required = [*BASE_REQUIRED, *(s.wire for s in specs if s.required)]
    missing = [name for name in required if not fields.get(name)]
    if missing:
        return f"missing required field(s): {', '.join(missing)}"
    try:
        profile.clean_amount(fields["amount"], operation)
        for spec in specs:
            if fields.get(spec.wire) and spec.validator is not None:
                spec.validator(fields[spec.wire])
    except PayProValidationError as err:
        return f"{err.field}: {err.rule}"
    notify = urlsplit(fields["notifyUrl"])
    if notify.scheme not in ("http", "https") or not notify.netloc:
        return "notifyUrl must be an absolute http(s) URL"
    if len(fields["tradeNo"]) > 64:
        return "tradeNo is longer than 64 characters"
    return ""


def query_trade(call: Call) -> JsonResponse:
    """Answer the current state of a pay-in or payout."""
    trade_no = call.fields.get("tradeNo", "")
    if not trade_no:
        return refuse("missing required field(s): tradeNo")
    kind = (
        SandboxTrade.Kind.PAYOUT
        if call.route.operation == PAYOUT_QUERY
        else SandboxTrade.Kind.PAYIN
    )
    trade = _trades(call, kind).filter(trade_no=trade_no).first()
    if trade is None:
        return refuse("order not found")
    return answer(trade_data(trade, call.route.profile, call.route.operation))


def query_balance(call: Call) -> JsonResponse:
    """Answer the balance computed from this merchant's settled trades in this country."""
    available, frozen = amounts(call.account.merchant_no, call.route.profile.code)
    values = {
        "availableAmount": f"{available:.2f}",
        "freezeAmount": f"{frozen:.2f}",
        "unsettledAmount": f"{Decimal(0):.2f}",
    }
    names = spellings.answer_fields(call.route.profile.code, BALANCE)
    return answer({name: values[name] for name in names})


def trade_data(
    trade: SandboxTrade, profile: CountryProfile, operation: str, *, payment_url: str = ""
) -> dict[str, str]:
    """Return the ``data`` of an answer about ``trade``, spelled as ``profile``'s country does."""
    rule_op = PAYOUT if trade.kind == SandboxTrade.Kind.PAYOUT else PAYIN
    reported = trade.paid_amount if trade.paid_amount > 0 else trade.amount
    values = {
        "tradeNo": trade.trade_no,
        "platFormTradeNo": trade.platform_trade_no,
        "status": trade.status,
        "desc": trade.message,
        "message": trade.message,
        "remark": trade.request_fields.get("remark", ""),
        "amount": profile.amount_text(reported, rule_op),
        "orderAmount": profile.amount_text(trade.amount, rule_op),
        "paymentUrl": payment_url,
        "paymentLink": payment_url,
        "payParam": trade.pay_param,
        "successTime": success_time(trade),
        "createTime": timezone.localtime(trade.created_at).strftime(TIME_FORMAT),
    }
    names = spellings.answer_fields(profile.code, operation)
    return {name: values[name] for name in names if values[name] != ""}


def success_time(trade: SandboxTrade) -> str:
    """Return when money moved, in PayPro's local-time format, or ``""``."""
    if trade.status not in (SUCCESS, PARTIAL) or trade.finished_at is None:
        return ""
    return timezone.localtime(trade.finished_at).strftime(TIME_FORMAT)


def _trades(call: Call, kind: str) -> QuerySet[SandboxTrade]:
    return SandboxTrade.objects.filter(
        merchant_no=call.account.merchant_no, country=call.route.profile.code, kind=kind
    )


def _cashier_url(call: Call, trade: SandboxTrade) -> str:
    path = reverse("paypro_sandbox:cashier", args=[trade.platform_trade_no])
    return call.request.build_absolute_uri(path)


HANDLERS: dict[str, Callable[[Call], JsonResponse]] = {
    PAGE: create_trade,
    PAYIN: create_trade,
    PAYOUT: create_trade,
    PAYIN_QUERY: query_trade,
    PAYOUT_QUERY: query_trade,
    BALANCE: query_balance,
}
