"""PIX "copy and paste" codes (EMV BR Code) and their QR image.

The code is syntactically what a Brazilian bank app reads: ID-length-value fields, the PIX
merchant account template with a dynamic location, the amount, and a CRC16-CCITT checksum. It
points nowhere real.
"""

from __future__ import annotations

from decimal import Decimal

import segno

PIX_GUI = "br.gov.bcb.pix"
MERCHANT_NAME = "PAYPRO SANDBOX"
MERCHANT_CITY = "SAO PAULO"
LOCATION_HOST = "pix.sandbox.paypro.invalid/qr/v2/"


def _field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"EMV field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt(data: str) -> str:
    """Return the CRC16-CCITT (poly 0x1021, init 0xFFFF) of ``data`` as 4 upper hex digits."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def pix_code(reference: str, amount: Decimal) -> str:
    """Return a dynamic PIX code for ``amount`` BRL whose location carries ``reference``."""
    account = _field("00", PIX_GUI) + _field("25", LOCATION_HOST + reference[:40])
    payload = "".join(
        [
            _field("00", "01"),
            _field("01", "12"),
            _field("26", account),
            _field("52", "0000"),
            _field("53", "986"),
            _field("54", f"{amount:.2f}"),
            _field("58", "BR"),
            _field("59", MERCHANT_NAME),
            _field("60", MERCHANT_CITY),
            _field("62", _field("05", "***")),
            "6304",
        ]
    )
    return payload + crc16_ccitt(payload)


def qr_svg(text: str) -> str:
    """Return ``text`` as an inline SVG QR code."""
    return str(segno.make(text, error="m", micro=False).svg_inline(scale=4))
