"""Send payouts and ask PayPro about them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django_paypro.accounts import default_country
from django_paypro.client import get_client
from django_paypro.countries import PAYOUT, argument_names, get_profile
from django_paypro.countries.fields import RENAMED_PAYOUT_ARGUMENTS, renamed
from django_paypro.exceptions import PayProValidationError
from django_paypro.models import Payout
from django_paypro.services.bounds import check_amount_fits
from django_paypro.services.outcomes import StatusReport, payout_report
from django_paypro.services.sending import send_creation, warn_if_in_transaction
from django_paypro.services.trade_numbers import create_record, new_trade_no
from django_paypro.services.transitions import Change, apply_payout_report

__all__ = [
    "PayoutRequest",
    "create_payout",
    "prepare_payout",
    "refresh_payout",
    "send_recorded_payout",
]

PAYOUTS = frozenset({PAYOUT})


@dataclass(frozen=True)
class PayoutRequest:
    """A payout checked by its country's rules, ready to record: what PayPro will be sent."""

    country: str
    amount: Decimal
    currency: str
    trade_no: str
    reference: str
    fields: dict[str, str]

    def record_values(self) -> dict[str, Any]:
        """Return the :class:`~django_paypro.models.Payout` fields that record this request."""
        return {
            "trade_no": self.trade_no,
            "country": self.country,
            "amount": self.amount,
            "currency": self.currency,
            "reference": self.reference,
            "request_data": self.fields,
        }


def prepare_payout(
    amount: Decimal | int | str,
    *,
    country: str | None = None,
    reference: str = "",
    remark: str = "",
    extra: dict[str, Any] | None = None,
    trade_no: str | None = None,
    **beneficiary: Any,
) -> PayoutRequest:
    """Return the payout the arguments describe, or raise ``PayProValidationError``.

    ``beneficiary`` holds the payout fields under our names (``name``, ``account``,
    ``account_type``, ``bank_code``, ``mobile``, ``email``, ``identity``, ``ip_address``; see
    the country profile). As with payments, one call serves every country: a name some
    country takes is accepted everywhere and sent only where this one takes it; what it
    requires and did not get is refused, naming the argument; a name no country takes is
    refused. A required ``remark`` left empty becomes ``reference``, else the trade number.
    Validation, recording and errors behave as in
    :func:`~django_paypro.services.payments.create_payment`.

    Sends nothing and records nothing: :func:`create_payout` and payout batches both use it,
    so a batch row is held to exactly the rules of a single payout.
    """
    profile = get_profile(country or default_country())
    if not profile.supports(PAYOUT):
        raise PayProValidationError("country", f"PayPro offers no payouts in {profile.code}")
    check_amount_fits(amount)
    clean_amount = profile.clean_amount(amount, PAYOUT)
    if trade_no is not None and not 0 < len(trade_no) <= 64:
        raise PayProValidationError("trade_no", "must be 1 to 64 characters")
    if len(reference) > 128:
        raise PayProValidationError("reference", "must be at most 128 characters")
    trade_no = trade_no or new_trade_no()
    values = renamed(beneficiary, RENAMED_PAYOUT_ARGUMENTS)
    values["remark"] = profile.remark(PAYOUT, remark, reference or trade_no)
    wire = profile.wire_fields(PAYOUT, values, ignore=argument_names(PAYOUTS))
    fields = {
        "tradeNo": trade_no,
        "amount": profile.amount_text(clean_amount, PAYOUT),
        **wire,
        **{str(k): str(v) for k, v in (extra or {}).items() if v is not None},
    }
    return PayoutRequest(profile.code, clean_amount, profile.currency, trade_no, reference, fields)


def create_payout(
    amount: Decimal | int | str,
    *,
    country: str | None = None,
    reference: str = "",
    remark: str = "",
    extra: dict[str, Any] | None = None,
    trade_no: str | None = None,
    **beneficiary: Any,
) -> Payout:
    """Record a payout, ask PayPro to send it and return it.

    ``beneficiary`` holds the country's payout fields under our names (``name``, ``account``,
    ``account_type``, ``bank_code``...; see the country profile). Validation, recording and
    errors behave as in :func:`~django_paypro.services.payments.create_payment`.
    """
    request = prepare_payout(
        amount,
        country=country,
        reference=reference,
        remark=remark,
        extra=extra,
        trade_no=trade_no,
        **beneficiary,
    )
    warn_if_in_transaction("create_payout")
    payout = create_record(Payout, **request.record_values())
    return send_recorded_payout(payout)


def send_recorded_payout(payout: Payout) -> Payout:
    """Send the recorded ``payout`` (its ``request_data``) and apply PayPro's answer.

    The caller guarantees this runs once per payout: :func:`create_payout` because it has just
    created the row, batches because a worker claimed it (``approved`` → ``sending``) first.
    """
    client = get_client(payout.country)
    fields = dict(payout.request_data)
    result = send_creation(payout, lambda: client.create_payout(fields), apply_payout_report)
    outcome = payout_report(result, source="create") or StatusReport(
        status=Payout.Status.PENDING,
        source="create",
        platform_trade_no=result.platform_trade_no,
        raw=dict(result.raw),
    )
    apply_payout_report(payout, outcome)
    return payout


def refresh_payout(payout: Payout) -> Payout:
    """Ask PayPro for the payout's status and apply the answer; return the payout."""
    refresh_payout_change(payout)
    return payout


def refresh_payout_change(payout: Payout) -> Change | None:
    """Ask PayPro about ``payout`` and apply the answer; return what the write did."""
    result = get_client(payout.country).query_payout(payout.trade_no)
    report = payout_report(result, source="query")
    return None if report is None else apply_payout_report(payout, report)
