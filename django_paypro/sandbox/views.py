"""The sandbox's pages: PayPro's API, the cashier, the payout desk and a list of trades."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotFound,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from django_paypro.compat import login_not_required
from django_paypro.countries import get_profile
from django_paypro.sandbox import delivery
from django_paypro.sandbox.actions import PAYIN_ACTIONS, PAYOUT_ACTIONS, ActionRefused, apply_action
from django_paypro.sandbox.bulk import settle_open_payouts
from django_paypro.sandbox.gateway import check_call
from django_paypro.sandbox.guard import background_delivery_enabled, sandbox_enabled
from django_paypro.sandbox.models import DeliveryAttempt, SandboxTrade
from django_paypro.sandbox.operations import perform
from django_paypro.sandbox.pix import qr_svg

View = Callable[..., HttpResponseBase]
RECENT_TRADES = 100
REFRESH_WITHIN = timedelta(seconds=60)


def sandbox_view(view: View) -> View:
    """Serve ``view`` only where the sandbox is enabled; keep the delivery worker running."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not sandbox_enabled():
            return HttpResponseNotFound(
                _(
                    "The PayPro sandbox is disabled because DEBUG is off. Set "
                    "PAYPRO['SANDBOX_ALLOW_WITHOUT_DEBUG'] = True to serve it anyway."
                ),
                content_type="text/plain; charset=utf-8",
            )
        if background_delivery_enabled():
            # After a restart, retries still due are picked up by the first request.
            delivery.ensure_worker()
        return view(request, *args, **kwargs)

    return wrapper


@login_not_required  # PayPro's side: the shop's logins mean nothing to it
@csrf_exempt  # PayPro's API is called server to server and authenticated by its sign.
@sandbox_view
@require_POST
def api(request: HttpRequest, base: str, op_path: str) -> HttpResponse:
    """Answer a PayPro API call at ``<base>/<op_path>``."""
    call = check_call(request, base, op_path)
    if isinstance(call, HttpResponse):
        return call
    return perform(call)


@login_not_required
@sandbox_view
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """List the recent trades."""
    trades = SandboxTrade.objects.all()[:RECENT_TRADES]
    return render(request, "django_paypro_sandbox/index.html", {"trades": trades})


@login_not_required
@sandbox_view
@require_POST
def settle_payouts(request: HttpRequest) -> HttpResponse:
    """Settle (or fail, with ``action=fail``) every processing payout; back to the index."""
    action = "fail" if request.POST.get("action") == "fail" else "settle"
    settle_open_payouts(action=action)
    return HttpResponseRedirect(reverse("paypro_sandbox:index"), status=303)


@login_not_required
@sandbox_view
@require_http_methods(["GET", "POST"])
def cashier(request: HttpRequest, platform_trade_no: str) -> HttpResponse:
    """Show a pay-in's cashier page (PIX QR code in Brazil); pay, pay part or fail it."""
    trade = get_object_or_404(
        SandboxTrade, platform_trade_no=platform_trade_no, kind=SandboxTrade.Kind.PAYIN
    )
    return _trade_page(
        request, trade, "django_paypro_sandbox/cashier.html", "paypro_sandbox:cashier"
    )


@login_not_required
@sandbox_view
@require_http_methods(["GET", "POST"])
def payout(request: HttpRequest, platform_trade_no: str) -> HttpResponse:
    """Show a payout; settle or fail it."""
    trade = get_object_or_404(
        SandboxTrade, platform_trade_no=platform_trade_no, kind=SandboxTrade.Kind.PAYOUT
    )
    return _trade_page(request, trade, "django_paypro_sandbox/payout.html", "paypro_sandbox:payout")


def _trade_page(
    request: HttpRequest, trade: SandboxTrade, template: str, name: str
) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            apply_action(trade, request.POST.get("action", ""), drop="drop" in request.POST)
        except ActionRefused as err:
            error = str(err)
        else:
            # Post/redirect/get: reloading the page must not pay twice.
            return HttpResponseRedirect(reverse(name, args=[trade.platform_trade_no]), status=303)
    return render(request, template, _context(trade, error), status=409 if error else 200)


def _context(trade: SandboxTrade, error: str) -> dict[str, Any]:
    table = PAYOUT_ACTIONS if trade.kind == SandboxTrade.Kind.PAYOUT else PAYIN_ACTIONS
    notifications = list(trade.notifications.prefetch_related("attempts"))
    attempts = [a for n in notifications for a in n.attempts.all()]
    return {
        "trade": trade,
        "currency": get_profile(trade.country).currency,
        "actions": {name for name, (states, _change) in table.items() if trade.status in states},
        "notifications": notifications,
        "qr_svg": mark_safe(qr_svg(trade.pay_param)) if trade.pay_param else "",  # noqa: S308
        "refresh": _delivery_soon(attempts),
        "error": error,
    }


def _delivery_soon(attempts: list[DeliveryAttempt]) -> bool:
    horizon = timezone.now() + REFRESH_WITHIN
    return any(
        (a.sent_at is None and a.scheduled_at <= horizon)
        or (a.sent_at is not None and a.finished_at is None)
        for a in attempts
    )
