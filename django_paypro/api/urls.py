"""``path("paypro/api/", include("django_paypro.api.urls"))`` serves the payment API.

URL names (namespace ``paypro-api``): ``payment-create``, ``payment-detail``, ``payout-detail``,
``payout-batch-create``, ``payout-batch-detail``, ``payout-batch-approve``, ``payout-batch-reject``.
"""

from django.urls import path

from django_paypro.api import batches
from django_paypro.api.views import PaymentCreateView, PaymentDetailView, PayoutDetailView

app_name = "paypro-api"

urlpatterns = [
    path("payments/", PaymentCreateView.as_view(), name="payment-create"),
    path("payments/<str:trade_no>/", PaymentDetailView.as_view(), name="payment-detail"),
    path("payouts/<str:trade_no>/", PayoutDetailView.as_view(), name="payout-detail"),
    *batches.urlpatterns,
]
