"""The Quickstart's orders app."""

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connect the signal receivers when Django starts.
        from orders import receivers  # noqa: F401
