"""Spanish and Brazilian Portuguese catalogues: complete, compiled, and used by the pages."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import django_paypro
from django_paypro.models import Payment
from django_paypro.testing.factories import PaymentFactory
from django_paypro.views.checkout import STATUS_MESSAGES

LOCALE = Path(django_paypro.__file__).parent / "locale"
LANGUAGES = {"es": "es", "pt_BR": "pt-br"}


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
