"""OpenAPI descriptions of the API, for drf-spectacular when it is installed and in use.

drf-spectacular is optional (``pip install django-paypro[openapi]``). The views' ``schema`` is a
:class:`DocumentedSchema`: with ``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]`` set to
drf-spectacular's ``AutoSchema`` (or a subclass), it adds our descriptions of every status code
the views answer; with any other schema class — or without drf-spectacular — it is exactly
DRF's default. The setting is read when the schema is generated, not at import.

Payments and payouts both have a ``status`` with different choices; name their enums so
drf-spectacular need not invent names (and warn)::

    SPECTACULAR_SETTINGS = {
        "ENUM_NAME_OVERRIDES": {
            "PaymentStatusEnum": "django_paypro.models.Payment.Status",
            "PayoutStatusEnum": "django_paypro.models.Payout.Status",
        },
    }
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.schemas.inspectors import DefaultSchema, ViewInspector

__all__ = [
    "DocumentedSchema",
    "payment_create_schema",
    "payment_read_schema",
    "payout_read_schema",
]

TAGS = ["paypro"]


class DocumentedSchema(DefaultSchema):
    """DRF's default schema, extended with ``extend_schema(**build())`` under drf-spectacular.

    ``build`` runs only when drf-spectacular is in use, so it may import from it.
    """

    def __init__(self, build: Callable[[], dict[str, Any]]) -> None:
        super().__init__()
        self.build = build
        self._extended: dict[type[ViewInspector], type[ViewInspector]] = {}

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is not None and instance in self.instance_schemas:
            return self.instance_schemas[instance]  # set explicitly on the view: keep it
        inspector = super().__get__(instance, owner)
        if not _is_spectacular(inspector):
            return inspector
        extended = self._extension_of(type(inspector))()
        extended.view = instance
        return extended

    def _extension_of(self, base: type[ViewInspector]) -> type[ViewInspector]:
        if base not in self._extended:
            from drf_spectacular.utils import extend_schema

            def view_method() -> None:
                """Stand in for the view method extend_schema would decorate."""

            # extend_schema subclasses the schema class found on what it decorates.
            view_method.schema = base  # type: ignore[attr-defined]
            decorated = extend_schema(**self.build())(view_method)
            self._extended[base] = decorated.kwargs["schema"]  # type: ignore[attr-defined]
        return self._extended[base]


def _is_spectacular(inspector: object) -> bool:
    try:
        from drf_spectacular.openapi import AutoSchema
    except ImportError:
        return False
    return isinstance(inspector, AutoSchema)


def _errors(description: str) -> Any:
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import OpenApiResponse

    return OpenApiResponse(response=OpenApiTypes.OBJECT, description=description)


def payment_create_schema() -> dict[str, Any]:
    """Describe ``POST payments/``."""
    from drf_spectacular.utils import OpenApiResponse

    from django_paypro.api.serializers import (
        PaymentCreateSerializer,
        PaymentProblemSerializer,
        PaymentSerializer,
    )

    return {
        "operation_id": "paypro_payment_create",
        "summary": "Create a payment",
        "tags": TAGS,
        "request": PaymentCreateSerializer,
        "responses": {
            201: OpenApiResponse(
                PaymentSerializer,
                description="Created: send the customer to payment_url, or show pay_param "
                "(the PIX code) as a QR code.",
            ),
            202: OpenApiResponse(
                PaymentProblemSerializer,
                description="Recorded, but PayPro's answer was lost or unclear: status is "
                "unknown until reconciliation settles it. Poll the Location URL.",
            ),
            400: _errors("Invalid input: {field: [reason, ...]}; nothing was recorded."),
            422: OpenApiResponse(
                PaymentProblemSerializer,
                description="Recorded, but PayPro refused it: status is failed; paypro_code "
                "and detail say why.",
            ),
        },
    }


def payment_read_schema() -> dict[str, Any]:
    """Describe ``GET payments/<trade_no>/``."""
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

    from django_paypro.api.serializers import PaymentSerializer

    return {
        "operation_id": "paypro_payment_read",
        "summary": "Read a payment by trade number",
        "tags": TAGS,
        "parameters": [
            OpenApiParameter(
                "refresh",
                OpenApiTypes.BOOL,
                OpenApiParameter.QUERY,
                description="Ask PayPro for the current status first (at most once per "
                "RETURN_PAGE_REFRESH_SECONDS per payment; skipped for settled payments).",
            )
        ],
        "responses": {
            200: OpenApiResponse(
                PaymentSerializer,
                description="The payment. When refresh was asked and PayPro could not "
                "answer, the stored payment comes with detail (and paypro_code) saying so.",
            ),
            404: _errors("No payment with this trade number (that you may see)."),
        },
    }


def payout_read_schema() -> dict[str, Any]:
    """Describe ``GET payouts/<trade_no>/``."""
    from django_paypro.api.serializers import PayoutSerializer

    return {
        "operation_id": "paypro_payout_read",
        "summary": "Read a payout by trade number (staff)",
        "tags": TAGS,
        "responses": {200: PayoutSerializer, 404: _errors("No payout with this trade number.")},
    }
