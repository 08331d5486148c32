"""Create payments and ask PayPro about them."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from django_paypro.accounts import default_country
from django_paypro.client import get_client
from django_paypro.conf import country_setting, paypro_setting
from django_paypro.countries import (
    PAGE,
    PAYIN,
    PAYIN_SUBMIT,
    CountryProfile,
    argument_names,
    get_profile,
)
from django_paypro.countries.fields import RENAMED_PAYMENT_ARGUMENTS, renamed
from django_paypro.exceptions import PayProValidationError
from django_paypro.models import Payment
from django_paypro.results import TradeResult
from django_paypro.services.bounds import check_amount_fits
from django_paypro.services.outcomes import StatusReport, payment_report
from django_paypro.services.sending import send_creation, warn_if_in_transaction
from django_paypro.services.trade_numbers import create_record, new_trade_no
from django_paypro.services.transitions import Change, apply_payment_report

logger = logging.getLogger("django_paypro.payments")

__all__ = ["create_payment", "refresh_payment", "submit_transaction_id"]

PAYMENT_METHODS = frozenset({PAGE, PAYIN})


def _order_keys(order: models.Model | None) -> dict[str, Any]:
    if order is None:
        return {}
    if order.pk is None:
        raise PayProValidationError("order", "must be saved before a payment can point to it")
    from django.contrib.contenttypes.models import ContentType

    return {
        "order_content_type": ContentType.objects.get_for_model(order),
        "order_object_id": str(order.pk),
    }


def _method(profile: CountryProfile, method: str | None) -> str:
    chosen = method or profile.default_method
    if chosen not in (PAGE, PAYIN):
        raise PayProValidationError("method", "must be 'page' or 'payin'")
    if not profile.supports(chosen):
        raise PayProValidationError("method", f"{chosen!r} is not offered in {profile.code}")
    return chosen


def _bounded_text(name: str, value: Any, limit: int) -> str:
    text = "" if value is None else str(value)
    if len(text) > limit:
        raise PayProValidationError(name, f"must be at most {limit} characters")
    return text


def create_payment(
    amount: Decimal | int | str,
    *,
    country: str | None = None,
    method: str | None = None,
    order: models.Model | None = None,
    reference: str = "",
    payer: str | None = None,
    mobile: str | None = None,
    email: str | None = None,
    way_code: str | None = None,
    identity: str | None = None,
    identity_type: str = "CPF",
    ip_address: str | None = None,
    return_url: str | None = None,
    remark: str = "",
    extra: dict[str, Any] | None = None,
    trade_no: str | None = None,
    **country_fields: Any,
) -> Payment:
    """Record a payment, ask PayPro to create it and return it.

    One call serves every country: the customer arguments (``payer``, ``mobile``, ``email``,
    ``identity``, ``ip_address``...) are accepted everywhere and sent only where the country's
    operation takes them, under its wire name; what it requires and did not get is refused,
    naming the argument. ``country_fields`` carries the fields only some countries have, under
    our names (``channel_code``, ``payment_type``, ``cust_id``, ``pay_type``); a name no
    country takes is refused. A required ``remark`` left empty becomes ``reference``, else the
    trade number.

    Input the country refuses raises ``PayProValidationError`` before anything is stored or
    sent. Once sent, the payment exists whatever happens: ``unknown`` on a transport error or
    code 5000 (``PayProTransportError`` raised), ``failed`` on a refusal (``PayProRejected``
    raised), else ``pending`` (or ``paid``) with its ``payment_url`` / ``pay_param``.
    """
    profile = get_profile(country or default_country())
    chosen = _method(profile, method)
    check_amount_fits(amount)
    clean_amount = profile.clean_amount(amount, chosen)
    trade_no = _bounded_text("trade_no", trade_no, 64) or new_trade_no()
    reference = _bounded_text("reference", reference, 128)
    customer: dict[str, Any] = renamed(
        {
            "payer": payer,
            "mobile": mobile,
            "email": email,
            "way_code": way_code,
            "identity": identity,
            "identity_type": identity_type,
            "ip_address": ip_address,
            "return_url": _return_url(return_url, trade_no, profile, chosen),
            "remark": profile.remark(chosen, remark, reference or trade_no),
            **country_fields,
        },
        RENAMED_PAYMENT_ARGUMENTS,
    )
    wire = profile.wire_fields(chosen, customer, ignore=argument_names(PAYMENT_METHODS))
    fields = {
        "tradeNo": trade_no,
        "amount": profile.amount_text(clean_amount, chosen),
        **wire,
        **{str(k): str(v) for k, v in (extra or {}).items() if v is not None},
    }
    warn_if_in_transaction("create_payment")
    payment = create_record(
        Payment,
        trade_no=trade_no,
        country=profile.code,
        method=chosen,
        amount=clean_amount,
        currency=profile.currency,
        reference=reference,
        request_data=fields,
        **_order_keys(order),
    )
    return _send_creation(payment, chosen, fields)


def _return_url(
    explicit: str | None, trade_no: str, profile: CountryProfile, operation: str
) -> str | None:
    """Return where the cashier sends the customer back, where the operation takes one.

    ``return_url`` or ``PAYPRO['RETURN_URL']``, with ``{trade_no}`` filled in; else our own return
    page (``paypro:return``) on the host of ``NOTIFY_URL`` (never on the request's ``Host``),
    when the app's URLs are installed.
    """
    if "return_url" not in profile.argument_names(operation):
        return explicit
    template = explicit or paypro_setting("RETURN_URL")
    if template:
        return str(template).replace("{trade_no}", trade_no)
    try:
        path = reverse("paypro:return", args=[trade_no])
    except NoReverseMatch:
        return ""
    notify = urlsplit(str(country_setting(profile.code, "NOTIFY_URL") or ""))
    return f"{notify.scheme}://{notify.netloc}{path}" if notify.netloc else ""


def _send_creation(payment: Payment, method: str, fields: dict[str, str]) -> Payment:
    client = get_client(payment.country)
    create = client.create_payment_page if method == PAGE else client.create_payin
    result = send_creation(payment, lambda: create(fields), apply_payment_report)
    _apply_created(payment, result)
    return payment


def _apply_created(payment: Payment, result: TradeResult) -> None:
    outcome = payment_report(result, source="create")
    if outcome is None:
        # Accepted without a business status: PayPro is working on it.
        outcome = StatusReport(
            status=Payment.Status.PENDING,
            source="create",
            platform_trade_no=result.platform_trade_no,
            payment_url=result.payment_url,
            pay_param=result.pay_param,
            raw=dict(result.raw),
        )
    apply_payment_report(payment, outcome)


def refresh_payment(payment: Payment) -> Payment:
    """Ask PayPro for the payment's status and apply the answer; return the payment.

    Raises ``PayProTransportError`` or ``PayProRejected`` when PayPro cannot tell; a refusal of a
    query does not mean the payment failed, so nothing changes then.
    """
    refresh_payment_change(payment)
    return payment


def refresh_payment_change(payment: Payment) -> Change | None:
    """Ask PayPro about ``payment`` and apply the answer; return what the write did.

    ``None`` when PayPro's answer carries no status. The ``Change`` tells whether *this* call
    moved the status (a notification may have applied the same answer meanwhile).
    """
    payment.last_queried_at = timezone.now()
    Payment.objects.filter(pk=payment.pk).update(last_queried_at=payment.last_queried_at)
    result = get_client(payment.country).query_payin(payment.trade_no)
    report = payment_report(result, source="query")
    return None if report is None else apply_payment_report(payment, report)


def submit_transaction_id(payment: Payment, trx_id: str) -> Payment:
    """Tell PayPro the wallet transaction id the customer paid with; return the payment.

    Bangladesh's host-to-host pay-ins ask the customer, once paid, for the wallet's
    transaction id (``trxId``). PayPro answers only that it took the submission: the payment's
    status changes when the notification (or a query) reports the result.
    """
    profile = get_profile(payment.country)
    if not profile.supports(PAYIN_SUBMIT):
        raise PayProValidationError("trx_id", f"is not submitted in {profile.code}")
    values = {"platform_trade_no": payment.platform_trade_no, "trx_id": trx_id}
    get_client(payment.country).submit_payin(profile.wire_fields(PAYIN_SUBMIT, values))
    return payment
