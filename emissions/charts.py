"""Accessible SVG charts drawn on the server (the same markup serves pages and the PDF report).

Each chart carries a <title> and <desc>; the page shows the same data as a table beside it.
Colours are presentation attributes, so the Content Security Policy needs no inline styles.

A chart is drawn once for each width in `FIT_WIDTHS`, with 12-unit text; static/css/data.css
shows the drawing whose width its figure can hold, scaled up to the figure's width, so the chart
uses the width it has and its text is never under 12 px. Series differ by colour, dash, marker
shape and a label at the line's end, so no colour is needed to tell them apart.
"""

import itertools
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#00642d", "#0017c1", "#b3000a", "#5c10be", "#8a5a00", "#006d77", "#4d4d4d"]
DASHES = ["", "7 4", "2 3", "10 3 2 3", "4 2", "12 4", "1 2"]
MARKERS = ["circle", "square", "triangle", "diamond", "circle-open", "square-open", "triangle-down"]
# The narrowest drawing fits a 360 px phone's content box; static/css/data.css switches at these.
FIT_WIDTHS = (300, 480, 640)
TEXT, MUTED, GRID = "#1a1a1c", "#4d4d4d", "#d9d9d9"
ROW_GAP = 14  # the least vertical distance between two end labels, in units
_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


@dataclass(frozen=True)
class Series:
    name: str
    points: list[tuple[int, float]]


def _f(value: float) -> str:
    return f"{value:.1f}"


def _text_width(text: str) -> int:
    """Rough width in px at 12 px: CJK glyphs are about twice as wide as Latin ones."""
    return sum(12 if ord(char) >= 0x2E80 else 7 for char in str(text))


def _number(value) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == 0 else f"{value:,.1f}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _frame(*, title: str, description: str, width: int, height: int, body, fitted: bool):
    chart_id = f"chart-{next(_ids)}"
    classes = f"chart chart--fit chart--w{width}" if fitted else "chart"
    return format_html(
        '<svg class="{}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'role="img" aria-labelledby="{}-title {}-desc" font-family="sans-serif" font-size="12">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        classes,
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )


def _each_width(draw, widths: tuple[int, ...], **chart) -> SafeString:
    fitted = len(widths) > 1
    return mark_safe(  # noqa: S308 - each drawing went through format_html
        "".join(draw(width=width, fitted=fitted, **chart) for width in widths)
    )


def bar_chart(
    *, title: str, description: str, bars: list[Bar], unit: str, widths=FIT_WIDTHS
) -> SafeString:
    """Horizontal bars, largest scale from zero, the value at the bar's end; labels on the left,
    or above each bar where the drawing is too narrow for them."""
    return _each_width(
        _bar_drawing, widths, title=title, description=description, bars=bars, unit=unit
    )


def _bar_drawing(*, width, fitted, title, description, bars, unit):
    longest = max((_text_width(bar.label) for bar in bars), default=0) + 12
    value_width = max((_text_width(_number(bar.value)) for bar in bars), default=0) + 10
    stacked = longest > width * 0.45
    label_width = 0 if stacked else max(60, longest)
    row = 38 if stacked else 22
    plot_width = width - label_width - value_width
    height = row * len(bars) + 30
    scale = _nice_max(max((bar.value for bar in bars), default=0))
    parts = []
    for index, bar in enumerate(bars):
        top = 10 + index * row
        bar_top = top + 18 if stacked else top + 3
        length = max(0.0, bar.value) / scale * plot_width
        label = (
            format_html('<text x="0" y="{}" fill="{}">{}</text>', top + 12, TEXT, bar.label)
            if stacked
            else format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
                label_width - 6,
                top + 14,
                TEXT,
                bar.label,
            )
        )
        parts.append(
            format_html(
                '{}<rect x="{}" y="{}" width="{}" height="16" fill="{}"></rect>'
                '<text x="{}" y="{}" fill="{}">{}</text>',
                label,
                label_width,
                bar_top,
                _f(length),
                PALETTE[0],
                _f(label_width + length + 4),
                bar_top + 12,
                TEXT,
                _number(bar.value),
            )
        )
    parts.append(
        format_html('<text x="{}" y="{}" fill="{}">{}</text>', label_width, height - 4, MUTED, unit)
    )
    return _frame(
        title=title,
        description=description,
        width=width,
        height=height,
        body=mark_safe("".join(parts)),  # noqa: S308 - every part went through format_html
        fitted=fitted,
    )


def line_chart(
    *,
    title: str,
    description: str,
    series: list[Series],
    unit: str,
    reference: tuple[str, float] | None = None,
    widths=FIT_WIDTHS,
) -> SafeString:
    """Lines over fiscal years, each with its own colour, dash and marker and its name at its
    end (in the legend below where the drawing is too narrow); an optional reference line (a
    target)."""
    return _each_width(
        _line_drawing,
        widths,
        title=title,
        description=description,
        series=series,
        unit=unit,
        reference=reference,
    )


def _marker(kind: str, cx: float, cy: float, colour: str, size: float = 4) -> SafeString:
    """A marker `size` units from its centre, with a white outline so it shows over a line."""
    filled = not kind.endswith("-open")
    fill = colour if filled else "#fff"
    shape = kind.removesuffix("-open")
    if shape == "circle":
        return format_html(
            '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="1.5"></circle>',
            _f(cx),
            _f(cy),
            _f(size),
            fill,
            "#fff" if filled else colour,
        )
    if shape == "square":
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="1.5">'
            "</rect>",
            _f(cx - size),
            _f(cy - size),
            _f(2 * size),
            _f(2 * size),
            fill,
            "#fff" if filled else colour,
        )
    corners = {
        "triangle": ((0, -5), (5, 4), (-5, 4)),
        "triangle-down": ((0, 5), (5, -4), (-5, -4)),
        "diamond": ((0, -5), (5, 0), (0, 5), (-5, 0)),
    }[shape]
    return format_html(
        '<polygon points="{}" fill="{}" stroke="{}" stroke-width="1.5"></polygon>',
        " ".join(f"{cx + dx * size / 4:.1f},{cy + dy * size / 4:.1f}" for dx, dy in corners),
        fill,
        "#fff" if filled else colour,
    )


def _spread(positions: list[float], gap: float, low: float, high: float) -> list[float]:
    """The positions moved apart to at least `gap` from each other, order kept, within bounds."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [0.0] * len(positions)
    previous = low - gap
    for i in order:
        placed[i] = max(positions[i], previous + gap)
        previous = placed[i]
    overflow = previous - high
    if overflow > 0:
        for i in order:
            placed[i] -= overflow
    return placed


def _year_labels(years: list[int], pixels_per_year: float) -> list[int]:
    step = next((s for s in (1, 2, 5, 10, 20) if s * pixels_per_year >= 40), 50)
    first, last = years[0], years[-1]
    labels = [year for year in years if (year - first) % step == 0]
    if labels[-1] != last:
        if (last - labels[-1]) * pixels_per_year < 40:
            labels.pop()
        labels.append(last)
    return labels


def _line_drawing(*, width, fitted, title, description, series, unit, reference):
    years = sorted({year for s in series for year, _v in s.points})
    if not years:
        return _frame(
            title=title,
            description=description,
            width=width,
            height=40,
            body=mark_safe(""),
            fitted=fitted,
        )
    values = [v for s in series for _y, v in s.points] + ([reference[1]] if reference else [])
    scale = _nice_max(max(values, default=0))
    end_label_width = max(_text_width(s.name) for s in series) + 10
    direct_labels = end_label_width <= width * 0.3
    left = _text_width(_number(scale)) + 12
    right = end_label_width + 6 if direct_labels else 16
    legend_rows = _legend_rows(series, width - left) if not direct_labels else []
    top_pad, plot_h = 24, 150 + width // 8
    height = top_pad + plot_h + 26 + 18 * len(legend_rows)
    first, last = years[0], years[-1]
    span = max(1, last - first)
    plot_w = width - left - right

    def x(year):
        return left + (year - first) / span * plot_w

    def y(value):
        return top_pad + plot_h - max(0.0, value) / scale * plot_h

    parts = [format_html('<text x="0" y="12" fill="{}">{}</text>', MUTED, unit)]
    for step in range(5):
        value = scale * step / 4
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"></line>'
                '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
                left,
                width - right,
                _f(y(value)),
                _f(y(value)),
                GRID,
                left - 6,
                _f(y(value) + 4),
                MUTED,
                _number(value),
            )
        )
    for year in _year_labels(years, plot_w / span):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
                _f(x(year)),
                top_pad + plot_h + 18,
                MUTED,
                year,
            )
        )
    if reference:
        name, value = reference
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#b3000a" stroke-width="1.5" '
                'stroke-dasharray="4 3"></line>'
                '<text x="{}" y="{}" fill="#b3000a">{}</text>',
                left,
                width - right,
                _f(y(value)),
                _f(y(value)),
                left + 4,
                _f(y(value) - 5),
                name,
            )
        )
    # The first series is drawn widest, with the largest markers, so a later one lying on it
    # leaves it visible either side.
    marker_every = max(1, math.ceil(16 / max(1.0, plot_w / span)))
    ends = []
    for index, s in enumerate(series):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        points = sorted(s.points)
        size = 6 if index == 0 and len(series) > 1 else 4
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"{}></polyline>',
                " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in points),
                colour,
                "4" if index == 0 and len(series) > 1 else "2.5",
                format_html(' stroke-dasharray="{}"', dash) if dash else "",
            )
        )
        shown = [p for i, p in enumerate(points) if i % marker_every == 0 or i == len(points) - 1]
        parts.append(
            format_html_join(
                "",
                "{}",
                (
                    (_marker(MARKERS[index % len(MARKERS)], x(yr), y(v), colour, size),)
                    for yr, v in shown
                ),
            )
        )
        ends.append(y(points[-1][1]))
    if direct_labels:
        for index, label_y in enumerate(_spread(ends, ROW_GAP, top_pad, top_pad + plot_h)):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" fill="{}">{}</text>',
                    _f(width - right + 8),
                    _f(label_y + 4),
                    PALETTE[index % len(PALETTE)],
                    series[index].name,
                )
            )
    for row_index, row in enumerate(legend_rows):
        for index, item_x in row:
            colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
            item_y = top_pad + plot_h + 38 + row_index * 18
            parts.append(
                format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2.5"{}></line>'
                    '{}<text x="{}" y="{}" fill="{}">{}</text>',
                    item_x,
                    item_x + 24,
                    item_y - 4,
                    item_y - 4,
                    colour,
                    format_html(' stroke-dasharray="{}"', dash) if dash else "",
                    _marker(MARKERS[index % len(MARKERS)], item_x + 12, item_y - 4, colour),
                    item_x + 30,
                    item_y,
                    TEXT,
                    series[index].name,
                )
            )
    return _frame(
        title=title,
        description=description,
        width=width,
        height=height,
        body=mark_safe("".join(parts)),  # noqa: S308 - every part went through format_html
        fitted=fitted,
    )


def _legend_rows(series: list[Series], room: int) -> list[list[tuple[int, int]]]:
    """Legend items (series index, x) wrapped into rows of the given width."""
    rows, row, cursor = [], [], 0
    for index, s in enumerate(series):
        item = 30 + _text_width(s.name) + 16
        if row and cursor + item > room:
            rows.append(row)
            row, cursor = [], 0
        row.append((index, cursor))
        cursor += item
    if row:
        rows.append(row)
    return rows


def as_float(value: Decimal | None) -> float:
    return float(value or 0)
