"""A local PayPro: the API, a cashier page and signed notifications, for development.

Add ``"django_paypro.sandbox"`` to ``INSTALLED_APPS``, mount it with
``path("paypro-sandbox/", include("django_paypro.sandbox.urls"))`` and point the account at it::

    PAYPRO = {..., "BASE_URL": "http://127.0.0.1:8000/paypro-sandbox/mex-pay"}

It serves only while ``DEBUG`` is on, unless ``PAYPRO["SANDBOX_ALLOW_WITHOUT_DEBUG"]`` says so.
"""
