"""How PayPro's data is shown in the admin: pretty-printed, escaped, and without the secret."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from django_paypro.conf import Secret, raw_settings

#: Shorter secrets are not worth hiding (and would mask ordinary words); checks flag them.
MIN_SECRET_LENGTH = 4
MASK = "********"


def _secrets() -> Iterator[str]:
    settings = raw_settings()
    values = [settings.get("APP_SECRET")]
    values += [(o or {}).get("APP_SECRET") for o in (settings.get("COUNTRIES") or {}).values()]
    for value in values:
        text = value.reveal() if isinstance(value, Secret) else value
        if isinstance(text, str) and len(text) >= MIN_SECRET_LENGTH:
            yield text


def redact(text: str) -> str:
    """Return ``text`` with every configured ``APP_SECRET`` masked.

    PayPro never sends the secret; a body that contains it was forged or pasted by mistake, and
    the admin must not become the place where it leaks.
    """
    for secret in sorted(_secrets(), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


class _Number(str):
    """A JSON number kept as its literal text, so ``30000.0`` is shown as PayPro sent it."""


def _dump(value: Any, indent: int = 0) -> str:
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, dict) and value:
        items = [
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_dump(v, indent + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value:
        items = [f"{inner}{_dump(v, indent + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    if isinstance(value, _Number):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def pretty_json_text(value: Any) -> str:
    """Return ``value`` (already parsed) as indented JSON text."""
    return _dump(value)


def pretty_body_text(body: str) -> str:
    """Return ``body`` indented if it is JSON, else as received."""
    try:
        parsed = json.loads(body, parse_int=_Number, parse_float=_Number)
    except (ValueError, RecursionError):
        return body
    try:
        return _dump(parsed)
    except RecursionError:
        return body


def pre(text: str) -> SafeString:
    """Return ``text`` escaped in a ``<pre>`` block, secrets masked."""
    return format_html(
        '<pre class="paypro-raw" style="white-space: pre-wrap; margin: 0">{}</pre>',
        redact(text),
    )


def admin_change_url(site: AdminSite, instance: models.Model) -> str | None:
    """Return the change page of ``instance`` on ``site``, or ``None`` if it has none."""
    model = type(instance)
    if not site.is_registered(model):
        return None
    opts = model._meta
    try:
        return reverse(
            f"{site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(instance.pk)]
        )
    except NoReverseMatch:
        return None


def link_or_text(site: AdminSite, instance: models.Model | None) -> str:
    """Return a link to ``instance``'s change page, its text when it has none, or a dash."""
    if instance is None:
        return "-"
    url = admin_change_url(site, instance)
    if url is None:
        return str(instance)
    return format_html('<a href="{}">{}</a>', url, str(instance))


def generic_link(site: AdminSite, record: Any, ct_field: str, id_field: str) -> str:
    """Return a link to the object of a generic relation, tolerating deleted types and rows."""
    content_type = getattr(record, ct_field)
    object_id = getattr(record, id_field)
    if content_type is None:
        return "-"
    model = content_type.model_class()
    target = None
    if model is not None:
        try:
            target = model._default_manager.filter(pk=object_id).first()
        except (ValueError, ValidationError):
            target = None  # an id that cannot be this model's key
    if target is None:
        return _("%(type)s #%(id)s (no longer exists)") % {
            "type": content_type.name,
            "id": object_id,
        }
    return link_or_text(site, target)
