"""The payout list's review actions, as staff use them: permission, messages, the record."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from django_paypro.models import Payout, PayoutDecision
from django_paypro.testing.factories import PayoutFactory
from tests.fake_paypro import CLOSE
from tests.payouts.test_review_decisions import QUERY, paypro_answers, staff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/django_paypro/payout/"
SUCCEEDED_ACTION, FAILED_ACTION = "mark_succeeded", "mark_failed"


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def run(client: Client, action: str, *payouts: Payout) -> str:
    data = {"action": action, "_selected_action": [p.pk for p in payouts]}
    return client.post(CHANGELIST, data, follow=True).content.decode()


@pytest.fixture
def reviewer_client(db) -> Client:
    return logged_in(staff("reviewer", "view_payout", "review_payout"))


def test_staff_who_may_only_change_payouts_are_not_offered_the_decisions_and_cannot_post_them(
    fake_paypro, signals
):
    payout = PayoutFactory(needs_review=True)
    client = logged_in(staff("clerk", "view_payout", "change_payout"))

    page = client.get(CHANGELIST).content.decode()
    assert f'value="{SUCCEEDED_ACTION}"' not in page and f'value="{FAILED_ACTION}"' not in page
    assert 'value="refresh_status"' in page
    run(client, SUCCEEDED_ACTION, payout)
    run(client, FAILED_ACTION, payout)

    assert Payout.objects.get().status == Payout.Status.NEEDS_REVIEW
    assert signals.names() == [] and fake_paypro.requests == []


def test_a_reviewer_marks_succeeded_and_other_payouts_are_skipped(reviewer_client, signals):
    payout = PayoutFactory(needs_review=True)
    pending = PayoutFactory()

    page = run(reviewer_client, SUCCEEDED_ACTION, payout, pending)

    assert f"{payout.trade_no}: marked succeeded." in page
    assert f"{pending.trade_no}: skipped, not under review" in page
    assert Payout.objects.get(pk=payout.pk).status == Payout.Status.SUCCEEDED
    assert Payout.objects.get(pk=pending.pk).status == Payout.Status.PENDING
    assert signals.names() == ["payout_succeeded"]
    decision = PayoutDecision.objects.get()
    assert decision.user.username == "reviewer"
    assert "decided by reviewer in the admin" in decision.reason


def test_a_reviewer_marks_failed_once_paypro_says_failed(fake_paypro, reviewer_client, signals):
    payout = PayoutFactory(needs_review=True)
    paypro_answers(fake_paypro, payout, "00029")

    page = run(reviewer_client, FAILED_ACTION, payout)

    assert f"{payout.trade_no}: marked failed; PayPro answered 00029." in page
    assert Payout.objects.get().status == Payout.Status.FAILED
    assert signals.names() == ["payout_failed"]


def test_marking_failed_what_paypro_says_succeeded_marks_it_succeeded_and_says_so(
    fake_paypro, reviewer_client, signals
):
    payout = PayoutFactory(needs_review=True)
    paypro_answers(fake_paypro, payout, "0000")

    page = run(reviewer_client, FAILED_ACTION, payout)

    assert "PayPro says it succeeded (0000): marked succeeded, not failed." in page
    assert Payout.objects.get().status == Payout.Status.SUCCEEDED
    assert signals.names() == ["payout_succeeded"]


def test_marking_failed_when_paypro_cannot_be_asked_decides_nothing_and_says_so(
    fake_paypro, reviewer_client, signals
):
    payout = PayoutFactory(needs_review=True)
    fake_paypro.respond(QUERY, fault=CLOSE)

    page = run(reviewer_client, FAILED_ACTION, payout)

    assert f"{payout.trade_no}: PayPro could not be asked" in page
    assert "nothing decided" in page
    assert Payout.objects.get().status == Payout.Status.NEEDS_REVIEW
    assert signals.names() == [] and not PayoutDecision.objects.exists()


def test_the_change_page_shows_the_review_reason_and_the_decisions(fake_paypro, admin_client):
    payout = PayoutFactory(needs_review=True)
    paypro_answers(fake_paypro, payout, "00029", message="rejected by bank")
    run(admin_client, FAILED_ACTION, payout)

    page = admin_client.get(f"{CHANGELIST}{payout.pk}/change/").content.decode()

    assert payout.review_reason in page
    assert "Marked failed after review" in page
    assert "decided by admin in the admin" in page
    assert "00029 rejected by bank" in page


def test_the_actions_speak_spanish(admin_client):
    PayoutFactory()
    page = admin_client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Marcar como exitosa (transferencias en revisión)" in page
