"""The notify endpoint, the two reference views beside it, and the admin."""

from django.contrib import admin
from django.urls import include, path

from benchmarks.references import floor_notify, minimal_notify

urlpatterns = [
    path("admin/", admin.site.urls),
    path("paypro/", include("django_paypro.urls")),
    path("minimal/notify/", minimal_notify, name="minimal-notify"),
    path("floor/notify/", floor_notify, name="floor-notify"),
]
