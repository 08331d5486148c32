"""The notification allow-list: addresses as servers and proxies write them, bad entries."""

from __future__ import annotations

import ipaddress

import pytest
from django.core.checks import run_checks
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from django_paypro.addresses import (
    address_allowed,
    client_address,
    parse_address,
    parse_allow_list,
)
from django_paypro.models import Notification
from tests.conftest import notification_body


def request_from(remote_addr: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/paypro/notify/", **meta)


def allow(settings, entries, proxies=0):
    settings.PAYPRO = {
        **settings.PAYPRO,
        "NOTIFY_ALLOWED_IPS": entries,
        "TRUSTED_PROXY_COUNT": proxies,
    }


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("203.0.113.7:51234", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("[::ffff:203.0.113.7]:443", "203.0.113.7"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_addresses_are_read_as_proxies_and_servers_write_them(written, expected):
    assert str(parse_address(written)) == expected


@pytest.mark.parametrize("written", ["", "unknown", "paypro.example", "[::1", "1.2.3.4:x:y", "_"])
def test_text_that_is_no_address_reads_as_none(written):
    assert parse_address(written) is None


@given(st.text(max_size=60))
def test_parse_address_never_raises(text):
    parse_address(text)


@given(st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.text(max_size=20))))
def test_parse_allow_list_never_raises(value):
    parse_allow_list(value)


def test_ipv4_mapped_sender_matches_the_ipv4_entry(settings):
    """gunicorn bound on ``[::]`` reports IPv4 clients as ``::ffff:a.b.c.d``."""
    allow(settings, ["127.0.0.1"])
    assert address_allowed("::ffff:127.0.0.1")
    assert client_address(request_from("::ffff:127.0.0.1")) == "127.0.0.1"


def test_ipv4_mapped_entry_matches_the_ipv4_sender(settings):
    allow(settings, ["::ffff:203.0.113.0/120"])
    assert address_allowed("203.0.113.9")
    assert not address_allowed("203.0.114.9")


@pytest.mark.parametrize("forwarded", ["203.0.113.7:51234", "[::ffff:203.0.113.7]:443"])
def test_forwarded_entry_with_port_or_brackets_matches_the_ipv4_entry(settings, forwarded):
    allow(settings, ["203.0.113.7"], proxies=1)
    address = client_address(request_from("10.0.0.1", f"198.51.100.1, {forwarded}"))
    assert address == "203.0.113.7"
    assert address_allowed(address)


def test_forwarded_entries_left_of_the_trusted_ones_are_not_believed(settings):
    allow(settings, ["203.0.113.7"], proxies=1)
    address = client_address(request_from("10.0.0.1", "203.0.113.7, 198.51.100.1"))
    assert address == "198.51.100.1"
    assert not address_allowed(address)


@pytest.mark.parametrize(
    "entries",
    [["paypro.example"], ["127.0.0.1/33"], ["not an address"], [None], [42], [{"ip": "x"}]],
)
def test_bad_entries_never_match_and_never_raise(settings, entries):
    allow(settings, entries)
    assert not address_allowed("127.0.0.1")
    assert parse_allow_list(entries).networks == ()


def test_bad_entries_do_not_spoil_the_good_ones(settings):
    allow(settings, ["paypro.example", "127.0.0.1/33", "203.0.113.0/24"])
    assert address_allowed("203.0.113.200")
    assert not address_allowed("127.0.0.1")


def test_a_lone_string_is_one_entry_not_its_characters(settings):
    allow(settings, "203.0.113.7")
    assert address_allowed("203.0.113.7")
    assert parse_allow_list("203.0.113.7").networks == (ipaddress.ip_network("203.0.113.7"),)


@pytest.mark.parametrize("proxies", ["two", -1, 1.5, True])
def test_a_proxy_count_that_is_no_count_trusts_nobody(settings, proxies):
    allow(settings, ["203.0.113.7"], proxies=proxies)
    assert client_address(request_from("203.0.113.7", "203.0.113.7")) is None


def check_ids() -> list[str]:
    return [m.id for m in run_checks(tags=["paypro"]) if m.id and m.id.startswith("paypro.")]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (["paypro.example"], ["paypro.E020"]),
        (["127.0.0.1/33"], ["paypro.E020"]),
        ("127.0.0.1", ["paypro.W020"]),
        ("paypro.example", ["paypro.W020", "paypro.E020"]),
        (["127.0.0.1", "::ffff:10.0.0.0/104", "2001:db8::/32"], []),
    ],
)
def test_the_check_reports_what_the_allow_list_cannot_use(settings, entries, expected):
    allow(settings, entries)
    ids = [i for i in check_ids() if i.startswith(("paypro.E02", "paypro.W02"))]
    assert ids == expected


def test_the_check_reports_a_proxy_count_that_is_no_count(settings):
    allow(settings, None, proxies="two")
    assert "paypro.E021" in check_ids()


@pytest.mark.django_db
@pytest.mark.parametrize("entries", [["paypro.example"], "127.0.0.1/33", ["127.0.0.1/33"]])
def test_the_endpoint_answers_403_not_500_on_a_bad_allow_list(settings, post_notification, entries):
    allow(settings, entries)
    response = post_notification(notification_body("T-NOWHERE"))
    assert response.status_code == 403
    assert Notification.objects.get().outcome == Notification.Outcome.REJECTED


@pytest.mark.django_db
def test_the_endpoint_lets_an_ipv4_mapped_sender_through(settings, post_notification):
    allow(settings, ["127.0.0.1"])
    response = post_notification(notification_body("T-NOWHERE"), REMOTE_ADDR="::ffff:127.0.0.1")
    assert response.status_code != 403  # past the allow-list: an unknown trade number now
    note = Notification.objects.get()
    assert note.remote_addr == "127.0.0.1"


@pytest.mark.django_db
def test_the_endpoint_reads_a_forwarded_entry_with_a_port(settings, post_notification):
    allow(settings, ["203.0.113.7"], proxies=1)
    response = post_notification(
        notification_body("T-NOWHERE"),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7:51234",
    )
    assert response.status_code != 403
    assert Notification.objects.get().remote_addr == "203.0.113.7"
