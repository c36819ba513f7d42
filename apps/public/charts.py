"""The metric page's chart, drawn on the server as SVG.

A few dozen to a few thousand marks need no charting library: the page carries
the drawing itself (a few kilobytes once compressed) instead of a 4.8 MB
script, and it shows without JavaScript. Each mark is one published value at
its as-of date, else the end of its period, in its source's colour; its shape
says how the source qualifies it (▲ a lower bound, ▼ an upper bound, ◆ about,
a bar for a range), a ring marks a value other sources contradict, and a click
opens the figure. In Arabic the time axis runs right to left.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.urls import reverse

WIDTH, HEIGHT = 820, 360
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 16, 40
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
# Colours told apart by most readers, including those with a colour deficiency.
PALETTE = [
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#e69f00",
    "#6a3d9a",
    "#b15928",
    "#33a02c",
    "#444444",
]
MARK = 6  # half the size of a mark, in pixels
SHAPES = {
    "more_than": "up",
    "at_least": "up",
    "fewer_than": "down",
    "at_most": "down",
    "approximately": "diamond",
}


@dataclass
class Mark:
    x: float
    y: float
    shape: str  # circle, up, down, diamond
    colour: int  # index in PALETTE
    href: str
    title: str
    disputed: bool
    upper_y: float | None = None  # the top of a range

    @property
    def path(self) -> str:
        """The outline of a triangle or diamond (circles are drawn as circles)."""
        x, y, s = self.x, self.y, MARK
        if self.shape == "up":
            return f"M{x:.1f} {y - s:.1f}L{x + s:.1f} {y + s:.1f}L{x - s:.1f} {y + s:.1f}Z"
        if self.shape == "down":
            return f"M{x:.1f} {y + s:.1f}L{x + s:.1f} {y - s:.1f}L{x - s:.1f} {y - s:.1f}Z"
        return f"M{x:.1f} {y - s:.1f}L{x + s:.1f} {y:.1f}L{x:.1f} {y + s:.1f}L{x - s:.1f} {y:.1f}Z"


@dataclass
class Tick:
    at: float
    label: str


@dataclass
class Key:
    """A line of the legend: a source, its colour and how many of its values are drawn."""

    colour: int
    source: str
    count: int


@dataclass
class Drawing:
    marks: list[Mark] = field(default_factory=list)
    legend: list[Key] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    rtl: bool = False
    palette: list[str] = field(default_factory=lambda: list(PALETTE))

    @property
    def axis_x(self) -> int:
        """Where the value axis stands: on the left, or on the right in Arabic."""
        return self.right if self.rtl else self.left


def nice_step(span: float, count: int) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``count`` ticks."""
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(step * power for step in (1, 2, 5, 10) if step * power >= raw)


def value_ticks(highest: float) -> tuple[float, list[float]]:
    """The top of the value axis and its ticks, from zero."""
    step = nice_step(highest or 1, 5)
    top = step * math.ceil((highest or 1) / step)
    return top, [step * n for n in range(round(top / step) + 1)]


def year_ticks(first: dt.date, last: dt.date) -> list[int]:
    step = max(1, int(nice_step(last.year - first.year + 1, 8)))
    start = first.year + (-first.year) % step
    return list(range(start, last.year + 1, step))


def number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:g}"


def draw(series: list[dict], *, rtl: bool = False) -> Drawing | None:
    """The drawing of the chart's points (grouped by source, as metric_chart gives
    them), or None when no point has a date."""
    points = [(index, point) for index, s in enumerate(series) for point in s["points"]]
    if not points:
        return None
    days = [dt.date.fromisoformat(point["x"]) for _, point in points]
    # A year each side: no mark on the edge, and a single date still spans years.
    first, last = min(days) - dt.timedelta(days=365), max(days) + dt.timedelta(days=365)
    span = (last - first).days
    top, values = value_ticks(max(max(p["y"], p["upper"] or 0) for _, p in points))
    drawing = Drawing(rtl=rtl)

    def x_of(day: dt.date) -> float:
        share = (day - first).days / span
        return drawing.right - share * PLOT_WIDTH if rtl else drawing.left + share * PLOT_WIDTH

    def y_of(value: float) -> float:
        return drawing.bottom - value / top * PLOT_HEIGHT

    drawing.legend = [
        Key(index % len(PALETTE), s["source"], len(s["points"])) for index, s in enumerate(series)
    ]
    drawing.y_ticks = [Tick(y_of(value), number(value)) for value in values]
    drawing.x_ticks = [
        Tick(x_of(dt.date(year, 7, 1)), str(year)) for year in year_ticks(min(days), max(days))
    ]
    for (index, point), day in zip(points, days, strict=True):
        drawing.marks.append(
            Mark(
                x=x_of(day),
                y=y_of(point["y"]),
                shape=SHAPES.get(point["qualifier"], "circle"),
                colour=index % len(PALETTE),
                href=reverse("public:figure_detail", args=[point["id"]]),
                title=f"{point['label']} · {day.isoformat()} · {point['source'][:60]}",
                disputed=point["disputed"],
                upper_y=y_of(point["upper"]) if point["upper"] is not None else None,
            )
        )
    return drawing
