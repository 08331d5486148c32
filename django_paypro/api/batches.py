"""Payout batches through the API: preview or record a list of rows, read, approve, reject.

- ``POST payout-batches/`` with ``rows`` (a list of objects: ``amount``, optional ``country``,
  ``reference``, ``remark``, ``trade_no``, and the beneficiary fields ``create_payout`` takes).
  ``preview: true`` checks only: **200** with ``errors`` (``line``, ``field``, ``message``) and
  ``totals`` per currency, nothing recorded. Otherwise **201** with the batch, awaiting
  approval; or **400** with the same ``errors`` when a row is refused and ``skip_invalid`` is
  not set (nothing recorded).
- ``GET payout-batches/<id>/``: the batch, its totals and every decision (who, when).
- ``POST payout-batches/<id>/approve/`` and ``.../reject/``: **200** with the batch (approving
  may leave it ``held``, with ``held_reason``); **403** when the caller lacks the
  ``approve_payout`` permission or created the batch.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import path
from django.utils.decorators import method_decorator
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from django_paypro.api.views import PayProAPIView
from django_paypro.models import PayoutBatch, PayoutDecision
from django_paypro.services.approval import approve_batch, reject_batch
from django_paypro.services.batches import (
    MAX_ROWS,
    BatchPreview,
    batch_totals,
    create_batch,
    preview_rows,
)

__all__ = [
    "PayoutBatchApproveView",
    "PayoutBatchCreateView",
    "PayoutBatchDetailView",
    "PayoutBatchRejectView",
]


class PayoutBatchCreateSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=128, required=False, allow_blank=True)
    country = serializers.CharField(max_length=2, required=False, allow_null=True)
    rows = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
        min_length=1,
        max_length=MAX_ROWS,
    )
    skip_invalid = serializers.BooleanField(default=False)
    preview = serializers.BooleanField(default=False)


class PayoutDecisionSerializer(serializers.ModelSerializer):
    user: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta:
        model = PayoutDecision
        fields = ("action", "user", "at", "reason")


class PayoutBatchSerializer(serializers.ModelSerializer):
    totals = serializers.SerializerMethodField()
    payouts = serializers.SerializerMethodField()
    created_by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()
    decided_by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()
    decisions = PayoutDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = PayoutBatch
        fields = (
            "id",
            "reference",
            "status",
            "held_reason",
            "totals",
            "payouts",
            "created_by",
            "created_at",
            "decided_by",
            "decided_at",
            "completed_at",
            "decisions",
        )
        read_only_fields = fields

    def get_totals(self, batch: PayoutBatch) -> dict[str, str]:
        return {currency: str(amount) for currency, amount in batch_totals(batch).items()}

    def get_payouts(self, batch: PayoutBatch) -> int:
        return batch.payouts.count()


def preview_data(preview: BatchPreview) -> dict[str, Any]:
    """Return the preview as the API shows it: errors by line and field, totals per currency."""
    errors = [*preview.errors, *preview.row_errors]
    return {
        "errors": [{"line": e.line, "field": e.field, "message": e.message} for e in errors],
        "totals": {currency: str(amount) for currency, amount in preview.totals().items()},
        "valid_rows": len(preview.valid_rows),
    }


class PayoutBatchCreateView(PayProAPIView):
    """``POST payout-batches/``: preview or record a batch (see the module docstring)."""

    serializer_class = PayoutBatchCreateSerializer

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        preview = preview_rows(data["rows"], country=data.get("country"))
        if data["preview"]:
            return Response(preview_data(preview))
        if preview.errors or (preview.row_errors and not data["skip_invalid"]):
            return Response(preview_data(preview), status=400)
        batch = create_batch(
            preview,
            created_by=request.user,
            reference=data.get("reference", ""),
            skip_invalid=data["skip_invalid"],
        )
        return Response(PayoutBatchSerializer(batch).data, status=201)


class _BatchView(PayProAPIView):
    serializer_class = PayoutBatchSerializer

    def get_queryset(self) -> QuerySet[PayoutBatch]:
        return PayoutBatch.objects.select_related("created_by", "decided_by")

    def batch(self) -> PayoutBatch:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


class PayoutBatchDetailView(_BatchView):
    """``GET payout-batches/<id>/``: the batch with its totals and decisions."""

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(self.batch()).data)


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class PayoutBatchApproveView(_BatchView):
    """``POST payout-batches/<id>/approve/``: approve (or hold) the batch."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        batch = approve_batch(self.batch(), request.user)
        return Response(self.get_serializer(batch).data)


class PayoutBatchRejectView(_BatchView):
    """``POST payout-batches/<id>/reject/``: reject the batch; nothing of it is sent."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        batch = reject_batch(self.batch(), request.user, str(request.data.get("reason", "")))
        return Response(self.get_serializer(batch).data)


urlpatterns = [
    path("payout-batches/", PayoutBatchCreateView.as_view(), name="payout-batch-create"),
    path("payout-batches/<int:pk>/", PayoutBatchDetailView.as_view(), name="payout-batch-detail"),
    path(
        "payout-batches/<int:pk>/approve/",
        PayoutBatchApproveView.as_view(),
        name="payout-batch-approve",
    ),
    path(
        "payout-batches/<int:pk>/reject/",
        PayoutBatchRejectView.as_view(),
        name="payout-batch-reject",
    ),
]
