from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("paypro/", include("django_paypro.urls")),
    path("paypro/api/", include("django_paypro.api.urls")),
    path("paypro-sandbox/", include("django_paypro.sandbox.urls")),
]
