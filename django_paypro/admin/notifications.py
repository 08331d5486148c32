"""Admin for received notifications: the raw delivery, what it did, and processing it again."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from django_paypro.admin.display import link_or_text, pre, pretty_body_text, pretty_json_text
from django_paypro.models import Notification
from django_paypro.services.notifications import process_notification
from django_paypro.services.outcomes import scrub

#: Outcomes worth processing again: never processed, or failed on our side (a receiver raised).
RETRYABLE = (Notification.Outcome.RECEIVED, Notification.Outcome.FAILED)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Every delivery as PayPro sent it: viewable, deletable, never editable."""

    list_display = (
        "received_at",
        "trade_no",
        "kind",
        "outcome",
        "signature_valid",
        "remote_addr",
        "record_link",
    )
    list_filter = ("outcome", "kind", "signature_valid", "received_at")
    list_select_related = ("payment", "payout")
    search_fields = ("=trade_no", "=payment__platform_trade_no", "=payout__platform_trade_no")
    date_hierarchy = "received_at"
    actions = ("process_again",)
    fields = (
        "received_at",
        "processed_at",
        "kind",
        "trade_no",
        "record_link",
        "outcome",
        "action",
        "error_pretty",
        "signature_valid",
        "remote_addr",
        "headers_pretty",
        "body_pretty",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a delivery is evidence: shown as received, never edited

    def has_process_permission(self, request: HttpRequest) -> bool:
        """Return whether the user may process notifications again (change permission)."""
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    @admin.display(description=_("payment or payout"))
    def record_link(self, obj: Notification) -> str:
        return link_or_text(self.admin_site, obj.payment or obj.payout)

    @admin.display(description=_("body"))
    def body_pretty(self, obj: Notification) -> str:
        # A stored body may hold escaped lone surrogates, which no response can encode.
        return pre(scrub(pretty_body_text(obj.body)))

    @admin.display(description=_("headers"))
    def headers_pretty(self, obj: Notification) -> str:
        return pre(scrub(pretty_json_text(obj.headers)))

    @admin.display(description=_("error"))
    def error_pretty(self, obj: Notification) -> str:
        return pre(obj.error) if obj.error else "-"

    @admin.action(
        description=_("Process again (received or failed notifications)"),
        permissions=["process"],
    )
    def process_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        skipped = 0
        for note in queryset:
            if note.outcome not in RETRYABLE:
                skipped += 1
                continue
            receipt = process_notification(note)
            text = gettext("Notification %(id)s for %(trade_no)s: %(outcome)s.") % {
                "id": note.pk,
                "trade_no": note.trade_no or "?",
                "outcome": note.get_outcome_display(),
            }
            messages.add_message(
                request, messages.SUCCESS if receipt.ok else messages.WARNING, text
            )
        if skipped:
            text = ngettext(
                "%(count)d notification skipped: only received or failed ones are processed again.",
                "%(count)d notifications skipped: only received or failed ones are processed "
                "again.",
                skipped,
            )
            messages.warning(request, text % {"count": skipped})
