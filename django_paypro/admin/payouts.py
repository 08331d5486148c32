"""Admin for payouts: PayPro's data read-only, with a refresh action."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from django_paypro.admin.actions import refresh_each
from django_paypro.admin.dashboard_filters import OverdueFilter
from django_paypro.admin.payments import ReadOnlyRecordAdmin
from django_paypro.models import Payout
from django_paypro.services.payouts import refresh_payout


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
    actions = ("refresh_status",)
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
        (_("Dates"), {"fields": ("created_at", "updated_at", "succeeded_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Payout]:
        return super().get_queryset(request).annotate(notification_count=Count("notifications"))

    @admin.action(description=_("Ask PayPro for the status"), permissions=["change"])
    def refresh_status(self, request: HttpRequest, queryset: QuerySet[Payout]) -> None:
        refresh_each(request, queryset, refresh_payout)
