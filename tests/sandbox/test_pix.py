"""PIX copy-and-paste codes are well-formed EMV with a valid CRC16."""

from __future__ import annotations

from decimal import Decimal

from django_paypro.sandbox.pix import crc16_ccitt, pix_code, qr_svg

# The payParam of PayPro's Brazil page: its checksum must come out the same.
PAYPRO_EXAMPLE = (
    "00020101021226910014br.gov.bcb.pix2569api.developer.btgpactual.com/v1/p/v2/"
    "5ef8ec7172034688909253ad3a17f8465204000053039865802BR5922Bellapay Negocios Ltda"
    "6009Sao Paulo61080120100562070503***6304FAF9"
)


def parse_emv(code: str) -> dict[str, str]:
    fields, i = {}, 0
    while i < len(code):
        tag, length = code[i : i + 2], int(code[i + 2 : i + 4])
        fields[tag] = code[i + 4 : i + 4 + length]
        i += 4 + length
    return fields


def test_crc_matches_the_standard_check_value() -> None:
    assert crc16_ccitt("123456789") == "29B1"


def test_crc_matches_paypros_example() -> None:
    assert crc16_ccitt(PAYPRO_EXAMPLE[:-4]) == PAYPRO_EXAMPLE[-4:]


def test_code_has_pix_fields_and_a_valid_checksum() -> None:
    code = pix_code("abc123", Decimal("300"))
    fields = parse_emv(code)
    assert fields["00"] == "01"
    assert parse_emv(fields["26"])["00"] == "br.gov.bcb.pix"
    assert parse_emv(fields["26"])["25"].endswith("abc123")
    assert fields["53"] == "986"
    assert fields["54"] == "300.00"
    assert fields["58"] == "BR"
    assert fields["63"] == crc16_ccitt(code[:-4])


def test_qr_is_inline_svg() -> None:
    assert qr_svg("hello").startswith("<svg")
