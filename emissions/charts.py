"""Accessible SVG charts drawn on the server (the same markup serves pages and the PDF report).

Each chart carries a <title> and <desc>; the page shows the same data as a table beside it.
Colours are presentation attributes, so the Content Security Policy needs no inline styles.
"""

import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#00642d", "#0017c1", "#b3000a", "#5c10be", "#8a5a00", "#006d77", "#4d4d4d"]
_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


def _f(value: float) -> str:
    return f"{value:.1f}"


def _text_width(text: str) -> int:
    """Rough width in px at 12 px: CJK glyphs are about twice as wide as Latin ones."""
    return sum(12 if ord(char) >= 0x2E80 else 7 for char in text)


def _number(value) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _frame(*, chart_id: str, title: str, description: str, width: int, height: int, body):
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'role="img" aria-labelledby="{}-title {}-desc" font-family="sans-serif" font-size="12">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
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


def bar_chart(*, title: str, description: str, bars: list[Bar], unit: str) -> SafeString:
    """Horizontal bars, largest scale from zero; labels on the left, values at the bar end."""
    chart_id = f"chart-{next(_ids)}"
    row, width = 22, 640
    label_width = min(320, max(60, max((_text_width(bar.label) for bar in bars), default=0) + 12))
    plot_width = width - label_width - 90
    height = row * len(bars) + 30
    top = max((bar.value for bar in bars), default=0)
    scale = _nice_max(top)
    parts = []
    for index, bar in enumerate(bars):
        y = 10 + index * row
        length = max(0.0, bar.value) / scale * plot_width
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="#1a1a1c">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" fill="#1a1a1c">{}</text>',
                label_width - 6,
                y + 14,
                bar.label,
                label_width,
                y + 3,
                _f(length),
                row - 6,
                PALETTE[0],
                _f(label_width + length + 4),
                y + 14,
                _number(bar.value),
            )
        )
    parts.append(
        format_html('<text x="{}" y="{}" fill="#4d4d4d">{}</text>', label_width, height - 4, unit)
    )
    return _frame(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=height,
        body=mark_safe("".join(parts)),  # noqa: S308 - every part went through format_html
    )


@dataclass(frozen=True)
class Series:
    name: str
    points: list[tuple[int, float]]
    dashed: bool = False


def line_chart(
    *,
    title: str,
    description: str,
    series: list[Series],
    unit: str,
    reference: tuple[str, float] | None = None,
) -> SafeString:
    """Lines over fiscal years with markers; an optional horizontal reference (a target)."""
    chart_id = f"chart-{next(_ids)}"
    width, height, left, right, top_pad, bottom = 640, 300, 70, 20, 20, 60
    years = sorted({year for s in series for year, _v in s.points})
    if not years:
        return _frame(
            chart_id=chart_id,
            title=title,
            description=description,
            width=width,
            height=40,
            body=mark_safe(""),
        )
    values = [v for s in series for _y, v in s.points] + ([reference[1]] if reference else [])
    scale = _nice_max(max(values, default=0))
    first, last = years[0], years[-1]
    span = max(1, last - first)
    plot_w, plot_h = width - left - right, height - top_pad - bottom

    def x(year):
        return left + (year - first) / span * plot_w

    def y(value):
        return top_pad + plot_h - max(0.0, value) / scale * plot_h

    parts = []
    for step in range(5):
        value = scale * step / 4
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d9d9d9"></line>'
                '<text x="{}" y="{}" text-anchor="end" fill="#4d4d4d">{}</text>',
                left,
                width - right,
                _f(y(value)),
                _f(y(value)),
                left - 6,
                _f(y(value) + 4),
                _number(value),
            )
        )
    label_years = [year for year in years if year in (first, last) or year % 5 == 0]
    for year in label_years:
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="#4d4d4d">{}</text>',
                _f(x(year)),
                height - bottom + 16,
                year,
            )
        )
    for index, s in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        points = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in sorted(s.points))
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}></polyline>',
                points,
                colour,
                mark_safe(dash),  # noqa: S308 - a constant
            )
        )
        parts.append(
            format_html_join(
                "",
                '<circle cx="{}" cy="{}" r="3" fill="{}"></circle>',
                ((_f(x(year)), _f(y(value)), colour) for year, value in s.points),
            )
        )
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="4" fill="{}"></rect>'
                '<text x="{}" y="{}" fill="#1a1a1c">{}</text>',
                left + (index % 3) * 190,
                height - 22 + (index // 3) * 14 - 4,
                colour,
                left + (index % 3) * 190 + 18,
                height - 22 + (index // 3) * 14,
                s.name,
            )
        )
    if reference:
        name, value = reference
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#b3000a" '
                'stroke-dasharray="4 3"></line>'
                '<text x="{}" y="{}" text-anchor="end" fill="#b3000a">{}</text>',
                left,
                width - right,
                _f(y(value)),
                _f(y(value)),
                width - right,
                _f(y(value) - 4),
                name,
            )
        )
    parts.append(format_html('<text x="4" y="12" fill="#4d4d4d">{}</text>', unit))
    return _frame(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=height,
        body=mark_safe("".join(parts)),  # noqa: S308 - every part went through format_html
    )


def as_float(value: Decimal | None) -> float:
    return float(value or 0)
