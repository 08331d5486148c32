"""List filters that the dashboard's "needs a person" counts link to."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from django_paypro.services.dashboard import overdue, overdue_cutoff


class OverdueFilter(admin.SimpleListFilter):
    """Records still open past ``paypro_reconcile``'s grace: what it will query next.

    For payouts, approved ones never sent in that time count too (see ``overdue_payouts``).
    """

    title = _("past the reconcile grace")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("1", _("Open past the grace"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "1":
            return queryset.filter(overdue(queryset.model, overdue_cutoff()))
        return queryset
