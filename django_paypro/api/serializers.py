"""Serializers of the payment API.

Input is checked for *shape* here (types, lengths, known country and method); the country's own
rules (decimals, range, mobile, CPF...) are the service's, so the API and ``create_payment``
can never disagree. A :class:`~django_paypro.exceptions.PayProValidationError` from the service
becomes a 400 ``{field: [rule]}`` like any other validation error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from django_paypro.countries import PROFILES
from django_paypro.exceptions import PayProValidationError
from django_paypro.models import Method, Payment, Payout
from django_paypro.services.bounds import fit_column

__all__ = [
    "AmountField",
    "PaymentCreateSerializer",
    "PaymentProblemSerializer",
    "PaymentSerializer",
    "PayoutSerializer",
]

#: Longest amount text accepted: far more than any real amount, little enough to parse cheaply.
MAX_AMOUNT_LENGTH = 32


class AmountField(serializers.DecimalField):
    """An amount sent as a string (``"300"``) or an integer, read as ``Decimal``.

    JSON floats are refused: ``0.1 + 0.2`` has no exact text, and money is never a float.
    Decimals and range are the country's business (checked by the service); this field refuses
    only what no record could hold (``"1e20"``), as the service would too.
    """

    default_error_messages = {
        "not_float": 'Send the amount as a string such as "300" or an integer, not a float.',
    }

    MAX_STRING_LENGTH = MAX_AMOUNT_LENGTH

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", None)
        kwargs.setdefault("decimal_places", None)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, float):
            self.fail("not_float")
        value: Decimal = super().to_internal_value(data)
        try:
            fit_column(value)
        except PayProValidationError as err:
            raise serializers.ValidationError(err.rule) from err
        return value


def _char_field(max_length: int) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length)


class PaymentCreateSerializer(serializers.Serializer[Payment]):
    """What a client may send to create a payment; ``save()`` calls ``create_payment``.

    Extra keyword arguments of ``save()`` go to ``create_payment`` too, which is how a view
    subclass attaches the merchant's order: ``serializer.save(order=order)``.
    """

    amount = AmountField()
    country = serializers.CharField(required=False, max_length=2)
    # The model's choices, so OpenAPI generators see one "method" enum, not two.
    method = serializers.ChoiceField(choices=Method.choices, required=False)
    reference = _char_field(128)
    payer = _char_field(100)
    mobile = _char_field(32)
    email = _char_field(254)
    way_code = _char_field(64)
    identity = _char_field(32)
    identity_type = serializers.CharField(required=False, max_length=8)
    return_url = serializers.URLField(required=False, max_length=1000)
    remark = _char_field(255)
    # Fields only some countries have (see django_paypro.countries).
    channel_code = _char_field(64)
    payment_type = _char_field(64)
    cust_id = _char_field(64)
    pay_type = _char_field(64)
    ip_address = serializers.IPAddressField(required=False)

    def validate_country(self, value: str) -> str:
        code = value.upper()
        if code not in PROFILES:
            raise serializers.ValidationError(
                f"Unknown country {value!r}; known: {', '.join(sorted(PROFILES))}."
            )
        return code

    def create(self, validated_data: dict[str, Any]) -> Payment:
        """Create the payment through the service; map its refusals to validation errors.

        ``PayProTransportError`` and ``PayProRejected`` pass through: the payment exists then,
        and the view decides how to answer.
        """
        from django_paypro import create_payment

        values = dict(validated_data)
        amount = values.pop("amount")
        try:
            return create_payment(amount, **values)
        except PayProValidationError as err:
            raise serializers.ValidationError({err.field: [err.rule]}) from err


class PaymentSerializer(serializers.ModelSerializer[Payment]):
    """A payment as clients see it: no PayPro payloads, no order internals."""

    amount = serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=True)
    paid_amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, coerce_to_string=True, allow_null=True
    )

    class Meta:
        model = Payment
        fields = [
            "trade_no",
            "status",
            "amount",
            "paid_amount",
            "currency",
            "country",
            "method",
            "reference",
            "payment_url",
            "pay_param",
            "created_at",
            "updated_at",
            "paid_at",
        ]
        read_only_fields = fields


class PaymentProblemSerializer(PaymentSerializer):
    """A payment that exists although its creation did not go through cleanly.

    ``detail`` (from the context) says what happened; ``paypro_code`` is PayPro's refusal code
    when PayPro refused, else ``""``.
    """

    detail = serializers.SerializerMethodField()
    paypro_code = serializers.SerializerMethodField()

    class Meta(PaymentSerializer.Meta):
        fields = [*PaymentSerializer.Meta.fields, "detail", "paypro_code"]
        read_only_fields = fields

    def get_detail(self, payment: Payment) -> str:
        return str(self.context.get("detail", ""))

    def get_paypro_code(self, payment: Payment) -> str:
        return str(self.context.get("paypro_code", ""))


class PayoutSerializer(serializers.ModelSerializer[Payout]):
    """A payout as staff see it through the API."""

    amount = serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=True)

    class Meta:
        model = Payout
        fields = [
            "trade_no",
            "status",
            "amount",
            "currency",
            "country",
            "reference",
            "created_at",
            "updated_at",
            "succeeded_at",
        ]
        read_only_fields = fields
