"""The OpenAPI schema drf-spectacular builds from the API's annotations."""

from __future__ import annotations

import pytest
from django.urls import include, path

pytest.importorskip("drf_spectacular")

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import _load_enum_name_overrides
from drf_spectacular.settings import patched_settings
from drf_spectacular.validation import validate_schema

#: What django_paypro.api.schema recommends merchants set.
ENUM_NAME_OVERRIDES = {
    "PaymentStatusEnum": "django_paypro.models.Payment.Status",
    "PayoutStatusEnum": "django_paypro.models.Payout.Status",
}


@pytest.fixture
def schema(settings):
    settings.REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
    GENERATOR_STATS.reset()
    _load_enum_name_overrides.cache_clear()  # cached per language across generations
    patterns = [path("paypro/api/", include("django_paypro.api.urls"))]
    with patched_settings({"ENUM_NAME_OVERRIDES": ENUM_NAME_OVERRIDES}):
        yield SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    _load_enum_name_overrides.cache_clear()


def test_the_schema_is_valid_openapi_and_built_without_warnings(schema):
    validate_schema(schema)
    assert not GENERATOR_STATS, dict(GENERATOR_STATS._warn_cache)


def test_every_status_code_of_the_endpoints_is_documented(schema):
    paths = schema["paths"]
    create = paths["/paypro/api/payments/"]["post"]
    read = paths["/paypro/api/payments/{trade_no}/"]["get"]
    assert set(create["responses"]) == {"201", "202", "400", "422"}
    assert set(read["responses"]) == {"200", "404"}
    assert "get" in paths["/paypro/api/payouts/{trade_no}/"]
    assert [p["name"] for p in read["parameters"] if p["in"] == "query"] == ["refresh"]
    assert create["operationId"] == "paypro_payment_create"


def test_components_describe_amounts_as_strings(schema):
    components = schema["components"]["schemas"]
    assert {"Payment", "PaymentCreate", "PaymentProblem", "Payout"} <= set(components)
    assert components["PaymentCreate"]["properties"]["amount"]["type"] == "string"
    assert components["PaymentCreate"]["required"] == ["amount"]
    assert components["Payment"]["properties"]["amount"]["type"] == "string"
    assert "detail" in components["PaymentProblem"]["properties"]
    assert {"PaymentStatusEnum", "PayoutStatusEnum", "MethodEnum"} <= set(components)


def test_without_drf_spectacular_configured_the_views_keep_drfs_default_schema(settings):
    from rest_framework.schemas.openapi import AutoSchema as DRFAutoSchema

    from django_paypro.api.views import PaymentCreateView

    settings.REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "rest_framework.schemas.openapi.AutoSchema"}
    assert type(PaymentCreateView().schema) is DRFAutoSchema
