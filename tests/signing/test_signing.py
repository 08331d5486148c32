"""The request signature, checked against strings built by hand and hashed with hashlib."""

from __future__ import annotations

import hashlib
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django_paypro.signing import loads_exact, sign, verify

SECRET = "s3cr3t"


def md5_of(text: str) -> str:
    """Return the lowercase hex MD5 of ``text`` in UTF-8, as PayPro computes it."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def reference_sign(fields: dict[str, str | None], secret: str) -> str:
    """Sign independently of django_paypro: the rule of PROTOCOL.md, written out plainly."""
    kept = [(key, value) for key, value in fields.items() if key != "sign" and value]
    kept.sort(key=lambda pair: [ord(c) for c in pair[0]])
    return md5_of("".join(key + "=" + value for key, value in kept) + secret)


def test_worked_example_of_protocol_md():
    fields = {"tradeNo": "T1", "amount": "300", "timestamp": "1715941383720", "remark": ""}
    assert md5_of("amount=300timestamp=1715941383720tradeNo=T1s3cr3t") == (
        "a2d636ae4579982874dc105b7542d7aa"
    )
    assert sign(fields, SECRET) == "a2d636ae4579982874dc105b7542d7aa"


def test_signature_is_lowercase_hex_md5():
    signature = sign({"tradeNo": "T1"}, SECRET)
    assert len(signature) == 32
    assert set(signature) <= set("0123456789abcdef")


def test_non_ascii_values_are_signed_as_utf8():
    fields = {"payer": "José Ñúñez", "remark": "支付", "tradeNo": "T1"}
    expected = md5_of("payer=José Ñúñezremark=支付tradeNo=T1" + SECRET)
    assert sign(fields, SECRET) == expected
    assert verify(fields, SECRET, expected)


def test_empty_values_are_left_out():
    fields = {"amount": "300", "email": "", "tradeNo": "T1"}
    assert sign(fields, SECRET) == md5_of("amount=300tradeNo=T1" + SECRET)
    assert sign(fields, SECRET) == sign({"amount": "300", "tradeNo": "T1"}, SECRET)


def test_a_null_is_signed_as_the_text_null_like_java_string_value_of():
    """PayPro's snippet: ``String.valueOf(map.get(key))`` turns null into "null", not empty."""
    fields = loads_exact('{"amount": "300", "remark": null, "tradeNo": "T1"}')
    assert verify(fields, SECRET, md5_of("amount=300remark=nulltradeNo=T1" + SECRET))
    assert not verify(fields, SECRET, md5_of("amount=300tradeNo=T1" + SECRET))


def test_sign_field_itself_is_never_signed():
    fields = {"amount": "300", "tradeNo": "T1"}
    assert sign({**fields, "sign": "whatever"}, SECRET) == sign(fields, SECRET)


def test_keys_sort_by_code_point_uppercase_first():
    fields = {"amount": "1", "Zeta": "2", "notifyUrl": "3", "URL": "4", "_x": "5", "b2": "6"}
    # "U" (85) < "Z" (90) < "_" (95) < "a" (97): not a case-insensitive sort.
    expected = md5_of("URL=4Zeta=2_x=5amount=1b2=6notifyUrl=3" + SECRET)
    assert sign(fields, SECRET) == expected


def test_secret_is_appended_at_the_end():
    assert sign({"a": "1"}, "salt") == md5_of("a=1salt")
    assert sign({"a": "1"}, "salt") != md5_of("salta=1")


@pytest.mark.parametrize(
    ("literal", "java_text"),
    [
        # Integer/Long/BigInteger.toString()
        ("30000", "30000"),
        ("-0", "0"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        # BigDecimal.toString(), written out from the JDK's documented rule
        ("30000.0", "30000.0"),
        ("100.50", "100.50"),
        ("3.0E+4", "3.0E+4"),
        ("1e2", "1E+2"),
        ("1.5e3", "1.5E+3"),
        ("0.0000001", "1E-7"),
        ("0.000001", "0.000001"),
        ("-0.0", "0.0"),
    ],
)
def test_inbound_numbers_are_signed_as_java_prints_them(literal, java_text):
    body = '{"amount": ' + literal + ', "tradeNo": "T1", "status": "0000"}'
    fields = loads_exact(body)
    assert fields["amount"] == literal  # the literal text is kept for everything else
    given_sign = md5_of(f"amount={java_text}status=0000tradeNo=T1" + SECRET)
    assert verify(fields, SECRET, given_sign)


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


class Wrapped:
    """A secret that shows itself only when asked, like ``django_paypro.conf.Secret``."""

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value


def test_a_wrapped_secret_signs_like_the_plain_one():
    assert sign(FIELDS, Wrapped(SECRET)) == GOOD
    assert verify(FIELDS, Wrapped(SECRET), GOOD)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"amount": object()}, id="unsignable"),
        pytest.param({"remark": "\ud800"}, id="lone-surrogate"),
        pytest.param({"nested": nested(5000)}, id="too-deep-to-serialise"),
    ],
)
def test_any_failure_while_signing_is_a_bad_signature(fields):
    assert verify(fields, SECRET, GOOD) is False


def test_integer_and_float_text_are_different_signatures():
    as_int = loads_exact('{"amount": 30000, "tradeNo": "T1"}')
    as_float = loads_exact('{"amount": 30000.0, "tradeNo": "T1"}')
    sign_of_int = md5_of("amount=30000tradeNo=T1" + SECRET)
    assert verify(as_int, SECRET, sign_of_int)
    assert not verify(as_float, SECRET, sign_of_int)


def test_inbound_booleans_are_signed_as_java_writes_them():
    fields = loads_exact('{"success": true, "tradeNo": "T1"}')
    assert verify(fields, SECRET, md5_of("success=truetradeNo=T1" + SECRET))


def test_floats_are_refused_when_signing_and_fail_verification():
    with pytest.raises(TypeError):
        sign({"amount": 1.5}, SECRET)
    assert not verify({"amount": 1.5}, SECRET, md5_of("amount=1.5" + SECRET))


FIELDS = {"amount": "300", "status": "0000", "tradeNo": "T1"}
GOOD = md5_of("amount=300status=0000tradeNo=T1" + SECRET)


def test_verify_accepts_the_right_signature():
    assert verify(FIELDS, SECRET, GOOD)


@pytest.mark.parametrize(
    "given_sign",
    [
        pytest.param(GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1"), id="one-char-off"),
        pytest.param(md5_of("amount=300status=0000tradeNo=T1other"), id="other-secret"),
        pytest.param("", id="empty"),
        pytest.param(None, id="missing"),
        pytest.param(12345, id="int"),
        pytest.param(GOOD.encode(), id="bytes"),
        pytest.param(["x"], id="list"),
        pytest.param("é" * 32, id="non-ascii"),
        pytest.param(GOOD[:16], id="truncated"),
    ],
)
def test_verify_refuses_a_wrong_or_missing_signature(given_sign):
    assert verify(FIELDS, SECRET, given_sign) is False


def test_verify_ignores_the_sign_field_inside_the_payload():
    assert verify({**FIELDS, "sign": GOOD}, SECRET, GOOD)


# --- properties ---------------------------------------------------------------------------------

keys = st.text(alphabet=string.ascii_letters + string.digits + "_", min_size=1, max_size=12).filter(
    lambda k: k != "sign"
)
values = st.text(max_size=20)
payloads = st.dictionaries(keys, values, min_size=1, max_size=8)


@given(payloads, st.text(max_size=20))
def test_sign_matches_the_independent_reference(fields, secret):
    assert sign(fields, secret) == reference_sign(dict(fields), secret)


@given(payloads, st.text(min_size=1, max_size=20))
def test_signed_payloads_verify(fields, secret):
    assert verify(fields, secret, reference_sign(dict(fields), secret))


@given(payloads, st.data())
def test_tampering_with_any_field_breaks_the_signature(fields, data):
    signature = sign(fields, SECRET)
    key = data.draw(st.sampled_from(sorted(fields)))
    new_value = data.draw(st.text(max_size=20).filter(lambda s: s != fields[key]))
    tampered = {**fields, key: new_value}
    assert not verify(tampered, SECRET, signature)


@given(payloads, keys, st.text(min_size=1, max_size=20))
def test_adding_a_field_breaks_the_signature(fields, key, value):
    if key in fields:
        return
    assert not verify({**fields, key: value}, SECRET, sign(fields, SECRET))
