"""The catalogues: complete and compiled, and the customer pages speak each served language.

Spanish and Brazilian Portuguese translate everything; the languages of the other served
countries translate what customers see (return page, PIX page, redirect fallback, payment error,
sandbox cashier), Arabic and Urdu right to left.
"""

from __future__ import annotations

import ast
import gettext
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

import django_paypro
from django_paypro.models import Payment
from django_paypro.testing.factories import PaymentFactory
from django_paypro.views.checkout import STATUS_MESSAGES

LOCALE = Path(django_paypro.__file__).parent / "locale"
LANGUAGES = {"es": "es", "pt_BR": "pt-br"}
#: catalogue folder -> language code, for the customer-facing catalogues
CUSTOMER_LANGUAGES = {
    "ar": "ar",
    "id": "id",
    "ur": "ur",
    "hi": "hi",
    "bn": "bn",
    "fil": "fil",
    "sw": "sw",
    "vi": "vi",
}
RIGHT_TO_LEFT = {"ar", "ur"}
PACKAGE = Path(django_paypro.__file__).parent
CUSTOMER_TEMPLATES = [
    *sorted((PACKAGE / "templates" / "django_paypro").glob("*.html")),
    *sorted((PACKAGE / "sandbox" / "templates" / "django_paypro_sandbox").glob("*.html")),
]
#: sandbox pages the customer never sees (the trade list and the payout page)
OPERATOR_ONLY = {"index.html", "payout.html"}


def read_po(path: Path) -> dict[str, list[str]]:
    """Return msgid -> msgstr forms, parsed by hand (every entry, header excluded)."""
    entries: dict[str, list[str]] = {}
    for block in path.read_text("utf-8").split("\n\n"):
        assert "#, fuzzy" not in block, block
        parts: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            match = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$', line)
            if match:
                key = match.group(1)
                parts[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                parts[key] += ast.literal_eval(line)
        if parts.get("msgid"):
            entries[parts["msgid"]] = [
                v for k, v in sorted(parts.items()) if k.startswith("msgstr")
            ]
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_compiled(language):
    folder = LOCALE / language / "LC_MESSAGES"
    entries = read_po(folder / "django.po")
    with (folder / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert len(entries) > 100
    for msgid, forms in entries.items():
        assert all(forms), f"untranslated in {language}: {msgid!r}"
        if len(forms) == 1:
            assert compiled.gettext(msgid) == forms[0], f"{language} .mo is stale: {msgid!r}"
        for form in forms:  # placeholders survive translation
            assert set(re.findall(r"%\(\w+\)[sd]", form)) == set(
                re.findall(r"%\(\w+\)[sd]", msgid)
            ), msgid


@pytest.mark.parametrize(
    ("language", "paid", "needs_review"),
    [("es", "Pagado", "Requiere revisión"), ("pt-br", "Pago", "Requer revisão")],
)
def test_statuses_are_translated(language, paid, needs_review):
    with translation.override(language):
        assert str(Payment.Status.PAID.label) == paid
        assert str(Payment.Status.NEEDS_REVIEW.label) == needs_review


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES.values())
@pytest.mark.parametrize("status", sorted(STATUS_MESSAGES))
def test_return_page_has_no_english_left(client, settings, language, status):
    settings.PAYPRO = {**settings.PAYPRO, "RETURN_PAGE_REFRESH_SECONDS": None}
    payment = PaymentFactory(status=status, pay_param="000201PIX")
    url = reverse("paypro:return", args=[payment.trade_no])
    title, message = STATUS_MESSAGES[status]
    with translation.override("en"):
        english = [str(title), str(message), "Reference", "Amount", "Copy code"]
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in english:
        assert text not in page


@pytest.mark.django_db
def test_admin_speaks_spanish(admin_client):
    PaymentFactory()
    page = admin_client.get(
        "/admin/django_paypro/payment/", HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Consultar el estado a PayPro" in page
    assert "Pendiente" in page


def customer_messages() -> set[str]:
    """Return every msgid of the customer templates, read from the templates themselves."""
    found = {str(m) for pair in STATUS_MESSAGES.values() for m in pair}
    found |= {str(label) for label in Payment.Status.labels}
    for path in CUSTOMER_TEMPLATES:
        if path.name in OPERATOR_ONLY:
            continue
        text = path.read_text("utf-8")
        found |= set(re.findall(r"{% translate \"([^\"]+)\" %}", text))
        found |= set(re.findall(r"{% translate '([^']+)' %}", text))
        for body in re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", text):
            found.add(re.sub(r"{{ (\w+) }}", r"%(\1)s", body))
    return found


def compiled(folder: str) -> gettext.GNUTranslations:
    with (LOCALE / folder / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)


def test_customer_messages_are_found_in_the_templates():
    messages = customer_messages()
    assert {"Copy code", "Pay part (half)", "Amount: %(amount)s %(currency)s"} <= messages
    assert len(messages) > 60


@pytest.mark.parametrize("folder", [*LANGUAGES, *CUSTOMER_LANGUAGES])
def test_every_customer_message_is_translated_in_every_served_language(folder):
    entries = read_po(LOCALE / folder / "LC_MESSAGES" / "django.po")
    catalogue = compiled(folder)
    for msgid in sorted(customer_messages()):
        assert entries.get(msgid, [""])[0], f"{folder} lacks {msgid!r}"
        assert catalogue.gettext(msgid) == entries[msgid][0], f"{folder} .mo is stale: {msgid!r}"
    for msgid, forms in entries.items():
        assert all(forms), f"untranslated in {folder}: {msgid!r}"
        for form in forms:  # placeholders survive translation
            assert sorted(re.findall(r"%\(\w+\)[sdr]", form)) == sorted(
                re.findall(r"%\(\w+\)[sdr]", msgid)
            ), (folder, msgid)


@pytest.mark.django_db
@pytest.mark.parametrize("language", CUSTOMER_LANGUAGES.values())
@pytest.mark.parametrize("status", [Payment.Status.PENDING, Payment.Status.PAID])
def test_return_page_speaks_the_customers_language(client, settings, language, status):
    settings.PAYPRO = {**settings.PAYPRO, "RETURN_PAGE_REFRESH_SECONDS": None}
    payment = PaymentFactory(status=status, pay_param="000201PIX")
    url = reverse("paypro:return", args=[payment.trade_no])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in page
    title, message = STATUS_MESSAGES[status]
    with translation.override(language):
        assert str(title) in page and str(message) in page
    with translation.override("en"):
        english = [str(title), str(message), "Reference", "Amount"]
    for text in english:
        assert text not in page


def cashier_trade(platform_trade_no: str) -> Any:
    """Return a PIX trade of the sandbox waiting at its cashier page."""
    from django_paypro.sandbox.models import SandboxTrade

    return SandboxTrade.objects.create(
        kind=SandboxTrade.Kind.PAYIN,
        operation="payin",
        country="BR",
        merchant_no="1234567890",
        trade_no=f"T-{platform_trade_no}",
        platform_trade_no=platform_trade_no,
        amount=Decimal(25),
        notify_url="https://shop.example/paypro/notify/",
        pay_param="000201PIX",
    )


@pytest.mark.django_db
def test_sandbox_cashier_follows_the_catalogues_right_to_left(client, settings):
    settings.PAYPRO = {**settings.PAYPRO, "SANDBOX_ALLOW_WITHOUT_DEBUG": True}
    trade = cashier_trade("pf-ar-1")
    url = reverse("paypro_sandbox:cashier", args=[trade.platform_trade_no])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "ادفع جزءًا (النصف)" in page
    assert "Pay part (half)" not in page
