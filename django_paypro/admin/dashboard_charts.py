"""The dashboard's charts as plain geometry, drawn as inline SVG by the admin templates.

Hand-written rather than a charting library: the dashboard needs two kinds of chart (columns over
time, horizontal bars of a rate), and templates that use the admin's CSS variables follow its
light and dark themes with no script, no style of their own and no new dependency.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640
HEIGHT = 180
#: room for the value scale on the left and the labels below
LEFT, BOTTOM, TOP = 56, 22, 8
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 18, 6, 120
#: at most this many labels under the columns, so they never overlap
MAX_LABELS = 8


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    show_label: bool


@dataclass(frozen=True)
class ColumnChart:
    """Columns over time; ``top`` is the value of the scale's top line."""

    title: str
    columns: list[Column]
    top: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    base: int = HEIGHT - BOTTOM


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    label: str
    value: str
    low: bool


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars of a percentage, 0 to 100."""

    title: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = 0
    left: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def column_chart(title: str, points: Sequence[tuple[str, Decimal | int]]) -> ColumnChart:
    """Return columns for ``points`` (label, value), scaled to the largest value."""
    top = max((value for _, value in points), default=0) or 1
    plot_width = WIDTH - LEFT
    plot_height = HEIGHT - BOTTOM - TOP
    step = plot_width / max(len(points), 1)
    every = max(1, -(-len(points) // MAX_LABELS))  # ceiling division
    columns = []
    for index, (label, value) in enumerate(points):
        height = float(Decimal(value) / Decimal(top)) * plot_height
        columns.append(
            Column(
                x=round(LEFT + index * step + step * 0.1, 2),
                y=round(HEIGHT - BOTTOM - height, 2),
                width=round(max(step * 0.8, 1), 2),
                height=round(height, 2),
                label=label,
                value=str(value),
                show_label=index % every == 0,
            )
        )
    return ColumnChart(title=title, columns=columns, top=str(top))


def bar_chart(
    title: str, rows: Sequence[tuple[str, Decimal | None]], low: Decimal = Decimal(50)
) -> BarChart:
    """Return one bar per (label, percent); a rate under ``low`` is drawn as an alarm."""
    bars = []
    plot_width = WIDTH - LABEL_WIDTH - 60  # room for the value after the bar
    for index, (label, percent) in enumerate(rows):
        share = percent if percent is not None else Decimal(0)
        bars.append(
            Bar(
                y=index * (BAR_HEIGHT + BAR_GAP),
                width=round(float(share) / 100 * plot_width, 2),
                label=label,
                value="-" if percent is None else f"{percent}%",
                low=percent is not None and percent < low,
            )
        )
    return BarChart(title=title, bars=bars, height=max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP))
