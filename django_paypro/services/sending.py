"""Send a creation request for a record that already exists, so no outcome loses it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.db import transaction

from django_paypro.exceptions import PayProRejected, PayProTransportError
from django_paypro.models import Payment, Payout
from django_paypro.results import TradeResult
from django_paypro.services.outcomes import StatusReport, scrub
from django_paypro.services.transitions import Change

R = TypeVar("R", Payment, Payout)

logger = logging.getLogger("django_paypro.sending")


def warn_if_in_transaction(what: str) -> None:
    """Log a warning when a creation runs inside a transaction the caller may roll back.

    The record must be committed before PayPro is asked, or a rollback (an exception later in
    an ``ATOMIC_REQUESTS`` view, say) would forget a payment PayPro may have created.
    """
    if transaction.get_connection().in_atomic_block:
        logger.warning(
            "%s() called inside a database transaction: if the caller rolls it back, the "
            "record of what PayPro was asked to do is lost. Call it outside atomic() (mark the "
            "view with django.db.transaction.non_atomic_requests).",
            what,
        )


def send_creation(
    record: R,
    call: Callable[[], TradeResult],
    apply: Callable[[R, StatusReport], Change],
) -> TradeResult:
    """Return PayPro's answer to ``call``; on an error, record the outcome on ``record`` first.

    A transport error or code 5000 leaves the record ``unknown`` (reconciliation settles it); a
    refusal leaves it ``failed``. The exception is re-raised with ``record`` attached.
    """
    statuses = type(record).Status
    try:
        return call()
    except PayProTransportError as err:
        message = scrub(str(err))[:255]
        raw = scrub(dict(err.raw or {}))
        apply(record, StatusReport(statuses.UNKNOWN, "create", message=message, raw=raw))
        err.record = record
        raise
    except PayProRejected as err:
        outcome = StatusReport(
            statuses.FAILED,
            "create",
            status_code=scrub(err.code),
            message=scrub(err.message),
            raw=scrub(dict(err.raw or {})),
        )
        apply(record, outcome)
        err.record = record
        raise
