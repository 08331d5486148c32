"""The payments dashboard in the admin: right numbers, links, permissions, constant queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from django_paypro.models import Notification, Payment, Payout
from django_paypro.testing.factories import PaymentFactory, PayoutFactory
from tests.fake_paypro import envelope

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/django_paypro/paymentdashboard/"
BALANCE = "/v1/paypro/queryBalance"


def ago(**delta: float):
    return timezone.now() - timedelta(**delta)


def backdate(record, **delta: float) -> None:
    """Move ``record``'s creation and last update back by ``delta`` (auto_now fields)."""
    when = ago(**delta)
    type(record).objects.filter(pk=record.pk).update(created_at=when, updated_at=when)


def seed() -> None:
    """Payments in two countries and currencies, one failing country, things needing a person."""
    for amount in (100, 250, 50, 50):
        PaymentFactory(
            status=Payment.Status.PAID, amount=Decimal(amount), paid_amount=Decimal(amount)
        )
    PaymentFactory(status=Payment.Status.FAILED)
    PaymentFactory(status=Payment.Status.NEEDS_REVIEW, review_reason="amount differs")
    PaymentFactory(status=Payment.Status.UNKNOWN)
    PaymentFactory(status=Payment.Status.PAID, late_success=True, amount=Decimal("12.50"))
    for _ in range(3):
        PaymentFactory(country="BR", method="payin", currency="BRL", status=Payment.Status.FAILED)
    PaymentFactory(
        country="BR", method="payin", currency="BRL", status=Payment.Status.PAID, amount=Decimal(40)
    )
    backdate(PaymentFactory(status=Payment.Status.PENDING), hours=2)  # past the reconcile grace
    backdate(
        PaymentFactory(status=Payment.Status.PAID, amount=Decimal(7)), days=60
    )  # outside 30 days
    PayoutFactory(status=Payout.Status.SUCCEEDED, amount=Decimal(90))
    PayoutFactory(status=Payout.Status.FAILED)
    paid = Payment.objects.filter(status=Payment.Status.PAID, country="MX").first()
    Notification.objects.create(payment=paid, outcome=Notification.Outcome.APPLIED)
    Notification.objects.create(outcome=Notification.Outcome.REJECTED)
    Notification.objects.create(payment=paid, outcome=Notification.Outcome.FAILED)


def seed_payouts() -> None:
    """Payouts needing a person, beside some that do not."""
    PayoutFactory(status=Payout.Status.UNKNOWN)
    PayoutFactory(status=Payout.Status.NEEDS_REVIEW, review_reason="PayPro says it never left")
    backdate(PayoutFactory(status=Payout.Status.PENDING), hours=2)  # PayPro silent past the grace
    backdate(PayoutFactory(status=Payout.Status.APPROVED), hours=2)  # approved, never sent
    backdate(PayoutFactory(status=Payout.Status.SENDING), hours=2)  # a worker died mid-send
    PayoutFactory(status=Payout.Status.APPROVED)  # a worker will send it any moment
    PayoutFactory(status=Payout.Status.PENDING)  # within the grace
    backdate(PayoutFactory(status=Payout.Status.DRAFT), hours=2)  # waiting for a person: batches
    PayoutFactory(status=Payout.Status.SUCCEEDED, late_success=True)
    backdate(PayoutFactory(status=Payout.Status.SUCCEEDED, late_success=True), days=60)


def cells(html: str, table_caption: str) -> list[list[str]]:
    """Return the text of each row of the table captioned ``table_caption``."""
    found = re.search(
        r"<caption>" + re.escape(table_caption) + r"</caption>.*?<tbody>(.*?)</tbody>", html, re.S
    )
    assert found, table_caption
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)
    ]


def test_dashboard_is_listed_in_the_apps_section_of_the_index(admin_client):
    html = admin_client.get("/admin/django_paypro/").content.decode()
    assert f'href="{DASHBOARD}"' in html


def test_staff_need_the_view_payment_permission(client):
    staff = User.objects.create_user("op", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get(DASHBOARD).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_payment"))
    staff = User.objects.get(pk=staff.pk)  # drop the cached permissions
    client.force_login(staff)
    assert client.get(DASHBOARD).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_payment_tables_match_the_database(admin_client):
    seed()
    html = admin_client.get(DASHBOARD, {"period": "30d"}).content.decode()
    today = timezone.localdate().isoformat()
    assert cells(html, "Payments per day") == [
        [today, "BRL", "4", "1", "40.00"],
        [today, "MXN", "9", "5", "462.50"],
    ]
    assert cells(html, "Payments: success rate per country") == [
        ["BR", "4", "1", "25.0%"],
        ["MX", "9", "5", "55.6%"],
    ]
    assert cells(html, "Payments: success rate per method") == [
        ["Hosted payment page", "9", "5", "55.6%"],
        ["Direct pay-in", "4", "1", "25.0%"],
    ]
    assert cells(html, "Payouts: success rate per country") == [["MX", "2", "1", "50.0%"]]


def test_failing_country_is_drawn_as_an_alarm(admin_client):
    seed()
    html = admin_client.get(DASHBOARD).content.decode()
    low = re.findall(r'class="paypro-bar paypro-low"[^>]*><title>([^<]*)</title>', html)
    assert "BR: 25.0%" in low
    assert not any(title.startswith("MX") for title in low)


def test_needs_a_person_counts_link_to_changelists_with_the_same_rows(admin_client):
    seed()
    seed_payouts()
    html = admin_client.get(DASHBOARD).content.decode()
    links = re.findall(
        r'<a href="([^"]+)"(?: class="paypro-nonzero")?><strong>(\d+)</strong> ([^<]+)</a>', html
    )
    counts = {label.strip(): (url.replace("&amp;", "&"), int(n)) for url, n, label in links}
    assert {label: n for label, (_, n) in counts.items()} == {
        "Unknown payments": 1,
        "Payments needing review": 1,
        "Payments open past the reconcile grace": 1,
        "Late successes in this period": 1,
        "Unknown payouts": 1,
        "Payouts needing review": 1,
        "Payouts open or unsent past the reconcile grace": 3,
        "Late payout successes in this period": 1,
        "Notifications that failed while processing": 1,
    }
    for label, (url, n) in counts.items():
        page = admin_client.get(url)
        assert page.status_code == 200, label
        if "cl" in page.context:
            assert len(page.context["cl"].result_list) == n, label
        else:  # the one record under review: its own page
            assert page.context["original"].status == "needs_review", label


def test_overdue_payouts_are_the_open_and_the_unsent_past_the_grace(admin_client):
    seed_payouts()
    url = "/admin/django_paypro/payout/?overdue=1"
    listed = {payout.status for payout in admin_client.get(url).context["cl"].result_list}
    assert listed == {Payout.Status.PENDING, Payout.Status.APPROVED, Payout.Status.SENDING}
    # Touched since: no longer overdue, on the dashboard and in the list alike.
    Payout.objects.filter(status=Payout.Status.APPROVED).update(updated_at=timezone.now())
    assert len(admin_client.get(url).context["cl"].result_list) == 2
    html = admin_client.get(DASHBOARD).content.decode()
    assert re.search(r"<strong>2</strong> Payouts open or unsent past the reconcile grace", html)


def test_a_single_payout_under_review_is_one_click_away_and_several_are_a_list(admin_client):
    seed_payouts()
    review = Payout.objects.get(status=Payout.Status.NEEDS_REVIEW)
    pattern = r'<a href="([^"]+)"[^>]*><strong>\d+</strong> Payouts needing review'
    html = admin_client.get(DASHBOARD).content.decode()
    assert re.search(pattern, html).group(1) == f"/admin/django_paypro/payout/{review.pk}/change/"
    PayoutFactory(status=Payout.Status.NEEDS_REVIEW)
    html = admin_client.get(DASHBOARD).content.decode()
    url = re.search(pattern, html).group(1).replace("&amp;", "&")
    assert url == "/admin/django_paypro/payout/?status__exact=needs_review"
    assert len(admin_client.get(url).context["cl"].result_list) == 2


def review_link(client) -> str:
    html = client.get(DASHBOARD).content.decode()
    found = re.search(r'<a href="([^"]+)"[^>]*><strong>\d+</strong> Payments needing review', html)
    return found.group(1).replace("&amp;", "&")


def test_a_single_payment_under_review_is_one_click_away(admin_client):
    seed()
    review = Payment.objects.get(status=Payment.Status.NEEDS_REVIEW)
    assert review_link(admin_client) == f"/admin/django_paypro/payment/{review.pk}/change/"


def test_several_payments_under_review_link_to_their_list(admin_client):
    seed()
    PaymentFactory(status=Payment.Status.NEEDS_REVIEW)
    url = review_link(admin_client)
    assert url == "/admin/django_paypro/payment/?status__exact=needs_review"
    assert len(admin_client.get(url).context["cl"].result_list) == 2


def test_notification_health_counts_rejected_and_failed_and_names_silent_countries(
    admin_client, settings
):
    settings.PAYPRO = {**settings.PAYPRO, "COUNTRIES": {"BR": {}}}
    seed()
    html = admin_client.get(DASHBOARD, {"period": "today"}).content.decode()
    assert "3 deliveries in this period: 1 rejected, 1 failed while processing." in html
    assert "Share rejected: 33.3 %; failed: 33.3 %." in html
    rows = dict(map(tuple, cells(html, "Last accepted notification per country")))
    assert rows["BR"] == "none in the last 24 hours"
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d$", rows["MX"])
    assert "No accepted notification for hours from: BR." in html


def test_period_picker_limits_the_rows(admin_client):
    seed()
    html = admin_client.get(DASHBOARD, {"period": "today"}).content.decode()
    assert "7.00" not in html  # the 60-day-old payment
    day = timezone.localtime(ago(days=60)).date().isoformat()
    html = admin_client.get(
        DASHBOARD, {"period": "custom", "start": day, "end": day}
    ).content.decode()
    assert cells(html, "Payments per day") == [[day, "MXN", "1", "1", "7.00"]]


def test_csv_download_holds_the_rows_of_the_table(admin_client):
    seed()
    response = admin_client.get(DASHBOARD, {"period": "7d", "csv": "payments_by_country"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Country", "Created", "Paid", "Success rate"],
        ["BR", "4", "1", "25.0%"],
        ["MX", "9", "5", "55.6%"],
    ]
    assert admin_client.get(DASHBOARD, {"csv": "nope"}).status_code == 404


def test_queries_do_not_grow_with_the_number_of_rows(admin_client, django_assert_num_queries):
    seed()
    admin_client.get(DASHBOARD)  # session and permission caches warm up alike
    with django_assert_num_queries(10) as few:
        admin_client.get(DASHBOARD, {"period": "30d"})
    for _ in range(20):
        seed()
        seed_payouts()
    with django_assert_num_queries(len(few.captured_queries)):
        admin_client.get(DASHBOARD, {"period": "30d"})


def test_loading_the_page_never_asks_paypro_for_the_balance(admin_client, fake_paypro):
    fake_paypro.respond(BALANCE, json=envelope({"availableAmount": "5"}))
    admin_client.get(DASHBOARD)
    assert fake_paypro.requests_to(BALANCE) == []


def test_the_balance_button_asks_each_configured_country(admin_client, fake_paypro, settings):
    settings.PAYPRO = {**settings.PAYPRO, "COUNTRIES": {"BR": {}}}
    fake_paypro.respond(
        BALANCE, json=envelope({"availableAmount": "1234.50", "frozenAmount": "10"})
    )
    html = admin_client.post(DASHBOARD + "?period=today", {"balance": "1"}).content.decode()
    assert len(fake_paypro.requests_to(BALANCE)) == 2
    assert cells(html, "Balance per configured country, just asked of PayPro") == [
        ["BR", "1234.50", "10", "0"],
        ["MX", "1234.50", "10", "0"],
    ]


def test_a_balance_failure_is_shown_politely(admin_client, fake_paypro):
    fake_paypro.respond(BALANCE, json=envelope(None, code="8000", msg="merchant frozen"))
    html = admin_client.post(DASHBOARD, {"balance": "1"}).content.decode()
    assert "PayPro refused the request (code 8000)." in html
    assert "Traceback" not in html


@pytest.mark.parametrize(
    ("language", "title", "attention"),
    [
        ("es", "Panel de pagos", "Requiere a una persona ahora"),
        ("pt-br", "Painel de pagamentos", "Requer uma pessoa agora"),
    ],
)
def test_dashboard_speaks_the_admins_languages(admin_client, language, title, attention):
    seed()
    html = admin_client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert title in html and attention in html
    assert "Payments needing review" not in html
