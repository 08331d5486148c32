"""Figures, each beside its baseline and goal; machine facts; the results files."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Figure:
    """One measured figure. ``ratio`` and ``passed`` are filled by the section that made it."""

    section: str
    name: str
    value: str
    baseline: str = ""
    ratio: str = ""
    goal: str = ""
    passed: bool | None = None  # None: reported, no goal

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "MISS", None: "-"}[self.passed]


@dataclass
class Report:
    """Everything one run measured."""

    mode: str
    figures: list[Figure] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    machine: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, *figures: Figure) -> None:
        if self.mode == "smoke":
            for figure in figures:
                figure.passed = None  # tiny sizes say nothing about the goals
        self.figures.extend(figures)
        for figure in figures:
            print(
                f"  {figure.name}: {figure.value}"
                + (
                    f"  (baseline {figure.baseline}, ratio {figure.ratio})"
                    if figure.baseline
                    else ""
                )
                + (f"  goal {figure.goal}: {figure.verdict}" if figure.goal else "")
                + (" (not judged in a smoke run)" if figure.goal and self.mode == "smoke" else ""),
                flush=True,
            )

    def note(self, section: str, text: str) -> None:
        self.notes.setdefault(section, []).append(text)


def machine_info(pg_version: str) -> dict[str, str]:
    """Return the facts a reader needs to compare these figures with theirs."""
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")),
                cpu,
            )
    except OSError:
        pass
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory = 0.0
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpus (nproc)": str(os.cpu_count()),
        "cpu": cpu,
        "memory": f"{memory:.0f} GiB",
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "django": version("django"),
        "postgresql": pg_version,
        "gunicorn": version("gunicorn"),
        "requests": version("requests"),
        "psycopg": version("psycopg"),
        "git commit": commit or "unknown",
        # Other work on the machine moves every figure; compare ratios, not absolute rates.
        "load average (1 min) at start": f"{os.getloadavg()[0]:.2f}",
    }


def table(figures: list[Figure]) -> list[str]:
    """Return the figures as a Markdown table."""
    lines = [
        "| Section | Figure | Measured | Baseline | Ratio | Goal | Result |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        lines.append(
            f"| {f.section} | {f.name} | {f.value} | {f.baseline or '-'} | {f.ratio or '-'} "
            f"| {f.goal or '-'} | {f.verdict} |"
        )
    return lines


def markdown(report: Report, command: str) -> str:
    """Return the results page."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results",
        "",
        f"Measured {when} with `{command}` ({report.mode} run, {report.seconds:.0f} s in all).",
        "Each figure is measured in the same run as its baseline; ratios above 1 favour us",
        "for rates and mean we are slower for times (see each goal).",
        "",
        *table(report.figures),
        "",
    ]
    for section, notes in report.notes.items():
        lines += [f"## {section}", ""]
        lines += [f"- {text}" for text in notes]
        lines.append("")
    lines += ["## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in report.machine.items()]
    lines.append("")
    return "\n".join(lines)


def write(report: Report, command: str, stem: str = "latest") -> Path:
    """Write ``results/<stem>.md`` and ``.json``; return the Markdown path."""
    RESULTS.mkdir(exist_ok=True)
    page = RESULTS / f"{stem}.md"
    page.write_text(markdown(report, command), encoding="utf-8")
    data = asdict(report)
    for item, figure in zip(data["figures"], report.figures, strict=True):
        item["verdict"] = figure.verdict
    (RESULTS / f"{stem}.json").write_text(json.dumps(data, indent=2, default=str) + "\n")
    return page


def ratio(value: float, baseline: float) -> str:
    """Return ``value / baseline`` as text like ``0.83x``."""
    return f"{value / baseline:.2f}x" if baseline else "n/a"
