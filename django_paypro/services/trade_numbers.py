"""Trade numbers: PayPro's suggested shape (timestamp + random), one record each.

A trade number belongs to one payment *or* one payout, never both: a notification names only
the trade number, so a payout's result must never be applied to a payment. Each creation claims
its number in the registry (:class:`~django_paypro.models.TradeNumber`, the number as primary
key) in the same transaction as the record::

    payment = create_record(Payment, trade_no="T1", amount=..., ...)
    create_record(Payout, trade_no="T1", ...)  # raises PayProValidationError

Two processes claiming one number at once meet on the primary key: on PostgreSQL the second
waits for the first to commit and then fails; exactly one record is created. Code that creates
records in bulk (payout batches) claims its numbers with :func:`claim_trade_numbers` inside its
own transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from django_paypro.conf import paypro_setting
from django_paypro.exceptions import PayProConfigurationError, PayProValidationError
from django_paypro.models import Payment, Payout, TradeNumber

__all__ = ["claim_trade_numbers", "create_record", "default_trade_no", "new_trade_no"]

MAX_LENGTH = 64
R = TypeVar("R", Payment, Payout)
_KINDS: dict[type[Payment | Payout], str] = {
    Payment: TradeNumber.Kind.PAYMENT,
    Payout: TradeNumber.Kind.PAYOUT,
}


def default_trade_no() -> str:
    """Return ``YYYYMMDDHHMMSS`` (UTC) followed by 10 random hex digits."""
    return timezone.now().strftime("%Y%m%d%H%M%S") + secrets.token_hex(5)


def new_trade_no() -> str:
    """Return a new trade number from ``PAYPRO['TRADE_NO_GENERATOR']`` and ``TRADE_NO_PREFIX``."""
    generator_path = paypro_setting("TRADE_NO_GENERATOR")
    try:
        generator: Callable[[], str] = import_string(generator_path)
    except ImportError as err:
        raise PayProConfigurationError(
            f"PAYPRO['TRADE_NO_GENERATOR'] {generator_path!r} cannot be imported"
        ) from err
    value = f"{paypro_setting('TRADE_NO_PREFIX') or ''}{generator()}"
    if not value or len(value) > MAX_LENGTH:
        raise PayProConfigurationError(
            f"PAYPRO['TRADE_NO_GENERATOR'] must return 1 to {MAX_LENGTH} characters"
        )
    return value


def _taken(trade_nos: Collection[str], *, claims: bool = True) -> list[str]:
    """Return which of ``trade_nos`` a payment, a payout (or, with ``claims``, a claim) holds."""
    models: list[type[Payment | Payout | TradeNumber]] = [Payment, Payout]
    if claims:
        models.append(TradeNumber)
    first, *rest = [
        model.objects.filter(trade_no__in=trade_nos).order_by().values_list("trade_no", flat=True)
        for model in models
    ]
    return sorted(set(first.union(*rest)))


def _refusal(trade_nos: Collection[str]) -> PayProValidationError:
    return PayProValidationError(
        "trade_no", f"{', '.join(trade_nos)} already belongs to a payment or payout"
    )


def _claim(trade_nos: Collection[str], model: type[Payment | Payout]) -> None:
    kind = _KINDS[model]
    TradeNumber.objects.bulk_create([TradeNumber(trade_no=n, kind=kind) for n in trade_nos])


def _refuse_held(trade_nos: Collection[str]) -> None:
    # Records that never claimed their number (test factories, rows written directly) are
    # found by looking; concurrent creations are kept apart by the registry's primary key.
    taken = _taken(trade_nos, claims=False)
    if taken:
        raise _refusal(taken)


def taken_trade_numbers(trade_nos: Collection[str]) -> list[str]:
    """Return which of ``trade_nos`` a payment or payout already holds (for previews)."""
    return _taken(trade_nos)


def claim_trade_numbers(trade_nos: Collection[str], model: type[Payment | Payout]) -> None:
    """Claim ``trade_nos`` for new records of ``model``; call inside the creating transaction.

    Raises ``PayProValidationError`` when one is taken, also by a record created without a
    claim (a test factory, the admin).
    """
    _refuse_held(trade_nos)
    try:
        with transaction.atomic():
            _claim(trade_nos, model)
    except IntegrityError as err:
        raise _refusal(sorted(trade_nos)) from err


def create_record(model: type[R], **values: Any) -> R:
    """Create a ``model`` (payment or payout) from ``values``, claiming its ``trade_no`` first.

    Raises ``PayProValidationError`` naming ``trade_no`` when a payment or payout already has
    it; nothing is stored then.
    """
    trade_no = str(values["trade_no"])
    # Looked up before the transaction: on SQLite a transaction that has read cannot wait for
    # another writer (it gets "database is locked"); one that starts by writing can.
    _refuse_held([trade_no])
    try:
        with transaction.atomic():
            _claim([trade_no], model)
            return model.objects.create(**values)
    except IntegrityError as err:  # claimed meanwhile, or a record of the same table has it
        if _taken([trade_no]):
            raise _refusal([trade_no]) from err
        raise
