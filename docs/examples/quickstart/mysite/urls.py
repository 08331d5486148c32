"""URLs of the Quickstart project."""

from django.contrib import admin
from django.urls import include, path
from orders import views

urlpatterns = [
    path("admin/", admin.site.urls),
    # The notify endpoint that PAYPRO["NOTIFY_URL"] points to: /paypro/notify/
    path("paypro/", include("django_paypro.urls")),
    # The local PayPro that PAYPRO["BASE_URL"] points to (development only).
    path("paypro-sandbox/", include("django_paypro.sandbox.urls")),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/<int:pk>/", views.order_detail, name="order-detail"),
]
