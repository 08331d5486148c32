"""Admin for payouts: PayPro's data read-only, with a refresh action and review decisions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from django_paypro.admin.actions import refresh_each
from django_paypro.admin.dashboard_filters import OverdueFilter
from django_paypro.admin.payments import ReadOnlyInline, ReadOnlyRecordAdmin
from django_paypro.exceptions import PayProError
from django_paypro.models import Payout, PayoutDecision
from django_paypro.services.payout_review import REVIEW_PERMISSION, decide_payout_review
from django_paypro.services.payouts import refresh_payout


class PayoutDecisionInline(ReadOnlyInline):
    """The decisions people took on one payout (under review, sent again), oldest first."""

    model = PayoutDecision
    fk_name = "payout"
    fields = ("at", "action", "user", "reason", "paypro_answer")


@admin.register(Payout)
class PayoutAdmin(ReadOnlyRecordAdmin):
    list_display = (
        "trade_no",
        "reference",
        "country",
        "amount",
        "currency",
        "status",
        "late_success",
        "notifications_link",
        "created_at",
    )
    list_filter = ("status", OverdueFilter, "country", "late_success", "created_at")
    search_fields = ("=trade_no", "=platform_trade_no", "reference")
    date_hierarchy = "created_at"
    inlines = (PayoutDecisionInline,)
    actions = ("refresh_status", "mark_succeeded", "mark_failed")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "trade_no",
                    "reference",
                    "status",
                    "status_code",
                    "message",
                    "review_reason",
                    "late_success",
                )
            },
        ),
        (_("Amount"), {"fields": ("amount", "currency", "country")}),
        (
            _("PayPro"),
            {
                "fields": (
                    "platform_trade_no",
                    "notifications_link",
                    "request_pretty",
                    "response_pretty",
                )
            },
        ),
        (_("Dates"), {"fields": ("created_at", "updated_at", "succeeded_at", "decided_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Payout]:
        return super().get_queryset(request).annotate(notification_count=Count("notifications"))

    def has_review_permission(self, request: HttpRequest) -> bool:
        """Return whether the user may decide payouts under review."""
        return request.user.has_perm(REVIEW_PERMISSION)

    @admin.action(description=_("Ask PayPro for the status"), permissions=["change"])
    def refresh_status(self, request: HttpRequest, queryset: QuerySet[Payout]) -> None:
        refresh_each(request, queryset, refresh_payout)

    @admin.action(description=_("Mark as succeeded (payouts under review)"), permissions=["review"])
    def mark_succeeded(self, request: HttpRequest, queryset: QuerySet[Payout]) -> None:
        for payout in queryset:
            _decide(request, payout, Payout.Status.SUCCEEDED)

    @admin.action(
        description=_("Mark as failed after asking PayPro (payouts under review)"),
        permissions=["review"],
    )
    def mark_failed(self, request: HttpRequest, queryset: QuerySet[Payout]) -> None:
        for payout in queryset:
            _decide(request, payout, Payout.Status.FAILED)


def _decide(request: HttpRequest, payout: Payout, status: str) -> None:
    """Decide one payout and say in a message what happened to it."""
    names = {"trade_no": payout.trade_no}
    if payout.status != Payout.Status.NEEDS_REVIEW:
        text = gettext("%(trade_no)s: skipped, not under review (%(status)s).")
        messages.warning(request, text % {**names, "status": payout.get_status_display()})
        return
    note = gettext("decided by %(user)s in the admin") % {"user": request.user}
    try:
        change = decide_payout_review(payout, status, user=request.user, note=note)
    except PayProError as err:
        text = gettext("%(trade_no)s: PayPro could not be asked (%(error)s); nothing decided.")
        messages.error(request, text % {**names, "error": err})
        return
    if not change.changed:
        text = gettext("%(trade_no)s: nothing decided (%(reason)s).")
        messages.warning(request, text % {**names, "reason": change.ignored or payout.status})
    elif change.new_status != status:
        text = gettext(
            "%(trade_no)s: PayPro says it succeeded (%(code)s): marked succeeded, not failed."
        )
        messages.warning(request, text % {**names, "code": payout.status_code})
    elif status == Payout.Status.FAILED:
        text = gettext("%(trade_no)s: marked failed; PayPro answered %(code)s.")
        messages.success(request, text % {**names, "code": payout.status_code})
    else:
        messages.success(request, gettext("%(trade_no)s: marked succeeded.") % names)
