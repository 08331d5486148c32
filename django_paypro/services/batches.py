"""Payout batches: rows checked by their country's rules, previewed, then recorded.

Every row goes through :func:`~django_paypro.services.payouts.prepare_payout`, the very check a
single payout gets, and the per-payout limit. Nothing is recorded from a preview; a batch keeps
only rows without errors, as payouts awaiting approval (``draft``) that nothing sends yet.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from django_paypro.exceptions import PayProConfigurationError, PayProValidationError
from django_paypro.models import Payout, PayoutBatch, PayoutDecision
from django_paypro.services.limits import per_payout_limit, plain
from django_paypro.services.payouts import PayoutRequest, prepare_payout
from django_paypro.services.trade_numbers import claim_trade_numbers, taken_trade_numbers

__all__ = ["BatchPreview", "BatchRow", "RowError", "create_batch", "preview_csv", "preview_rows"]

#: Columns with a meaning of their own; every other column is a beneficiary field.
OWN_COLUMNS = ("amount", "country", "reference", "remark", "trade_no")
MAX_ROWS = 10_000


@dataclass(frozen=True)
class RowError:
    """Why one field of one row is refused."""

    line: int
    field: str
    message: str


@dataclass
class BatchRow:
    """One row of a batch: what was given, and either the payout it makes or its errors."""

    line: int
    values: dict[str, str]
    request: PayoutRequest | None = None
    errors: list[RowError] = field(default_factory=list)


@dataclass
class BatchPreview:
    """Every row checked, with totals per currency over the rows that would be kept."""

    rows: list[BatchRow]
    errors: list[RowError] = field(default_factory=list)  # errors of the file as a whole

    @property
    def valid_rows(self) -> list[BatchRow]:
        return [row for row in self.rows if row.request is not None]

    @property
    def row_errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.row_errors)

    def totals(self) -> dict[str, Decimal]:
        """Return the total amount per currency of the rows without errors."""
        sums: dict[str, Decimal] = defaultdict(Decimal)
        for row in self.valid_rows:
            assert row.request is not None
            sums[row.request.currency] += row.request.amount
        return dict(sorted(sums.items()))


def preview_csv(text: str, *, country: str | None = None) -> BatchPreview:
    """Check a CSV of payouts (header row first; see :data:`OWN_COLUMNS`)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        if not reader.fieldnames or "amount" not in reader.fieldnames:
            return BatchPreview(
                [], [RowError(1, "amount", "the header row needs an amount column")]
            )
        rows = [(reader.line_num, dict(row)) for row in reader]
    except csv.Error as err:
        return BatchPreview([], [RowError(reader.line_num, "", f"not readable as CSV: {err}")])
    return _check(rows, country)


def preview_rows(rows: Iterable[Mapping[str, Any]], *, country: str | None = None) -> BatchPreview:
    """Check rows given as mappings (the API); row ``n`` is reported as line ``n``."""
    return _check([(n, dict(row)) for n, row in enumerate(rows, start=1)], country)


def _check(rows: list[tuple[int, dict[str, Any]]], country: str | None) -> BatchPreview:
    if len(rows) > MAX_ROWS:
        return BatchPreview([], [RowError(1, "rows", f"at most {MAX_ROWS} rows per batch")])
    checked = [_check_row(line, values, country) for line, values in rows]
    _refuse_repeated_trade_numbers(checked)
    return BatchPreview(checked)


def _check_row(line: int, values: dict[str, Any], country: str | None) -> BatchRow:
    """Return the row with its payout request, or with the error that refuses it."""
    given = {str(k).strip(): "" if v is None else str(v).strip() for k, v in values.items() if k}
    row = BatchRow(line, given)
    own = {name: given[name] for name in OWN_COLUMNS if given.get(name)}
    beneficiary: dict[str, Any] = {k: v for k, v in given.items() if k not in OWN_COLUMNS and v}
    try:
        request = prepare_payout(
            own.get("amount", ""),
            country=own.get("country") or country,
            reference=own.get("reference", ""),
            remark=own.get("remark", ""),
            trade_no=own.get("trade_no"),
            **beneficiary,
        )
        limit = per_payout_limit(request.country)
        if limit is not None and request.amount > limit:
            raise PayProValidationError("amount", f"above the limit of {limit} per payout")
    except PayProValidationError as err:
        row.errors.append(RowError(line, err.field, err.rule))
    except PayProConfigurationError as err:  # a country we do not know
        row.errors.append(RowError(line, "country", str(err)))
    except ArithmeticError:  # an amount too large for decimal arithmetic (1e999999...)
        row.errors.append(RowError(line, "amount", "is not a usable amount"))
    else:
        row.request = request
    return row


def _refuse_repeated_trade_numbers(rows: list[BatchRow]) -> None:
    """Refuse a trade number given twice in the batch or already used by a payout."""
    given = [row.request.trade_no for row in rows if row.request and row.values.get("trade_no")]
    repeated = {n for n, count in Counter(given).items() if count > 1}
    taken = set(taken_trade_numbers(given))
    for row in rows:
        if row.request and row.values.get("trade_no") in repeated | taken:
            used = row.request.trade_no in taken
            why = "already used by a payment or payout" if used else "repeated"
            row.errors.append(RowError(row.line, "trade_no", f"trade number {why}"))
            row.request = None


def create_batch(
    preview: BatchPreview,
    *,
    created_by: Any = None,
    reference: str = "",
    skip_invalid: bool = False,
) -> PayoutBatch:
    """Record the preview's rows as a batch awaiting approval and return it.

    Rows with errors are never recorded; unless ``skip_invalid``, their presence refuses the
    whole batch (``PayProValidationError``), so nobody approves a batch missing rows unawares.
    """
    if preview.errors or (preview.row_errors and not skip_invalid):
        first = (preview.errors or preview.row_errors)[0]
        raise PayProValidationError(first.field, f"line {first.line}: {first.message}")
    if not preview.valid_rows:
        raise PayProValidationError("rows", "the batch has no valid row")
    user = created_by if created_by is not None and created_by.is_authenticated else None
    with transaction.atomic():
        batch = PayoutBatch.objects.create(reference=reference[:128], created_by=user)
        drafts = [_draft(row.request, batch) for row in preview.valid_rows if row.request]
        # Race-safe against a payment or payout created meanwhile with one of these numbers.
        claim_trade_numbers([draft.trade_no for draft in drafts], Payout)
        Payout.objects.bulk_create(drafts, batch_size=500)
        PayoutDecision.objects.create(
            batch=batch, action=PayoutDecision.Action.SUBMITTED, user=user
        )
    return batch


def _draft(request: PayoutRequest, batch: PayoutBatch) -> Payout:
    return Payout(**request.record_values(), status=Payout.Status.DRAFT, batch=batch)


def batch_totals(batch: PayoutBatch) -> dict[str, Decimal]:
    """Return the total amount per currency of the batch's payouts."""
    from django.db.models import Sum

    rows = batch.payouts.values("currency").annotate(total=Sum("amount")).order_by("currency")
    return {row["currency"]: plain(row["total"]) for row in rows}
