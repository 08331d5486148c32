"""URLs of the sandbox.

Mount with ``path("paypro-sandbox/", include("django_paypro.sandbox.urls"))``.

``<base>/<PayPro path>`` is the API: point ``PAYPRO["BASE_URL"]`` (or a country's) at
``http://host/paypro-sandbox/mex-pay``, ``.../brz-pay``, ``.../egypt-pay`` (or ``.../mx``).
"""

from __future__ import annotations

from django.urls import path

from django_paypro.sandbox import views

app_name = "paypro_sandbox"

urlpatterns = [
    path("", views.index, name="index"),
    path("payouts/settle/", views.settle_payouts, name="settle-payouts"),
    path("cashier/<str:platform_trade_no>/", views.cashier, name="cashier"),
    path("payouts/<str:platform_trade_no>/", views.payout, name="payout"),
    path("<str:base>/<path:op_path>", views.api, name="api"),
]
