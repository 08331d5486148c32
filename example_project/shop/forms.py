"""The checkout form: quantities, the country paid from, and the customer fields it needs."""

from collections.abc import Iterable
from typing import Any

from django import forms

from shop.models import Country, Product

#: Order fields each country requires; PayPro validates their format (CPF, Egyptian mobile).
REQUIRED: dict[Country, tuple[str, ...]] = {
    Country.MX: (),
    Country.BR: ("name", "cpf"),
    Country.EG: ("name", "mobile", "email"),
}

#: create_payment()'s argument names, as in PayProValidationError.field -> our form field.
PAYPRO_FIELDS = {"payer": "name", "identity": "cpf", "mobile": "mobile", "email": "email"}


class CheckoutForm(forms.Form):
    country = forms.ChoiceField(choices=Country.choices, widget=forms.RadioSelect)
    name = forms.CharField(max_length=100, required=False)
    email = forms.EmailField(required=False)
    mobile = forms.CharField(
        max_length=20, required=False, help_text="Egypt: 11 digits, e.g. 01012345678."
    )
    cpf = forms.CharField(
        label="CPF", max_length=20, required=False, help_text="Brazil: e.g. 529.982.247-25."
    )

    def __init__(self, *args: Any, products: Iterable[Product], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.products = list(products)
        for product in self.products:
            self.fields[f"qty_{product.pk}"] = forms.IntegerField(
                label=product.name, min_value=0, max_value=20, initial=0, required=False
            )

    def quantity_fields(self) -> list[tuple[Product, forms.BoundField]]:
        return [(p, self[f"qty_{p.pk}"]) for p in self.products]

    def customer_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "email", "mobile", "cpf")]

    def quantities(self) -> dict[Product, int]:
        """Return the chosen products and how many of each (valid form only)."""
        chosen = {p: self.cleaned_data.get(f"qty_{p.pk}") or 0 for p in self.products}
        return {p: n for p, n in chosen.items() if n}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not self.quantities():
            raise forms.ValidationError("Choose at least one product.")
        country = cleaned.get("country")
        for name in REQUIRED.get(Country(country), ()) if country else ():
            if not cleaned.get(name):
                self.add_error(name, f"Required for {Country(country).label}.")
        return cleaned

    def add_paypro_error(self, field: str, rule: str) -> None:
        """Show a ``PayProValidationError`` on the form field it is about."""
        ours = PAYPRO_FIELDS.get(field)
        self.add_error(ours, f"{rule[:1].upper()}{rule[1:]}." if ours else f"The {field} {rule}.")
