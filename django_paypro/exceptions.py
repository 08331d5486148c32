"""Exceptions raised by django-paypro.

``PayProError`` is the base of everything a call to PayPro can raise. The configuration error is
deliberately *not* a ``PayProError``: a ``except PayProError`` around a checkout must never hide a
broken ``PAYPRO`` setting.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, SuspiciousOperation


class PayProConfigurationError(ImproperlyConfigured):
    """The ``PAYPRO`` setting is missing or wrong; the message names the key to fix."""


class PayProError(Exception):
    """Base of every error about a PayPro operation."""


class PayProValidationError(PayProError, ValueError):
    """Input refused before anything was sent or stored.

    ``field`` is our argument name (``"amount"``, ``"mobile"``...), ``rule`` says what was broken.
    """

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field}: {rule}")


class PayProTransportError(PayProError):
    """The outcome is unknown: network error, timeout, HTTP 5xx, non-JSON or code ``5000``.

    A payment or payout created by the call is kept with status ``unknown`` and settled later by
    ``refresh_payment`` / ``paypro_reconcile``. ``record`` is that row, when one exists.
    """

    def __init__(
        self,
        message: str,
        *,
        record: object | None = None,
        raw: Mapping[str, Any] | None = None,
    ) -> None:
        self.record = record
        self.raw = raw  # PayPro's answer, when there was one (code 5000)
        super().__init__(message)


class PayProRejected(PayProError):
    """PayPro answered and said no (code ``8000`` and other refusals)."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        record: object | None = None,
        raw: Mapping[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.record = record
        self.raw = raw  # PayPro's answer, when there was one
        super().__init__(f"PayPro rejected the request ({code}): {message}")


class NotificationRejected(PayProError, SuspiciousOperation):
    """An inbound notification that is forged, malformed or about an unknown trade.

    Also a ``SuspiciousOperation`` so that Django answers 400 if it ever escapes a view.
    ``status`` is the HTTP status the notification endpoint answers with.
    """

    def __init__(self, reason: str, *, status: int = 400) -> None:
        self.reason = reason
        self.status = status
        super().__init__(reason)


class PayoutApprovalRefused(PayProError, PermissionDenied):
    """A user may not decide on this payout batch (permission, own batch, or already decided)."""


class PayoutReviewRefused(PayProError, PermissionDenied):
    """A user may not decide on a payout under review (``django_paypro.review_payout``)."""
