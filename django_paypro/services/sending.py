"""Send a creation request for a record that already exists, so no outcome loses it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django_paypro.exceptions import PayProRejected, PayProTransportError
from django_paypro.models import Payment, Payout
from django_paypro.results import TradeResult
from django_paypro.services.outcomes import Outcome, scrub
from django_paypro.services.transitions import Change

R = TypeVar("R", Payment, Payout)


def send_creation(
    record: R,
    call: Callable[[], TradeResult],
    apply: Callable[[R, Outcome], Change],
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
        apply(record, Outcome(statuses.UNKNOWN, "create", message=message, raw=raw))
        err.record = record
        raise
    except PayProRejected as err:
        outcome = Outcome(
            statuses.FAILED,
            "create",
            status_code=scrub(err.code),
            message=scrub(err.message),
            raw=scrub(dict(err.raw or {})),
        )
        apply(record, outcome)
        err.record = record
        raise
