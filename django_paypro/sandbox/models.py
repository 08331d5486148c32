"""What the simulated PayPro remembers: trades, the notifications about them, and deliveries."""

from __future__ import annotations

import json
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

#: PayPro's ``data.status`` codes the sandbox produces.
PROCESSING = "0015"
SUCCESS = "0000"
PARTIAL = "0001"
REJECTED = "00029"

STATUS_LABELS = {
    PROCESSING: _("processing"),
    SUCCESS: _("success"),
    PARTIAL: _("partially paid"),
    REJECTED: _("rejected"),
}


class SandboxTrade(models.Model):
    """A pay-in or payout as PayPro would hold it."""

    class Kind(models.TextChoices):
        PAYIN = "payin", _("pay-in")
        PAYOUT = "payout", _("payout")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    operation = models.CharField(_("operation"), max_length=20)
    country = models.CharField(_("country"), max_length=2)
    merchant_no = models.CharField(_("merchant number"), max_length=40)
    trade_no = models.CharField(_("merchant trade number"), max_length=64)
    platform_trade_no = models.CharField(_("platform trade number"), max_length=64, unique=True)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    paid_amount = models.DecimalField(
        _("paid amount"), max_digits=18, decimal_places=2, default=Decimal(0)
    )
    status = models.CharField(_("status code"), max_length=10, default=PROCESSING)
    message = models.CharField(_("message"), max_length=100, default="Create")
    notify_url = models.URLField(_("notify URL"), max_length=500)
    return_url = models.CharField(_("return URL"), max_length=500, blank=True)
    pay_param = models.TextField(_("PIX copy-and-paste code"), blank=True)
    request_fields = models.JSONField(_("request fields"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("sandbox trade")
        verbose_name_plural = _("sandbox trades")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("merchant_no", "country", "kind", "trade_no"),
                name="paypro_sandbox_unique_trade_no",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.trade_no} ({self.country})"

    @property
    def is_open(self) -> bool:
        """Return whether the cashier still accepts an action (pending, or partly paid)."""
        return self.status in (PROCESSING, PARTIAL)

    @property
    def request_json(self) -> str:
        """Return the request fields as indented JSON, for display."""
        return json.dumps(self.request_fields, indent=2, ensure_ascii=False)

    @property
    def status_label(self) -> str:
        """Return a readable name of the status code."""
        return str(STATUS_LABELS.get(self.status, self.status))


class SandboxNotification(models.Model):
    """One signed notification about a trade's result, delivered in one or more attempts."""

    trade = models.ForeignKey(SandboxTrade, on_delete=models.CASCADE, related_name="notifications")
    body = models.JSONField(_("body"))
    dropped = models.BooleanField(
        _("dropped"), default=False, help_text=_("Never sent, to simulate a lost notification.")
    )
    acknowledged = models.BooleanField(_("acknowledged"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("sandbox notification")
        verbose_name_plural = _("sandbox notifications")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"notification {self.pk} of {self.trade}"

    @property
    def body_json(self) -> str:
        """Return the body as indented JSON, for display."""
        return json.dumps(self.body, indent=2, ensure_ascii=False)


class DeliveryAttempt(models.Model):
    """One POST of a notification to the merchant's ``notifyUrl``, due or done."""

    notification = models.ForeignKey(
        SandboxNotification, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    scheduled_at = models.DateTimeField(_("scheduled"), db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ("notification_id", "number")
        constraints = [
            models.UniqueConstraint(
                fields=("notification", "number"), name="paypro_sandbox_unique_attempt"
            )
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of notification {self.notification_id}"

    @property
    def succeeded(self) -> bool:
        """Return whether the merchant acknowledged this attempt with ``OK``."""
        return self.http_status == 200 and self.answer.strip() == "OK"
