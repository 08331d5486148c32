"""What the client logs (never a secret or signature) and how it reuses connections."""

from __future__ import annotations

import logging

import pytest

from django_paypro.client import get_client, redact
from django_paypro.exceptions import PayProTransportError
from tests.client.handsign import SECRET, hand_sign
from tests.fake_paypro import envelope

PAYIN = "/v1/paypro/payInApi"
PAYIN_QUERY = "/v1/paypro/queryPayInResult"
BALANCE = "/v1/paypro/queryBalance"


# A signed answer (the client verifies a sign it receives): its sign must not be logged either.
LOGGED_SIGN = hand_sign({"tradeNo": "T-LOG", "status": "0015"})


def logged_text(caplog):
    return "\n".join(record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("country", ["MX", "BR"])
def test_secret_and_sign_never_reach_the_logs(fake_paypro, caplog, country):
    fake_paypro.respond(
        "/v1/paypro/payin" if country == "BR" else PAYIN,
        json=envelope({"tradeNo": "T-LOG", "status": "0015", "sign": LOGGED_SIGN}),
    )
    caplog.set_level(logging.DEBUG, logger="django_paypro")

    get_client(country).create_payin({"tradeNo": "T-LOG", "amount": "300", "remark": "hello"})

    request = fake_paypro.last
    sent_sign = request.headers.get("sign") or request.json["sign"]
    text = logged_text(caplog)
    assert "T-LOG" in text  # the trade number is logged...
    assert "hello" in text  # ...and the body, at DEBUG...
    assert SECRET not in text  # ...but never the secret
    assert sent_sign not in text
    assert LOGGED_SIGN not in text
    assert any(r.name == "django_paypro.client" for r in caplog.records)


def test_secret_echoed_in_a_non_json_answer_is_scrubbed(fake_paypro, caplog):
    fake_paypro.respond(PAYIN, body=f"debug: salt={SECRET}".encode(), content_type="text/plain")
    caplog.set_level(logging.DEBUG, logger="django_paypro")

    with pytest.raises(PayProTransportError) as caught:
        get_client("MX").create_payin({"tradeNo": "T-LOG2", "amount": "300"})

    assert SECRET not in logged_text(caplog)
    assert SECRET not in str(caught.value)


def test_info_line_has_operation_trade_number_code_and_time(fake_paypro, caplog):
    fake_paypro.respond(PAYIN, json=envelope(None, code="8000", msg="dup"))
    caplog.set_level(logging.INFO, logger="django_paypro")

    with pytest.raises(Exception):  # noqa: B017 - the exception is tested elsewhere
        get_client("MX").create_payin({"tradeNo": "T-INFO", "amount": "300"})

    (line,) = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert "payin" in line
    assert "T-INFO" in line
    assert "code 8000" in line
    assert " ms" in line


def test_redact_stars_sensitive_keys_nested_values_and_the_secret():
    fields = {"sign": "abc", "appSecret": "x", "data": {"sign": "y"}, "note": "has s3cr3t in it"}

    assert redact(fields, "s3cr3t") == {
        "sign": "********",
        "appSecret": "********",
        "data": {"sign": "********"},
        "note": "********",
    }


def test_client_repr_shows_no_secret(fake_paypro):
    assert SECRET not in repr(get_client("MX"))


def test_several_calls_share_one_connection(fake_paypro):
    fake_paypro.respond(BALANCE, json=envelope({"availableAmount": "1"}))
    fake_paypro.respond(PAYIN_QUERY, json=envelope({"status": "0015"}))
    fake_paypro.respond(PAYIN, json=envelope({"status": "0015"}))

    for number in range(3):
        get_client("MX").query_balance()
        get_client("MX").query_payin(f"T{number}")
        get_client("MX").create_payin({"tradeNo": f"N{number}", "amount": "300"})

    assert len(fake_paypro.requests) == 9
    assert fake_paypro.connections == 1
