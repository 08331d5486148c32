"""The shipped country profiles: MX, BR, EG, ID, PK, IN, BD, NG, PH, KE, VN.

Facts come from ``PROTOCOL.md``; each profile's ``source`` says how sure we are of it:
``confirmed`` where PayPro's pages give the sandbox base and the fields (MX, BR, ID, PK), and
``assumed`` where the sandbox base is not published (EG, IN, BD, NG, PH, KE, VN). Those bases
follow the documented pattern (``https://sandbox-api.paypro.tech/<country>-pay``) and are
assumptions: set ``PAYPRO["BASE_URL"]`` (or ``COUNTRIES[code]["BASE_URL"]``) to the one PayPro
hands out. Any path can be overridden with ``PATHS`` the same way.

Our argument names, the same in every country (the profile maps them to the wire name):

Payments (``page``/``payin``)
    ``payer`` (customer's name: ``payer``, ``name`` in BR, ``username`` in ID), ``mobile``,
    ``email``, ``way_code`` (``wayCode``), ``identity`` and ``identity_type`` (BR
    ``userIdentity``/``identityType``), ``channel_code`` (``channelCode``), ``payment_type``,
    ``customer_cert`` and ``cust_id`` (PK ``paymentType``/``customerCert``/``custId``),
    ``pay_type`` (PH ``payType``), ``ip_address`` (IN ``ipAddress``).
Payouts
    ``name`` (beneficiary), ``account`` (whatever identifies the destination: CLABE or card in
    MX, PIX key in BR, ``bankAccountNo`` in ID, ``bankNumber`` in PK, ``walletId`` in EG and
    BD), ``account_type`` (MX ``customerAccountType``, BR ``bankType``, PK ``accountType``),
    ``bank_code`` (the destination institution: MX/BD ``wayCode``, ID ``bankCode``),
    ``bank_name`` (PK ``bankName``), ``mobile``, ``email``, ``identity``/``identity_type`` (BR),
    ``customer_cert`` (PK CNIC, as on PK pay-ins).

Amounts: MX, BR and EG document whole units only (EG pay-ins 100 to 10,000). Every other
country is given the same whole-unit rule as an assumption: a whole amount is accepted
everywhere, a fraction might not be.

Where a country's fields are not published (payouts in IN, NG, PH, KE, VN) the profile uses
Indonesia's beneficiary fields, the platform's generic set; ``extra`` passes anything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django_paypro.countries import tables
from django_paypro.countries import validators as v
from django_paypro.countries.base import (
    ACCOUNT_VERIFY,
    BALANCE,
    PAGE,
    PAYIN,
    PAYIN_QUERY,
    PAYOUT,
    PAYOUT_QUERY,
    AmountRule,
    CountryProfile,
    FieldSpec,
)
from django_paypro.exceptions import PayProValidationError

__all__ = ["PROFILES"]

_STANDARD_PATHS: Mapping[str, str] = {
    PAYIN: "/v1/paypro/payIn",
    PAYOUT: "/v1/paypro/payOut",
    PAYIN_QUERY: "/v1/paypro/queryPayInResult",
    PAYOUT_QUERY: "/v1/paypro/queryPayOutResult",
    BALANCE: "/v1/paypro/queryBalance",
}


def _paths(changes: Mapping[str, str] | None = None) -> dict[str, str]:
    return {**_STANDARD_PATHS, **(changes or {})}


def _sandbox(country: str) -> str:
    return f"https://sandbox-api.paypro.tech/{country}-pay"


# --- shared fields ------------------------------------------------------------------------------


def _payer(wire: str = "payer", *, required: bool = True) -> FieldSpec:
    return FieldSpec("payer", wire, required=required, validator=v.free_text(100, field="payer"))


def _mobile(*, required: bool = False) -> FieldSpec:
    return FieldSpec("mobile", "mobile", required=required, validator=v.phone)


def _email(*, required: bool = False) -> FieldSpec:
    return FieldSpec("email", "email", required=required, validator=v.email)


def _code(name: str, wire: str, *, required: bool = False) -> FieldSpec:
    return FieldSpec(name, wire, required=required, validator=v.named(v.code, name))


_NAME = FieldSpec("name", "name", required=True, validator=v.free_text(100, field="name"))
_CUSTOMER_NAME = FieldSpec(
    "name", "customerName", required=True, validator=v.free_text(100, field="name")
)


def _account(wire: str) -> FieldSpec:
    return FieldSpec("account", wire, required=True, validator=v.account_number)


_GENERIC_PAYIN = (_payer(), _mobile(), _email())
#: Indonesia's beneficiary fields; assumed for countries whose payout page is not published.
_GENERIC_PAYOUT = (
    _CUSTOMER_NAME,
    _account("bankAccountNo"),
    _code("bank_code", "bankCode", required=True),
    _mobile(),
    _email(),
)

# --- cross checks -------------------------------------------------------------------------------


def _mx_account_matches_type(cleaned: Mapping[str, str]) -> None:
    """Check a MX payout account as a CLABE or a 16-digit debit card, per its type."""
    account, kind = cleaned.get("account"), cleaned.get("account_type")
    if account and kind:
        check = v.clabe if kind == "CLABE" else v.debit_card
        check(account, field="account")


def _br_pix_key_matches_type(cleaned: Mapping[str, str]) -> None:
    """Check a BR payout PIX key (``bankNumber``) against its ``bankType``."""
    account, kind = cleaned.get("account"), cleaned.get("account_type")
    if account and kind:
        expected = v.pix_key_of_type(kind, account, field="account")
        # A cross check cannot rewrite the wire value, so ask for the exact form instead.
        if expected != account:
            raise PayProValidationError("account", f"write this {kind} key as {expected!r}")


def _br_identity_matches_type(cleaned: Mapping[str, str]) -> None:
    """Check ``identity`` as the document ``identity_type`` names (CPF or CNPJ)."""
    identity, kind = cleaned.get("identity"), cleaned.get("identity_type")
    if identity and kind:
        check = v.cnpj if kind == "CNPJ" else v.cpf
        check(identity, field="identity")


# --- profiles -----------------------------------------------------------------------------------

MX = CountryProfile(
    code="MX",
    name="Mexico",
    currency="MXN",
    sandbox_base_url="https://openapi-sa-test.paypro.tech/mex-pay",
    paths=_paths({PAGE: "/v1/paypro/paymentLink"}),
    default_method=PAGE,
    operations={
        PAGE: (
            _payer(required=False),
            _mobile(),
            _email(),
            _code("way_code", "wayCode"),
        ),
        PAYIN: (_payer(required=False), _mobile(), _email()),
        PAYOUT: (
            _code("bank_code", "wayCode", required=True),
            _CUSTOMER_NAME,
            FieldSpec(
                "account_type",
                "customerAccountType",
                required=True,
                validator=v.one_of(("DebitCard", "CLABE"), field="account_type"),
            ),
            _account("customerAccount"),
        ),
    },
    cross_checks={PAYOUT: (_mx_account_matches_type,)},
    way_codes=tables.WAY_CODES["MX"],
    bank_codes=tables.BANK_CODES["MX"],
    source="confirmed",
)

_BR_IDENTITY_TYPE = FieldSpec(
    "identity_type",
    "identityType",
    default="CPF",
    validator=v.one_of(("CPF", "CNPJ"), field="identity_type"),
)

BR = CountryProfile(
    code="BR",
    name="Brazil",
    currency="BRL",
    sandbox_base_url="https://sandbox-api.paypro.tech/brz-pay",
    # PayPro's Brazil page spells these in lower case; there is no payment page (cashier).
    paths=_paths({PAYIN: "/v1/paypro/payin", PAYOUT: "/v1/paypro/payout"}),
    default_method=PAYIN,
    sign_in_header=True,
    operations={
        PAYIN: (
            _payer("name"),
            _BR_IDENTITY_TYPE,
            FieldSpec("identity", "userIdentity", required=True, validator=v.cpf_or_cnpj),
        ),
        PAYOUT: (
            _NAME,
            _email(),
            _mobile(),
            FieldSpec(
                "account_type",
                "bankType",
                required=True,
                validator=v.one_of(("CPF", "CNPJ", "EMAIL", "PHONE", "EVP"), field="account_type"),
            ),
            FieldSpec("account", "bankNumber", required=True, validator=v.pix_key),
            _BR_IDENTITY_TYPE,
            FieldSpec("identity", "userIdentity", validator=v.cpf_or_cnpj),
        ),
    },
    cross_checks={
        PAYIN: (_br_identity_matches_type,),
        PAYOUT: (_br_pix_key_matches_type, _br_identity_matches_type),
    },
    source="confirmed",
)

EG = CountryProfile(
    code="EG",
    name="Egypt",
    currency="EGP",
    sandbox_base_url=_sandbox("egypt"),
    paths=_paths(),
    default_method=PAYIN,
    amount=AmountRule(decimals=0, minimum=Decimal(100), maximum=Decimal(10000)),
    operations={
        PAYIN: (
            _payer(),
            FieldSpec("mobile", "mobile", required=True, validator=v.egypt_mobile),
            _email(required=True),
        ),
        PAYOUT: (_CUSTOMER_NAME, _account("walletId")),
    },
    source="assumed",
)

ID = CountryProfile(
    code="ID",
    name="Indonesia",
    currency="IDR",
    sandbox_base_url="https://openapi-test.paypro.tech/indonesia-pay",
    paths=_paths({ACCOUNT_VERIFY: "/v1/paypro/accountVerify"}),
    default_method=PAYIN,
    operations={
        PAYIN: (
            _payer("username"),
            _mobile(),
            _email(),
            _code("channel_code", "channelCode"),
            _code("way_code", "wayCode"),
        ),
        PAYOUT: _GENERIC_PAYOUT,
        # assumed: the fields of the account check mirror the payout's destination.
        ACCOUNT_VERIFY: (
            _code("bank_code", "bankCode", required=True),
            _account("bankAccountNo"),
        ),
    },
    bank_codes=tables.BANK_CODES["ID"],
    source="confirmed",
)

_PK = "/v1/payproPK"

PK = CountryProfile(
    code="PK",
    name="Pakistan",
    currency="PKR",
    sandbox_base_url="https://sandbox-api.paypro.tech/pak-pay",
    paths={
        PAYIN: f"{_PK}/payinApi",
        PAYOUT: f"{_PK}/payout",
        PAYIN_QUERY: f"{_PK}/queryPayInResult",  # by analogy with the payout query
        PAYOUT_QUERY: f"{_PK}/queryPayOutResult",
        BALANCE: f"{_PK}/queryBalance",
    },
    default_method=PAYIN,
    operations={
        PAYIN: (
            *_GENERIC_PAYIN,
            _code("payment_type", "paymentType"),
            FieldSpec("customer_cert", "customerCert", validator=v.cnic),
            FieldSpec("cust_id", "custId", validator=v.free_text(64, field="cust_id")),
        ),
        PAYOUT: (
            _NAME,
            FieldSpec("customer_cert", "customerCert", required=True, validator=v.cnic),
            FieldSpec(
                "account_type",
                "accountType",
                required=True,
                validator=v.one_of(("BANK", "WALLET"), field="account_type"),
            ),
            _code("bank_name", "bankName", required=True),
            _account("bankNumber"),
        ),
    },
    bank_codes=tables.BANK_CODES["PK"],
    source="confirmed",
)

_IP_ADDRESS = FieldSpec("ip_address", "ipAddress", validator=v.ip_address)

IN = CountryProfile(
    code="IN",
    name="India",
    currency="INR",
    sandbox_base_url=_sandbox("india"),
    # India's cashier lives at the pay-in path; both methods reach the same endpoint.
    paths=_paths({PAGE: "/v1/paypro/payin", PAYIN: "/v1/paypro/payin"}),
    default_method=PAGE,
    operations={
        PAGE: (*_GENERIC_PAYIN, _IP_ADDRESS),
        PAYIN: (*_GENERIC_PAYIN, _IP_ADDRESS),
        PAYOUT: _GENERIC_PAYOUT,
    },
    source="assumed",
)

BD = CountryProfile(
    code="BD",
    name="Bangladesh",
    currency="BDT",
    sandbox_base_url=_sandbox("bangladesh"),
    paths=_paths({PAYIN: "/v1/paypro/payin", PAYOUT: "/v1/paypro/payout"}),
    default_method=PAYIN,
    operations={
        PAYIN: (*_GENERIC_PAYIN, _code("way_code", "wayCode")),
        PAYOUT: (_account("walletId"), _code("bank_code", "wayCode", required=True)),
    },
    way_codes=tables.WAY_CODES["BD"],
    bank_codes=tables.BANK_CODES["BD"],
    source="assumed",
)

NG = CountryProfile(
    code="NG",
    name="Nigeria",
    currency="NGN",
    sandbox_base_url=_sandbox("nigeria"),
    paths=_paths(),
    default_method=PAYIN,
    operations={
        PAYIN: (
            *_GENERIC_PAYIN,
            _code("channel_code", "channelCode"),
            _code("way_code", "wayCode"),
        ),
        PAYOUT: _GENERIC_PAYOUT,
    },
    way_codes=tables.WAY_CODES["NG"],
    source="assumed",
)

PH = CountryProfile(
    code="PH",
    name="Philippines",
    currency="PHP",
    sandbox_base_url=_sandbox("philippines"),
    paths=_paths(),
    default_method=PAYIN,
    operations={
        PAYIN: (*_GENERIC_PAYIN, _code("pay_type", "payType")),
        PAYOUT: _GENERIC_PAYOUT,
    },
    source="assumed",
)

KE = CountryProfile(
    code="KE",
    name="Kenya",
    currency="KES",
    sandbox_base_url=_sandbox("kenya"),
    paths=_paths({PAYIN: "/api/payin"}),
    default_method=PAYIN,
    # Kenya's pay-in is a mobile-money push: the customer's mobile is all it takes.
    operations={PAYIN: (_mobile(required=True),), PAYOUT: _GENERIC_PAYOUT},
    source="assumed",
)

VN = CountryProfile(
    code="VN",
    name="Vietnam",
    currency="VND",
    sandbox_base_url=_sandbox("vietnam"),
    paths=_paths({PAYIN_QUERY: "/v1/payproVN/queryPayInResult"}),
    default_method=PAYIN,
    operations={PAYIN: _GENERIC_PAYIN, PAYOUT: _GENERIC_PAYOUT},
    source="assumed",
)

PROFILES: dict[str, CountryProfile] = {
    p.code: p for p in (MX, BR, EG, ID, PK, IN, BD, NG, PH, KE, VN)
}
