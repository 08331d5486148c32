"""``path("paypro/", include("django_paypro.urls"))`` serves the notify endpoint and pages."""

from django.urls import path

from django_paypro.views.notify import NotificationView

app_name = "paypro"

urlpatterns = [
    path("notify/", NotificationView.as_view(), name="notify"),
]
