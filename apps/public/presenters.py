"""What the public pages show of a figure, worked out once for every template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core.dates import PartialDate, period_text
from apps.core.numbers import value_in_text
from apps.figures.models import ReportedFigure
from apps.registry.subjects import SUBJECTS
from apps.sources.models import Quote


@dataclass
class FigureRow:
    figure: ReportedFigure
    value: str
    period: str
    attributed_to: str
    about: list

    @property
    def pk(self) -> int:
        return self.figure.pk


def period_label(figure: ReportedFigure) -> str:
    return period_text(*figure.period)


def attribution(figure: ReportedFigure) -> str:
    parts = []
    if figure.attributed_to_institution_id:
        parts.append(str(figure.attributed_to_institution))
    if figure.attributed_to_speaker:
        parts.append(figure.attributed_to_speaker)
    return " — ".join(parts)


def about(figure: ReportedFigure) -> list:
    """(kind, object) pairs of what the figure is about, for links."""
    links = [(kind.name, getattr(figure, kind.name)) for kind in SUBJECTS]
    return [(kind, entity) for kind, entity in links if entity is not None]


def row(figure: ReportedFigure) -> FigureRow:
    return FigureRow(
        figure=figure,
        value=figure.display_value(),
        period=period_label(figure),
        attributed_to=attribution(figure),
        about=about(figure),
    )


def rows(figures) -> list[FigureRow]:
    return [row(figure) for figure in figures]


@dataclass
class QuoteInContext:
    before: str
    quote_before: str
    value: str
    quote_after: str
    after: str


def quote_in_paragraph(quote: Quote) -> QuoteInContext:
    """The paragraph of the source around the quote, split for highlighting."""
    text = quote.source.text
    start = text.rfind("\n", 0, quote.start) + 1
    end = text.find("\n", quote.end)
    end = len(text) if end < 0 else end
    words = text[quote.start : quote.end]
    return QuoteInContext(text[start : quote.start], words, "", "", text[quote.end : end])


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (lines between newlines) around ``text[start:end]``."""
    after = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if after < 0 else after


def quoted_paragraphs(text: str, quotes) -> list[list[tuple[str, bool]]]:
    """The paragraphs of ``text`` that hold ``quotes`` (sorted by start), each as
    (text, quoted) parts; overlapping quotes are marked as one."""
    paragraphs: list[tuple[int, int, list[list[int]]]] = []
    for quote in quotes:
        start, end = paragraph_bounds(text, quote.start, quote.end)
        if paragraphs and start < paragraphs[-1][1]:  # the same paragraph (or an overlap)
            first, last, spans = paragraphs.pop()
            start, end = first, max(end, last)
            if quote.start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], quote.end)
            else:
                spans.append([quote.start, quote.end])
        else:
            spans = [[quote.start, quote.end]]
        paragraphs.append((start, end, spans))
    passages = []
    for start, end, spans in paragraphs:
        parts, cursor = [], start
        for span_start, span_end in spans:
            parts += [(text[cursor:span_start], False), (text[span_start:span_end], True)]
            cursor = span_end
        parts.append((text[cursor:end], False))
        passages.append([part for part in parts if part[0]])
    return passages


def mark_value(context: QuoteInContext, value) -> QuoteInContext:
    """Split the quote once more around the figure's value, when it is written there."""
    mention = value_in_text(value, context.quote_before)
    if mention is None:
        return context
    words = context.quote_before
    return QuoteInContext(
        context.before,
        words[: mention.start],
        words[mention.start : mention.end],
        words[mention.end :],
        context.after,
    )


def citation(figure: ReportedFigure, url: str) -> str:
    source = figure.quote.source
    parts = [f"«{figure.quote.text}»", source.title]
    if source.publisher:
        parts.append(source.publisher)
    parts.append(str(source.published) if source.published.known else _("date unknown"))
    if source.url:
        parts.append(source.url)
    cited = _("Cited from ctdb, figure %(id)s, %(url)s (consulted %(day)s)") % {
        "id": figure.pk,
        "url": url,
        "day": date_format(figure.updated_at, "DATE_FORMAT"),
    }
    return ". ".join(parts) + ". " + cited + "."


BOUND_SYMBOLS = {
    "more_than": "triangle-up",
    "at_least": "triangle-up",
    "fewer_than": "triangle-down",
    "at_most": "triangle-down",
    "approximately": "diamond",
    "range": "line-ew",
}


def chart_point(figure: ReportedFigure) -> dict | None:
    """One mark of the metric chart: the as-of date, else the end of the period."""
    when = PartialDate.of(figure, "as_of").last_day()
    if when is None:
        when = PartialDate.of(figure, "period_end").last_day()
    if when is None:
        return None
    value = float(figure.value)
    upper = float(figure.value_max) if figure.value_max is not None else None
    return {
        "id": figure.pk,
        "x": when.isoformat(),
        "y": value,
        "upper": upper,
        "qualifier": figure.qualifier,
        "symbol": BOUND_SYMBOLS.get(figure.qualifier, "circle"),
        "label": figure.display_value(),
        "source": figure.quote.source.title,
        "disputed": figure.publicly_disputed,
        "assessment": figure.assessment,
    }


def metric_chart(figures: list[ReportedFigure]) -> dict:
    """Points grouped by source, plus the figures that have no date to place them at."""
    series: dict[str, list] = {}
    undated = []
    for figure in figures:
        point = chart_point(figure)
        if point is None:
            undated.append(
                {
                    "id": figure.pk,
                    "label": figure.display_value(),
                    "source": figure.quote.source.title,
                }
            )
        else:
            series.setdefault(point["source"], []).append(point)
    return {"series": [{"source": s, "points": p} for s, p in series.items()], "undated": undated}


# A disagreement's timeline: one bar a figure over the days it is compared on.
TIMELINE_WIDTH, TIMELINE_ROW, TIMELINE_LEFT = 600, 28, 90


def timeline(figures: list[ReportedFigure]) -> dict | None:
    """Bars for the figures that have days (an open end runs to the right edge), or None."""
    dated = [f for f in figures if f.compared_from or f.compared_to]
    if not dated:
        return None
    days = [d for f in dated for d in (f.compared_from, f.compared_to) if d]
    first, last = min(days).year, max(days).year + 1
    span = max((dt.date(last, 1, 1) - dt.date(first, 1, 1)).days, 1)
    width = TIMELINE_WIDTH - TIMELINE_LEFT - 10

    def x(day: dt.date) -> int:
        return TIMELINE_LEFT + round(width * (day - dt.date(first, 1, 1)).days / span)

    bars = []
    for row, figure in enumerate(dated):
        start = figure.compared_from or figure.compared_to
        end = figure.compared_to
        left = x(start)
        right = x(end + dt.timedelta(days=1)) if end else TIMELINE_LEFT + width
        bars.append(
            {
                "figure": figure,
                "label": figure.display_value(),
                "x": left,
                "width": max(right - left, 3),
                "y": 10 + row * TIMELINE_ROW,
                "open_end": end is None,
            }
        )
    step = max(1, (last - first) // 8)
    ticks = [{"year": year, "x": x(dt.date(year, 1, 1))} for year in range(first, last + 1, step)]
    height = 20 + len(dated) * TIMELINE_ROW
    return {
        "bars": bars,
        "ticks": ticks,
        "width": TIMELINE_WIDTH,
        "height": height + 14,
        "axis": height,
    }
