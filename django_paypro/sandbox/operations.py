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

from django_paypro.sandbox import spellings
from django_paypro.sandbox.balance import amounts, payout_refusal
from django_paypro.sandbox.envelope import answer, refuse
from django_paypro.sandbox.gateway import Call
from django_paypro.sandbox.models import PARTIAL, SUCCESS, SandboxTrade
from django_paypro.sandbox.pages import (
    BALANCE,
    PAGE,
    PAYIN,
    PAYIN_QUERY,
    PAYOUT,
    PAYOUT_QUERY,
    PageAmount,
    PageOperation,
    country_pages,
)
from django_paypro.sandbox.pix import pix_code

#: What every creation needs whatever its page's table says: the sandbox cannot do without them.
BASE_REQUIRED = ("tradeNo", "amount", "notifyUrl")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
CENT = Decimal("0.01")


def perform(call: Call) -> JsonResponse:
    """Answer ``call`` as PayPro would."""
    handler = HANDLERS.get(call.route.operation)
    if handler is None:
        return refuse(f"the sandbox does not simulate {call.route.operation!r}")
    return handler(call)


def create_trade(call: Call) -> JsonResponse:
    """Create a pay-in, payment page or payout and answer its first status (``0015``)."""
    page, fields = call.route.page, call.fields
    problem = creation_problem(page, fields)
    if problem:
        return refuse(problem)
    kind = SandboxTrade.Kind.PAYOUT if page.name == PAYOUT else SandboxTrade.Kind.PAYIN
    if _trades(call, kind).filter(trade_no=fields["tradeNo"]).exists():
        return refuse("duplicate tradeNo")
    amount = Decimal(fields["amount"])
    refusal = (
        payout_refusal(call.account.merchant_no, call.route.country, amount)
        if kind == SandboxTrade.Kind.PAYOUT
        else ""
    )
    if refusal:
        return refuse(refusal)
    platform_trade_no = secrets.token_hex(16)
    is_pix = "payParam" in spellings.answer_fields(page)
    try:
        with transaction.atomic():
            trade = SandboxTrade.objects.create(
                kind=kind,
                operation=page.name,
                country=call.route.country,
                merchant_no=call.account.merchant_no,
                trade_no=fields["tradeNo"],
                platform_trade_no=platform_trade_no,
                amount=amount,
                message=spellings.created_desc(page),
                notify_url=fields["notifyUrl"],
                return_url=fields.get("returnUrl", ""),
                pay_param=pix_code(platform_trade_no[:25], amount) if is_pix else "",
                request_fields=fields,
            )
    except IntegrityError:
        # Two requests with the same tradeNo at once: the constraint decides.
        return refuse("duplicate tradeNo")
    url = "" if kind == SandboxTrade.Kind.PAYOUT else _cashier_url(call, trade)
    return answer(trade_data(trade, page, payment_url=url))


def creation_problem(page: PageOperation, fields: dict[str, str]) -> str:
    """Return why PayPro would refuse to create this trade, or ``""``.

    The page's field table was checked at the gateway; here come its amount rule and what the
    sandbox itself needs to play the trade out.
    """
    missing = [name for name in BASE_REQUIRED if not fields.get(name)]
    if missing:
        return f"missing required field(s): {', '.join(missing)}"
    problem = page.amount.problem(fields["amount"])
    if problem:
        return f"{problem} ({page.url})"
    if Decimal(fields["amount"]) != Decimal(fields["amount"]).quantize(CENT):
        # Where a page sets no rule, the sandbox still keeps amounts to the cent.
        return "amount has more than 2 decimals"
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
    return answer(trade_data(trade, call.route.page))


def query_balance(call: Call) -> JsonResponse:
    """Answer the balance computed from this merchant's settled trades in this country."""
    available, frozen = amounts(call.account.merchant_no, call.route.country)
    values = {
        "availableAmount": f"{available:.2f}",
        "freezeAmount": f"{frozen:.2f}",
        "unsettledAmount": f"{Decimal(0):.2f}",
    }
    return answer(spellings.spelled(values, call.route.page))


def amount_rule(trade: SandboxTrade) -> PageAmount:
    """Return the amount rule of the page that created ``trade``."""
    page = country_pages(trade.country).operations.get(trade.operation)
    return page.amount if page is not None else PageAmount()


def trade_data(
    trade: SandboxTrade, page: PageOperation, *, payment_url: str = ""
) -> dict[str, str]:
    """Return the ``data`` of an answer about ``trade``, spelled as ``page`` shows it."""
    rule = amount_rule(trade)
    reported = trade.paid_amount if trade.paid_amount > 0 else trade.amount
    values = {
        "tradeNo": trade.trade_no,
        "platFormTradeNo": trade.platform_trade_no,
        "status": trade.status,
        "desc": trade.message,
        "message": trade.message,
        "remark": trade.request_fields.get("remark", ""),
        "amount": rule.text(reported),
        "receivedAmount": rule.text(reported),
        "payAmount": rule.text(reported),
        "orderAmount": rule.text(trade.amount),
        "paymentUrl": payment_url,
        "paymentLink": payment_url,
        "payParam": trade.pay_param,
        "successTime": success_time(trade),
        "createTime": timezone.localtime(trade.created_at).strftime(TIME_FORMAT),
    }
    return {k: v for k, v in spellings.spelled(values, page).items() if v != ""}


def success_time(trade: SandboxTrade) -> str:
    """Return when money moved, in PayPro's local-time format, or ``""``."""
    if trade.status not in (SUCCESS, PARTIAL) or trade.finished_at is None:
        return ""
    return timezone.localtime(trade.finished_at).strftime(TIME_FORMAT)


def _trades(call: Call, kind: str) -> QuerySet[SandboxTrade]:
    return SandboxTrade.objects.filter(
        merchant_no=call.account.merchant_no, country=call.route.country, kind=kind
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
