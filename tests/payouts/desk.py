"""A PayPro payout desk on top of the fake server: counts, faults and queries by trade number.

It answers payouts, payout queries and the balance the way PayPro would, remembers every
payout it accepted, and counts the payout requests per trade number, which is what the
exactly-once tests assert on. Faults are chosen per trade number by a function, so a test
decides which payouts time out, get ``5000`` or are refused.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.fake_paypro import FakePayPro, RecordedRequest, envelope

PAYOUT = "/v1/paypro/payOut"
PAYOUT_QUERY = "/v1/paypro/queryPayOutResult"
BALANCE = "/v1/paypro/queryBalance"

#: fault name -> what the desk does instead of answering normally
#: ``timeout``: accepts the payout, then answers too late; ``5000``: accepts it, answers 5000;
#: ``reject``: answers 8000 and keeps nothing; ``drop``: closes without answer after accepting.
FAULTS = ("timeout", "5000", "reject", "drop")


@dataclass
class PayoutDesk:
    """Scripted PayPro payout behaviour; install with :meth:`install`."""

    balance: str = "100000000"
    final_status: str = "0000"  # status of accepted payouts in queries
    create_status: str = "0015"  # status in the answer to the payout request
    fault_for: Callable[[str], str | None] = lambda trade_no: None
    slow_seconds: float = 0.0
    balance_seconds: float = 0.0  # how long the balance answer takes
    timeout_seconds: float = 8.0  # how late a ``timeout`` answer comes: past the read timeout
    sent: Counter[str] = field(default_factory=Counter)
    accepted: dict[str, str] = field(default_factory=dict)
    #: trade number -> the amount PayPro holds for it (what it answers in queries, as PayPro
    #: does: an answer without the amount puts the payout under review)
    amounts: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def install(self, fake: FakePayPro) -> PayoutDesk:
        fake.handler = self.answer
        return self

    def answer(self, request: RecordedRequest) -> tuple[int, Mapping[str, str], bytes] | None:
        body = request.json or {}
        if request.path == BALANCE:
            time.sleep(self.balance_seconds)
            return _json(envelope({"availableAmount": self.balance, "freezeAmount": "0"}))
        if request.path == PAYOUT_QUERY:
            return self._query(str(body.get("tradeNo", "")))
        if request.path == PAYOUT:
            return self._payout(str(body.get("tradeNo", "")), str(body.get("amount", "")))
        return None

    def _payout(self, trade_no: str, amount: str) -> tuple[int, Mapping[str, str], bytes]:
        with self._lock:
            self.sent[trade_no] += 1
            self.amounts.setdefault(trade_no, amount)
            fault = self.fault_for(trade_no) if self.sent[trade_no] == 1 else None
            if fault != "reject":
                self.accepted[trade_no] = self.final_status
        if self.slow_seconds:
            time.sleep(self.slow_seconds)
        if fault == "timeout":
            time.sleep(self.timeout_seconds)
        if fault == "5000":
            return _json(envelope(None, code="5000", msg="system exception"))
        if fault == "reject":
            return _json(envelope(None, code="8000", msg="order error"))
        if fault == "drop":
            return 502, {"Content-Type": "text/html"}, b"<html>bad gateway</html>"
        data = {
            "tradeNo": trade_no,
            "platFormTradeNo": f"PF{trade_no}",
            "status": self.create_status,
        }
        return _json(envelope(data))

    def _query(self, trade_no: str) -> tuple[int, Mapping[str, str], bytes]:
        with self._lock:
            status = self.accepted.get(trade_no)
            amount = self.amounts.get(trade_no)
        if status is None:
            return _json(envelope(None, code="8000", msg="order does not exist"))
        data = {"tradeNo": trade_no, "platFormTradeNo": f"PF{trade_no}", "status": status}
        if amount is not None:
            data["amount"] = amount
        return _json(envelope(data))

    def total_sends(self) -> int:
        """Return how many payout requests arrived in all."""
        with self._lock:
            return sum(self.sent.values())

    def most_sends(self) -> int:
        """Return the largest number of payout requests any one trade number received."""
        with self._lock:
            return max(self.sent.values(), default=0)


def _json(payload: Any) -> tuple[int, Mapping[str, str], bytes]:
    return 200, {"Content-Type": "application/json"}, json.dumps(payload).encode()
