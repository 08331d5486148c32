"""Who may call the API: authentication and permission classes read from ``PAYPRO``.

``PAYPRO["API_AUTHENTICATION_CLASSES"]`` and ``PAYPRO["API_PERMISSION_CLASSES"]`` are lists of
dotted paths (or classes). They are read on every request, never at import, so
``override_settings`` and per-deployment settings apply at once.

``None`` (the default) means: authentication by DRF's ``DEFAULT_AUTHENTICATION_CLASSES``, and
permission ``IsAuthenticated`` — deliberately *not* DRF's ``AllowAny`` default, because a public
endpoint would let anyone create payment records and read them by trade number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.utils.module_loading import import_string
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.settings import api_settings

from django_paypro.conf import paypro_setting
from django_paypro.exceptions import PayProConfigurationError

__all__ = ["DEFAULT_PERMISSION_CLASSES", "authentication_classes", "permission_classes"]

#: What ``API_PERMISSION_CLASSES = None`` means for the payment endpoints.
DEFAULT_PERMISSION_CLASSES: tuple[type[BasePermission], ...] = (IsAuthenticated,)


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


def permission_classes() -> list[type[BasePermission]]:
    """Return ``API_PERMISSION_CLASSES``, or ``IsAuthenticated`` when it is ``None``."""
    value = paypro_setting("API_PERMISSION_CLASSES")
    if value is None:
        return list(DEFAULT_PERMISSION_CLASSES)
    return _classes("API_PERMISSION_CLASSES", value)
