"""The HTTP client: one ``requests.Session`` per PayPro account, typed results, our exceptions.

The client knows nothing of models. It sends wire fields that the country profile has already
validated, adds ``timestamp``, ``notifyUrl`` (creations only) and the signature, and turns
PayPro's answer into a result or an exception::

    client = get_client("MX")
    result = client.create_payment_page({"tradeNo": "T1", "amount": "300"})
    result.payment_url

Error mapping (see ``PROTOCOL.md``): anything that leaves the outcome unknown (network error,
timeout, HTTP 5xx, a body that is not PayPro's JSON envelope, code ``5000``) raises
``PayProTransportError``; any other code than ``0000`` raises ``PayProRejected``. Queries are
retried on ``PayProTransportError``; creations never are, since a repeat could pay twice.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import requests

from django_paypro import __version__
from django_paypro.accounts import Account, get_account
from django_paypro.countries import get_profile
from django_paypro.countries.base import (
    ACCOUNT_VERIFY,
    BALANCE,
    CREATIONS,
    MPESA_QUERY,
    PAGE,
    PAYIN,
    PAYIN_QUERY,
    PAYIN_SUBMIT,
    PAYOUT,
    PAYOUT_QUERY,
)
from django_paypro.deadlines import DEADLINE_PASSED, CutOff, Deadline, DeadlineAdapter, read_body
from django_paypro.exceptions import PayProRejected, PayProTransportError
from django_paypro.results import Balance, Envelope, TradeResult
from django_paypro.signing import SIGN_FIELD, loads_exact, sign, verify, wire_text

__all__ = ["PayProClient", "clear_clients", "get_client", "redact"]

logger = logging.getLogger("django_paypro.client")

USER_AGENT = f"django-paypro/{__version__}"
#: Seconds to wait before retry ``n`` of a query is ``RETRY_BACKOFF * n``.
RETRY_BACKOFF = 0.2
REDACTED = "********"
# Keys whose values never reach a log line (compared lower-cased, as substrings).
_SENSITIVE = ("sign", "secret", "password", "token")
# Longest response text logged at DEBUG when it is not JSON.
_LOG_TEXT_LIMIT = 500
#: Deepest nesting of objects and lists accepted in an answer (PayPro's go three deep).
MAX_DEPTH = 32


def redact(fields: Mapping[str, Any], secret: str = "") -> dict[str, Any]:
    """Return a copy of ``fields`` fit for logs: signatures and secrets replaced by stars.

    Nested objects are redacted too, and any value containing ``secret`` is starred whole.
    """
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        if any(word in str(key).lower() for word in _SENSITIVE):
            clean[key] = REDACTED
        elif isinstance(value, Mapping):
            clean[key] = redact(value, secret)
        elif secret and isinstance(value, str) and secret in value:
            clean[key] = REDACTED
        else:
            clean[key] = value
    return clean


class PayProClient:
    """Talk to PayPro as one merchant account.

    Thread-safe in the way ``requests.Session`` is: share one client per account (see
    :func:`get_client`) so connections are reused.
    """

    def __init__(self, account: Account, session: requests.Session | None = None) -> None:
        self.account = account
        self.session = session if session is not None else _pooled_session()

    def __repr__(self) -> str:
        return f"<PayProClient {self.account.country} {self.account.merchant_no}>"

    # Operations -------------------------------------------------------------------------------

    def create_payment_page(self, fields: Mapping[str, str]) -> TradeResult:
        """Create a hosted payment page (cashier); the result carries ``payment_url``."""
        return TradeResult.from_envelope(self.post(PAGE, fields))

    def create_payin(self, fields: Mapping[str, str]) -> TradeResult:
        """Create a direct pay-in (PIX in Brazil: the result carries ``pay_param``)."""
        return TradeResult.from_envelope(self.post(PAYIN, fields))

    def create_payout(self, fields: Mapping[str, str]) -> TradeResult:
        """Send a payout."""
        return TradeResult.from_envelope(self.post(PAYOUT, fields))

    def query_payin(self, trade_no: str) -> TradeResult:
        """Return PayPro's current view of pay-in ``trade_no``."""
        return self._query(PAYIN_QUERY, trade_no)

    def query_payout(self, trade_no: str) -> TradeResult:
        """Return PayPro's current view of payout ``trade_no``."""
        return self._query(PAYOUT_QUERY, trade_no)

    def query_balance(self) -> Balance:
        """Return the merchant's balance.

        Raises ``PayProTransportError`` when PayPro answers an amount that is not a number.
        """
        envelope = self.post(BALANCE, {}, retries=self.account.query_retries)
        try:
            return Balance.from_envelope(envelope)
        except ValueError as err:
            raise PayProTransportError(f"PayPro answered an unreadable balance: {err}") from err

    def verify_account(self, fields: Mapping[str, str]) -> Envelope:
        """Ask PayPro to verify a beneficiary account; return the accepted answer as is."""
        return self.post(ACCOUNT_VERIFY, fields)

    def submit_payin(self, fields: Mapping[str, str]) -> Envelope:
        """Submit a pay-in's wallet transaction id (Bangladesh: ``platFormTradeNo``, ``trxId``).

        Code ``0000`` means only that the submission was taken; the result comes as a
        notification. Never retried, like a creation.
        """
        return self.post(PAYIN_SUBMIT, fields)

    def query_mpesa(self, code: str) -> TradeResult:
        """Return the transaction whose M-PESA code is ``code`` (Kenya)."""
        envelope = self.post(MPESA_QUERY, {"code": code}, retries=self.account.query_retries)
        return TradeResult.from_envelope(envelope)

    def _query(self, operation: str, trade_no: str) -> TradeResult:
        envelope = self.post(operation, {"tradeNo": trade_no}, retries=self.account.query_retries)
        result = TradeResult.from_envelope(envelope)
        if not result.trade_no:
            return replace(result, trade_no=trade_no)
        return result

    # Transport --------------------------------------------------------------------------------

    def post(self, operation: str, fields: Mapping[str, str], *, retries: int = 0) -> Envelope:
        """Send ``fields`` to ``operation`` and return the accepted envelope.

        ``None`` values are left out; everything else is sent as its wire text and signed as
        sent. A ``PayProTransportError`` is retried ``retries`` times with a short backoff,
        each attempt with a fresh timestamp and signature.
        """
        attempt = 0
        while True:
            try:
                return self._post_once(operation, fields)
            except PayProTransportError as err:
                if attempt >= retries:
                    raise
                attempt += 1
                logger.info("PayPro %s: retry %d of %d after %s", operation, attempt, retries, err)
                time.sleep(RETRY_BACKOFF * attempt)

    def _body(self, operation: str, fields: Mapping[str, Any]) -> dict[str, str]:
        """Return the signed body for ``operation``: every value a string, ``sign`` included.

        When the account sends the signature in a header the caller moves it out; it is
        computed over exactly the other strings either way.
        """
        body = {key: wire_text(value) for key, value in fields.items() if value is not None}
        body.pop(SIGN_FIELD, None)
        if self._timestamped(operation):
            body["timestamp"] = str(time.time_ns() // 1_000_000)
        if operation in CREATIONS:
            # A caller may pass its own notifyUrl (per-order callbacks); the account's otherwise.
            body.setdefault("notifyUrl", self.account.notify_url)
        body[SIGN_FIELD] = sign(body, self.account.app_secret.reveal())
        return body

    def _timestamped(self, operation: str) -> bool:
        """Return whether ``operation``'s body carries ``timestamp`` (Kenya's queries do not)."""
        spec = get_profile(self.account.country).specs.get(operation)
        return spec is None or spec.timestamp

    def _post_once(self, operation: str, fields: Mapping[str, Any]) -> Envelope:
        url = self.account.url(operation)
        body = self._body(operation, fields)
        headers = {
            "merchantNo": self.account.merchant_no,
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        if self.account.sign_in_header:
            headers[SIGN_FIELD] = body.pop(SIGN_FIELD)
        trade_no = body.get("tradeNo", "")
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("PayPro %s request to %s: %s", operation, url, self._redact(body))
        started = time.monotonic()
        deadline = Deadline(self.account.deadline)
        try:
            with deadline:
                response = self.session.post(
                    url,
                    data=json.dumps(body).encode("ascii"),
                    headers=headers,
                    timeout=self.account.timeout,
                    # A redirected POST turns into a GET: never follow one.
                    allow_redirects=False,
                    stream=True,  # read below, within the deadline and the size cap
                )
                content = read_body(response, deadline, self.account.max_response_bytes)
        except requests.RequestException as err:
            if deadline.fired:
                raise self._cut_off(operation, url, trade_no, started, DEADLINE_PASSED) from err
            if isinstance(err, requests.Timeout):
                self._log_failure(operation, url, trade_no, started, "timeout")
                raise PayProTransportError(
                    f"PayPro {operation} timed out; outcome unknown"
                ) from err
            self._log_failure(operation, url, trade_no, started, type(err).__name__)
            raise PayProTransportError(
                f"PayPro {operation} could not be reached ({type(err).__name__}); outcome unknown"
            ) from err
        except CutOff as err:
            raise self._cut_off(operation, url, trade_no, started, str(err)) from err
        parsed = _parse(content)
        self._log_response(operation, url, trade_no, started, response, parsed, content)
        return self._envelope(operation, response, parsed)

    def _cut_off(
        self, operation: str, url: str, trade_no: str, started: float, reason: str
    ) -> PayProTransportError:
        self._log_failure(operation, url, trade_no, started, reason)
        return PayProTransportError(f"PayPro {operation} {reason}; outcome unknown")

    def _envelope(self, operation: str, response: requests.Response, parsed: Any) -> Envelope:
        """Return the accepted envelope of ``response`` or raise the matching exception."""
        status = response.status_code
        if status >= 500:
            raise PayProTransportError(
                f"PayPro answered HTTP {status} to {operation}; outcome unknown"
            )
        envelope = Envelope.from_body(parsed)
        if envelope is None:
            if status >= 300:
                raise PayProRejected(f"HTTP{status}", response.reason or f"HTTP {status}")
            raise PayProTransportError(
                f"PayPro answered {operation} with a body that is not its JSON envelope"
            )
        self._check_signature(operation, envelope)
        if envelope.accepted:
            if status >= 300:
                # Contradictory answer: whether it was done cannot be told.
                raise PayProTransportError(
                    f"PayPro answered HTTP {status} with code 0000 to {operation}"
                )
            return envelope
        if envelope.code == "5000":
            raise PayProTransportError(
                f"PayPro reported a system error (5000) on {operation}: {envelope.message}",
                raw=envelope.raw,
            )
        raise PayProRejected(envelope.code, envelope.message, raw=envelope.raw)

    def _check_signature(self, operation: str, envelope: Envelope) -> None:
        """Verify a ``sign`` the answer carries; a mismatch leaves the outcome unknown.

        PayPro's answers show no ``sign`` (then nothing is checked), but Mexico's error-code
        page tells merchants to verify one. A ``sign`` in ``data`` is checked over ``data``'s
        fields, one beside ``code`` over the envelope's (``data`` as its compact JSON), with
        the request rule. A forged or garbled answer must not mark a payment failed or paid.
        """
        secret = self.account.app_secret.reveal()
        for fields in (envelope.raw, envelope.data):
            given = fields.get(SIGN_FIELD)
            if given in (None, "") or verify(fields, secret, given):
                continue
            raise PayProTransportError(
                f"PayPro's answer to {operation} carries a sign that does not match; "
                "outcome unknown",
                raw=envelope.raw,
            )

    # Logging ----------------------------------------------------------------------------------

    def _redact(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        return redact(fields, self.account.app_secret.reveal())

    def _log_failure(
        self, operation: str, url: str, trade_no: str, started: float, reason: str
    ) -> None:
        logger.warning(
            "PayPro %s %s tradeNo=%s failed after %d ms: %s",
            operation,
            url,
            trade_no or "-",
            _elapsed_ms(started),
            reason,
        )

    def _log_response(
        self,
        operation: str,
        url: str,
        trade_no: str,
        started: float,
        response: requests.Response,
        parsed: Any,
        content: bytes,
    ) -> None:
        code = parsed.get("code", "-") if isinstance(parsed, Mapping) else "-"
        logger.info(
            "PayPro %s %s tradeNo=%s -> HTTP %d code %s in %d ms",
            operation,
            url,
            trade_no or "-",
            response.status_code,
            code,
            _elapsed_ms(started),
        )
        if logger.isEnabledFor(logging.DEBUG):
            if isinstance(parsed, Mapping):
                shown: Any = self._redact(parsed)
            else:
                shown = self._scrub(content[:_LOG_TEXT_LIMIT].decode("utf-8", "replace"))
            logger.debug("PayPro %s response: %s", operation, shown)

    def _scrub(self, text: str) -> str:
        secret = self.account.app_secret.reveal()
        return text.replace(secret, REDACTED) if secret else text


def _parse(content: bytes) -> Any:
    """Return the JSON in ``content`` with numbers as their text, or ``None`` if not JSON.

    A body nested deeper than PayPro ever nests (``MAX_DEPTH``) is not its JSON either: it
    would exhaust the stack wherever it is walked (logging, signing, storing).
    """
    try:
        parsed = loads_exact(content)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    return parsed if _depth_within(parsed, MAX_DEPTH) else None


def _depth_within(value: Any, limit: int) -> bool:
    """Return whether ``value`` nests objects and lists at most ``limit`` deep (no recursion)."""
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth >= limit:
            return False
        pending.extend((child, depth + 1) for child in children)
    return True


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


# One client (and so one connection pool) per account. The key is the whole Account, so
# changed settings give a new client rather than a stale one.
_clients: dict[Account, PayProClient] = {}
_clients_lock = threading.Lock()
_MAX_CLIENTS = 32


#: Connections kept open per host: enough for ``paypro_reconcile --concurrency`` and threaded
#: web servers; requests' default of 10 would open and drop a connection per call beyond that.
POOL_SIZE = 64


def _pooled_session() -> requests.Session:
    session = requests.Session()
    adapter = DeadlineAdapter(pool_connections=4, pool_maxsize=POOL_SIZE)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def get_client(country: str | None = None) -> PayProClient:
    """Return the shared client for ``country`` (default ``PAYPRO['COUNTRY']``)."""
    account = get_account(country)
    with _clients_lock:
        client = _clients.get(account)
        if client is None:
            if len(_clients) >= _MAX_CLIENTS:
                _clients.pop(next(iter(_clients))).session.close()
            client = _clients[account] = PayProClient(account)
        return client


def clear_clients() -> None:
    """Close and forget every shared client (tests; after rotating credentials)."""
    with _clients_lock:
        clients = list(_clients.values())
        _clients.clear()
    for client in clients:
        client.session.close()
