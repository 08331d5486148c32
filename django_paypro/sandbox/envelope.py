"""PayPro's answer envelope: ``{"msg", "code", "timestamp", "success", "data"}``."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from django.http import JsonResponse

ACCEPTED = "0000"
SYSTEM_ERROR = "5000"
ORDER_ERROR = "8000"


def now_ms() -> int:
    """Return the current time in milliseconds, as PayPro stamps its answers."""
    return int(time.time() * 1000)


def answer(data: Mapping[str, Any]) -> JsonResponse:
    """Return an accepted answer carrying ``data``."""
    body = {"msg": "success", "code": ACCEPTED, "timestamp": now_ms(), "success": True}
    body["data"] = dict(data)
    return JsonResponse(body)


def refuse(reason: str, *, code: str = ORDER_ERROR, status: int = 200) -> JsonResponse:
    """Return a refusal: PayPro answers HTTP 200 with code ``8000`` and the reason in ``msg``."""
    body = {"msg": reason, "code": code, "timestamp": now_ms(), "success": False, "data": None}
    return JsonResponse(body, status=status)
