"""Who may call the API: staff by default, else what PAYPRO says, read per request."""

from __future__ import annotations

import base64

import pytest
from django.contrib.auth import get_user_model

from django_paypro.api.access import payments_for_orders
from django_paypro.exceptions import PayProConfigurationError
from django_paypro.models import Payment
from django_paypro.testing.factories import PaymentFactory
from tests.api.conftest import CREATE_URL, detail_url, logged_in, page_answer
from tests.shop.models import Order

pytestmark = pytest.mark.django_db


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_anonymous_clients_are_refused_by_default(anonymous, fake_paypro):
    payment = PaymentFactory()
    assert anonymous.post(CREATE_URL, {"amount": "300"}, format="json").status_code in (401, 403)
    assert anonymous.get(detail_url(payment.trade_no)).status_code in (401, 403)
    assert Payment.objects.count() == 1
    assert fake_paypro.requests == []


def test_permission_classes_come_from_the_setting(anonymous, fake_paypro, settings):
    settings.PAYPRO = {
        **settings.PAYPRO,
        "API_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    }
    page_answer(fake_paypro)
    assert anonymous.post(CREATE_URL, {"amount": "300"}, format="json").status_code == 201


def test_authentication_classes_come_from_the_setting(api, anonymous, fake_paypro, settings):
    settings.PAYPRO = {
        **settings.PAYPRO,
        "API_AUTHENTICATION_CLASSES": ["rest_framework.authentication.BasicAuthentication"],
    }
    page_answer(fake_paypro)

    # The session no longer counts; Basic answers 401 with a challenge.
    refused = api.post(CREATE_URL, {"amount": "300"}, format="json")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Basic")

    get_user_model().objects.create_user("cashier", password="pw-clerk-1", is_staff=True)
    anonymous.credentials(HTTP_AUTHORIZATION=basic("cashier", "pw-clerk-1"))
    assert anonymous.post(CREATE_URL, {"amount": "300"}, format="json").status_code == 201


def test_classes_and_compositions_are_accepted(anonymous, settings):
    from rest_framework.permissions import IsAdminUser, IsAuthenticated

    payment = PaymentFactory()
    settings.PAYPRO = {**settings.PAYPRO, "API_PERMISSION_CLASSES": [IsAdminUser | IsAuthenticated]}
    assert anonymous.get(detail_url(payment.trade_no)).status_code in (401, 403)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("API_PERMISSION_CLASSES", ["rest_framework.permissions.NoSuchThing"]),
        ("API_PERMISSION_CLASSES", "rest_framework.permissions.AllowAny"),
        ("API_AUTHENTICATION_CLASSES", ["no.such.module.Auth"]),
    ],
)
def test_a_wrong_setting_names_the_key_to_fix(api, settings, key, value):
    settings.PAYPRO = {**settings.PAYPRO, key: value}
    payment = PaymentFactory()
    with pytest.raises(PayProConfigurationError, match=key):
        api.get(detail_url(payment.trade_no))


# Who sees which payment --------------------------------------------------------------------


def customer(name: str):
    return get_user_model().objects.create_user(name)


def visible_by_order_number(request, payments):
    """A shop's hook: staff see all, a customer the payments of orders numbered after them."""
    if request.user.is_staff:
        return payments
    orders = Order.objects.filter(number__startswith=f"{request.user.username}-")
    return payments_for_orders(payments, orders)


def order_payment(owner: str):
    order = Order.objects.create(number=f"{owner}-{Order.objects.count() + 1}")
    return PaymentFactory(order=order)


@pytest.fixture
def hook(settings):
    settings.PAYPRO = {**settings.PAYPRO, "API_VISIBLE_PAYMENTS": visible_by_order_number}


def test_a_logged_in_customer_reads_no_payment_by_default(fake_paypro):
    payment = PaymentFactory()
    alice = logged_in(customer("alice"))
    response = alice.get(detail_url(payment.trade_no), {"refresh": "1"})
    assert response.status_code == 404
    assert fake_paypro.requests == []


def test_a_logged_in_customer_creates_no_payment_by_default(fake_paypro):
    alice = logged_in(customer("alice"))
    assert alice.post(CREATE_URL, {"amount": "300"}, format="json").status_code == 403
    assert not Payment.objects.exists()
    assert fake_paypro.requests == []


def test_staff_read_every_payment_by_default(api):
    payment = order_payment("bob")
    assert api.get(detail_url(payment.trade_no)).status_code == 200


def test_with_the_hook_a_customer_reads_their_own_payment(hook):
    payment = order_payment("alice")
    response = logged_in(customer("alice")).get(detail_url(payment.trade_no))
    assert response.status_code == 200
    assert response.json()["trade_no"] == payment.trade_no


def test_user_a_cannot_read_user_b_payment(hook):
    bobs = order_payment("bob")
    order_payment("alice")
    alice = logged_in(customer("alice"))
    assert alice.get(detail_url(bobs.trade_no)).status_code == 404


def test_user_a_cannot_refresh_user_b_payment(hook, fake_paypro):
    bobs = order_payment("bob")
    fake_paypro.respond(
        "/v1/paypro/queryPayInResult",
        json=fake_paypro.envelope({"tradeNo": bobs.trade_no, "status": "0000", "amount": "300"}),
    )
    alice = logged_in(customer("alice"))

    assert alice.get(detail_url(bobs.trade_no), {"refresh": "1"}).status_code == 404

    assert fake_paypro.requests == []
    bobs.refresh_from_db()
    assert (bobs.status, bobs.last_queried_at) == (Payment.Status.PENDING, None)


def test_the_hook_may_be_a_dotted_path(settings):
    settings.PAYPRO = {
        **settings.PAYPRO,
        "API_VISIBLE_PAYMENTS": "tests.api.test_access.visible_by_order_number",
    }
    payment = order_payment("alice")
    assert logged_in(customer("alice")).get(detail_url(payment.trade_no)).status_code == 200
    assert logged_in(customer("carol")).get(detail_url(payment.trade_no)).status_code == 404


def test_a_hook_that_cannot_be_imported_names_the_key(settings, api):
    settings.PAYPRO = {**settings.PAYPRO, "API_VISIBLE_PAYMENTS": "no.such.hook"}
    payment = PaymentFactory()
    with pytest.raises(PayProConfigurationError, match="API_VISIBLE_PAYMENTS"):
        api.get(detail_url(payment.trade_no))


def test_payments_for_orders_keeps_only_those_orders_payments():
    alices, bobs = order_payment("alice"), order_payment("bob")
    PaymentFactory()  # no order at all
    orders = Order.objects.filter(number__startswith="alice-")
    assert list(payments_for_orders(Payment.objects.all(), orders)) == [alices]
    assert bobs not in payments_for_orders(Payment.objects.all(), orders)
