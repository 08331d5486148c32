"""Template tags for checkout pages: ``{% load paypro %}``.

- ``{% paypro_redirect payment %}`` sends the customer to PayPro's payment page at once, with a
  visible link in case the redirect is blocked (``django_paypro/redirect.html``).
- ``{% paypro_qr payment %}`` shows the PIX code as an inline SVG QR image, the copy-and-paste
  text and a copy button (``django_paypro/qr.html``).
- ``{% paypro_payment_url payment %}`` (or ``... as url``) gives the payment page URL alone.

Override the templates under ``templates/django_paypro/`` in your project.
"""

from __future__ import annotations

from typing import Any

import segno
from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from django_paypro.models import Payment
from django_paypro.services.return_page import safe_payment_url

register = template.Library()

#: size of one QR module in CSS pixels, and the quiet zone around the code in modules
QR_SCALE, QR_BORDER = 4, 2


@register.simple_tag
def paypro_payment_url(payment: Payment | None) -> str:
    """Return the payment's http(s) payment page URL, or ``""`` when it has none."""
    return safe_payment_url(payment)


@register.inclusion_tag("django_paypro/redirect.html")
def paypro_redirect(payment: Payment | None) -> dict[str, Any]:
    """Render the immediate redirect to the payment page, with a fallback link."""
    return {"payment": payment, "url": safe_payment_url(payment)}


def qr_svg(code: str, *, scale: int = QR_SCALE) -> SafeString:
    """Return ``code`` as an inline SVG QR image (``""`` if it is too long for a QR code)."""
    try:
        qr = segno.make(code, error="m", micro=False)
    except segno.DataOverflowError:
        return SafeString("")
    svg = qr.svg_inline(
        scale=scale, border=QR_BORDER, title=gettext("PIX QR code"), svgclass="paypro-qr-svg"
    )
    # segno writes path data computed from the code's bits and XML-escapes the title: no input
    # text reaches the markup unescaped.
    return mark_safe(svg)  # noqa: S308


@register.inclusion_tag("django_paypro/qr.html")
def paypro_qr(payment: Payment | None, scale: int = QR_SCALE) -> dict[str, Any]:
    """Render the PIX QR code, the copy-and-paste code and a copy button."""
    code = (payment.pay_param if payment is not None else "") or ""
    return {
        "payment": payment,
        "code": code,
        "svg": qr_svg(code, scale=scale) if code else "",
        "element_id": f"paypro-code-{payment.pk}" if payment is not None else "paypro-code",
    }
