"""The pytest plugin's fixtures, used here directly and by a merchant's own test run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from django_paypro.models import Payment, Payout

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_paypro_notify_marks_the_fixture_payment_paid(
    paypro_payment, paypro_notify, paypro_signals
):
    response = paypro_notify(paypro_payment)

    assert (response.status_code, response.content) == (200, b"OK")
    paypro_payment.refresh_from_db()
    assert paypro_payment.status == Payment.Status.PAID
    assert paypro_signals.names() == ["order_paid"]


@pytest.mark.django_db
def test_paypro_notify_passes_status_and_amount(paypro_payment, paypro_notify, paypro_signals):
    paypro_notify(paypro_payment, status="0000", amount="299")
    paypro_payment.refresh_from_db()
    assert paypro_payment.status == Payment.Status.NEEDS_REVIEW
    assert paypro_signals.names() == ["payment_needs_review"]


@pytest.mark.django_db
def test_paypro_payout_fails_on_a_failure_code(paypro_payout, paypro_notify, paypro_signals):
    paypro_notify(paypro_payout, status="0100019")
    paypro_payout.refresh_from_db()
    assert paypro_payout.status == Payout.Status.FAILED
    assert paypro_signals.names() == ["payout_failed"]


def test_paypro_settings_changes_keys_for_one_test(paypro_settings, settings):
    new = paypro_settings(COUNTRY="BR")
    assert settings.PAYPRO["COUNTRY"] == new["COUNTRY"] == "BR"
    assert settings.PAYPRO["MERCHANT_NO"] == "1234567890"


def test_the_signal_recorder_stops_recording_after_the_test(paypro_signals):
    from django_paypro import signals

    paypro_signals.disconnect()
    signals.order_paid.send(sender=Payment, payment=None, order=None)
    assert paypro_signals.calls == []


MERCHANT_TEST = """
import pytest
from django_paypro.models import Payment


@pytest.mark.django_db
def test_order_is_paid(paypro_payment, paypro_notify, paypro_signals):
    assert paypro_notify(paypro_payment).content == b"OK"
    paypro_payment.refresh_from_db()
    assert paypro_payment.status == Payment.Status.PAID
    assert paypro_signals.names() == ["order_paid"]


def test_importing_the_kit_needs_no_factory_boy_until_a_factory_is_used():
    import subprocess, sys
    code = (
        "import sys, django_paypro, django_paypro.testing;"
        "import django_paypro.testing.pytest_plugin;"
        "assert 'factory' not in sys.modules, 'factory imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
"""


def test_a_merchant_enables_the_plugin_with_pytest_plugins(tmp_path):
    """Run a merchant's test file in a fresh pytest whose root conftest names the plugin."""
    (tmp_path / "pytest.ini").write_text("[pytest]\nDJANGO_SETTINGS_MODULE = tests.settings\n")
    (tmp_path / "conftest.py").write_text(
        'pytest_plugins = ["django_paypro.testing.pytest_plugin"]\n'
    )
    (tmp_path / "test_merchant.py").write_text(textwrap.dedent(MERCHANT_TEST))
    # Autoloading every installed plugin (playwright, hypothesis...) would double the time.
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    # Never share (and so drop) the outer run's PostgreSQL test database, nor its options.
    env["PAYPRO_TEST_DB_NAME"] = "test_django_paypro_merchant_run"
    env.pop("PYTEST_ADDOPTS", None)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "pytest_django.plugin"]
    command += ["-p", "no:cacheprovider", "--no-migrations", str(tmp_path)]
    run = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout
