"""Valid documents built independently of django_paypro's validators, for the tests."""

from __future__ import annotations


def cpf_from(base9: str) -> str:
    """Return the CPF whose first nine digits are ``base9`` (mod-11, ``x*10 % 11 % 10`` form)."""
    digits = [int(c) for c in base9]
    for _ in range(2):
        weights = range(len(digits) + 1, 1, -1)
        digits.append(sum(d * w for d, w in zip(digits, weights, strict=True)) * 10 % 11 % 10)
    return "".join(map(str, digits))


def cnpj_from(base12: str) -> str:
    """Return the CNPJ whose first twelve digits are ``base12``."""
    digits = [int(c) for c in base12]
    for weights in ([5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]):
        rest = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        digits.append(0 if rest < 2 else 11 - rest)
    return "".join(map(str, digits))


def clabe_from(base17: str) -> str:
    """Return the CLABE whose first seventeen digits are ``base17`` (Banxico's 3-7-1 rule)."""
    weights = [3, 7, 1] * 6
    products = [int(d) * weights[i] for i, d in enumerate(base17)]
    total = sum(p % 10 for p in products)
    return base17 + str((10 - total % 10) % 10)


def card_from(base15: str) -> str:
    """Return the 16-digit card number whose first fifteen digits are ``base15`` (Luhn)."""
    for check in "0123456789":
        number = base15 + check
        doubled = [
            sum(divmod(int(d) * 2, 10)) if i % 2 == 0 else int(d) for i, d in enumerate(number)
        ]
        if sum(doubled) % 10 == 0:
            return number
    raise AssertionError("unreachable: one check digit always fits")
