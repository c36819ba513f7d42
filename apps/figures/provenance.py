"""The provenance checks the system runs on every figure.

- value in quote: the figure's value is written in its quote, in Western or
  Arabic-Indic digits or in Arabic number words;
- disagreements: figures for the same metric and subject over overlapping
  periods whose values cannot all be true under their qualifiers.

(The third check, quote in source, lives with the Quote model.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.core.dates import PartialDate
from apps.core.numbers import value_in_text
from apps.registry.subjects import SUBJECT_COLUMNS

if TYPE_CHECKING:
    from .models import ReportedFigure

# "About 200" is read as 200 give or take this share: wide enough for press
# rounding ("about 200" for 214), narrow enough to flag "about 200" against 2009.
APPROXIMATE_TOLERANCE = Decimal("0.10")

INFINITY = Decimal("Infinity")


def values_found_in(figure: ReportedFigure) -> bool:
    """The value (and a range's upper value) are written in the figure's quote."""
    if figure.quote_id is None:
        return False
    text = figure.quote.text
    values = [figure.value] if figure.value_max is None else [figure.value, figure.value_max]
    return all(value is not None and value_in_text(value, text) is not None for value in values)


def check_value(figure: ReportedFigure) -> None:
    """Record on the figure whether its value is written in its quote (not saved)."""
    figure.value_in_quote = values_found_in(figure)


def _plain(value: Decimal) -> str:
    value = Decimal(value).normalize()
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=places, force_grouping=True)


def describe_value(figure: ReportedFigure) -> str:
    """The value as a reader says it: 'more than 200', 'about 45', '1,500–1,600', '88%'."""
    Qualifier = type(figure).Qualifier
    value = _plain(figure.value)
    if figure.qualifier == Qualifier.RANGE and figure.value_max is not None:
        value = f"{value}–{_plain(figure.value_max)}"
    if figure.unit == "percent":
        value = f"{value}%"
    templates = {
        Qualifier.APPROXIMATELY: _("about %(value)s"),
        Qualifier.MORE_THAN: _("more than %(value)s"),
        Qualifier.AT_LEAST: _("at least %(value)s"),
        Qualifier.FEWER_THAN: _("fewer than %(value)s"),
        Qualifier.AT_MOST: _("at most %(value)s"),
    }
    template = templates.get(figure.qualifier)
    return template % {"value": value} if template else value


def describe_period(figure: ReportedFigure) -> str:
    """The period or date a figure counts as a reader says it: '2002–2021', '2019',
    'since 2002', 'until 2010', 'as of May 2019', 'no date given'."""
    start = PartialDate.of(figure, "period_start")
    end = PartialDate.of(figure, "period_end")
    as_of = PartialDate.of(figure, "as_of")
    if start.known and end.known:
        return str(start) if str(start) == str(end) else f"{start}–{end}"
    if start.known:
        return _("since %(start)s") % {"start": start}
    if end.known:
        return _("until %(end)s") % {"end": end}
    if as_of.known:
        return _("as of %(date)s") % {"date": as_of}
    return _("no date given")


@dataclass(frozen=True)
class Interval:
    """The values a figure allows, with open or closed ends."""

    low: Decimal
    high: Decimal
    low_open: bool = False
    high_open: bool = False

    def intersect(self, other: Interval) -> Interval:
        low = max(self.low, other.low)
        high = min(self.high, other.high)
        low_open = (self.low == low and self.low_open) or (other.low == low and other.low_open)
        high_open = (self.high == high and self.high_open) or (
            other.high == high and other.high_open
        )
        return Interval(low, high, low_open, high_open)

    @property
    def empty(self) -> bool:
        if self.low > self.high:
            return True
        return self.low == self.high and (self.low_open or self.high_open)


def value_interval(qualifier: str, value: Decimal, value_max: Decimal | None) -> Interval:
    """The set of true values a qualified figure is compatible with."""
    value = Decimal(value)
    if qualifier == "approximately":
        margin = value * APPROXIMATE_TOLERANCE
        return Interval(value - margin, value + margin)
    if qualifier == "more_than":
        return Interval(value, INFINITY, low_open=True)
    if qualifier == "at_least":
        return Interval(value, INFINITY)
    if qualifier == "fewer_than":
        return Interval(Decimal(0), value, high_open=True)
    if qualifier == "at_most":
        return Interval(Decimal(0), value)
    if qualifier == "range" and value_max is not None:
        return Interval(value, Decimal(value_max))
    return Interval(value, value)


def can_all_be_true(intervals: list[Interval]) -> bool:
    """Whether one true value satisfies every figure."""
    if not intervals:
        return True
    common = intervals[0]
    for interval in intervals[1:]:
        common = common.intersect(interval)
    return not common.empty


def period_bounds(figure: ReportedFigure) -> tuple[dt.date, dt.date]:
    """The widest days a figure's period could cover; unknown ends are open."""
    start = PartialDate.of(figure, "period_start").first_day() or dt.date.min
    end = PartialDate.of(figure, "period_end").last_day() or dt.date.max
    return start, end


def overlapping_groups(figures: list[ReportedFigure]) -> list[list[ReportedFigure]]:
    """Split figures into chains of overlapping periods (a sweep, not pairwise)."""
    groups: list[list[ReportedFigure]] = []
    reach = dt.date.min
    for figure in sorted(figures, key=lambda f: (period_bounds(f), f.pk)):
        start, end = period_bounds(figure)
        if groups and start <= reach:
            groups[-1].append(figure)
            reach = max(reach, end)
        else:
            groups.append([figure])
            reach = end
    return groups


def conflicting_groups(figures: list[ReportedFigure]) -> list[list[ReportedFigure]]:
    """The overlapping groups whose values cannot all be true."""
    conflicts = []
    for group in overlapping_groups(figures):
        intervals = [value_interval(f.qualifier, f.value, f.value_max) for f in group]
        if len(group) > 1 and not can_all_be_true(intervals):
            conflicts.append(group)
    return conflicts


SUBJECT_FIELDS = SUBJECT_COLUMNS
