"""Receivers for every payment signal (the Signals page shows this file).

tests/docs/test_examples.py connects them and posts signed notifications.
"""

import logging
from typing import Any

from django.core.mail import mail_admins
from django.db import transaction
from django.dispatch import receiver

from django_paypro.signals import (
    order_paid,
    payment_failed,
    payment_needs_review,
    payment_partially_paid,
)

logger = logging.getLogger(__name__)


@receiver(order_paid)
def fulfil(sender: Any, payment: Any, order: Any, **kwargs: Any) -> None:
    """Mark the order paid, in the same transaction as the payment."""
    if order is not None:
        order.paid = True
        order.save(update_fields=["paid"])


@receiver(payment_partially_paid)
def note_partial(sender: Any, payment: Any, order: Any, **kwargs: Any) -> None:
    """Tell staff how much is still owed, once the change is committed."""
    missing = payment.amount - payment.paid_amount
    transaction.on_commit(
        lambda: mail_admins(
            f"Payment {payment.trade_no} partly paid",
            f"{payment.paid_amount} of {payment.amount} {payment.currency} received; "
            f"{missing} missing.",
        )
    )


@receiver(payment_failed)
def release_stock(sender: Any, payment: Any, order: Any, **kwargs: Any) -> None:
    """Log the refusal; the customer can try again with a new payment."""
    logger.info(
        "payment %s failed (%s): %s", payment.trade_no, payment.status_code, payment.message
    )


@receiver(payment_needs_review)
def ask_staff(sender: Any, payment: Any, order: Any, **kwargs: Any) -> None:
    """Amounts disagree: a person decides in the admin. Mail after the commit."""
    transaction.on_commit(
        lambda: mail_admins(f"Payment {payment.trade_no} needs review", payment.review_reason)
    )
