"""The notify endpoint, the baseline view beside it, and the admin."""

from django.contrib import admin
from django.urls import include, path

from benchmarks.baseline import baseline_notify

urlpatterns = [
    path("admin/", admin.site.urls),
    path("paypro/", include("django_paypro.urls")),
    path("baseline/notify/", baseline_notify, name="baseline-notify"),
]
