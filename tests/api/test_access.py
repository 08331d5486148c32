"""Who may call the API: IsAuthenticated by default, else what PAYPRO says, read per request."""

from __future__ import annotations

import base64

import pytest
from django.contrib.auth import get_user_model

from django_paypro.exceptions import PayProConfigurationError
from django_paypro.models import Payment
from django_paypro.testing.factories import PaymentFactory
from tests.api.conftest import CREATE_URL, detail_url, page_answer

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

    get_user_model().objects.create_user("clerk", password="pw-clerk-1")
    anonymous.credentials(HTTP_AUTHORIZATION=basic("clerk", "pw-clerk-1"))
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
