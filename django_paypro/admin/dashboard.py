"""The payments dashboard in the admin: a picture of a period, what needs a person, balances.

Registered on a proxy model (:class:`~django_paypro.models.PaymentDashboard`) so that it is
listed in the app's section of the index on any ``AdminSite``; its "changelist" is the dashboard.
Whoever may view payments may see it. The balance is asked of PayPro only when the operator
presses the button (a POST), never while the page loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from django_paypro.admin.dashboard_charts import bar_chart, column_chart
from django_paypro.admin.dashboard_tables import (
    build_tables,
    csv_response,
    method_label,
    notification_buckets,
    period_text,
)
from django_paypro.admin.display import admin_change_url
from django_paypro.exceptions import PayProConfigurationError, PayProError, PayProRejected
from django_paypro.models import Payment, PaymentDashboard, Payout
from django_paypro.services.balance import Balance, get_balance
from django_paypro.services.dashboard import (
    PERIOD_DAYS,
    Dashboard,
    DayTotal,
    Period,
    build_dashboard,
    configured_countries,
)


class PeriodForm(forms.Form):
    """The period picker: today, 7 or 30 days, or from one day to another."""

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("today", _("Today")),
            ("7d", _("Last 7 days")),
            ("30d", _("Last 30 days")),
            ("custom", _("From ... to ...")),
        ],
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def chosen_period(self) -> Period:
        """Return the period asked for; the last 7 days when the form is empty or invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        choice = data.get("period") or "7d"
        if choice == "custom" and data.get("start"):
            return Period.between(data["start"], data.get("end") or data["start"])
        if choice not in PERIOD_DAYS:
            choice = "7d"
        return Period.last_days(PERIOD_DAYS[choice], choice)


@dataclass(frozen=True)
class BalanceLine:
    """One configured country's balance, or why it could not be fetched."""

    country: str
    balance: Balance | None
    error: str


def balance_line(country: str) -> BalanceLine:
    """Ask PayPro for ``country``'s balance; turn a failure into a sentence for the operator."""
    try:
        return BalanceLine(country, get_balance(country), "")
    except PayProConfigurationError:
        text = gettext("This country's account is not configured completely; see manage.py check.")
    except PayProRejected as err:
        text = gettext("PayPro refused the request (code %(code)s).") % {"code": err.code}
    except PayProError:
        text = gettext("PayPro did not answer. Please try again in a moment.")
    return BalanceLine(country, None, text)


@admin.register(PaymentDashboard)
class DashboardAdmin(admin.ModelAdmin):
    """The dashboard: one page, its CSV downloads and the balance button; nothing to edit."""

    template_name = "admin/django_paypro/dashboard.html"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        opts = Payment._meta
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or (
            request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.dashboard_view)
        return [path("", view, name="{}_{}_changelist".format(*info))]

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        """Show the dashboard (GET); with ``?csv=<table>`` download one of its tables.

        A POST with ``balance`` also asks PayPro for every configured country's balance.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = PeriodForm(request.GET or None, initial={"period": "7d"})
        dashboard = build_dashboard(form.chosen_period())
        tables = build_tables(dashboard)
        if "csv" in request.GET:
            table = tables.get(request.GET["csv"])
            if table is None:
                raise Http404("No such table.")
            return csv_response(table, dashboard)
        balances = None
        if request.method == "POST" and "balance" in request.POST:
            balances = [balance_line(code) for code in configured_countries()]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Payments dashboard"),
            "subtitle": period_text(dashboard),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "form": form,
            "dashboard": dashboard,
            "period_days": len(dashboard.period.days()),
            "tables": tables,
            "charts": self._charts(dashboard),
            "attention": self._attention_links(dashboard),
            "balances": balances,
            "csv_query": request.GET.copy(),
        }
        return TemplateResponse(request, self.template_name, context)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return self.dashboard_view(request)

    def _charts(self, dashboard: Dashboard) -> dict[str, Any]:
        days = dashboard.period.days()

        def per_day(rows: list[DayTotal], field: str) -> list[tuple[str, Decimal | int]]:
            values: dict[date, Decimal | int] = {}
            for row in rows:
                values[row.day] = values.get(row.day, 0) + getattr(row, field)
            return [(day.isoformat(), values.get(day, 0)) for day in days]

        def volume_per_currency(rows: list[DayTotal], title: str) -> list[SafeString]:
            currencies = sorted({row.currency for row in rows})
            return [
                column_chart(
                    title % {"currency": currency},
                    per_day([row for row in rows if row.currency == currency], "volume"),
                )
                for currency in currencies
            ]

        buckets = notification_buckets(dashboard)
        return {
            "payment_volume": volume_per_currency(
                dashboard.payments_by_day, gettext("Volume paid per day, %(currency)s")
            ),
            "payment_count": column_chart(
                gettext("Paid payments per day, all currencies"),
                per_day(dashboard.payments_by_day, "paid"),
            ),
            "payment_country": bar_chart(
                gettext("Payments: success rate per country"),
                [(rate.key, rate.percent) for rate in dashboard.payments_by_country],
            ),
            "payment_method": bar_chart(
                gettext("Payments: success rate per method"),
                [(method_label(rate.key), rate.percent) for rate in dashboard.payments_by_method],
            ),
            "payout_volume": volume_per_currency(
                dashboard.payouts_by_day, gettext("Volume sent per day, %(currency)s")
            ),
            "payout_country": bar_chart(
                gettext("Payouts: success rate per country"),
                [(rate.key, rate.percent) for rate in dashboard.payouts_by_country],
            ),
            "notifications": column_chart(
                gettext("Notifications per hour")
                if dashboard.notification_unit == "hour"
                else gettext("Notifications per day"),
                # "11-26 14:00" under the columns; the table keeps the year.
                [(label[5:], count) for label, count, _rejected, _failed in buckets],
            ),
        }

    def _attention_links(self, dashboard: Dashboard) -> list[tuple[str, int, str | None]]:
        """Return (label, count, link to the filtered changelist) for what needs a person."""
        attention = dashboard.attention
        period = dashboard.period
        payments = self._changelist("payment")
        payouts = self._changelist("payout")
        in_period = {
            "created_at__gte": timezone.localtime(period.start).isoformat(),
            "created_at__lt": timezone.localtime(period.end).isoformat(),
        }
        late = {"late_success__exact": "1", **in_period}
        # (label, count, changelist, its filter, the one record when only one is counted)
        rows: list[tuple[str, int, str | None, dict[str, str], Payment | Payout | None]] = [
            (
                gettext("Unknown payments"),
                attention.unknown,
                payments,
                {"status__exact": Payment.Status.UNKNOWN},
                None,
            ),
            (
                gettext("Payments needing review"),
                attention.needs_review,
                payments,
                {"status__exact": Payment.Status.NEEDS_REVIEW},
                Payment(pk=attention.needs_review_pk),
            ),
            (
                gettext("Payments open past the reconcile grace"),
                attention.overdue,
                payments,
                {"overdue": "1"},
                None,
            ),
            (
                gettext("Late successes in this period"),
                attention.late_successes,
                payments,
                late,
                None,
            ),
            (
                gettext("Unknown payouts"),
                attention.payouts_unknown,
                payouts,
                {"status__exact": Payout.Status.UNKNOWN},
                None,
            ),
            (
                gettext("Payouts needing review"),
                attention.payouts_needing_review,
                payouts,
                {"status__exact": Payout.Status.NEEDS_REVIEW},
                Payout(pk=attention.needs_review_payout_pk),
            ),
            (
                gettext("Payouts open or unsent past the reconcile grace"),
                attention.payouts_overdue,
                payouts,
                {"overdue": "1"},
                None,
            ),
            (
                gettext("Late payout successes in this period"),
                attention.payout_late_successes,
                payouts,
                late,
                None,
            ),
            (
                gettext("Notifications that failed while processing"),
                attention.failed_notifications,
                self._changelist("notification"),
                {"outcome__exact": "failed"},
                None,
            ),
        ]
        links = []
        for label, count, url, query, only in rows:
            link = f"{url}?{urlencode(query)}" if url else None
            if count == 1 and only is not None and only.pk is not None:
                # The one record to decide on is one click away, not a list of one.
                link = admin_change_url(self.admin_site, only) or link
            links.append((label, count, link))
        return links

    def _changelist(self, model_name: str) -> str | None:
        try:
            return reverse(f"{self.admin_site.name}:django_paypro_{model_name}_changelist")
        except NoReverseMatch:
            return None  # not registered on this admin site
