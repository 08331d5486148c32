"""Admin actions that ask PayPro or re-run processing, always through the services."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from django_paypro.exceptions import PayProError
from django_paypro.models import Payment, Payout

logger = logging.getLogger("django_paypro.admin")

R = TypeVar("R", Payment, Payout)


def refresh_each(
    request: HttpRequest,
    records: Iterable[R],
    refresh: Callable[[R], R],
) -> None:
    """Ask PayPro about each record; report changes and per-row errors as messages."""
    changed = unchanged = failed = 0
    for record in records:
        before = record.status
        try:
            refresh(record)
        except PayProError as err:
            failed += 1
            logger.warning("admin refresh of %s failed: %s", record, err)
            messages.warning(
                request,
                _("%(trade_no)s: PayPro could not tell (%(error)s).")
                % {"trade_no": record.trade_no, "error": err},
            )
            continue
        if record.status != before:
            changed += 1
        else:
            unchanged += 1
    report = ngettext(
        "Asked PayPro about %(count)d record: %(changed)d changed, %(unchanged)d unchanged, "
        "%(failed)d not answered.",
        "Asked PayPro about %(count)d records: %(changed)d changed, %(unchanged)d unchanged, "
        "%(failed)d not answered.",
        changed + unchanged + failed,
    ) % {
        "count": changed + unchanged + failed,
        "changed": changed,
        "unchanged": unchanged,
        "failed": failed,
    }
    messages.add_message(request, messages.WARNING if failed else messages.SUCCESS, report)
