"""The shape of a country profile: data, not code paths.

A :class:`CountryProfile` holds one :class:`Operation` per thing PayPro does in that country:
where it lives, which of our argument names travel under which wire field (with the validator
that guards each), the amount rule, and the page each of those facts was read from
(:class:`Source`). Adding a country is writing one more module like :mod:`.mx`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django_paypro.exceptions import PayProValidationError

# Operation names, used as keys of ``operations`` and in the ``PATHS`` setting.
PAGE = "page"
PAYIN = "payin"
PAYOUT = "payout"
PAYIN_QUERY = "payin_query"
PAYOUT_QUERY = "payout_query"
BALANCE = "balance"
ACCOUNT_VERIFY = "account_verify"
#: Bangladesh: the customer's wallet transaction id, submitted after a host-to-host pay-in.
PAYIN_SUBMIT = "payin_submit"
#: Kenya: a transaction looked up by its M-PESA code.
MPESA_QUERY = "mpesa_query"
OPERATIONS = (
    PAGE,
    PAYIN,
    PAYOUT,
    PAYIN_QUERY,
    PAYOUT_QUERY,
    BALANCE,
    ACCOUNT_VERIFY,
    PAYIN_SUBMIT,
    MPESA_QUERY,
)
#: Operations that create something and so carry ``notifyUrl``.
CREATIONS = frozenset({PAGE, PAYIN, PAYOUT})
#: The facts of an operation that carry their own source.
FACTS = ("path", "fields", "amount")

PAGES_BASE = "https://docs.paypro.tech/guide/areas"

Validator = Callable[[str], str]
"""Return the value normalised for the wire, or raise ``PayProValidationError``."""

CrossCheck = Callable[[Mapping[str, str]], None]
"""Check several cleaned values together (keyed by our names); raise ``PayProValidationError``."""


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: the PayPro page it was read on, or why it is assumed.

    ``setting`` names the setting a merchant set it with (their own word, not an assumption).
    """

    url: str = ""
    assumed: str = ""
    note: str = ""
    setting: str = ""

    @property
    def is_assumed(self) -> bool:
        """Return whether neither a PayPro page nor the merchant's settings state this fact."""
        return bool(self.assumed) and not self.url

    def __str__(self) -> str:
        if self.url or self.setting:
            return self.url or f"set in {self.setting}"
        return f"assumed: {self.assumed}"


def page(slug: str, name: str, note: str = "") -> Source:
    """Return the source for PayPro's page ``name`` of country ``slug`` (``mexico``...)."""
    return Source(url=f"{PAGES_BASE}/{slug}/{name}.html", note=note)


def assumed(reason: str) -> Source:
    """Return the source of a fact no PayPro page states, with the reason it was chosen."""
    return Source(assumed=reason)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a request: our argument ``name`` travels as ``wire``."""

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
        value = _decimal(amount, field_name)
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


def _decimal(amount: Any, field_name: str) -> Decimal:
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
    return value


@dataclass(frozen=True)
class Operation:
    """One operation as a country's page describes it.

    ``source`` is the page everything here was read from; ``path_source``, ``fields_source``
    and ``amount_source`` replace it for one fact when that fact came from elsewhere or is
    assumed. ``timestamp`` says whether the body carries ``timestamp`` (Kenya's queries do not).
    """

    path: str
    source: Source
    fields: tuple[FieldSpec, ...] = ()
    amount: AmountRule | None = None
    cross_checks: tuple[CrossCheck, ...] = ()
    timestamp: bool = True
    path_source: Source | None = None
    fields_source: Source | None = None
    amount_source: Source | None = None

    def sources(self) -> dict[str, Source]:
        """Return the source of each fact (``path``, ``fields``, ``amount``) of this operation."""
        facts = {
            "path": self.path_source or self.source,
            "fields": self.fields_source or self.source,
        }
        if self.amount is not None:
            facts["amount"] = self.amount_source or self.source
        return facts

    def field(self, name: str) -> FieldSpec | None:
        """Return the field our argument ``name`` travels in, or ``None``."""
        return next((spec for spec in self.fields if spec.name == name), None)


@dataclass(frozen=True)
class NotificationFacts:
    """What the country's notify page says PayPro posts: its fields and whether it is signed."""

    fields: tuple[str, ...]
    signed: bool
    source: Source


@dataclass(frozen=True)
class CountryProfile:
    """Everything that differs between PayPro countries."""

    code: str
    name: str
    slug: str
    currency: str
    sandbox_base_url: str
    base_url_source: Source
    specs: Mapping[str, Operation]
    default_method: str = PAGE
    sign_in_header: bool = False
    sign_source: Source = field(default_factory=Source)
    notification: NotificationFacts | None = None
    way_codes: Mapping[str, str] = field(default_factory=dict)
    bank_codes: Mapping[str, str] = field(default_factory=dict)
    #: page disagreements and the reading chosen, for the docs and the report
    notes: tuple[str, ...] = ()

    # Reading -------------------------------------------------------------------------------

    def supports(self, operation: str) -> bool:
        """Return whether PayPro offers ``operation`` in this country."""
        return operation in self.specs

    def operation(self, operation: str) -> Operation:
        """Return ``operation`` or raise ``PayProValidationError`` if it is not offered."""
        try:
            return self.specs[operation]
        except KeyError:
            raise PayProValidationError(
                "operation", f"{operation!r} is not offered in {self.code}"
            ) from None

    @property
    def paths(self) -> dict[str, str]:
        """Return operation name -> path."""
        return {name: spec.path for name, spec in self.specs.items()}

    @property
    def operations(self) -> dict[str, tuple[FieldSpec, ...]]:
        """Return creation operation -> its fields (the shape the sandbox reads)."""
        return {name: spec.fields for name, spec in self.specs.items() if name in CREATIONS}

    @property
    def methods(self) -> tuple[str, ...]:
        """Return the payment methods (``page``, ``payin``) offered here."""
        return tuple(m for m in (PAGE, PAYIN) if self.supports(m))

    @property
    def amount(self) -> AmountRule:
        """Return the amount rule of payments (the default method's)."""
        return self._rule(self.default_method)

    @property
    def payout_amount(self) -> AmountRule:
        """Return the amount rule of payouts."""
        return self._rule(PAYOUT)

    def _rule(self, operation: str) -> AmountRule:
        spec = self.specs.get(operation)
        return spec.amount if spec is not None and spec.amount is not None else AmountRule()

    def assumed_facts(
        self, operations: Collection[str] = OPERATIONS
    ) -> list[tuple[str, str, Source]]:
        """Return ``(operation, fact, source)`` for every assumed fact of ``operations``.

        The sandbox base URL, when assumed, comes first with operation ``""``.
        """
        found = [
            (name, fact, source)
            for name, spec in self.specs.items()
            if name in operations
            for fact, source in spec.sources().items()
            if source.is_assumed
        ]
        if self.base_url_source.is_assumed:
            found.insert(0, ("", "sandbox base URL", self.base_url_source))
        return found

    # Amounts and fields ----------------------------------------------------------------------

    def clean_amount(self, amount: Any, operation: str = PAYIN) -> Decimal:
        """Return ``amount`` checked against this country's rule for ``operation``."""
        return self._rule(operation).clean(amount)

    def amount_text(self, amount: Decimal, operation: str = PAYIN) -> str:
        """Return the wire text of a cleaned amount."""
        return self._rule(operation).text(amount)

    def argument_names(self, operation: str) -> set[str]:
        """Return our argument names ``operation`` takes."""
        spec = self.specs.get(operation)
        return {f.name for f in spec.fields} if spec is not None else set()

    def remark(self, operation: str, given: str, fallback: str) -> str:
        """Return the ``remark`` to send: ``given``, or ``fallback`` where a remark is required.

        PayPro refuses an empty required remark; the merchant reference (else the trade
        number) is what callers pass as ``fallback``.
        """
        spec = self.specs[operation].field("remark") if operation in self.specs else None
        if given or spec is None or not spec.required:
            return given
        return fallback

    def wire_fields(
        self, operation: str, values: Mapping[str, Any], *, ignore: Collection[str] = ()
    ) -> dict[str, str]:
        """Validate ``values`` (our names) for ``operation`` and return them under wire names.

        Empty values are left out; a missing required field or a broken rule raises
        ``PayProValidationError`` naming the field. Names this operation does not take are
        refused, so a typo never silently drops data, except those in ``ignore``: arguments
        one checkout passes for every country, sent only where the country takes them.
        """
        specs = self.specs[operation].fields if operation in self.specs else ()
        known = {spec.name for spec in specs}
        unknown = sorted(
            k
            for k, v in values.items()
            if k not in known and k not in ignore and v not in (None, "")
        )
        if unknown:
            raise PayProValidationError(
                unknown[0], f"is not a field of {operation} in {self.code} (known: {sorted(known)})"
            )
        cleaned: dict[str, str] = {}
        wire: dict[str, str] = {}
        for spec in specs:
            text = _clean_field(self.code, operation, spec, values.get(spec.name))
            if text:
                cleaned[spec.name] = text
                wire[spec.wire] = text
        for check in self.specs[operation].cross_checks if operation in self.specs else ():
            check(cleaned)
        return wire

    # Settings --------------------------------------------------------------------------------

    def with_overrides(
        self,
        *,
        paths: Mapping[str, str] | None = None,
        way_codes: Mapping[str, str] | None = None,
        bank_codes: Mapping[str, str] | None = None,
    ) -> CountryProfile:
        """Return a copy with settings overrides merged in.

        A path set in ``PATHS`` replaces the shipped one, with the setting as its source; for
        an operation the profile lacks it adds that operation.
        """
        specs = dict(self.specs)
        for name, path in (paths or {}).items():
            if name in specs:
                specs[name] = replace(specs[name], path=path, path_source=_SET_IN_SETTINGS)
            else:
                specs[name] = Operation(path=path, source=_SET_IN_SETTINGS)
        return replace(
            self,
            specs=specs,
            way_codes={**self.way_codes, **(way_codes or {})},
            bank_codes={**self.bank_codes, **(bank_codes or {})},
        )


_SET_IN_SETTINGS = Source(setting="PAYPRO['PATHS']")


def _clean_field(code: str, operation: str, spec: FieldSpec, raw: Any) -> str:
    text = "" if raw is None else str(raw).strip()
    if not text and spec.default is not None:
        text = spec.default
    if not text:
        if spec.required:
            raise PayProValidationError(spec.name, f"is required for {operation} in {code}")
        return ""
    return spec.validator(text) if spec.validator is not None else text


def operations(**by_name: Operation) -> dict[str, Operation]:
    """Return ``by_name`` in the order of :data:`OPERATIONS` (docs and checks read it so)."""
    return {name: by_name[name] for name in OPERATIONS if name in by_name}
