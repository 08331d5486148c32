"""Staff decide a payout under review: succeeded as said, failed only once PayPro says so."""

from __future__ import annotations

import functools
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User

from django_paypro import signals as paypro_signals
from django_paypro.exceptions import PayoutReviewRefused, PayProRejected, PayProTransportError
from django_paypro.models import Notification, Payout, PayoutDecision
from django_paypro.services.payout_review import decide_payout_review
from django_paypro.services.payouts import refresh_payout
from django_paypro.testing.factories import PayoutFactory
from tests.conftest import notification_body
from tests.fake_paypro import CLOSE, envelope
from tests.threads import failures, run_together

pytestmark = pytest.mark.django_db

QUERY = "/v1/paypro/queryPayOutResult"
SUCCEEDED, FAILED = Payout.Status.SUCCEEDED, Payout.Status.FAILED


def staff(username: str, *codenames: str) -> User:
    user = User.objects.create_user(username, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return User.objects.get(pk=user.pk)  # fresh: no stale permission cache


@pytest.fixture
def reviewer(db) -> User:
    return staff("reviewer", "view_payout", "review_payout")


def paypro_answers(fake_paypro, payout: Payout, status: str, **data: str) -> None:
    """Make the payout query answer ``status`` for ``payout`` (the amount it was asked for)."""
    body = {"tradeNo": payout.trade_no, "platFormTradeNo": f"PF{payout.trade_no}"}
    body.update({"status": status, "amount": f"{payout.amount:f}", "message": "", **data})
    fake_paypro.respond(QUERY, json=envelope(body))


def test_marking_succeeded_sends_one_signal_asks_nothing_and_records_the_decision(
    fake_paypro, signals, reviewer
):
    payout = PayoutFactory(needs_review=True)

    change = decide_payout_review(payout, SUCCEEDED, user=reviewer, note="bank statement seen")

    assert (change.old_status, change.new_status) == (Payout.Status.NEEDS_REVIEW, SUCCEEDED)
    assert signals.names() == ["payout_succeeded"]
    assert fake_paypro.requests == []
    payout = Payout.objects.get()
    assert payout.status == SUCCEEDED
    assert payout.decided_at is not None and payout.succeeded_at is not None
    decision = PayoutDecision.objects.get()
    assert (decision.payout, decision.batch, decision.user) == (payout, None, reviewer)
    assert decision.action == PayoutDecision.Action.SUCCEEDED
    assert (decision.reason, decision.paypro_answer) == ("bank statement seen", "")


def test_marking_failed_asks_paypro_and_fails_when_it_says_failed(fake_paypro, signals, reviewer):
    payout = PayoutFactory(needs_review=True)
    paypro_answers(fake_paypro, payout, "00029", message="rejected by bank")

    change = decide_payout_review(payout, FAILED, user=reviewer, note="beneficiary called")

    assert change.new_status == FAILED
    assert len(fake_paypro.requests_to(QUERY)) == 1
    assert signals.names() == ["payout_failed"]
    payout = Payout.objects.get()
    assert (payout.status, payout.status_code) == (FAILED, "00029")
    decision = PayoutDecision.objects.get()
    assert decision.action == PayoutDecision.Action.FAILED
    assert decision.paypro_answer == "00029 rejected by bank"
    assert decision.reason == "beneficiary called"


def test_paypro_saying_succeeded_wins_over_staff_saying_failed(fake_paypro, signals, reviewer):
    payout = PayoutFactory(needs_review=True)
    paypro_answers(fake_paypro, payout, "0000")

    change = decide_payout_review(payout, FAILED, user=reviewer)

    assert change.new_status == SUCCEEDED
    assert signals.names() == ["payout_succeeded"]
    assert Payout.objects.get().status == SUCCEEDED
    decision = PayoutDecision.objects.get()
    assert decision.action == PayoutDecision.Action.SUCCEEDED
    assert decision.paypro_answer.startswith("0000")
    assert "money left" in decision.reason


def test_paypro_still_processing_decides_nothing(fake_paypro, signals, reviewer):
    payout = PayoutFactory(needs_review=True)
    paypro_answers(fake_paypro, payout, "0015")

    change = decide_payout_review(payout, FAILED, user=reviewer)

    assert not change.changed and "still processing" in change.ignored
    assert Payout.objects.get().status == Payout.Status.NEEDS_REVIEW
    assert signals.names() == [] and not PayoutDecision.objects.exists()


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ({"fault": CLOSE}, PayProTransportError),
        ({"json": envelope(None, code="5000", msg="system busy")}, PayProTransportError),
        # On a query, 8000 does not say the payout failed.
        ({"json": envelope(None, code="8000", msg="order error")}, PayProRejected),
    ],
)
def test_paypro_not_answering_decides_nothing(fake_paypro, signals, reviewer, answer, error):
    payout = PayoutFactory(needs_review=True)
    fake_paypro.respond(QUERY, **answer)

    with pytest.raises(error):
        decide_payout_review(payout, FAILED, user=reviewer)

    fresh = Payout.objects.get()
    assert (fresh.status, fresh.version, fresh.decided_at) == (
        Payout.Status.NEEDS_REVIEW,
        payout.version,
        None,
    )
    assert signals.names() == [] and not PayoutDecision.objects.exists()


@pytest.mark.parametrize("status", ["pending", "unknown", "failed", "succeeded", "sending"])
@pytest.mark.parametrize("decision", [SUCCEEDED, FAILED])
def test_a_payout_not_under_review_is_left_alone(fake_paypro, signals, reviewer, status, decision):
    payout = PayoutFactory(status=status)

    change = decide_payout_review(payout, decision, user=reviewer)

    assert not change.changed and "not under review" in change.ignored
    assert Payout.objects.get().status == status
    assert fake_paypro.requests == []
    assert signals.names() == [] and not PayoutDecision.objects.exists()


@pytest.mark.parametrize("decision", [SUCCEEDED, FAILED])
def test_without_the_review_permission_nobody_decides(fake_paypro, signals, decision):
    payout = PayoutFactory(needs_review=True)
    clerk = staff("clerk", "view_payout", "change_payout", "approve_payout")

    with pytest.raises(PayoutReviewRefused):
        decide_payout_review(payout, decision, user=clerk)

    assert Payout.objects.get().status == Payout.Status.NEEDS_REVIEW
    assert fake_paypro.requests == [] and signals.names() == []


def test_a_superuser_may_decide(signals):
    boss = User.objects.create_superuser("boss")
    decide_payout_review(PayoutFactory(needs_review=True), SUCCEEDED, user=boss)
    assert signals.names() == ["payout_succeeded"]


def test_only_succeeded_or_failed_can_be_decided(reviewer):
    with pytest.raises(ValueError):
        decide_payout_review(PayoutFactory(needs_review=True), "pending", user=reviewer)


def test_a_failed_decision_sticks_against_a_later_notification_and_query(
    fake_paypro, post_notification, signals, reviewer
):
    payout = PayoutFactory(needs_review=True, amount=Decimal(300))
    paypro_answers(fake_paypro, payout, "00029")
    decide_payout_review(payout, FAILED, user=reviewer)
    paypro_answers(fake_paypro, payout, "0000")

    refresh_payout(payout)
    assert post_notification(notification_body(payout.trade_no, amount="300")).content == b"OK"

    payout.refresh_from_db()
    assert payout.status == FAILED and not payout.late_success
    assert signals.names() == ["payout_failed"]
    assert "staff decided" in Notification.objects.get().action


def test_a_succeeded_decision_sticks_against_a_later_failure_report(
    fake_paypro, post_notification, signals, reviewer
):
    payout = PayoutFactory(needs_review=True, amount=Decimal(300))
    decide_payout_review(payout, SUCCEEDED, user=reviewer)

    body = notification_body(payout.trade_no, status="00029", amount="300")
    assert post_notification(body).content == b"OK"

    assert Payout.objects.get().status == SUCCEEDED
    assert signals.names() == ["payout_succeeded"]


def test_two_decisions_at_once_change_the_payout_once(fake_paypro, signals, reviewer):
    """Both read the payout under review; the second loses the compare-and-set."""
    first = PayoutFactory(needs_review=True)
    second = Payout.objects.get(pk=first.pk)
    other = staff("other", "view_payout", "review_payout")
    paypro_answers(fake_paypro, first, "00029")

    won = decide_payout_review(first, FAILED, user=reviewer)
    lost = decide_payout_review(second, SUCCEEDED, user=other)

    assert won.changed and not lost.changed
    assert lost.ignored == "decided meanwhile: failed"
    assert second.status == FAILED  # re-read after the lost race
    assert Payout.objects.get().status == FAILED
    assert signals.names() == ["payout_failed"]
    assert list(PayoutDecision.objects.values_list("user__username", flat=True)) == ["reviewer"]


def test_a_receiver_that_raises_leaves_no_decision(signals, reviewer):
    payout = PayoutFactory(needs_review=True)

    def refuse(**kwargs: object) -> None:
        raise RuntimeError("the shop's books are locked")

    paypro_signals.payout_succeeded.connect(refuse, sender=Payout)
    try:
        with pytest.raises(RuntimeError):
            decide_payout_review(payout, SUCCEEDED, user=reviewer)
    finally:
        paypro_signals.payout_succeeded.disconnect(refuse, sender=Payout)

    assert Payout.objects.get().status == Payout.Status.NEEDS_REVIEW
    assert not PayoutDecision.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("decisions", [(SUCCEEDED, FAILED), (FAILED, FAILED)])
def test_two_people_deciding_at_the_same_moment_fire_one_signal(fake_paypro, signals, decisions):
    payout = PayoutFactory(needs_review=True)
    paypro_answers(fake_paypro, payout, "00029")
    people = [staff(f"person{n}", "view_payout", "review_payout") for n in range(2)]
    # Each person holds the payout as their page showed it: under review.
    jobs = [
        functools.partial(decide_payout_review, Payout.objects.get(pk=payout.pk), status, user=user)
        for user, status in zip(people, decisions, strict=True)
    ]
    results = run_together(jobs)

    assert not failures(results)
    assert len(signals.names()) == 1
    assert PayoutDecision.objects.count() == 1
    assert Payout.objects.get().status in decisions
