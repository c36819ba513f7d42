"""The provenance checks the system runs on every figure.

- value in quote: the figure's value is written in its quote, in Western or
  Arabic-Indic digits or in Arabic number words;
- disagreements: figures for the same metric and subject over overlapping
  periods whose values cannot all be true under their qualifiers.

(The third check, quote in source, lives with the Quote model.)
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, groupby
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.core.dates import PartialDate
from apps.core.numbers import value_in_text

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


# Bulk loads defer the refresh to the end: one pass over every (metric, subject) touched.
_deferred: contextvars.ContextVar[set | None] = contextvars.ContextVar("deferred", default=None)


@contextmanager
def deferred_disagreements():
    """Refresh disagreements once at the end of a bulk operation."""
    if _deferred.get() is not None:
        yield
        return
    token = _deferred.set(set())
    try:
        yield
        pending = _deferred.get()
    finally:
        _deferred.reset(token)
    refresh_partitions(pending)


def refresh_disagreements_for(figure: ReportedFigure) -> None:
    partitions = {(figure.metric_id, figure.subject)}
    loaded = getattr(figure, "_loaded_partition", None)
    if loaded is not None:
        partitions.add(loaded)
    figure._loaded_partition = (figure.metric_id, figure.subject)
    pending = _deferred.get()
    if pending is not None:
        pending.update(partitions)
        return
    refresh_partitions(partitions)


SUBJECT_FIELDS = ("institution_id", "programme_id", "cohort_id", "law_id", "incident_id")


def dispute_changes(figures: list) -> tuple[list[int], list[int]]:
    """The figures of one partition that gain and lose the public "disputed" mark.

    Readers see only this mark: a conflict with a draft must not reveal that
    the draft exists, so only published figures count.
    """
    from .models import ReportedFigure

    published = [f for f in figures if f.status == ReportedFigure.Status.PUBLISHED]
    disputed = {f.pk for group in conflicting_groups(published) for f in group}
    gained = [f.pk for f in figures if f.pk in disputed and not f.publicly_disputed]
    lost = [f.pk for f in figures if f.pk not in disputed and f.publicly_disputed]
    return gained, lost


def refresh_disagreements(metric_id: int, subject: tuple) -> None:
    """Regroup the conflicting figures of one metric and subject."""
    refresh_partitions({(metric_id, tuple(subject))})


def partitions_join(partitions: set[tuple]) -> tuple[str, str, list]:
    """SQL naming these (metric, subject) partitions, to join figures ``f`` with.

    Returns the table expression, the join condition and their parameters. Ids
    are positive, so 0 stands for "none" and PostgreSQL can hash the subjects.
    """
    columns = ("metric_id", *SUBJECT_FIELDS)
    rows = [(metric_id, *subject) for metric_id, subject in partitions]
    arrays = ", ".join(["%s::bigint[]"] * len(columns))
    source = f"unnest({arrays}) AS p({', '.join(columns)})"
    condition = " AND ".join(
        ["f.metric_id = p.metric_id"]
        + [f"COALESCE(f.{column}, 0) = COALESCE(p.{column}, 0)" for column in SUBJECT_FIELDS]
    )
    return source, condition, [list(column) for column in zip(*rows, strict=True)]


def refresh_partitions(partitions) -> None:
    """Regroup the conflicting figures of each (metric, subject) partition.

    The partitions' figures are read with one query, in partition order and a
    few thousand rows at a time, and the changes written with a few statements
    per thousands of figures: a large import regroups thousands of partitions
    at once, holding one partition in memory at a time.
    """
    from django.db import connection, transaction

    from .models import Disagreement, ReportedFigure

    partitions = {(metric_id, tuple(subject)) for metric_id, subject in partitions}
    if not partitions:
        return
    table = ReportedFigure._meta.db_table
    source, condition, params = partitions_join(partitions)
    columns = ", ".join(f"f.{column}" for column in ("metric_id", *SUBJECT_FIELDS, *FIELDS))
    rejected = ReportedFigure.Status.REJECTED
    with transaction.atomic():
        regrouping = Regrouping(now=timezone.now())  # regrouping is a change mirrors must see
        with connection.chunked_cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {table} f JOIN {source} ON {condition} "
                "WHERE f.status <> %s ORDER BY 1, 2, 3, 4, 5, 6",
                [*params, rejected],
            )
            rows = chain.from_iterable(iter(lambda: cursor.fetchmany(2000), []))
            for (metric_id, *_subject), members in groupby(rows, key=lambda row: row[:6]):
                regrouping.add(metric_id, [Member(*row[6:]) for row in members])
        regrouping.write()
        with connection.cursor() as cursor:
            for column, cleared in (("disagreement_id", "NULL"), ("publicly_disputed", "false")):
                cursor.execute(
                    f"UPDATE {table} AS f SET {column} = {cleared}, updated_at = %s "
                    f"FROM {source} WHERE {condition} "
                    f"AND f.status = %s AND f.{column} IS DISTINCT FROM {cleared}",
                    [regrouping.now, *params, rejected],
                )
        metrics = {metric_id for metric_id, _ in partitions}
        Disagreement.objects.filter(metric_id__in=metrics, figures__isnull=True).delete()


class Member:
    """What regrouping reads of a figure (a model instance would weigh ten times more)."""

    __slots__ = (
        "disagreement_id",
        "period_end",
        "period_end_precision",
        "period_start",
        "period_start_precision",
        "pk",
        "publicly_disputed",
        "qualifier",
        "status",
        "value",
        "value_max",
    )

    def __init__(self, *values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)


# The columns behind Member's attributes, in the same order.
FIELDS = tuple("id" if name == "pk" else name for name in Member.__slots__)


class Regrouping:
    """The changes regrouping makes, written a few thousand figures at a time.

    A conflicting group keeps the disagreement most of its figures already
    have; a new group gets a new disagreement.
    """

    WRITE_EVERY = 5000

    def __init__(self, now):
        self.now = now
        self.moves: dict[int, int | None] = {}
        self.new_groups: list[tuple[int, list[Member]]] = []
        self.gained: list[int] = []
        self.lost: list[int] = []

    def add(self, metric_id: int, figures: list[Member]) -> None:
        """Regroup one partition's figures."""
        grouped: set[int] = set()
        for group in conflicting_groups(figures):
            grouped.update(f.pk for f in group)
            current = Counter(f.disagreement_id for f in group if f.disagreement_id)
            if not current:
                self.new_groups.append((metric_id, group))
                continue
            kept = current.most_common(1)[0][0]
            self.moves.update({f.pk: kept for f in group if f.disagreement_id != kept})
        self.moves.update(
            {f.pk: None for f in figures if f.disagreement_id and f.pk not in grouped}
        )
        gained, lost = dispute_changes(figures)
        self.gained += gained
        self.lost += lost
        if len(self.moves) + sum(len(group) for _, group in self.new_groups) > self.WRITE_EVERY:
            self.write()

    def write(self) -> None:
        """Create the new disagreements, then move the figures, in a few statements."""
        from django.db import connection

        from .models import Disagreement, ReportedFigure

        created = Disagreement.objects.bulk_create(
            [Disagreement(metric_id=metric_id) for metric_id, _group in self.new_groups]
        )
        for disagreement, (_metric, group) in zip(created, self.new_groups, strict=True):
            self.moves.update({f.pk: disagreement.pk for f in group})
        table = ReportedFigure._meta.db_table
        if self.moves:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET disagreement_id = m.disagreement_id, updated_at = %s "
                    "FROM unnest(%s::bigint[], %s::bigint[]) AS m(id, disagreement_id) "
                    f"WHERE {table}.id = m.id",
                    [self.now, list(self.moves), list(self.moves.values())],
                )
        figures = ReportedFigure.objects
        figures.filter(pk__in=self.gained).update(publicly_disputed=True, updated_at=self.now)
        figures.filter(pk__in=self.lost).update(publicly_disputed=False, updated_at=self.now)
        self.moves, self.new_groups, self.gained, self.lost = {}, [], [], []
