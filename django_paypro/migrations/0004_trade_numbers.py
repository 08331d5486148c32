"""One trade number, one record: a registry of the trade numbers payments and payouts hold."""

from django.db import migrations, models

BATCH = 1000


def register_existing(apps, schema_editor):
    """Register the trade numbers already in use; a number held twice keeps its first owner."""
    TradeNumber = apps.get_model("django_paypro", "TradeNumber")
    db = schema_editor.connection.alias
    for model_name, kind in (("Payment", "payment"), ("Payout", "payout")):
        model = apps.get_model("django_paypro", model_name)
        numbers = model.objects.using(db).order_by("pk").values_list("trade_no", flat=True)
        rows = []
        for number in numbers.iterator(chunk_size=BATCH):
            rows.append(TradeNumber(trade_no=number, kind=kind))
            if len(rows) == BATCH:
                TradeNumber.objects.using(db).bulk_create(rows, ignore_conflicts=True)
                rows = []
        TradeNumber.objects.using(db).bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("django_paypro", "0003_notification_path"),
    ]

    operations = [
        migrations.CreateModel(
            name="TradeNumber",
            fields=[
                (
                    "trade_no",
                    models.CharField(
                        max_length=64,
                        primary_key=True,
                        serialize=False,
                        verbose_name="trade number",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("payment", "Payment"), ("payout", "Payout")],
                        max_length=8,
                        verbose_name="kind",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
            ],
            options={
                "verbose_name": "trade number",
                "verbose_name_plural": "trade numbers",
            },
        ),
        migrations.RunPython(register_existing, migrations.RunPython.noop),
    ]
