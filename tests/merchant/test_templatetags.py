"""{% load paypro %}: the redirect, the PIX QR code and the bare URL."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from django_paypro.models import Payment
from django_paypro.testing.factories import PaymentFactory

pytestmark = pytest.mark.django_db

PIX = (
    "00020101021226800014br.gov.bcb.pix2558pix.example.com/qr/v2/cobv/9d36b84f-c70b-478f"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)


def render(source: str, **context) -> str:
    return Template("{% load paypro %}" + source).render(Context(context))


def test_redirect_sends_the_customer_at_once_with_a_visible_link():
    payment = PaymentFactory(payment_url="https://cashier.example/pay?id=1&lang=es")
    html = render("{% paypro_redirect payment %}", payment=payment)
    escaped = "https://cashier.example/pay?id=1&amp;lang=es"
    assert f'<meta http-equiv="refresh" content="0;url={escaped}">' in html
    assert (
        'window.location.replace("https://cashier.example/pay?id\\u003D1\\u0026lang\\u003Des")'
        in html
    )
    assert f'href="{escaped}"' in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "/relative/path",
        "",
        'https://x.example/"><script>alert(1)</script>',
    ],
)
def test_redirect_never_emits_an_unsafe_url(url):
    payment = PaymentFactory(payment_url=url)
    html = render("{% paypro_redirect payment %}", payment=payment)
    assert "javascript:" not in html
    assert "<script>alert" not in html
    if not url.startswith("https://"):
        assert "http-equiv" not in html
        assert "no payment page" in html


def test_payment_url_tag_gives_the_url_alone_escaped():
    payment = PaymentFactory(payment_url="https://cashier.example/pay?a=1&b=2")
    assert render("{% paypro_payment_url payment %}", payment=payment) == (
        "https://cashier.example/pay?a=1&amp;b=2"
    )
    html = render('{% paypro_payment_url payment as url %}<a href="{{ url }}">', payment=payment)
    assert html == '<a href="https://cashier.example/pay?a=1&amp;b=2">'
    assert render("{% paypro_payment_url payment %}", payment=None) == ""


def test_qr_shows_an_inline_svg_the_code_and_a_copy_button():
    payment = PaymentFactory(country="BR", currency="BRL", method="payin", pay_param=PIX)
    html = render("{% paypro_qr payment %}", payment=payment)
    assert re.search(r"<svg [^>]*class=\"paypro-qr-svg\"", html)
    assert "<title>PIX QR code</title>" in html
    assert 'role="img"' in html and "aria-label=" in html
    assert f">{PIX}</textarea>" in html
    assert 'type="button"' in html and "navigator.clipboard" in html
    assert 'execCommand("copy")' in html


def test_qr_encodes_the_pix_code():
    segno = pytest.importorskip("segno")
    payment = PaymentFactory(pay_param=PIX)
    html = render("{% paypro_qr payment %}", payment=payment)
    expected = segno.make(PIX, error="m", micro=False).svg_inline(
        scale=4, border=2, title="PIX QR code", svgclass="paypro-qr-svg"
    )
    assert expected in html


def test_qr_escapes_a_hostile_code():
    payment = PaymentFactory(pay_param='</textarea><script>alert("x")</script>')
    html = render("{% paypro_qr payment %}", payment=payment)
    assert "<script>alert" not in html
    assert "&lt;/textarea&gt;&lt;script&gt;" in html


def test_qr_without_code_says_so():
    payment = PaymentFactory(pay_param="")
    html = render("{% paypro_qr payment %}", payment=payment)
    assert "<svg" not in html
    assert "no PIX code" in html


def test_qr_of_a_code_too_long_for_a_qr_image_still_offers_the_text():
    payment = PaymentFactory(pay_param="9" * 8000)
    html = render("{% paypro_qr payment %}", payment=payment)
    assert "<svg" not in html
    assert "9" * 8000 in html


def test_templates_can_be_overridden(settings, tmp_path):
    folder = tmp_path / "django_paypro"
    folder.mkdir()
    (folder / "redirect.html").write_text("custom {{ url }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]
    payment = PaymentFactory(payment_url="https://cashier.example/1")
    html = render("{% paypro_redirect payment %}", payment=payment)
    assert html == "custom https://cashier.example/1"


def test_tags_accept_a_payment_loaded_from_the_database():
    PaymentFactory(payment_url="https://cashier.example/2")
    payment = Payment.objects.get()
    assert "https://cashier.example/2" in render("{% paypro_redirect payment %}", payment=payment)


@pytest.mark.parametrize(
    ("language", "direction"), [("ar", "rtl"), ("ur", "rtl"), ("pt-br", "ltr"), ("en", "ltr")]
)
@pytest.mark.parametrize(
    ("tag", "fields", "root"),
    [
        ("{% paypro_qr payment %}", {"pay_param": PIX}, "div"),
        ("{% paypro_qr payment %}", {"pay_param": ""}, "p"),
        ("{% paypro_redirect payment %}", {"payment_url": "https://cashier.example/p"}, "p"),
        ("{% paypro_redirect payment %}", {"payment_url": ""}, "p"),
    ],
)
def test_fragments_say_their_language_inside_a_page_in_another(
    tag, fields, root, language, direction
):
    """The shop's page may be ``lang="en"``; the fragment's words are in the customer's
    language, which screen readers must be told to pronounce them right (WCAG 3.1.2)."""
    payment = PaymentFactory(**fields)
    with translation.override(language):
        html = render(tag, payment=payment)
    found = re.search(rf'<{root} class="paypro-[^"]*" lang="([^"]+)" dir="([^"]+)"', html)
    assert found, html
    assert found.groups() == (language, direction)
