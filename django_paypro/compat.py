"""What differs between the Django versions we support (4.2 to 5.2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth import decorators

__all__ = ["login_not_required"]

F = TypeVar("F", bound=Callable[..., Any])


def _unchanged(view: F) -> F:
    return view


#: Django 5.1+'s ``login_not_required``: exempts a view from ``LoginRequiredMiddleware``. On
#: older Django, where that middleware does not exist, it leaves the view as it is.
login_not_required: Callable[[F], F] = getattr(decorators, "login_not_required", _unchanged)
