"""The shape of a country profile: data, not code paths.

A :class:`CountryProfile` says where each operation lives, where the signature travels, how
amounts look and which of our argument names map to which wire field, with the validator that
guards it. Adding a country is writing one more profile in :mod:`.profiles`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django_paypro.exceptions import PayProValidationError

# Operation names, used as keys of ``paths`` and ``operations`` and in the ``PATHS`` setting.
PAGE = "page"
PAYIN = "payin"
PAYOUT = "payout"
PAYIN_QUERY = "payin_query"
PAYOUT_QUERY = "payout_query"
BALANCE = "balance"
ACCOUNT_VERIFY = "account_verify"
OPERATIONS = (PAGE, PAYIN, PAYOUT, PAYIN_QUERY, PAYOUT_QUERY, BALANCE, ACCOUNT_VERIFY)
#: Operations that create something and so carry ``notifyUrl``.
CREATIONS = frozenset({PAGE, PAYIN, PAYOUT})

Validator = Callable[[str], str]
"""Return the value normalised for the wire, or raise ``PayProValidationError``."""

CrossCheck = Callable[[Mapping[str, str]], None]
"""Check several cleaned values together (keyed by our names); raise ``PayProValidationError``."""


@dataclass(frozen=True)
class FieldSpec:
    """One customer or beneficiary field: our argument ``name`` travels as ``wire``."""

    name: str
    wire: str
    required: bool = False
    validator: Validator | None = None
    default: str | None = None


@dataclass(frozen=True)
class AmountRule:
    """What an amount may look like: decimal places allowed and the documented range."""

    decimals: int = 0
    minimum: Decimal | None = None
    maximum: Decimal | None = None

    def clean(self, amount: Any, field_name: str = "amount") -> Decimal:
        """Return ``amount`` as a ``Decimal`` or raise ``PayProValidationError``."""
        if isinstance(amount, float | bool):
            raise PayProValidationError(field_name, "must be a Decimal, int or string, not float")
        try:
            value = Decimal(str(amount).strip())
        except (InvalidOperation, ValueError):
            raise PayProValidationError(field_name, f"{amount!r} is not a number") from None
        if not value.is_finite():
            raise PayProValidationError(field_name, "must be a finite number")
        if value <= 0:
            raise PayProValidationError(field_name, "must be greater than zero")
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimals:
            rule = "no decimals" if self.decimals == 0 else f"at most {self.decimals} decimals"
            raise PayProValidationError(field_name, f"{value} has too many decimals ({rule})")
        if self.minimum is not None and value < self.minimum:
            raise PayProValidationError(field_name, f"must be at least {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise PayProValidationError(field_name, f"must be at most {self.maximum}")
        return value.quantize(Decimal(1).scaleb(-self.decimals))

    def text(self, amount: Decimal) -> str:
        """Return the wire text of a cleaned amount (``300``, ``300.50``)."""
        return f"{amount:.{self.decimals}f}"


@dataclass(frozen=True)
class CountryProfile:
    """Everything that differs between PayPro countries."""

    code: str
    name: str
    currency: str
    sandbox_base_url: str
    paths: Mapping[str, str]
    default_method: str = PAGE
    sign_in_header: bool = False
    amount: AmountRule = AmountRule()
    payout_amount: AmountRule = AmountRule()
    #: creation operation -> its customer or beneficiary fields
    operations: Mapping[str, tuple[FieldSpec, ...]] = field(default_factory=dict)
    #: creation operation -> checks over several cleaned fields
    cross_checks: Mapping[str, tuple[CrossCheck, ...]] = field(default_factory=dict)
    way_codes: Mapping[str, str] = field(default_factory=dict)
    bank_codes: Mapping[str, str] = field(default_factory=dict)
    #: how confident we are of this profile's facts: confirmed / analogy / assumed
    source: str = "assumed"

    def supports(self, operation: str) -> bool:
        """Return whether PayPro offers ``operation`` in this country."""
        return operation in self.paths

    @property
    def methods(self) -> tuple[str, ...]:
        """Return the payment methods (``page``, ``payin``) offered here."""
        return tuple(m for m in (PAGE, PAYIN) if self.supports(m))

    def clean_amount(self, amount: Any, operation: str = PAYIN) -> Decimal:
        """Return ``amount`` checked against this country's rule for ``operation``."""
        rule = self.payout_amount if operation == PAYOUT else self.amount
        return rule.clean(amount)

    def amount_text(self, amount: Decimal, operation: str = PAYIN) -> str:
        """Return the wire text of a cleaned amount."""
        rule = self.payout_amount if operation == PAYOUT else self.amount
        return rule.text(amount)

    def wire_fields(self, operation: str, values: Mapping[str, Any]) -> dict[str, str]:
        """Validate ``values`` (our names) for ``operation`` and return them under wire names.

        Empty values are left out; a missing required field or a broken rule raises
        ``PayProValidationError`` naming the field. Names this operation does not know are
        refused too, so a typo never silently drops data.
        """
        specs = self.operations.get(operation, ())
        known = {spec.name for spec in specs}
        unknown = sorted(k for k, v in values.items() if k not in known and v not in (None, ""))
        if unknown:
            raise PayProValidationError(
                unknown[0], f"is not a field of {operation} in {self.code} (known: {sorted(known)})"
            )
        cleaned: dict[str, str] = {}
        wire: dict[str, str] = {}
        for spec in specs:
            raw = values.get(spec.name)
            text = "" if raw is None else str(raw).strip()
            if not text and spec.default is not None:
                text = spec.default
            if not text:
                if spec.required:
                    raise PayProValidationError(
                        spec.name, f"is required for {operation} in {self.code}"
                    )
                continue
            if spec.validator is not None:
                text = spec.validator(text)
            cleaned[spec.name] = text
            wire[spec.wire] = text
        for check in self.cross_checks.get(operation, ()):
            check(cleaned)
        return wire

    def with_overrides(
        self,
        *,
        paths: Mapping[str, str] | None = None,
        way_codes: Mapping[str, str] | None = None,
        bank_codes: Mapping[str, str] | None = None,
    ) -> CountryProfile:
        """Return a copy with settings overrides merged in."""
        return replace(
            self,
            paths={**self.paths, **(paths or {})},
            way_codes={**self.way_codes, **(way_codes or {})},
            bank_codes={**self.bank_codes, **(bank_codes or {})},
        )
