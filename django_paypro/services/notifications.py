"""Receive PayPro's notifications: keep each one, verify it, apply it exactly once.

A delivery that changes something is stored in the same transaction as the change and its
signal, with what it did, so the log and the payment can never disagree; if processing fails,
the change is rolled back and the delivery is stored with the error. A delivery that changes
nothing (a duplicate) is stored in one INSERT. Forged, malformed or unknown deliveries are kept
too, marked ``rejected``, and change nothing else. ``OK`` is answered only after the commit, so
a worker that dies mid-processing leaves nothing half-done and PayPro, unanswered, delivers
again.
"""

from __future__ import annotations

import ipaddress
import logging
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from django_paypro import addresses
from django_paypro.accounts import app_secret, default_country
from django_paypro.exceptions import NotificationRejected
from django_paypro.models import Notification, Payment, Payout
from django_paypro.results import TradeResult
from django_paypro.services import statements
from django_paypro.services.outcomes import Outcome, payment_outcome, payout_outcome
from django_paypro.services.transitions import (
    Change,
    apply_payment_outcome,
    apply_payout_outcome,
    plan_payment,
    plan_payout,
)
from django_paypro.signing import SIGN_FIELD, loads_exact, verify

logger = logging.getLogger("django_paypro.notifications")

__all__ = ["Receipt", "process_notification", "receive_notification"]

#: Request headers worth keeping with each delivery (lower-case).
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "user-agent",
    "x-forwarded-for",
    "x-real-ip",
    SIGN_FIELD,
)

Outcomes = Notification.Outcome


@dataclass(frozen=True)
class Receipt:
    """The answer owed to PayPro: ``OK`` with 200 once recorded, else a status and reason."""

    status: int
    text: str
    notification: Notification | None

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class _Evaluation:
    fields: dict[str, Any]
    target: Payment | Payout | None = None
    outcome: Outcome | None = None
    signature_valid: bool | None = None


def _clean_text(text: str) -> str:
    # PostgreSQL cannot store NUL in text or jsonb; keep the rest of the delivery intact.
    return text.replace("\x00", "\ufffd")


def _kept_headers(headers: Mapping[str, str]) -> dict[str, str]:
    lowered = {str(k).lower(): str(v) for k, v in headers.items()}
    return {k: _clean_text(lowered[k])[:1000] for k in KEPT_HEADERS if k in lowered}


def address_allowed(address: str | None) -> bool:
    """Return whether ``address`` may notify: see :mod:`django_paypro.addresses`."""
    return addresses.address_allowed(address)


def _parse(body: bytes) -> dict[str, Any]:
    try:
        fields = loads_exact(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise NotificationRejected("malformed body: not JSON") from None
    if not isinstance(fields, dict):
        raise NotificationRejected("malformed body: not a JSON object")
    return fields


def _find_target(trade_no: str) -> Payment | Payout | None:
    # No ORDER BY (as .first() would add): it can steer PostgreSQL off the unique index.
    return statements.fetch_one(Payment, "trade_no", trade_no) or statements.fetch_one(
        Payout, "trade_no", trade_no
    )


def _evaluate(body: bytes, headers: Mapping[str, str], evaluation: _Evaluation) -> None:
    """Fill ``evaluation`` from the delivery, or raise ``NotificationRejected``."""
    evaluation.fields = fields = _parse(body)
    trade_no = fields.get("tradeNo")
    if not isinstance(trade_no, str) or not 0 < len(trade_no) <= 64 or not trade_no.isprintable():
        raise NotificationRejected("malformed body: tradeNo missing or invalid")
    evaluation.target = target = _find_target(trade_no)
    given = fields.get(SIGN_FIELD) or {k.lower(): v for k, v in headers.items()}.get(SIGN_FIELD)
    secret = app_secret(target.country if target is not None else default_country())
    evaluation.signature_valid = verify(fields, secret.reveal(), given)
    if not evaluation.signature_valid:
        raise NotificationRejected("invalid signature", status=403)
    if target is None:
        raise NotificationRejected("unknown trade number", status=404)
    result = TradeResult.from_data(fields)
    if isinstance(target, Payment):
        evaluation.outcome = payment_outcome(result, source="notification")
    else:
        evaluation.outcome = payout_outcome(result, source="notification")
    if evaluation.outcome is None:
        raise NotificationRejected("malformed body: status missing")


def _describe(note: Notification, evaluation: _Evaluation) -> None:
    fields, target = evaluation.fields, evaluation.target
    trade_no = fields.get("tradeNo") if isinstance(fields, dict) else None
    note.trade_no = _clean_text(trade_no)[:64] if isinstance(trade_no, str) else ""
    note.signature_valid = evaluation.signature_valid
    if isinstance(target, Payment):
        note.kind, note.payment = Notification.Kind.PAYMENT, target
    elif isinstance(target, Payout):
        note.kind, note.payout = Notification.Kind.PAYOUT, target


def receive_notification(
    body: bytes, *, headers: Mapping[str, str], remote_addr: str | None
) -> Receipt:
    """Verify and apply a delivery, storing it with its outcome; return PayPro's answer."""
    note = Notification(
        body=_clean_text(body.decode("utf-8", errors="replace")),
        headers=_kept_headers(headers),
        remote_addr=_valid_ip(remote_addr),
    )
    evaluation = _Evaluation(fields={})
    try:
        if not address_allowed(remote_addr):
            raise NotificationRejected(f"address {remote_addr} is not allowed", status=403)
        _evaluate(body, headers, evaluation)
    except NotificationRejected as err:
        return _reject(note, evaluation, err)
    _describe(note, evaluation)
    if _record_if_nothing_to_do(note, evaluation):
        return Receipt(200, "OK", note)
    return _apply(note, evaluation)


def _record_if_nothing_to_do(note: Notification, evaluation: _Evaluation) -> bool:
    """Store a delivery that changes nothing (a duplicate) with its outcome in one INSERT.

    If the row changes meanwhile, the worst case is a duplicate recorded as such while another
    delivery applies the change: each change is still applied, and signalled, exactly once.
    """
    target, outcome = evaluation.target, evaluation.outcome
    assert target is not None and outcome is not None  # _evaluate guarantees both
    if isinstance(target, Payment):
        plan = plan_payment(target, outcome)
    else:
        plan = plan_payout(target, outcome)
    if plan.fields:
        return False
    nothing = Change(target, target.status, target.status, False, plan.ignored)
    note.outcome = _outcome_of(nothing)
    note.action = nothing.describe()[:255]
    note.processed_at = timezone.now()
    statements.insert(note)
    return True


def process_notification(note: Notification) -> Receipt:
    """Verify and apply a stored notification again (after a failure), updating its row."""
    evaluation = _Evaluation(fields={})
    try:
        _evaluate(note.body.encode("utf-8"), note.headers or {}, evaluation)
    except NotificationRejected as err:
        return _reject(note, evaluation, err)
    _describe(note, evaluation)
    note.error = ""
    return _apply(note, evaluation)


def _valid_ip(address: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def _reject(note: Notification, evaluation: _Evaluation, err: NotificationRejected) -> Receipt:
    _describe(note, evaluation)
    note.outcome = Outcomes.REJECTED
    note.error = err.reason
    note.processed_at = timezone.now()
    if note.pk is None:
        statements.insert(note)
    else:
        note.save()
    logger.warning("notification %s rejected (%s): %s", note.pk, err.status, err.reason)
    return Receipt(err.status, err.reason, note)


def _outcome_of(change: Change) -> str:
    if change.changed:
        return Outcomes.APPLIED
    if change.updated:
        return Outcomes.UPDATED
    return Outcomes.IGNORED if change.ignored else Outcomes.DUPLICATE


def _store_outcome(note: Notification) -> None:
    """INSERT a new delivery, or UPDATE a stored one (processed again), with its outcome."""
    if note.pk is None:
        statements.insert(note)
        return
    statements.update_row(
        note,
        {
            "outcome": note.outcome,
            "action": note.action,
            "error": note.error,
            "processed_at": note.processed_at,
            "signature_valid": note.signature_valid,
        },
    )


def _apply(note: Notification, evaluation: _Evaluation) -> Receipt:
    target, outcome = evaluation.target, evaluation.outcome
    assert target is not None and outcome is not None  # _evaluate guarantees both
    stored = note.pk is not None

    def described(change: Change) -> Notification:
        note.outcome = _outcome_of(change)
        note.action = change.describe()[:255]
        note.processed_at = timezone.now()
        return note

    try:
        with transaction.atomic():
            # A new delivery rides along with the change it makes (one statement on
            # PostgreSQL); one that changes nothing after all, or one processed again, is
            # written here.
            log = None if stored else described
            if isinstance(target, Payment):
                change = apply_payment_outcome(target, outcome, log=log)
            else:
                change = apply_payout_outcome(target, outcome, log=log)
            if stored or note.pk is None:
                _store_outcome(described(change))
    except Exception:
        # A receiver (or the database) failed: the change is rolled back, and with it the
        # INSERT of a new delivery, which is stored again with the error. PayPro must retry.
        logger.exception("notification for %s failed", note.trade_no)
        if not stored:
            note.pk = None
            note._state.adding = True
        note.outcome = Outcomes.FAILED
        note.action = ""
        note.error = traceback.format_exc()[-4000:]
        note.processed_at = timezone.now()
        _store_outcome(note)
        return Receipt(503, "processing failed, please retry", note)
    return Receipt(200, "OK", note)
