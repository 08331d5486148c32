"""Trade numbers: unique, sortable, and PayPro's suggested shape (timestamp + random)."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.utils import timezone
from django.utils.module_loading import import_string

from django_paypro.conf import paypro_setting
from django_paypro.exceptions import PayProConfigurationError

MAX_LENGTH = 64


def default_trade_no() -> str:
    """Return ``YYYYMMDDHHMMSS`` (UTC) followed by 10 random hex digits."""
    return timezone.now().strftime("%Y%m%d%H%M%S") + secrets.token_hex(5)


def new_trade_no() -> str:
    """Return a new trade number from ``PAYPRO['TRADE_NO_GENERATOR']`` and ``TRADE_NO_PREFIX``."""
    generator_path = paypro_setting("TRADE_NO_GENERATOR")
    try:
        generator: Callable[[], str] = import_string(generator_path)
    except ImportError as err:
        raise PayProConfigurationError(
            f"PAYPRO['TRADE_NO_GENERATOR'] {generator_path!r} cannot be imported"
        ) from err
    value = f"{paypro_setting('TRADE_NO_PREFIX') or ''}{generator()}"
    if not value or len(value) > MAX_LENGTH:
        raise PayProConfigurationError(
            f"PAYPRO['TRADE_NO_GENERATOR'] must return 1 to {MAX_LENGTH} characters"
        )
    return value
