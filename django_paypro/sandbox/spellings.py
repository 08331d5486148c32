"""Which fields each country's answers and notifications carry, and how they are spelled.

Data, not code paths: a country that answers differently gets a row here.
"""

from __future__ import annotations

from django_paypro.countries import BALANCE, PAGE, PAYIN, PAYIN_QUERY, PAYOUT, PAYOUT_QUERY

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

#: (country or "*", operation) -> fields of ``data`` in the answer, in order.
ANSWER_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("*", PAGE): _CREATE_PAGE,
    ("*", PAYIN): _CREATE_PAGE,
    ("*", PAYOUT): ("tradeNo", "platFormTradeNo", "status", "desc"),
    ("*", PAYIN_QUERY): _QUERY,
    ("*", PAYOUT_QUERY): _QUERY,
    ("*", BALANCE): ("availableAmount", "freezeAmount", "unsettledAmount"),
    # Brazil's PIX answer, as its page shows it: no tradeNo, the URL is "paymentLink".
    ("BR", PAYIN): ("platFormTradeNo", "status", "desc", "amount", "paymentLink", "payParam"),
}

#: country -> ``desc`` of a freshly created trade.
CREATED_DESC = {"BR": "CREDIT_INPROGRESS"}
DEFAULT_CREATED_DESC = "Create"

#: countries whose pay-ins are PIX: they answer a copy-and-paste code and show a QR code.
PIX_COUNTRIES = frozenset({"BR"})

#: country -> (channelCode, default wayCode) sent in pay-in notifications.
PAYIN_CHANNELS = {
    "MX": ("SPEI", "va"),
    "BR": ("PIX", "PIX"),
    "EG": ("WALLET", "wallet"),
}
DEFAULT_CHANNEL = ("BANK", "bank")


def answer_fields(country: str, operation: str) -> tuple[str, ...]:
    """Return the ``data`` fields of ``operation``'s answer in ``country``."""
    return ANSWER_FIELDS.get((country, operation)) or ANSWER_FIELDS[("*", operation)]
