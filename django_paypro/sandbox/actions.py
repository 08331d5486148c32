"""What the cashier and payout pages do: settle a trade and notify the merchant."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from django_paypro.sandbox import delivery
from django_paypro.sandbox.models import (
    PARTIAL,
    PROCESSING,
    REJECTED,
    SUCCESS,
    SandboxNotification,
    SandboxTrade,
)
from django_paypro.sandbox.notifications import notification_body
from django_paypro.sandbox.operations import amount_rule


class ActionRefused(Exception):
    """The action does not apply to the trade in its current state."""


def _pay(trade: SandboxTrade) -> None:
    trade.status, trade.message, trade.paid_amount = SUCCESS, "SUCCESS", trade.amount


def _pay_part(trade: SandboxTrade) -> None:
    trade.status, trade.message, trade.paid_amount = PARTIAL, "PARTIAL_SUCCESS", half(trade)


def _fail_payin(trade: SandboxTrade) -> None:
    trade.status, trade.message, trade.paid_amount = REJECTED, "FAILED", Decimal(0)


def _fail_payout(trade: SandboxTrade) -> None:
    trade.status, trade.message = REJECTED, "REJECTED"


#: action -> (states it applies to, change). Pay also completes a partly paid pay-in.
PAYIN_ACTIONS: dict[str, tuple[tuple[str, ...], Callable[[SandboxTrade], None]]] = {
    "pay": ((PROCESSING, PARTIAL), _pay),
    "pay_part": ((PROCESSING,), _pay_part),
    "fail": ((PROCESSING,), _fail_payin),
}
PAYOUT_ACTIONS: dict[str, tuple[tuple[str, ...], Callable[[SandboxTrade], None]]] = {
    "settle": ((PROCESSING,), _pay),
    "fail": ((PROCESSING,), _fail_payout),
}


def half(trade: SandboxTrade) -> Decimal:
    """Return about half of the amount, in the page's smallest unit, at least one unit."""
    decimals = amount_rule(trade).decimals or 0
    unit = Decimal(1).scaleb(-decimals)
    return max((trade.amount / 2).quantize(unit, rounding=ROUND_DOWN), unit)


def apply_action(trade: SandboxTrade, action: str, *, drop: bool = False) -> SandboxNotification:
    """Apply ``action`` to ``trade`` and queue the notification (or drop it); return it.

    ``resend`` queues a fresh notification of the current, final state. Raises
    :class:`ActionRefused` when the action does not apply.
    """
    table = PAYOUT_ACTIONS if trade.kind == SandboxTrade.Kind.PAYOUT else PAYIN_ACTIONS
    with transaction.atomic():
        trade = SandboxTrade.objects.select_for_update().get(pk=trade.pk)
        if action == "resend":
            if trade.status == PROCESSING:
                raise ActionRefused(_("Nothing to notify while the trade is processing."))
        elif action not in table:
            raise ActionRefused(_("Unknown action %(action)r.") % {"action": action})
        else:
            states, change = table[action]
            if trade.status not in states:
                raise ActionRefused(
                    _("%(action)r does not apply to status %(status)s.")
                    % {"action": action, "status": trade.status}
                )
            change(trade)
            trade.finished_at = timezone.now()
            trade.save(update_fields=["status", "message", "paid_amount", "finished_at"])
        notification = SandboxNotification.objects.create(
            trade=trade, body=notification_body(trade), dropped=drop
        )
        delivery.schedule(notification)
        transaction.on_commit(delivery.wake)
    return notification
