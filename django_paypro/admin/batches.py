"""Admin for payout batches: upload a CSV, preview it, approve or reject; decisions shown.

The standard "Add" button leads to the upload: a CSV is checked row by row (errors by line and
field, totals per currency) and recorded only when confirmed. Approving and rejecting are
actions that need the ``approve_payout`` permission; the services refuse the batch's creator.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from django_paypro.admin.payments import ReadOnlyInline
from django_paypro.countries import PROFILES
from django_paypro.exceptions import PayProError
from django_paypro.models import Payout, PayoutBatch, PayoutDecision
from django_paypro.services.approval import approve_batch, reject_batch
from django_paypro.services.batches import batch_totals, create_batch, preview_csv
from django_paypro.services.resending import STUCK, send_again

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    csv_file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_(
            "Header row first: amount, and optionally country, reference, remark, trade_no, "
            "then the country's beneficiary fields (bank_code, name, account_type, account...)."
        ),
    )
    text = forms.CharField(widget=forms.HiddenInput, required=False)
    country = forms.ChoiceField(
        label=_("Country of rows without one"),
        choices=[(code, code) for code in sorted(PROFILES)],
        initial="MX",
    )
    reference = forms.CharField(label=_("Reference"), max_length=128, required=False)
    skip_invalid = forms.BooleanField(
        label=_("Leave out the rows with errors"), required=False, initial=False
    )

    def csv_text(self) -> str:
        """Return the uploaded file's text (or the text carried from the preview)."""
        upload = self.cleaned_data.get("csv_file")
        if upload is None:
            return str(self.cleaned_data.get("text") or "")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


class DecisionInline(ReadOnlyInline):
    model = PayoutDecision
    fk_name = "batch"
    fields = ("action", "payout", "user", "at", "reason")


class PayoutInline(ReadOnlyInline):
    model = Payout
    fields = ("trade_no", "reference", "country", "amount", "currency", "status", "message")
    show_change_link = True


@admin.register(PayoutBatch)
class PayoutBatchAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "status",
        "payout_count",
        "totals",
        "created_by",
        "created_at",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status", "created_at")
    search_fields = ("reference",)
    fields = (
        "reference",
        "status",
        "held_reason",
        "totals",
        "created_by",
        "created_at",
        "decided_by",
        "decided_at",
        "completed_at",
    )
    readonly_fields = fields
    inlines = (DecisionInline, PayoutInline)
    actions = ("approve", "reject", "send_again_unreceived")

    def get_queryset(self, request: HttpRequest) -> QuerySet[PayoutBatch]:
        return (
            super()
            .get_queryset(request)
            .select_related("created_by", "decided_by")
            .annotate(payout_total=Count("payouts"))
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_approve_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("django_paypro.approve_payout"))

    @admin.display(description=_("payouts"), ordering="payout_total")
    def payout_count(self, obj: PayoutBatch) -> int:
        return int(getattr(obj, "payout_total", 0) or obj.payouts.count())

    @admin.display(description=_("totals"))
    def totals(self, obj: PayoutBatch) -> str:
        items = batch_totals(obj).items()
        return format_html_join(", ", "{} {}", ((amount, currency) for currency, amount in items))

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> Any:
        return redirect("admin:django_paypro_payoutbatch_upload")

    def get_urls(self) -> list[URLPattern]:
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="django_paypro_payoutbatch_upload",
        )
        return [upload, *super().get_urls()]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Show the upload form; on a file, its preview; on confirmation, record the batch."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form}
        context["title"] = _("Upload payouts")
        if request.method != "POST" or not form.is_valid():
            return TemplateResponse(request, "admin/django_paypro/payoutbatch/upload.html", context)
        try:
            text = form.csv_text()
        except forms.ValidationError as err:
            form.add_error("csv_file", err)
            return TemplateResponse(request, "admin/django_paypro/payoutbatch/upload.html", context)
        preview = preview_csv(text, country=form.cleaned_data["country"])
        if "confirm" in request.POST:
            return self._record(request, form, preview, context)
        carried = UploadForm(initial={**form.cleaned_data, "text": text, "csv_file": None})
        context.update(preview=preview, form=carried, totals=preview.totals())
        return TemplateResponse(request, "admin/django_paypro/payoutbatch/preview.html", context)

    def _record(
        self, request: HttpRequest, form: UploadForm, preview: Any, context: dict[str, Any]
    ) -> HttpResponse:
        try:
            batch = create_batch(
                preview,
                created_by=request.user,
                reference=form.cleaned_data["reference"],
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
        except PayProError as err:
            messages.error(request, str(err))
            context.update(preview=preview, totals=preview.totals())
            return TemplateResponse(
                request, "admin/django_paypro/payoutbatch/preview.html", context
            )
        messages.success(request, _("Batch recorded: it now awaits approval by someone else."))
        url = reverse("admin:django_paypro_payoutbatch_change", args=[batch.pk])
        return HttpResponseRedirect(url)

    @admin.action(description=_("Approve selected batches"), permissions=["approve"])
    def approve(self, request: HttpRequest, queryset: QuerySet[PayoutBatch]) -> None:
        self._decide_each(request, queryset, lambda batch: approve_batch(batch, request.user))

    @admin.action(description=_("Reject selected batches"), permissions=["approve"])
    def reject(self, request: HttpRequest, queryset: QuerySet[PayoutBatch]) -> None:
        self._decide_each(request, queryset, lambda batch: reject_batch(batch, request.user))

    @admin.action(
        description=_("Ask PayPro about stuck payouts; send again those it never received"),
        permissions=["approve"],
    )
    def send_again_unreceived(self, request: HttpRequest, queryset: QuerySet[PayoutBatch]) -> None:
        stuck = Payout.objects.filter(batch__in=queryset, status__in=STUCK).order_by("pk")
        for payout in stuck:
            try:
                messages.info(request, send_again(payout, request.user))
            except PayProError as err:
                messages.error(request, f"{payout.trade_no}: {err}")

    def _decide_each(
        self, request: HttpRequest, queryset: QuerySet[PayoutBatch], decide: Any
    ) -> None:
        for batch in queryset:
            try:
                decided = decide(batch)
            except PayProError as err:
                messages.error(request, f"{batch}: {err}")
                continue
            if decided.status == PayoutBatch.Status.HELD:
                messages.warning(request, f"{decided}: {decided.held_reason}")
            else:
                messages.success(request, f"{decided}: {decided.get_status_display()}")
