"""Sphinx extension of the django-paypro docs: generated pages and a ``check`` object type.

At ``config-inited`` it writes two Markdown files into ``docs/_generated/`` (never committed),
which pages pull in with ``{include}``:

``countries.md``
    One section per country of :data:`django_paypro.countries.PROFILES`, the same sections for
    every country, read from the profiles themselves so the page cannot drift from the code.
``benchmarks.md``
    ``benchmarks/results/latest.md`` when the benchmarks have run, else how to run them.

It also registers the ``check`` directive and role (``{check}`\\`paypro.E001\\```) so every system
check id is indexed and a reference to an undocumented one fails the build.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

DOCS = Path(__file__).resolve().parent.parent
GENERATED = DOCS / "_generated"
BENCHMARK_RESULTS = DOCS.parent / "benchmarks" / "results" / "latest.md"

OPERATION_TITLES = {
    "page": "Payment page (cashier)",
    "payin": "Pay-in",
    "payout": "Payout",
    "payin_query": "Pay-in query",
    "payout_query": "Payout query",
    "balance": "Balance",
    "account_verify": "Account verification",
    "payin_submit": "Pay-in transaction id submission",
    "mpesa_query": "M-PESA code query",
}


def _rst_to_md(text: str) -> str:
    """Return docstring text with RST double backticks turned into Markdown code spans."""
    return text.replace("``", "`")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _first_line(func: Callable[..., Any]) -> str:
    doc = (func.__doc__ or "").strip().splitlines()
    line = doc[0].strip() if doc else func.__name__
    if line.startswith("Return "):
        line = line[len("Return ") :]
    return _rst_to_md(line.rstrip("."))


def _closure(func: Callable[..., Any]) -> dict[str, Any]:
    names = func.__code__.co_freevars
    cells = func.__closure__ or ()
    return {name: cell.cell_contents for name, cell in zip(names, cells, strict=True)}


def describe_validator(func: Callable[..., Any] | None) -> str:
    """Return what a field validator accepts, in a few words with its name."""
    if func is None:
        return "any text"
    if isinstance(func, functools.partial):
        func = func.func
    qualname = getattr(func, "__qualname__", "")
    if "<locals>" in qualname:
        factory = qualname.split(".", 1)[0]
        values = _closure(func)
        if factory == "one_of":
            return f"`{factory}`: one of {values['listed']}"
        if factory == "free_text":
            return f"`{factory}`: printable text, at most {values['max_length']} characters"
        if factory == "digits":
            return f"`{factory}`: exactly {values['length']} digits"
        return f"`{factory}`"
    return f"`{func.__name__}`: {_first_line(func)}"


def _amount_rule(rule: Any) -> str:
    decimals = "whole units" if rule.decimals == 0 else f"up to {rule.decimals} decimals"
    bounds = []
    if rule.minimum is not None:
        bounds.append(f"at least {rule.minimum}")
    if rule.maximum is not None:
        bounds.append(f"at most {rule.maximum}")
    return decimals + (", " + ", ".join(bounds) if bounds else "")


def _code_table(title: str, codes: Any, setting: str) -> list[str]:
    lines = [f"**{title}** (extend with {{confval}}`{setting}`):", ""]
    if not codes:
        return [*lines, "None shipped.", ""]
    lines += ["| Code | Meaning |", "| --- | --- |"]
    lines += [f"| `{code}` | {_cell(label)} |" for code, label in codes.items()]
    return [*lines, ""]


def _source(source: Any) -> str:
    """Return a source as Markdown: a link to PayPro's page, the setting, or *assumed*."""
    if source.url:
        name = source.url.rsplit("/areas/", 1)[-1]
        text = f"[{name}]({source.url})"
    elif source.setting:
        text = f"set in `{source.setting}`"
    else:
        text = f"*assumed*: {_cell(source.assumed)}"
    return text + (f" ({_cell(source.note)})" if source.note else "")


def _summary(profile: Any) -> list[str]:
    where_sign = "in the `sign` header" if profile.sign_in_header else "in the body"
    return [
        f"## {profile.name} ({profile.code})",
        "",
        "| | | Source |",
        "| --- | --- | --- |",
        f"| Currency | {profile.currency} | |",
        f"| Sandbox base URL | `{profile.sandbox_base_url}` | {_source(profile.base_url_source)} |",
        f"| Signature travels | {where_sign} | {_source(profile.sign_source)} |",
        f"| Default method | `{profile.default_method}` | |",
        f"| Methods offered | {', '.join(f'`{m}`' for m in profile.methods)} | |",
        "",
    ]


def _operations(profile: Any) -> list[str]:
    lines = [
        f"### Operations in {profile.code}",
        "",
        "| Operation | Name in `PATHS` | Path | Amounts | Source of the path |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, spec in profile.specs.items():
        title = OPERATION_TITLES.get(name, name)
        amounts = _amount_rule(spec.amount) if spec.amount is not None else ""
        sources = spec.sources()
        lines.append(
            f"| {title} | `{name}` | `{spec.path}` | {amounts} | {_source(sources['path'])} |"
        )
    lines.append("")
    for name, spec in profile.specs.items():
        if not spec.timestamp:
            lines += [f"The body of `{name}` carries no `timestamp`, as its page shows.", ""]
        amount_source = spec.sources().get("amount")
        if amount_source is not None and amount_source != spec.sources()["path"]:
            lines += [f"Amount rule of `{name}`: {_source(amount_source)}.", ""]
    return lines


def _fields(profile: Any) -> list[str]:
    lines = [f"### Fields and validators in {profile.code}", ""]
    for name, spec in profile.specs.items():
        if not spec.fields:
            continue
        title = OPERATION_TITLES.get(name, name)
        lines += [
            f"**{title}** (fields: {_source(spec.sources()['fields'])}):",
            "",
            "| Argument | Wire field | Required | Default | Validator |",
            "| --- | --- | --- | --- | --- |",
        ]
        for field in spec.fields:
            lines.append(
                f"| `{field.name}` | `{field.wire}` | {'yes' if field.required else 'no'} | "
                f"{f'`{field.default}`' if field.default else ''} | "
                f"{_cell(describe_validator(field.validator))} |"
            )
        lines.append("")
        for check in spec.cross_checks:
            lines += [f"Also checked together: {_cell(_first_line(check))}.", ""]
    return lines


def _notification(profile: Any) -> list[str]:
    facts = profile.notification
    if facts is None:
        return []
    signed = "signed (`sign`, the request rule)" if facts.signed else "**not signed**"
    fields = ", ".join(f"`{name}`" for name in facts.fields)
    return [
        f"### Notifications in {profile.code}",
        "",
        f"PayPro posts {fields}; {signed}. Source: {_source(facts.source)}.",
        "",
    ]


def country_section(profile: Any) -> str:
    """Return the Markdown section of one country profile, every fact with its source."""
    lines = [*_summary(profile), *_operations(profile), *_fields(profile), *_notification(profile)]
    if profile.notes:
        lines += [f"### Where PayPro's pages disagree in {profile.code}", ""]
        lines += [f"- {_cell(note)}" for note in profile.notes] + [""]
    lines += [f"### Way and bank codes in {profile.code}", ""]
    lines += _code_table("Way codes", profile.way_codes, "WAY_CODES")
    lines += _code_table("Bank codes", profile.bank_codes, "BANK_CODES")
    return "\n".join(lines)


def countries_markdown() -> str:
    """Return the generated part of the countries page: one section per shipped profile."""
    from django_paypro.countries import PROFILES

    return "\n\n".join(country_section(p) for p in PROFILES.values()) + "\n"


_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_RELATIVE_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\((?!https?://|#)([^)]+)\)")


def benchmarks_markdown(source: Path = BENCHMARK_RESULTS) -> str:
    """Return the benchmark figures for the performance page, made safe to include.

    Headings are renumbered to start at level 2 and never skip a level, and links relative to
    ``benchmarks/results/`` become plain text, so the included report cannot warn.
    """
    if not source.is_file():
        return (
            "No figures yet: `benchmarks/results/latest.md` does not exist in this checkout. "
            "Run the benchmarks as described above; the next build of these docs includes them.\n"
        )
    out: list[str] = []
    last = 1
    fenced = False
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            level = min(max(len(match.group(1)) + 1, 2), last + 1)
            last = level
            line = f"{'#' * level} {match.group(2)}"
        elif not fenced:
            line = _RELATIVE_LINK.sub(r"\1 (`\2`)", line)
        out.append(line)
    return "\n".join(out) + "\n"


def _write(name: str, text: str) -> None:
    GENERATED.mkdir(exist_ok=True)
    ignore = GENERATED / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Written by docs/_ext/paypro_docs.py at every build.\n*\n")
    path = GENERATED / name
    # Rewrite only on change, so Sphinx does not rebuild the including pages every time.
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def generate(app: Sphinx, config: Config) -> None:
    """Write the generated pages before Sphinx reads any source."""
    _write("countries.md", countries_markdown())
    _write("benchmarks.md", benchmarks_markdown())


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", generate)
    app.add_object_type(
        "check", "check", indextemplate="pair: %s; system check", objname="system check"
    )
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
