"""Create one payment or payout in a process of its own (the cross-process race test).

    python -m tests.foundation.trade_number_worker <payment|payout> <trade_no> <base_url> [hold]

Prints ``created``, ``refused`` or the error. With ``hold``, prints ``inside`` once its record is
written and keeps the transaction open for a second, so a second process can run into it.
"""

from __future__ import annotations

import sys
import time
from typing import Any


def main(kind: str, trade_no: str, base_url: str, hold: bool) -> str:
    import django
    from django.conf import settings

    django.setup()
    settings.PAYPRO = {**settings.PAYPRO, "BASE_URL": base_url}

    from django.db.models.signals import post_save

    from django_paypro import create_payment, create_payout
    from django_paypro.exceptions import PayProValidationError
    from django_paypro.models import Payment, Payout

    def stay_inside(sender: Any, created: bool = False, **kwargs: Any) -> None:
        if created:
            print("inside", flush=True)
            time.sleep(1.0)

    if hold:
        post_save.connect(stay_inside, sender=Payment, weak=False)
        post_save.connect(stay_inside, sender=Payout, weak=False)
    try:
        if kind == "payment":
            create_payment("300", trade_no=trade_no)
        else:
            create_payout(
                "100",
                trade_no=trade_no,
                bank_code="BANXICO",
                name="Ana",
                account_type="CLABE",
                account="002010077777777771",
            )
    except PayProValidationError:
        return "refused"
    return "created"


if __name__ == "__main__":
    print(main(sys.argv[1], sys.argv[2], sys.argv[3], "hold" in sys.argv[4:]), flush=True)
