"""A merchant's own admin site, where the order model is registered too."""

from django.contrib import admin
from django.urls import include, path

from django_paypro.admin import NotificationAdmin, PaymentAdmin
from django_paypro.models import Notification, Payment
from tests.shop.models import Order

site = admin.AdminSite(name="shopadmin")
site.register(Order)
site.register(Payment, PaymentAdmin)
site.register(Notification, NotificationAdmin)

urlpatterns = [
    path("shopadmin/", site.urls),
    path("paypro/", include("django_paypro.urls")),
]
