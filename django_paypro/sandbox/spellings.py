"""Which fields each answer carries and how they are spelled: as the country's page shows them.

A page with a response example is followed to the letter (Brazil's PIX answer has no
``tradeNo`` and says ``paymentLink``; Indonesia's balance says ``availablAmount``). Where the
transcription has only part of the response table, or none, the usual fields fill the gaps.
"""

from __future__ import annotations

from collections.abc import Mapping

from django_paypro.sandbox.pages import (
    BALANCE,
    PAGE,
    PAYIN,
    PAYIN_QUERY,
    PAYOUT,
    PAYOUT_QUERY,
    PageOperation,
)

_CREATE_PAGE = ("tradeNo", "platFormTradeNo", "status", "desc", "remark", "paymentUrl")
_QUERY = (
    "tradeNo",
    "platFormTradeNo",
    "status",
    "message",
    "amount",
    "orderAmount",
    "successTime",
    "createTime",
)

#: operation -> fields of ``data`` when the page shows no complete answer.
USUAL_FIELDS: dict[str, tuple[str, ...]] = {
    PAGE: _CREATE_PAGE,
    PAYIN: _CREATE_PAGE,
    PAYOUT: ("tradeNo", "platFormTradeNo", "status", "desc"),
    PAYIN_QUERY: _QUERY,
    PAYOUT_QUERY: _QUERY,
    BALANCE: ("availableAmount", "freezeAmount", "unsettledAmount"),
}

#: A page's spelling -> the sandbox's name of the value it carries.
SAME_VALUE = {
    "availablAmount": "availableAmount",
    "paymentLink": "paymentUrl",
    "payproTradeNo": "platFormTradeNo",
    "serialNumber": "platFormTradeNo",
}

DEFAULT_CREATED_DESC = "Create"

#: country -> (channelCode, default wayCode) sent in pay-in notifications.
PAYIN_CHANNELS = {
    "MX": ("SPEI", "va"),
    "BR": ("PIX", "PIX"),
    "EG": ("WALLET", "wallet"),
}
DEFAULT_CHANNEL = ("BANK", "bank")


def answer_fields(page: PageOperation) -> tuple[str, ...]:
    """Return the ``data`` fields of ``page``'s answer, in order."""
    example = (page.response_example or {}).get("data")
    if isinstance(example, Mapping):
        return tuple(example)
    shown = page.answer_fields
    covered = {SAME_VALUE.get(name, name) for name in shown}
    usual = USUAL_FIELDS.get(page.name, ())
    return (*shown, *(name for name in usual if name not in covered))


def spelled(values: Mapping[str, str], page: PageOperation) -> dict[str, str]:
    """Return ``values`` (keyed by the sandbox's names) under ``page``'s spellings."""
    data = {}
    for name in answer_fields(page):
        source = name if name in values else SAME_VALUE.get(name, name)
        if source in values:
            data[name] = values[source]
    return data


def created_desc(page: PageOperation) -> str:
    """Return the ``desc`` of a freshly created trade, as the page's example shows it."""
    example = (page.response_example or {}).get("data")
    if isinstance(example, Mapping) and isinstance(example.get("desc"), str):
        return str(example["desc"])
    return DEFAULT_CREATED_DESC
