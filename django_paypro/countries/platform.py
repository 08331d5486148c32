"""The platform's common layout, for what a country's pages share or leave out.

:func:`standard` gives the query and balance operations most countries share (body
``tradeNo``, or nothing), each with its source; a country whose pages differ (Kenya) writes its
own. :func:`guessed_sandbox` gives the sandbox base of a country whose overview page was not
found, marked assumed.
"""

from __future__ import annotations

from django_paypro.countries.base import (
    BALANCE,
    PAYIN_QUERY,
    PAYOUT_QUERY,
    NotificationFacts,
    Operation,
    Source,
    assumed,
    page,
)

#: The paths of the platform's common layout, used where a country's page was not found.
COMMON_PATHS = {
    PAYIN_QUERY: "/v1/paypro/queryPayInResult",
    PAYOUT_QUERY: "/v1/paypro/queryPayOutResult",
    BALANCE: "/v1/paypro/queryBalance",
}
_PAGE_NAMES = {PAYIN_QUERY: "paymentQuery", PAYOUT_QUERY: "payoutQuery", BALANCE: "balance"}
NOT_FOUND = "no page found for this country; the platform's common path, body and answer"


RECORDED = (
    "path as PROTOCOL.md's table and the sandbox page fixtures record it from this page; "
    "not re-read for this profile"
)


def standard(
    slug: str,
    *,
    read: tuple[str, ...] = (),
    recorded: tuple[str, ...] = (),
    prefix: str = "",
) -> dict[str, Operation]:
    """Return the query and balance operations of country ``slug``.

    ``read`` names the operations whose page this profile was written from; ``recorded`` those
    whose page others transcribed (cited with a note); the rest are marked assumed. ``prefix``
    replaces ``/v1/paypro`` (Pakistan's ``/v1/payproPK``).
    """
    found: dict[str, Operation] = {}
    for name, path in COMMON_PATHS.items():
        if prefix:
            path = path.replace("/v1/paypro", prefix, 1)
        source: Source = assumed(NOT_FOUND)
        if name in read or name in recorded:
            source = page(slug, _PAGE_NAMES[name], "" if name in read else RECORDED)
        found[name] = Operation(path=path, source=source)
    return found


def guessed_sandbox(name: str, segment: str) -> tuple[str, Source]:
    """Return the assumed sandbox base of country ``name`` and its source.

    The overview pages found give ``https://sandbox-api.paypro.tech/<segment>-pay`` (Brazil,
    Pakistan) or ``openapi-test`` (Indonesia, Vietnam); the first is used.
    """
    reason = f"the {name} overview page was not found; the platform's sandbox-api pattern"
    return f"https://sandbox-api.paypro.tech/{segment}-pay", assumed(reason)


#: The fields every notify page read lists (Kenya's excepted), ``sign`` last.
NOTIFICATION_FIELDS = (
    "status",
    "message",
    "platFormTradeNo",
    "tradeNo",
    "amount",
    "successTime",
    "timestamp",
    "sign",
)


def signed_notification(
    slug: str, *, read: bool = False, recorded: bool = False, extra: tuple[str, ...] = ()
) -> NotificationFacts:
    """Return the platform's signed notification for ``slug``, with ``extra`` fields.

    ``read`` cites the country's notify page as read for this profile, ``recorded`` as others
    transcribed it; otherwise the facts are assumed from the pages of other countries.
    """
    if read or recorded:
        source = page(slug, "paymentNotify", "" if read else RECORDED)
    else:
        source = assumed("no notify page found; the fields and signature every other page shows")
    return NotificationFacts(
        fields=(*NOTIFICATION_FIELDS[:-2], *extra, "timestamp", "sign"), signed=True, source=source
    )
