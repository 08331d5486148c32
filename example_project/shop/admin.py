from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from django_paypro.models import Payment
from shop.models import Order, OrderLine, Product
from shop.payments import payments_of


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "price"]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    readonly_fields = ["product", "quantity", "price"]
    can_delete = False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "created_at", "country", "total", "status"]
    list_filter = ["status", "country"]
    search_fields = ["number", "name", "email"]
    readonly_fields = ["number", "country", "total", "created_at", "paid_at", "payments"]
    inlines = [OrderLineInline]

    @admin.display(description="PayPro payments")
    def payments(self, order: Order) -> str:
        rows = [(_payment_link(p), p.get_status_display()) for p in payments_of(order)]
        return format_html_join(", ", "{} ({})", rows) or "-"


def _payment_link(payment: Payment) -> str:
    # django-paypro's admin registers Payment; link to it when it is there.
    try:
        url = reverse("admin:django_paypro_payment_change", args=[payment.pk])
    except NoReverseMatch:
        return payment.trade_no
    return format_html('<a href="{}">{}</a>', url, payment.trade_no)
