"""The dashboard's charts, drawn on the server as inline SVG.

Hand-written rather than a charting library: the dashboard needs two kinds of chart (columns over
time, horizontal bars of a rate), and markup that uses the admin's CSS classes and variables
follows its light and dark themes with no script and no new dependency. The markup is built here
rather than in a template loop: a year of days in eleven currencies is thousands of shapes, and
the template engine would spend more time on them than the database spends on the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
HEIGHT = 180
#: room for the value scale on the left and the labels below
LEFT, BOTTOM, TOP = 56, 22, 8
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 18, 6, 170
#: at most this many labels under the columns, so they never overlap
MAX_LABELS = 6
#: a rate under this percentage is drawn as an alarm
LOW_RATE = Decimal(50)


def _figure(title: str, width: int, height: int, shapes: SafeString) -> SafeString:
    return format_html(
        '<figure class="paypro-chart"><svg viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-label="{}" preserveAspectRatio="xMinYMin meet">{}</svg>'
        "<figcaption>{}</figcaption></figure>",
        width,
        height,
        title,
        shapes,
        title,
    )


def column_chart(title: str, points: Sequence[tuple[str, Decimal | int]]) -> SafeString:
    """Return an SVG column per (label, value), scaled to the largest value."""
    top = max((value for _, value in points), default=0) or 1
    base = HEIGHT - BOTTOM
    step = (WIDTH - LEFT) / max(len(points), 1)
    every = max(1, -(-len(points) // MAX_LABELS))  # ceiling division
    width = round(max(step * 0.8, 1), 2)
    parts = [
        f'<line class="paypro-grid" x1="{LEFT}" y1="{TOP}" x2="{WIDTH}" y2="{TOP}"/>'
        f'<text class="paypro-scale" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{top}</text>'
        f'<line class="paypro-axis" x1="{LEFT}" y1="{base}" x2="{WIDTH}" y2="{base}"/>'
        f'<text class="paypro-scale" x="{LEFT - 6}" y="{base}" text-anchor="end">0</text>'
    ]
    # Plain f-strings, escaping the one piece of text: format_html per shape costs more than
    # the database does for the numbers.
    for index, (label, value) in enumerate(points):
        height = round(float(Decimal(value) / Decimal(top)) * (base - TOP), 2)
        x = round(LEFT + index * step + step * 0.1, 2)
        text = escape(label)
        parts.append(
            f'<rect class="paypro-column" x="{x}" y="{round(base - height, 2)}" width="{width}" '
            f'height="{height}"><title>{text}: {value}</title></rect>'
        )
        if index % every == 0:
            parts.append(f'<text class="paypro-scale" x="{x}" y="{HEIGHT - 6}">{text}</text>')
    # Safe: the labels are escaped above; values, sizes and positions are numbers.
    return _figure(title, WIDTH, HEIGHT, mark_safe("".join(parts)))  # noqa: S308


def bar_chart(title: str, rows: Sequence[tuple[str, Decimal | None]]) -> SafeString:
    """Return an SVG bar per (label, percent); a rate under :data:`LOW_RATE` is an alarm."""
    plot_width = WIDTH - LABEL_WIDTH - 60  # room for the value after the bar
    bars = []
    for index, (label, percent) in enumerate(rows):
        share = percent if percent is not None else Decimal(0)
        low = percent is not None and percent < LOW_RATE
        width = round(float(share) / 100 * plot_width, 2)
        value = "-" if percent is None else f"{percent}%"
        bars.append(
            (
                index * (BAR_HEIGHT + BAR_GAP),
                LABEL_WIDTH - 8,
                label,
                " paypro-low" if low else "",
                LABEL_WIDTH,
                width,
                BAR_HEIGHT,
                label,
                value,
                LABEL_WIDTH + 6 + width,
                value,
            )
        )
    shapes = format_html_join(
        "",
        '<g transform="translate(0 {})">'
        '<text class="paypro-label" x="{}" y="13" text-anchor="end">{}</text>'
        '<rect class="paypro-bar{}" x="{}" y="0" width="{}" height="{}">'
        "<title>{}: {}</title></rect>"
        '<text class="paypro-label" x="{}" y="13">{}</text></g>',
        bars,
    )
    return _figure(title, WIDTH, max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP), shapes)
