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
from django_paypro.countries import PAGE, PAYIN, CountryProfile, get_profile
from django_paypro.exceptions import PayProValidationError
from django_paypro.models import Payment
from django_paypro.results import TradeResult
from django_paypro.services.bounds import check_amount_fits
from django_paypro.services.outcomes import Outcome, payment_outcome
from django_paypro.services.sending import send_creation, warn_if_in_transaction
from django_paypro.services.trade_numbers import create_record, new_trade_no
from django_paypro.services.transitions import apply_payment_outcome

logger = logging.getLogger("django_paypro.payments")

__all__ = ["create_payment", "refresh_payment"]


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


def _text(name: str, value: Any, limit: int) -> str:
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
    return_url: str | None = None,
    remark: str = "",
    extra: dict[str, Any] | None = None,
    trade_no: str | None = None,
    **country_fields: Any,
) -> Payment:
    """Record a payment, ask PayPro to create it and return it.

    ``country_fields`` carries the fields only some countries have, under our names
    (``channel_code``, ``payment_type``, ``customer_cert``, ``cust_id``, ``pay_type``,
    ``ip_address``); like the named ones they are validated by the country profile.

    Input the country refuses raises ``PayProValidationError`` before anything is stored or
    sent. Once sent, the payment exists whatever happens: ``unknown`` on a transport error or
    code 5000 (``PayProTransportError`` raised), ``failed`` on a refusal (``PayProRejected``
    raised), else ``pending`` (or ``paid``) with its ``payment_url`` / ``pay_param``.
    """
    profile = get_profile(country or default_country())
    chosen = _method(profile, method)
    check_amount_fits(amount)
    clean_amount = profile.clean_amount(amount, chosen)
    customer: dict[str, Any] = {
        "payer": payer,
        "mobile": mobile,
        "email": email,
        "way_code": way_code,
        "identity": identity,
        **country_fields,
    }
    if identity_type != "CPF" or "identity_type" in _names(profile, chosen):
        customer["identity_type"] = identity_type
    wire = profile.wire_fields(chosen, _present(customer, profile, chosen))
    trade_no = _text("trade_no", trade_no, 64) or new_trade_no()
    fields = {
        "tradeNo": trade_no,
        "amount": profile.amount_text(clean_amount, chosen),
        "remark": _text("remark", remark, 255),
        **wire,
        **{str(k): str(v) for k, v in (extra or {}).items() if v is not None},
    }
    url = _return_url(return_url, trade_no, profile.code)
    if url:
        fields["returnUrl"] = _text("return_url", url, 1000)
    warn_if_in_transaction("create_payment")
    payment = create_record(
        Payment,
        trade_no=trade_no,
        country=profile.code,
        method=chosen,
        amount=clean_amount,
        currency=profile.currency,
        reference=_text("reference", reference, 128),
        request_data=fields,
        **_order_keys(order),
    )
    return _send_creation(payment, chosen, fields)


def _return_url(explicit: str | None, trade_no: str, country: str) -> str:
    """Return where the cashier sends the customer back.

    ``return_url`` or ``PAYPRO['RETURN_URL']``, with ``{trade_no}`` filled in; else our own return
    page (``paypro:return``) on the host of ``NOTIFY_URL`` (never on the request's ``Host``),
    when the app's URLs are installed.
    """
    template = explicit or paypro_setting("RETURN_URL")
    if template:
        return str(template).replace("{trade_no}", trade_no)
    try:
        path = reverse("paypro:return", args=[trade_no])
    except NoReverseMatch:
        return ""
    notify = urlsplit(str(country_setting(country, "NOTIFY_URL") or ""))
    return f"{notify.scheme}://{notify.netloc}{path}" if notify.netloc else ""


def _names(profile: CountryProfile, operation: str) -> set[str]:
    return {spec.name for spec in profile.operations.get(operation, ())}


def _present(values: dict[str, Any], profile: CountryProfile, operation: str) -> dict[str, Any]:
    """Drop the unset arguments this country's operation has no field for."""
    names = _names(profile, operation)
    return {k: v for k, v in values.items() if k in names or v not in (None, "")}


def _send_creation(payment: Payment, method: str, fields: dict[str, str]) -> Payment:
    client = get_client(payment.country)
    create = client.create_payment_page if method == PAGE else client.create_payin
    result = send_creation(payment, lambda: create(fields), apply_payment_outcome)
    _apply_created(payment, result)
    return payment


def _apply_created(payment: Payment, result: TradeResult) -> None:
    outcome = payment_outcome(result, source="create")
    if outcome is None:
        # Accepted without a business status: PayPro is working on it.
        outcome = Outcome(
            status=Payment.Status.PENDING,
            source="create",
            platform_trade_no=result.platform_trade_no,
            payment_url=result.payment_url,
            pay_param=result.pay_param,
            raw=dict(result.raw),
        )
    apply_payment_outcome(payment, outcome)


def refresh_payment(payment: Payment) -> Payment:
    """Ask PayPro for the payment's status and apply the answer; return the payment.

    Raises ``PayProTransportError`` or ``PayProRejected`` when PayPro cannot tell; a refusal of a
    query does not mean the payment failed, so nothing changes then.
    """
    payment.last_queried_at = timezone.now()
    Payment.objects.filter(pk=payment.pk).update(last_queried_at=payment.last_queried_at)
    result = get_client(payment.country).query_payin(payment.trade_no)
    outcome = payment_outcome(result, source="query")
    if outcome is not None:
        apply_payment_outcome(payment, outcome)
    return payment
