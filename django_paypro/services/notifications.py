"""Receive PayPro's notifications: store each one first, then verify and apply it once.

Each delivery is stored as received (body, kept headers, address) in its own commit, so a
worker killed mid-way leaves it on record. It is then verified and applied inside one
transaction, which also writes the outcome onto that row; if processing fails the change is
rolled back and the error, with its traceback, is written onto the row instead (dj-stripe's
``WebhookEventTrigger``). Forged, malformed or unknown deliveries are kept too, marked
``rejected``, with only a bounded prefix of their body, and change nothing else.

The service says what happened (:class:`Receipt`); the view alone turns it into HTTP.
"""

from __future__ import annotations

import enum
import ipaddress
import logging
import re
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from django_paypro import addresses
from django_paypro.accounts import app_secret, default_country
from django_paypro.models import Notification, Payment, Payout
from django_paypro.results import TradeResult
from django_paypro.services.outcomes import StatusReport, payment_report, payout_report, scrub
from django_paypro.services.transitions import Change, apply_payment_report, apply_payout_report
from django_paypro.signing import SIGN_FIELD, loads_exact, verify

logger = logging.getLogger("django_paypro.notifications")

__all__ = [
    "KEPT_HEADERS",
    "Receipt",
    "Refusal",
    "process_notification",
    "receive_notification",
    "refuse_notification",
]

#: Request headers worth keeping with each delivery (lower-case).
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "user-agent",
    "x-forwarded-for",
    "x-real-ip",
    SIGN_FIELD,
)
#: Characters of a refused delivery's body that are kept: enough to see what it was, while
#: unauthenticated posts cannot fill the database.
REFUSED_BODY_PREFIX = 2048
#: PayPro's notifications are flat; anything nested deeper is refused before it is signed.
MAX_NESTING = 16
_SURROGATE = re.compile("[\ud800-\udfff]")
# What a finished delivery's row gets written, in one UPDATE.
_FINISHED_FIELDS = [
    "trade_no",
    "kind",
    "payment",
    "payout",
    "signature_valid",
    "outcome",
    "action",
    "error",
    "processed_at",
]


class Refusal(enum.Enum):
    """Why a delivery was refused."""

    MALFORMED = "malformed"
    TOO_LARGE = "too large"
    ADDRESS = "address not allowed"
    SIGNATURE = "invalid signature"
    UNKNOWN_TRADE = "unknown trade number"


@dataclass(frozen=True)
class Receipt:
    """What became of a delivery: its stored row, and why it was refused, if it was."""

    notification: Notification
    refusal: Refusal | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Return whether the delivery is recorded as done (applied or nothing to do)."""
        return self.refusal is None and self.notification.outcome != Notification.Outcome.FAILED


class _Refused(Exception):
    def __init__(self, refusal: Refusal, detail: str) -> None:
        self.refusal = refusal
        self.detail = detail
        super().__init__(detail)


def _kept_headers(headers: Mapping[str, str]) -> dict[str, str]:
    lowered = {str(k).lower(): str(v) for k, v in headers.items()}
    return {k: scrub(lowered[k])[:1000] for k in KEPT_HEADERS if k in lowered}


def _valid_ip(address: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def address_allowed(address: str | None) -> bool:
    """Return whether ``address`` may notify: see :mod:`django_paypro.addresses`."""
    return addresses.address_allowed(address)


def _store(body: bytes, headers: Mapping[str, str], remote_addr: str | None) -> Notification:
    """Store the delivery as received, in its own commit (the caller is not in a transaction)."""
    return Notification.objects.create(
        body=scrub(body.decode("utf-8", errors="replace")),
        headers=_kept_headers(headers),
        remote_addr=_valid_ip(remote_addr),
    )


def receive_notification(
    body: bytes, *, headers: Mapping[str, str], remote_addr: str | None
) -> Receipt:
    """Store a delivery, then verify and apply it; return what became of it."""
    note = _store(body, headers, remote_addr)
    if not address_allowed(remote_addr):
        return _refuse(note, Refusal.ADDRESS, f"address {remote_addr} is not allowed")
    return _process(note, body, headers)


def refuse_notification(
    body: bytes, *, headers: Mapping[str, str], remote_addr: str | None, refusal: Refusal
) -> Receipt:
    """Store a delivery refused before it could be read (too large, say) and say so."""
    note = _store(body[: REFUSED_BODY_PREFIX * 4], headers, remote_addr)
    return _refuse(note, refusal, f"refused: {refusal.value}")


def process_notification(note: Notification) -> Receipt:
    """Verify and apply a stored delivery again (never processed, or failed), updating its row."""
    return _process(note, note.body.encode("utf-8"), note.headers or {})


def _process(note: Notification, body: bytes, headers: Mapping[str, str]) -> Receipt:
    try:
        fields = _parse(body)
        note.trade_no = trade_no = _trade_no(fields)
        target = _find_target(trade_no)
        _describe(note, target)
        note.signature_valid = _signature_holds(fields, headers, target)
        if not note.signature_valid:
            raise _Refused(Refusal.SIGNATURE, "invalid signature")
        if target is None:
            raise _Refused(Refusal.UNKNOWN_TRADE, "unknown trade number")
        report = _report(target, fields)
    except _Refused as refused:
        return _refuse(note, refused.refusal, refused.detail)
    return _apply(note, target, report)


def _parse(body: bytes) -> dict[str, Any]:
    try:
        fields = loads_exact(body)
    except (ValueError, RecursionError):
        raise _Refused(Refusal.MALFORMED, "malformed body: not JSON") from None
    if not isinstance(fields, dict):
        raise _Refused(Refusal.MALFORMED, "malformed body: not a JSON object")
    _check_tree(fields, 0)
    return fields


def _check_tree(value: Any, depth: int) -> None:
    """Refuse nesting deeper than :data:`MAX_NESTING` and text no database can store."""
    if depth > MAX_NESTING:
        raise _Refused(Refusal.MALFORMED, f"malformed body: nested deeper than {MAX_NESTING}")
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise _Refused(Refusal.MALFORMED, "malformed body: lone surrogate in text")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_tree(key, depth + 1)
            _check_tree(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_tree(item, depth + 1)


def _trade_no(fields: Mapping[str, Any]) -> str:
    trade_no = fields.get("tradeNo")
    if not isinstance(trade_no, str) or not 0 < len(trade_no) <= 64 or not trade_no.isprintable():
        raise _Refused(Refusal.MALFORMED, "malformed body: tradeNo missing or invalid")
    return trade_no


def _find_target(trade_no: str) -> Payment | Payout | None:
    for model in (Payment, Payout):
        try:
            return model._default_manager.get(trade_no=trade_no)
        except model.DoesNotExist:
            continue
    return None


def _describe(note: Notification, target: Payment | Payout | None) -> None:
    if isinstance(target, Payment):
        note.kind, note.payment = Notification.Kind.PAYMENT, target
    elif isinstance(target, Payout):
        note.kind, note.payout = Notification.Kind.PAYOUT, target


def _signature_holds(
    fields: Mapping[str, Any], headers: Mapping[str, str], target: Payment | Payout | None
) -> bool:
    given = fields.get(SIGN_FIELD) or {k.lower(): v for k, v in headers.items()}.get(SIGN_FIELD)
    secret = app_secret(target.country if target is not None else default_country())
    return verify(fields, secret, given)


def _report(target: Payment | Payout, fields: Mapping[str, Any]) -> StatusReport:
    result = TradeResult.from_data(fields)
    if isinstance(target, Payment):
        report = payment_report(result, source="notification")
    else:
        report = payout_report(result, source="notification")
    if report is None:
        raise _Refused(Refusal.MALFORMED, "malformed body: status missing")
    return report


def _refuse(note: Notification, refusal: Refusal, detail: str) -> Receipt:
    note.body = note.body[:REFUSED_BODY_PREFIX]
    note.outcome = Notification.Outcome.REJECTED
    note.error = detail
    note.processed_at = timezone.now()
    note.save(update_fields=[*_FINISHED_FIELDS, "body"])
    logger.warning("notification %s rejected (%s): %s", note.pk, refusal.value, detail)
    return Receipt(note, refusal, detail)


def _outcome_of(change: Change) -> str:
    if change.changed:
        return Notification.Outcome.APPLIED
    if change.updated:
        return Notification.Outcome.UPDATED
    return Notification.Outcome.IGNORED if change.ignored else Notification.Outcome.DUPLICATE


def _apply(note: Notification, target: Payment | Payout, report: StatusReport) -> Receipt:
    try:
        with transaction.atomic():
            if isinstance(target, Payment):
                change = apply_payment_report(target, report)
            else:
                change = apply_payout_report(target, report)
            note.outcome = _outcome_of(change)
            note.action = change.describe()[:255]
            note.error = ""
            note.processed_at = timezone.now()
            note.save(update_fields=_FINISHED_FIELDS)
    except Exception:
        # A receiver (or the database) failed: the change is rolled back and the delivery,
        # already stored, keeps the error. PayPro, not answered OK, delivers again.
        logger.exception("notification %s for %s failed", note.pk, note.trade_no)
        note.outcome = Notification.Outcome.FAILED
        note.action = ""
        note.error = scrub(traceback.format_exc()[-4000:])
        note.processed_at = timezone.now()
        note.save(update_fields=_FINISHED_FIELDS)
    return Receipt(note)
