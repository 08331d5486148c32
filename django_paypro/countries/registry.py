"""The shipped country profiles, one module each, keyed by ISO 3166 alpha-2 code."""

from __future__ import annotations

from django_paypro.countries.base import CountryProfile
from django_paypro.countries.bd import BD
from django_paypro.countries.br import BR
from django_paypro.countries.eg import EG
from django_paypro.countries.id import ID
from django_paypro.countries.in_ import IN
from django_paypro.countries.ke import KE
from django_paypro.countries.mx import MX
from django_paypro.countries.ng import NG
from django_paypro.countries.ph import PH
from django_paypro.countries.pk import PK
from django_paypro.countries.vn import VN

__all__ = ["PROFILES"]

PROFILES: dict[str, CountryProfile] = {
    p.code: p for p in (MX, BR, EG, ID, PK, IN, BD, NG, PH, KE, VN)
}
