"""Way-code and bank-code tables shipped with the country profiles: code -> label.

PayPro publishes these as static tables in each country's docs ("Bank List"), not as an
endpoint. Only the codes PayPro's pages show are shipped; merchants add the rest with
``PAYPRO["WAY_CODES"]`` / ``PAYPRO["BANK_CODES"]`` (top level or per country under
``COUNTRIES``), which ``get_profile`` merges over these.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["BANK_CODES", "WAY_CODES"]

#: Collection methods for ``wayCode`` on pay-ins and payment pages.
WAY_CODES: Mapping[str, Mapping[str, str]] = {
    "MX": {"store": "Convenience store", "va": "Bank transfer to a CLABE (VA)"},
    "NG": {"PALMPAY": "PalmPay wallet", "VA": "Bank transfer to a virtual account"},
    "ID": {"DANA": "DANA wallet"},
    "BD": {"EWALLET_BKASH": "bKash", "EWALLET_NAGAD": "Nagad"},
}

#: Destinations of payouts (``wayCode`` in MX and BD, ``bankCode`` in ID, ``bankName`` in PK
#: and VN).
BANK_CODES: Mapping[str, Mapping[str, str]] = {
    "MX": {"BANXICO": "Banco de México"},
    # "0002" is the code PayPro's Indonesian pages use for a bank; the label is ours.
    "ID": {"0002": "Bank (code 0002)", "DANA": "DANA wallet"},
    "PK": {"ALLIED_BANK_LIMITED": "Allied Bank Limited"},
    # Rocket is printed only as EWALLET_ROCKET (bengal payout page); PROTOCOL.md had ROCKET.
    "BD": {"EWALLET_BKASH": "bKash", "EWALLET_NAGAD": "Nagad", "EWALLET_ROCKET": "Rocket"},
}
