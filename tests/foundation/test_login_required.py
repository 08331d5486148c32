"""Public views stay public under ``LoginRequiredMiddleware`` (Django 5.1+).

The customer coming back from PayPro, the pages that poll or send them on, the sandbox playing
PayPro and the API (which authenticates for itself: token clients have no session) must never
answer a redirect to the shop's login page.
"""

from __future__ import annotations

import base64

import django
import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path

from django_paypro.compat import login_not_required
from django_paypro.testing.factories import PaymentFactory
from tests.shop.models import Order
from tests.urls import urlpatterns as shop_urlpatterns

pytestmark = pytest.mark.django_db

HAS_MIDDLEWARE = django.VERSION >= (5, 1)
needs_middleware = pytest.mark.skipif(
    not HAS_MIDDLEWARE, reason="LoginRequiredMiddleware is new in Django 5.1"
)
LOGIN_URL = "/accounts/login/"
# The notification view is the notify path's own business and tested there.
NOT_OURS = {"paypro:notify"}


def members_only(request):
    return HttpResponse("members only")


# The test shop's URLs plus one ordinary view, which the middleware must guard.
urlpatterns = [*shop_urlpatterns, path("members/", members_only)]


@pytest.fixture
def login_required(settings):
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    settings.LOGIN_URL = LOGIN_URL
    settings.PAYPRO = {
        **settings.PAYPRO,
        "SANDBOX_ALLOW_WITHOUT_DEBUG": True,
        "ORDER_PAYMENT_HOOK": "tests.merchant.hooks.order_payment",
    }


def assert_not_sent_to_login(response):
    location = response.get("Location", "")
    assert not location.startswith(LOGIN_URL), f"{response.status_code} to {location}"


@needs_middleware
def test_the_middleware_really_guards_other_views(login_required):
    """Without this, the tests below could pass because the middleware did nothing."""
    response = Client().get("/members/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


@needs_middleware
def test_the_return_page_and_status_poll_are_public(login_required):
    payment = PaymentFactory(paid=True)
    for url in (f"/paypro/return/{payment.trade_no}/", f"/paypro/status/{payment.trade_no}/"):
        response = Client().get(url)
        assert response.status_code == 200, url


@needs_middleware
def test_the_pay_page_is_public(login_required):
    order = Order.objects.create(number="A-1")
    PaymentFactory(order=order, payment_url="", pay_param="00020126580014br.gov.bcb.pix")
    response = Client().get("/paypro/pay/A-1/")
    assert_not_sent_to_login(response)
    assert response.status_code == 200


@needs_middleware
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/paypro-sandbox/"),
        ("get", "/paypro-sandbox/cashier/PF-NONE/"),
        ("get", "/paypro-sandbox/payouts/PF-NONE/"),
        ("post", "/paypro-sandbox/mex-pay/v1/paypro/queryBalance"),
    ],
)
def test_the_sandbox_is_public(login_required, method, path):
    response = getattr(Client(), method)(path)
    assert_not_sent_to_login(response)
    assert response.status_code != 302


@needs_middleware
def test_the_api_authenticates_for_itself(login_required, settings):
    settings.PAYPRO = {
        **settings.PAYPRO,
        "API_AUTHENTICATION_CLASSES": ["rest_framework.authentication.BasicAuthentication"],
    }
    get_user_model().objects.create_user("cashier", password="pw-1", is_staff=True)
    payment = PaymentFactory()
    token = base64.b64encode(b"cashier:pw-1").decode()

    response = Client().get(
        f"/paypro/api/payments/{payment.trade_no}/", HTTP_AUTHORIZATION=f"Basic {token}"
    )
    assert response.status_code == 200
    assert Client().get(f"/paypro/api/payments/{payment.trade_no}/").status_code == 401


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else prefix
            yield from _patterns(entry, namespace)
        elif isinstance(entry, URLPattern):
            yield f"{prefix}{entry.name}", entry.callback


def test_every_view_of_ours_is_marked_public():
    """A new view added to our URLconfs must say whether it is public; all of ours are."""
    ours = {
        name: view
        for name, view in _patterns(get_resolver())
        if name.startswith(("paypro:", "paypro-api:", "paypro_sandbox:")) and name not in NOT_OURS
    }
    assert len(ours) >= 10
    if HAS_MIDDLEWARE:
        guarded = sorted(n for n, v in ours.items() if getattr(v, "login_required", True))
        assert guarded == []


@pytest.mark.skipif(HAS_MIDDLEWARE, reason="only Django before 5.1 lacks the decorator")
def test_before_django_5_1_the_decorator_changes_nothing():
    def view(request):
        return None

    assert login_not_required(view) is view
    assert not hasattr(view, "login_required")
