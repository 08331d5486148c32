"""The dashboard's numbers as tables: shown under the charts, and the same rows as CSV."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from django_paypro.models import Payment
from django_paypro.services.dashboard import Dashboard, DayTotal, Rate


@dataclass(frozen=True)
class Table:
    """A caption, column headers and rows of text: what the page shows and the CSV holds."""

    name: str
    caption: str
    headers: list[str]
    rows: list[list[str]]

    def body_html(self) -> SafeString:
        """Return the rows as ``<tr>`` elements, the first cell a row header (escaped)."""
        # Plain joins of escaped text: format_html per cell would cost more than the queries.
        html = "".join(
            f'<tr><th scope="row">{escape(row[0])}</th>'
            + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:])
            + "</tr>"
            for row in self.rows
        )
        return mark_safe(html)  # noqa: S308


def _day_rows(totals: list[DayTotal]) -> list[list[str]]:
    return [
        [row.day.isoformat(), row.currency, str(row.created), str(row.paid), str(row.volume)]
        for row in totals
    ]


def _rate_rows(rates: list[Rate], label: Callable[[str], str] = str) -> list[list[str]]:
    return [[label(rate.key), str(rate.created), str(rate.paid), _percent(rate)] for rate in rates]


def _percent(rate: Rate) -> str:
    return "" if rate.percent is None else f"{rate.percent}%"


def method_label(value: str) -> str:
    """Return the method's display name (its code when it is not one we know)."""
    return str(dict(Payment.Method.choices).get(value, value))


def _instant(value: datetime | None) -> str:
    if value is None:
        return str(_("none in the last 24 hours"))
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def notification_buckets(dashboard: Dashboard) -> list[tuple[str, int, int, int]]:
    """Return (hour or day, deliveries, rejected, failed) for the whole period, gaps filled."""
    period = dashboard.period
    hourly = dashboard.notification_unit == "hour"
    if hourly:
        end = min(period.end, timezone.now() + timedelta(hours=1))
        hours = int((end - period.start).total_seconds() // 3600)
        starts = [period.start + timedelta(hours=n) for n in range(max(hours, 1))]
    else:
        starts = [period.start + timedelta(days=n) for n in range(len(period.days()))]
    totals = {_bucket(start, hourly): [0, 0, 0] for start in starts}
    for row in dashboard.notifications:
        counts = totals.setdefault(_bucket(row.start, hourly), [0, 0, 0])
        counts[0] += row.deliveries
        counts[1] += row.rejected
        counts[2] += row.failed
    return [(key, counts[0], counts[1], counts[2]) for key, counts in totals.items()]


def _bucket(start: datetime, hourly: bool) -> str:
    local = timezone.localtime(start)
    return local.strftime("%Y-%m-%d %H:00") if hourly else local.date().isoformat()


def build_tables(dashboard: Dashboard) -> dict[str, Table]:
    """Return every table of the dashboard by name, in the order the page shows them."""
    money = [_("Day"), _("Currency"), _("Created"), _("Paid"), _("Volume paid")]
    rates = [_("Created"), _("Paid"), _("Success rate")]
    payout_money = [_("Day"), _("Currency"), _("Created"), _("Succeeded"), _("Volume sent")]
    payout_rates = [_("Created"), _("Succeeded"), _("Success rate")]
    hourly = dashboard.notification_unit == "hour"
    buckets = notification_buckets(dashboard)
    tables = [
        Table(
            "payments_by_day", _("Payments per day"), money, _day_rows(dashboard.payments_by_day)
        ),
        Table(
            "payments_by_country",
            _("Payments: success rate per country"),
            [_("Country"), *rates],
            _rate_rows(dashboard.payments_by_country),
        ),
        Table(
            "payments_by_method",
            _("Payments: success rate per method"),
            [_("Method"), *rates],
            _rate_rows(dashboard.payments_by_method, method_label),
        ),
        Table(
            "payouts_by_day",
            _("Payouts per day"),
            payout_money,
            _day_rows(dashboard.payouts_by_day),
        ),
        Table(
            "payouts_by_country",
            _("Payouts: success rate per country"),
            [_("Country"), *payout_rates],
            _rate_rows(dashboard.payouts_by_country),
        ),
        Table(
            "notifications",
            _("Notifications per hour") if hourly else _("Notifications per day"),
            [
                _("Hour") if hourly else _("Day"),
                _("Deliveries"),
                _("Rejected"),
                _("Failed"),
            ],
            [[label, str(n), str(bad), str(failed)] for label, n, bad, failed in buckets],
        ),
        Table(
            "last_accepted",
            _("Last accepted notification per country"),
            [_("Country"), _("Last accepted delivery")],
            [[code, _instant(last)] for code, last in dashboard.last_accepted.items()],
        ),
    ]
    return {table.name: table for table in tables}


def csv_response(table: Table, dashboard: Dashboard) -> HttpResponse:
    """Return ``table`` as a CSV download named after it and the period."""
    period = dashboard.period
    filename = f"paypro-{table.name}-{period.first_day}-{period.last_day}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([str(header) for header in table.headers])
    writer.writerows(table.rows)
    return response


def period_text(dashboard: Dashboard) -> str:
    """Return the period as the page names it, e.g. "Dec. 1, 2026 to Dec. 7, 2026"."""
    period = dashboard.period
    first = date_format(period.first_day, "DATE_FORMAT")
    last = date_format(period.last_day, "DATE_FORMAT")
    if first == last:
        return first
    return _("%(first)s to %(last)s") % {"first": first, "last": last}
