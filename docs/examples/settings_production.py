"""A production ``PAYPRO`` setting for Mexico and Brazil (the Configuration page shows it).

tests/docs/test_examples.py runs the system checks on it with ``DEBUG = False``.
"""

import os

# [paypro]
PAYPRO = {
    # Mexico, the default country.
    "MERCHANT_NO": os.environ["PAYPRO_MERCHANT_NO"],
    "APP_SECRET": os.environ["PAYPRO_APP_SECRET"],
    "COUNTRY": "MX",
    "BASE_URL": "https://api.paypro.example/mex-pay",  # the production base PayPro gave you
    "NOTIFY_URL": "https://shop.example/paypro/notify/",
    # Brazil: another account at PayPro, same notify endpoint.
    "COUNTRIES": {
        "BR": {
            "MERCHANT_NO": os.environ["PAYPRO_BR_MERCHANT_NO"],
            "APP_SECRET": os.environ["PAYPRO_BR_APP_SECRET"],
            "BASE_URL": "https://api.paypro.example/brz-pay",
        },
    },
    "TRADE_NO_PREFIX": "SHOP1-",
    # Notifications only from PayPro's fixed addresses, through one proxy (nginx).
    "NOTIFY_ALLOWED_IPS": ["203.0.113.7", "198.51.100.0/24"],
    "TRUSTED_PROXY_COUNT": 1,
    "RECONCILE_CONCURRENCY": 4,
}
# [/paypro]
