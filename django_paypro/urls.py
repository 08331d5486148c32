"""``path("paypro/", include("django_paypro.urls"))`` serves the notify endpoint and pages."""

from django.urls import path

from django_paypro.views.checkout import PayView, ReturnView, StatusView
from django_paypro.views.notify import NotificationView

app_name = "paypro"

urlpatterns = [
    path("notify/", NotificationView.as_view(), name="notify"),
    path("pay/<str:order_id>/", PayView.as_view(), name="pay"),
    path("return/<str:trade_no>/", ReturnView.as_view(), name="return"),
    path("status/<str:trade_no>/", StatusView.as_view(), name="status"),
]
