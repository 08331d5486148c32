from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the receivers of django-paypro's signals (@receiver at import).
        from shop import receivers  # noqa: F401
