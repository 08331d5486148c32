"""Run docs/examples/test_shop_payments.py, the Testing page's example, as part of the suite.

The example imports ``orders.models.Order`` (the Quickstart's app); here that is the test
suite's own shop Order, and the Signals page's ``fulfil`` receiver marks it paid.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest

from django_paypro import signals
from django_paypro.testing.pytest_plugin import (  # noqa: F401 (fixtures used by the example)
    paypro_notify,
    paypro_payment,
    paypro_signals,
)
from tests.docs.helpers import EXAMPLES, load_module
from tests.shop import models as shop_models

sys.modules.setdefault("orders", types.ModuleType("orders"))
sys.modules["orders.models"] = shop_models
_example = load_module(EXAMPLES / "test_shop_payments.py", "docs_test_shop_payments")
_receivers = load_module(EXAMPLES / "signal_receivers.py", "docs_receivers_for_testing_page")
for _signal, _receiver in (
    (signals.payment_partially_paid, _receivers.note_partial),
    (signals.payment_failed, _receivers.release_stock),
    (signals.payment_needs_review, _receivers.ask_staff),
    (signals.order_paid, _receivers.fulfil),
):
    _signal.disconnect(_receiver)  # connected per test below, not for the whole suite

pytestmark = pytest.mark.django_db
order = _example.order


@pytest.fixture(autouse=True)
def fulfil_receiver() -> Iterator[None]:
    signals.order_paid.connect(_receivers.fulfil)
    yield
    signals.order_paid.disconnect(_receivers.fulfil)


test_paid_notification_marks_the_order_paid = _example.test_paid_notification_marks_the_order_paid
test_duplicate_notification_is_answered_ok_and_fires_once = (
    _example.test_duplicate_notification_is_answered_ok_and_fires_once
)
test_forged_notification_changes_nothing = _example.test_forged_notification_changes_nothing
test_wrong_amount_is_held_for_review = _example.test_wrong_amount_is_held_for_review
