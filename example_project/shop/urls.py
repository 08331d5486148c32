from django.urls import path

from shop import views

app_name = "shop"

urlpatterns = [
    path("", views.checkout, name="checkout"),
    path("orders/<str:number>/", views.order_detail, name="order"),
    path("orders/<str:number>/status/", views.order_status, name="order_status"),
    path("orders/<str:number>/pay-again/", views.pay_again, name="pay_again"),
]
