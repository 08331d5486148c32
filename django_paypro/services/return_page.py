"""Ask PayPro about an open payment on behalf of a customer's page, at most once per window.

The return page and its status endpoint are public and may be loaded (or polled) by many
browsers at once. Each load calls :func:`refresh_if_due`; only the load that wins a
compare-and-set on ``last_queried_at``::

    UPDATE ... SET last_queried_at = now WHERE id = %s AND last_queried_at = <value it read>

queries PayPro, so a burst of loads costs one query per ``PAYPRO['RETURN_PAGE_REFRESH_SECONDS']``
and payment, whatever the number of processes. The answer is applied through
:func:`~django_paypro.services.payments.refresh_payment`, like any other query.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.utils import timezone

from django_paypro.conf import paypro_setting
from django_paypro.exceptions import PayProError
from django_paypro.models import Payment
from django_paypro.services.payments import refresh_payment
from django_paypro.services.transitions import AWAITING_PAYMENT_STATUSES

logger = logging.getLogger("django_paypro.return_page")

__all__ = ["refresh_if_due", "safe_payment_url"]


def _window() -> timedelta | None:
    """Return the minimum time between two queries, or ``None`` if pages never query."""
    seconds = paypro_setting("RETURN_PAGE_REFRESH_SECONDS")
    if seconds is None or float(seconds) < 0:
        return None
    return timedelta(seconds=float(seconds))


def _claim(payment: Payment, now: datetime) -> bool:
    """Return whether this caller won the right to query PayPro now."""
    previous = payment.last_queried_at
    # filter(last_queried_at=None) means IS NULL: the first query ever is claimed the same way.
    claimed = Payment.objects.filter(pk=payment.pk, last_queried_at=previous).update(
        last_queried_at=now
    )
    if claimed:
        payment.last_queried_at = now
    return bool(claimed)


def refresh_if_due(payment: Payment) -> Payment:
    """Ask PayPro about ``payment`` if it is open and nobody asked within the window.

    Never raises a ``PayProError``: the customer's page shows the recorded status when PayPro
    cannot answer. Returns the payment, updated in place when PayPro's answer changed it.
    """
    window = _window()
    if window is None or payment.status not in AWAITING_PAYMENT_STATUSES:
        return payment
    now = timezone.now()
    last = payment.last_queried_at
    if last is not None and now - last < window:
        return payment
    if not _claim(payment, now):
        payment.refresh_from_db()  # another load is asking: show what is recorded by now
        return payment
    try:
        refresh_payment(payment)
    except PayProError as err:
        logger.warning("return page could not refresh payment %s: %s", payment.trade_no, err)
    return payment


def safe_payment_url(payment: Payment | None) -> str:
    """Return the payment page URL if it is an absolute http(s) URL, else ``""``.

    The URL comes from PayPro's answer; a ``javascript:`` or relative value is never put in a
    redirect or a link.
    """
    url = (payment.payment_url if payment is not None else "") or ""
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return ""
