"""Who may call the API: authentication and permission classes read from ``PAYPRO``.

``PAYPRO["API_AUTHENTICATION_CLASSES"]`` and ``PAYPRO["API_PERMISSION_CLASSES"]`` are lists of
dotted paths (or classes). They are read on every request, never at import, so
``override_settings`` and per-deployment settings apply at once.

``None`` (the default) means: authentication by DRF's ``DEFAULT_AUTHENTICATION_CLASSES``;
creating a payment needs ``IsAdminUser`` (staff), reading one ``IsAuthenticated`` — and then
``PAYPRO["API_VISIBLE_PAYMENTS"]`` decides which payments a user may read or refresh. Its
default, :func:`staff_payments`, shows every payment to staff and none to anyone else, so a shop
whose customers log in exposes nothing until it says what each customer may see::

    # shop/payments.py, named by PAYPRO["API_VISIBLE_PAYMENTS"] = "shop.payments.visible"
    def visible(request, payments):
        if request.user.is_staff:
            return payments
        return payments_for_orders(payments, Order.objects.filter(customer=request.user))

Deliberately *not* DRF's ``AllowAny`` default: a public endpoint would let anyone create
payment records and read them by trade number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils.module_loading import import_string
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission, IsAdminUser, IsAuthenticated
from rest_framework.settings import api_settings

from django_paypro.conf import paypro_setting
from django_paypro.exceptions import PayProConfigurationError
from django_paypro.models import Payment

__all__ = [
    "CREATE_PERMISSION_CLASSES",
    "READ_PERMISSION_CLASSES",
    "authentication_classes",
    "payments_for_orders",
    "permission_classes",
    "staff_payments",
    "visible_payments",
]

#: What ``API_PERMISSION_CLASSES = None`` means for creating a payment: staff only.
CREATE_PERMISSION_CLASSES: tuple[type[BasePermission], ...] = (IsAdminUser,)
#: ... and for reading one: any user, narrowed to what ``API_VISIBLE_PAYMENTS`` lets them see.
READ_PERMISSION_CLASSES: tuple[type[BasePermission], ...] = (IsAuthenticated,)


def _classes(key: str, value: Any) -> list[type[Any]]:
    """Return the classes named by the setting ``key`` (dotted paths, classes or compositions)."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise PayProConfigurationError(
            f"PAYPRO[{key!r}] must be a list of dotted paths, e.g. "
            "['rest_framework.permissions.IsAuthenticated']"
        )
    classes: list[type[Any]] = []
    for item in value:
        if not isinstance(item, str):
            # A class, or a composition such as ``IsAuthenticated | IsAdminUser``.
            classes.append(item)
            continue
        try:
            classes.append(import_string(item))
        except ImportError as err:
            raise PayProConfigurationError(
                f"PAYPRO[{key!r}] names {item!r}, which cannot be imported"
            ) from err
    return classes


def authentication_classes() -> list[type[BaseAuthentication]]:
    """Return ``API_AUTHENTICATION_CLASSES``, or DRF's default authentication classes."""
    value = paypro_setting("API_AUTHENTICATION_CLASSES")
    if value is None:
        # api_settings has already imported the dotted paths (the stubs type them as str).
        return list(
            cast("Sequence[type[BaseAuthentication]]", api_settings.DEFAULT_AUTHENTICATION_CLASSES)
        )
    return _classes("API_AUTHENTICATION_CLASSES", value)


def permission_classes(
    default: Sequence[type[BasePermission]] = READ_PERMISSION_CLASSES,
) -> list[type[BasePermission]]:
    """Return ``API_PERMISSION_CLASSES``, or ``default`` when it is ``None``."""
    value = paypro_setting("API_PERMISSION_CLASSES")
    if value is None:
        return list(default)
    return _classes("API_PERMISSION_CLASSES", value)


def staff_payments(request: HttpRequest, payments: QuerySet[Payment]) -> QuerySet[Payment]:
    """Return ``payments`` to staff and nothing to anyone else (the default visibility)."""
    user = getattr(request, "user", None)
    return payments if getattr(user, "is_staff", False) else payments.none()


def payments_for_orders(payments: QuerySet[Payment], orders: QuerySet[Model]) -> QuerySet[Payment]:
    """Return the ``payments`` made for one of ``orders`` (a queryset of one order model)."""
    return payments.filter(
        order_content_type=ContentType.objects.get_for_model(orders.model),
        order_object_id__in=orders.annotate(_paypro_pk=Cast("pk", CharField())).values(
            "_paypro_pk"
        ),
    )


def visible_payments(request: HttpRequest, payments: QuerySet[Payment]) -> QuerySet[Payment]:
    """Return the ``payments`` the request's user may read and refresh.

    Asks the hook named by ``PAYPRO["API_VISIBLE_PAYMENTS"]``:
    ``hook(request, payments) -> QuerySet[Payment]`` (``None``: :func:`staff_payments`).
    """
    value = paypro_setting("API_VISIBLE_PAYMENTS")
    if value is None:
        return staff_payments(request, payments)
    if callable(value):
        return cast("QuerySet[Payment]", value(request, payments))
    try:
        hook = import_string(str(value))
    except ImportError as err:
        raise PayProConfigurationError(
            f"PAYPRO['API_VISIBLE_PAYMENTS'] names {value!r}, which cannot be imported"
        ) from err
    return cast("QuerySet[Payment]", hook(request, payments))
