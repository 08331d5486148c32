"""The shop, django-paypro's notify endpoint, the PayPro sandbox and the admin, in one site."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("shop.urls")),
    path("paypro/", include("django_paypro.urls")),
    # The local PayPro simulator: PAYPRO["COUNTRIES"][...]["BASE_URL"] points here.
    path("paypro-sandbox/", include("django_paypro.sandbox.urls")),
    path("admin/", admin.site.urls),
]
