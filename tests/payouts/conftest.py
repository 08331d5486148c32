"""Fixtures for payout batches: staff users, CSV rows and the payout desk."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User

from tests.payouts.desk import PayoutDesk

CLABE = "002010077777777771"
HEADER = "amount,country,reference,bank_code,name,account_type,account"


def mx_row(amount: str = "100", reference: str = "S1", account: str = CLABE) -> str:
    return f"{amount},MX,{reference},BANXICO,Ana,CLABE,{account}"


def mx_csv(count: int, amount: str = "100") -> str:
    return "\n".join([HEADER, *(mx_row(amount, f"S{n}") for n in range(count))]) + "\n"


def _staff(username: str, *, approver: bool) -> User:
    user = User.objects.create_user(username, is_staff=True)  # no password: hashing is slow
    if approver:
        user.user_permissions.add(Permission.objects.get(codename="approve_payout"))
    return User.objects.get(pk=user.pk)  # fresh: no stale permission cache


@pytest.fixture
def creator(db: Any) -> User:
    return _staff("creator", approver=True)


@pytest.fixture
def approver(db: Any) -> User:
    return _staff("approver", approver=True)


@pytest.fixture
def desk(fake_paypro: Any) -> PayoutDesk:
    return PayoutDesk().install(fake_paypro)
