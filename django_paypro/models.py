"""Records of payments, payouts and received notifications.

Plain data: statuses change only through :mod:`django_paypro.services.transitions`, which
compares and sets ``version`` so that two processes never apply the same change twice.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

# Amounts: up to 16 digits before the point, 2 after (PayPro amounts are whole or cents).
MAX_DIGITS, DECIMAL_PLACES = 18, 2


class Method(models.TextChoices):
    PAGE = "page", _("Hosted payment page")
    PAYIN = "payin", _("Direct pay-in")


class PaymentQuerySet(models.QuerySet["Payment"]):
    def for_order(self, order: models.Model) -> PaymentQuerySet:
        """Return the payments made for ``order`` (any model instance), newest first."""
        return self.filter(
            order_content_type=ContentType.objects.get_for_model(order),
            order_object_id=str(order.pk),
        )


class Payment(models.Model):
    """One attempt to collect money from a customer."""

    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        PARTIALLY_PAID = "partially_paid", _("Partially paid")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Unknown")
        NEEDS_REVIEW = "needs_review", _("Needs review")

    Method = Method

    trade_no = models.CharField(_("trade number"), max_length=64)
    platform_trade_no = models.CharField(_("PayPro trade number"), max_length=64, blank=True)
    country = models.CharField(_("country"), max_length=2)
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    amount = models.DecimalField(_("amount"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    paid_amount = models.DecimalField(
        _("paid amount"),
        null=True,
        blank=True,
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
    )
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CREATED
    )
    status_code = models.CharField(_("PayPro status code"), max_length=16, blank=True)
    message = models.CharField(_("message"), max_length=255, blank=True)
    payment_url = models.URLField(_("payment URL"), max_length=1000, blank=True)
    pay_param = models.TextField(_("PIX code"), blank=True)
    reference = models.CharField(_("reference"), max_length=128, blank=True)
    order_content_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # the (content type, object id) index below serves it
    )
    order_object_id = models.CharField(max_length=64, blank=True)
    order = GenericForeignKey("order_content_type", "order_object_id")
    review_reason = models.TextField(_("review reason"), blank=True)
    decided_at = models.DateTimeField(
        _("decided by staff at"),
        null=True,
        blank=True,
        help_text=_("When staff decided the status; from then on only staff change it."),
    )
    late_success = models.BooleanField(
        _("late success"), default=False, help_text=_("Paid after it had been marked failed.")
    )
    request_data = models.JSONField(_("request sent"), default=dict, blank=True)
    response_data = models.JSONField(_("last answer"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    last_queried_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        # Few, explicit indexes: every status change rewrites an entry in each of them
        # (PostgreSQL cannot update in place when an indexed column changes), and db_index on a
        # CharField would add a second, LIKE-only index on PostgreSQL.
        constraints = [
            models.UniqueConstraint(fields=["trade_no"], name="paypro_payment_trade_no_uniq"),
        ]
        indexes = [
            models.Index(fields=["platform_trade_no"], name="paypro_payment_platform_idx"),
            models.Index(fields=["reference"], name="paypro_payment_reference_idx"),
            models.Index(
                fields=["order_content_type", "order_object_id"], name="paypro_payment_order_idx"
            ),
            models.Index(fields=["status", "updated_at"], name="paypro_payment_open_idx"),
            # The dashboard's late-success count: a few rows, so a partial index costs little.
            models.Index(
                fields=["created_at"],
                condition=models.Q(late_success=True),
                name="paypro_payment_late_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trade_no} ({self.amount} {self.currency}, {self.status})"


class Payout(models.Model):
    """One transfer of money to a beneficiary."""

    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Unknown")
        NEEDS_REVIEW = "needs_review", _("Needs review")
        # Payouts of a batch, before PayPro is asked (see PayoutBatch):
        DRAFT = "draft", _("Awaiting approval")
        APPROVED = "approved", _("Approved, not sent yet")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled, never sent")
        # Claimed by one worker; the request may have left. Only a query settles it.
        SENDING = "sending", _("Sending")

    trade_no = models.CharField(_("trade number"), max_length=64)
    platform_trade_no = models.CharField(_("PayPro trade number"), max_length=64, blank=True)
    country = models.CharField(_("country"), max_length=2)
    amount = models.DecimalField(_("amount"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CREATED
    )
    status_code = models.CharField(_("PayPro status code"), max_length=16, blank=True)
    message = models.CharField(_("message"), max_length=255, blank=True)
    reference = models.CharField(_("reference"), max_length=128, blank=True)
    review_reason = models.TextField(_("review reason"), blank=True)
    decided_at = models.DateTimeField(
        _("decided by staff at"),
        null=True,
        blank=True,
        help_text=_("When staff decided the status; from then on only staff change it."),
    )
    late_success = models.BooleanField(
        _("late success"), default=False, help_text=_("Succeeded after it had been marked failed.")
    )
    request_data = models.JSONField(_("request sent"), default=dict, blank=True)
    response_data = models.JSONField(_("last answer"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    succeeded_at = models.DateTimeField(_("succeeded at"), null=True, blank=True)
    approved_at = models.DateTimeField(
        _("approved at"),
        null=True,
        blank=True,
        help_text=_("When its batch was approved: the day it counts toward the daily limit."),
    )
    batch = models.ForeignKey(
        "PayoutBatch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payouts",
        verbose_name=_("batch"),
    )

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at", "-id"]
        permissions = [("review_payout", _("Can decide payouts under review"))]
        constraints = [
            models.UniqueConstraint(fields=["trade_no"], name="paypro_payout_trade_no_uniq"),
        ]
        indexes = [
            models.Index(fields=["platform_trade_no"], name="paypro_payout_platform_idx"),
            models.Index(fields=["reference"], name="paypro_payout_reference_idx"),
            models.Index(fields=["status", "updated_at"], name="paypro_payout_open_idx"),
            # The dashboard's late-success count, as for payments.
            models.Index(
                fields=["created_at"],
                condition=models.Q(late_success=True),
                name="paypro_payout_late_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trade_no} ({self.amount} {self.currency}, {self.status})"


class Notification(models.Model):
    """A notification as PayPro delivered it, kept whatever became of it."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("Payment")
        PAYOUT = "payout", _("Payout")
        UNKNOWN = "unknown", _("Unknown")

    class Outcome(models.TextChoices):
        RECEIVED = "received", _("Received, not processed yet")
        APPLIED = "applied", _("Applied: changed the status")
        UPDATED = "updated", _("Applied: details updated, status unchanged")
        DUPLICATE = "duplicate", _("Duplicate: nothing to change")
        IGNORED = "ignored", _("Ignored: would move a final status back")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed while processing")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.UNKNOWN)
    trade_no = models.CharField(_("trade number"), max_length=64, blank=True)
    body = models.TextField(_("body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    remote_addr = models.GenericIPAddressField(_("remote address"), null=True, blank=True)
    signature_valid = models.BooleanField(_("signature valid"), null=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=12,
        choices=Outcome.choices,
        default=Outcome.RECEIVED,
    )
    action = models.CharField(_("action"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    payment = models.ForeignKey(
        Payment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    payout = models.ForeignKey(
        Payout,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["trade_no"], name="paypro_notification_trade_idx"),
            # The dashboard counts failed deliveries among millions: only those are indexed.
            models.Index(
                fields=["received_at"],
                condition=models.Q(outcome="failed"),
                name="paypro_notification_failed_idx",
            ),
            # The dashboard's roll-up finds the days whose deliveries were processed again.
            models.Index(fields=["processed_at"], name="paypro_notification_done_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.trade_no or '?'} {self.outcome} at {self.received_at:%Y-%m-%d %H:%M:%S}"


class PaymentDashboard(Payment):
    """No data of its own: the admin's dashboard, listed in the app's section of the index.

    Its admin (:class:`django_paypro.admin.DashboardAdmin`) shows it to whoever may view
    payments; it has no permissions of its own.
    """

    class Meta:
        proxy = True
        default_permissions = ()
        verbose_name = _("dashboard")
        verbose_name_plural = _("dashboard")


class TradeNumber(models.Model):
    """A trade number taken by a payment or a payout: its primary key keeps it one of a kind.

    Written in the transaction that creates the record (see
    ``django_paypro.services.trade_numbers``), so two processes creating the same trade
    number at once cannot both succeed, whichever of the two tables they write to. Kept when
    the record is deleted: PayPro remembers the number too.
    """

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("Payment")
        PAYOUT = "payout", _("Payout")

    trade_no = models.CharField(_("trade number"), max_length=64, primary_key=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("trade number")
        verbose_name_plural = _("trade numbers")

    def __str__(self) -> str:
        return f"{self.trade_no} ({self.kind})"


class PayoutBatch(models.Model):
    """Payouts approved and sent together; every decision on it is recorded (who, when)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Awaiting approval")
        HELD = "held", _("Held")
        APPROVED = "approved", _("Approved: sending")
        REJECTED = "rejected", _("Rejected")
        COMPLETED = "completed", _("Completed")

    reference = models.CharField(_("reference"), max_length=128, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    held_reason = models.TextField(_("why it is held"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last decision by"),
    )
    decided_at = models.DateTimeField(_("last decision at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        ordering = ["-created_at", "-id"]
        permissions = [("approve_payout", _("Can approve payouts and payout batches"))]

    def __str__(self) -> str:
        return f"#{self.pk} {self.reference or ''} ({self.status})".replace("  ", " ")


class PayoutDecision(models.Model):
    """One decision by a person, kept for the record: who, when, what, why.

    On a batch (submitted, approved, held, rejected), or on one payout (sent again, or a payout
    under review marked succeeded or failed). A payout's decision also names its batch when it
    has one, so the batch's history shows it; ``paypro_answer`` is what PayPro said when it was
    asked before deciding. Every decision names a batch, a payout or both.
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        HELD = "held", _("Held")
        REJECTED = "rejected", _("Rejected")
        RESENT = "resent", _("Sent again: PayPro never received it")
        SUCCEEDED = "succeeded", _("Marked succeeded after review")
        FAILED = "failed", _("Marked failed after review")

    batch = models.ForeignKey(
        PayoutBatch,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("batch"),
    )
    payout = models.ForeignKey(
        Payout,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("payout"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    reason = models.TextField(_("reason"), blank=True)
    paypro_answer = models.CharField(_("PayPro's answer"), max_length=255, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payout decision")
        verbose_name_plural = _("payout decisions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.user or '?'} at {self.at:%Y-%m-%d %H:%M:%S}"


class PayoutCountryLock(models.Model):
    """One row per payout country, locked by every approval of a batch paying into it.

    The limits and the balance are sums over other payouts: two approvals that both read the
    sums before either commits would both pass. Approving takes this row first (see
    ``django_paypro.services.limits.lock_countries``), so approvals touching one country run
    one after the other and each sees what the previous one approved.
    """

    country = models.CharField(_("country"), max_length=2, primary_key=True)
    locked_at = models.DateTimeField(_("last locked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payout country lock")
        verbose_name_plural = _("payout country locks")

    def __str__(self) -> str:
        return self.country


class DailyRollup(models.Model):
    """One closed day's dashboard figures, so that a long period need not read every record.

    Written only by :mod:`django_paypro.services.rollup`, for the calendar days of one time
    zone. ``fresh_as_of``: every change to the day's records before then is counted; a record
    changed later (``updated_at``, or a notification's ``processed_at``) makes the dashboard
    read that day from the records again until the next roll-up.
    """

    day = models.DateField(_("day"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    fresh_as_of = models.DateTimeField(_("fresh as of"))
    rolled_at = models.DateTimeField(_("rolled up at"))
    deliveries = models.PositiveIntegerField(_("notifications received"), default=0)
    rejected = models.PositiveIntegerField(_("notifications rejected"), default=0)
    failed = models.PositiveIntegerField(_("notifications failed"), default=0)

    class Meta:
        verbose_name = _("daily roll-up")
        verbose_name_plural = _("daily roll-ups")
        ordering = ["time_zone", "day"]
        constraints = [
            models.UniqueConstraint(fields=["time_zone", "day"], name="paypro_rollup_day_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.day} ({self.time_zone})"


class DailyRollupTotal(models.Model):
    """Payments or payouts created on a rolled-up day, for one currency, country and method."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("Payment")
        PAYOUT = "payout", _("Payout")

    rollup = models.ForeignKey(
        DailyRollup, on_delete=models.CASCADE, related_name="totals", verbose_name=_("day")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    currency = models.CharField(_("currency"), max_length=3)
    country = models.CharField(_("country"), max_length=2)
    method = models.CharField(_("method"), max_length=16, blank=True)
    created = models.PositiveIntegerField(_("created"))
    #: paid payments, or succeeded payouts
    paid = models.PositiveIntegerField(_("paid"))
    #: what the paid ones brought in (a payment's paid amount) or sent out
    volume = models.DecimalField(
        _("volume"), max_digits=MAX_DIGITS + 10, decimal_places=DECIMAL_PLACES
    )

    class Meta:
        verbose_name = _("daily roll-up total")
        verbose_name_plural = _("daily roll-up totals")
        constraints = [
            models.UniqueConstraint(
                fields=["rollup", "kind", "currency", "country", "method"],
                name="paypro_rollup_total_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.currency} {self.country} {self.method}".rstrip()
