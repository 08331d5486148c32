"""factory-boy factories for django-paypro's records (needs ``django-paypro[test]``).

Each factory makes a *row*, not a history: ``PaymentFactory(paid=True)`` is a paid payment as
the database would hold it, made without PayPro and without sending signals. To test what the
shop does when a payment *becomes* paid, post a notification about a pending one instead
(:func:`django_paypro.testing.signed_notification`).

Defaults follow the record's ``country`` (``MX`` unless given): currency, method, and for a
Brazilian pay-in a PIX code. Traits: ``created``, ``paid``, ``partially_paid``, ``failed``,
``unknown``, ``needs_review`` for payments; ``created``, ``succeeded``, ``failed``, ``unknown``,
``needs_review`` for payouts; ``for_payout``, ``rejected``, ``unprocessed`` for notifications.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from django_paypro.countries import PAYIN, get_profile
from django_paypro.models import Notification, Payment, Payout
from django_paypro.testing.notifications import signed_notification

__all__ = ["PIX_CODE", "NotificationFactory", "PaymentFactory", "PayoutFactory"]

#: A syntactically plausible PIX copy-and-paste code; it points nowhere.
PIX_CODE = (
    "00020101021226730014br.gov.bcb.pix2551pix.paypro.invalid/qr/v2/"
    "cobv/9d36b84fc70b478fb95c12729b90ca255204000053039865802BR"
    "5914PAYPRO TESTING6009SAO PAULO62070503***6304A1B2"
)
FORGED_SIGN = "0" * 32


def _currency(record: Any) -> str:
    return get_profile(record.country).currency


def _payment_url(payment: Any) -> str:
    return f"https://cashier.paypro.invalid/pay/{payment.trade_no}"


def _pay_param(payment: Any) -> str:
    return PIX_CODE if payment.country == "BR" and payment.method == PAYIN else ""


class PaymentFactory(DjangoModelFactory[Payment]):
    """A payment PayPro accepted and the customer has not paid yet (``pending``)."""

    class Meta:
        model = Payment

    class Params:
        created = factory.Trait(
            status=Payment.Status.CREATED,
            status_code="",
            platform_trade_no="",
            payment_url="",
            pay_param="",
        )
        paid = factory.Trait(
            status=Payment.Status.PAID,
            status_code="0000",
            message="success",
            paid_amount=factory.SelfAttribute("amount"),
            paid_at=factory.LazyFunction(timezone.now),
        )
        partially_paid = factory.Trait(
            status=Payment.Status.PARTIALLY_PAID,
            status_code="0001",
            message="partial success",
            paid_amount=factory.LazyAttribute(lambda p: (p.amount / 2).quantize(Decimal(1))),
        )
        failed = factory.Trait(
            status=Payment.Status.FAILED, status_code="00029", message="rejected"
        )
        unknown = factory.Trait(
            status=Payment.Status.UNKNOWN,
            status_code="",
            message="connection refused",
            platform_trade_no="",
            payment_url="",
            pay_param="",
        )
        needs_review = factory.Trait(
            status=Payment.Status.NEEDS_REVIEW,
            status_code="0000",
            paid_amount=factory.LazyAttribute(lambda p: p.amount - 1),
            review_reason=factory.LazyAttribute(
                lambda p: f"PayPro reported {p.amount - 1} paid, but {p.amount} is owed"
            ),
        )

    trade_no = factory.Sequence(lambda n: f"TESTPAY{n:08d}")
    platform_trade_no = factory.LazyAttribute(lambda p: f"PF{p.trade_no}")
    country = "MX"
    method = factory.LazyAttribute(lambda p: get_profile(p.country).default_method)
    amount = Decimal(300)
    currency = factory.LazyAttribute(_currency)
    status = Payment.Status.PENDING
    status_code = "0015"
    payment_url = factory.LazyAttribute(_payment_url)
    pay_param = factory.LazyAttribute(_pay_param)


class PayoutFactory(DjangoModelFactory[Payout]):
    """A payout PayPro accepted and has not settled yet (``pending``)."""

    class Meta:
        model = Payout

    class Params:
        created = factory.Trait(status=Payout.Status.CREATED, status_code="", platform_trade_no="")
        succeeded = factory.Trait(
            status=Payout.Status.SUCCEEDED,
            status_code="0000",
            message="success",
            succeeded_at=factory.LazyFunction(timezone.now),
        )
        failed = factory.Trait(
            status=Payout.Status.FAILED, status_code="0100019", message="payee daily limit"
        )
        unknown = factory.Trait(status=Payout.Status.UNKNOWN, status_code="", platform_trade_no="")
        needs_review = factory.Trait(
            status=Payout.Status.NEEDS_REVIEW,
            status_code="0000",
            review_reason=factory.LazyAttribute(
                lambda p: (
                    f"PayPro reported {p.amount - 1} moved with status 0000, "
                    f"but {p.amount} {p.currency} was asked for"
                )
            ),
        )

    trade_no = factory.Sequence(lambda n: f"TESTOUT{n:08d}")
    platform_trade_no = factory.LazyAttribute(lambda p: f"PF{p.trade_no}")
    country = "MX"
    amount = Decimal(100)
    currency = factory.LazyAttribute(_currency)
    status = Payout.Status.PENDING
    status_code = "0015"


def _body(note: Any) -> str:
    """Return the signed body of the notification (with a forged sign if it was rejected)."""
    body = signed_notification(note.payment or note.payout, status=note.status)
    if note.signature_valid is False:
        body["sign"] = FORGED_SIGN
    return json.dumps(body)


class NotificationFactory(DjangoModelFactory[Notification]):
    """A notification about a payment, received, verified and applied.

    ``status`` (a parameter, not a field) is PayPro's code in the body, ``"0000"`` by default.
    """

    class Meta:
        model = Notification

    class Params:
        status = "0000"
        for_payout = factory.Trait(
            payment=None, payout=factory.SubFactory(PayoutFactory), kind=Notification.Kind.PAYOUT
        )
        rejected = factory.Trait(
            signature_valid=False,
            outcome=Notification.Outcome.REJECTED,
            action="",
            error="invalid signature",
        )
        unprocessed = factory.Trait(
            outcome=Notification.Outcome.RECEIVED, action="", processed_at=None
        )

    kind = Notification.Kind.PAYMENT
    payment = factory.SubFactory(PaymentFactory)
    payout = None
    trade_no = factory.LazyAttribute(lambda n: (n.payment or n.payout).trade_no)
    body = factory.LazyAttribute(_body)
    headers = factory.LazyFunction(lambda: {"content-type": "application/json"})
    remote_addr = "127.0.0.1"
    signature_valid = True
    outcome = Notification.Outcome.APPLIED
    action = "recorded by NotificationFactory"
    processed_at = factory.LazyFunction(timezone.now)
