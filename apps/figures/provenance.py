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

from django.utils import timezone
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


def regroup_figures(ids) -> None:
    """Regroup what a change of these figures can move: their own (metric,
    subject) partitions and those of the disagreements they were in."""
    from django.db import connection

    from .models import ReportedFigure

    ids = sorted(set(ids))
    if not ids:
        return
    table = ReportedFigure._meta.db_table
    subject = ", ".join(SUBJECT_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT DISTINCT metric_id, {subject} FROM {table}
            WHERE id = ANY(%s) OR disagreement_id IN (
                SELECT disagreement_id FROM {table} WHERE id = ANY(%s))""",
            [ids, ids],
        )
        partitions = {(row[0], tuple(row[1:])) for row in cursor.fetchall()}
    refresh_partitions(partitions)


def disagreement_neighbours(ids) -> list[int]:
    """The other figures of the disagreements these figures are in."""
    from .models import ReportedFigure

    ids = list(ids)
    return list(
        ReportedFigure.objects.filter(
            disagreement__in=ReportedFigure.objects.filter(
                pk__in=ids, disagreement__isnull=False
            ).values("disagreement")
        )
        .exclude(pk__in=ids)
        .values_list("pk", flat=True)
    )


SUBJECT_FIELDS = SUBJECT_COLUMNS


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

    PostgreSQL does the regrouping, set by set (``Regrouping``): a bulk action or
    an import touching thousands of partitions, or one national total among
    tens of thousands of figures, regroups in a few statements. The rule is the
    one ``conflicting_groups`` states in Python; the tests hold both to the
    same answers.
    """
    from django.db import transaction

    partitions = {(metric_id, tuple(subject)) for metric_id, subject in partitions}
    if not partitions:
        return
    with transaction.atomic():
        Regrouping(partitions, now=timezone.now()).run()


# The SQL of a figure's period bounds and value interval, as ``period_bounds``
# and ``value_interval`` compute them (unknown ends are -infinity/infinity; a
# month is stored as its first day, so its last day is a month on, less a day).
FIRST_DAY_SQL = (
    "COALESCE(CASE WHEN f.period_start_precision <> 'unknown' THEN f.period_start END, "
    "'-infinity'::date)"
)
LAST_DAY_SQL = """CASE f.period_end_precision
    WHEN 'day' THEN f.period_end
    WHEN 'month' THEN (f.period_end + interval '1 month' - interval '1 day')::date
    WHEN 'year' THEN make_date(extract(year FROM f.period_end)::int, 12, 31)
    ELSE 'infinity'::date END"""
INTERVAL_SQL = """CASE f.qualifier
    WHEN 'approximately' THEN f.value - f.value * {tolerance}
    WHEN 'fewer_than' THEN 0 WHEN 'at_most' THEN 0 ELSE f.value END AS low,
  CASE
    WHEN f.qualifier = 'approximately' THEN f.value + f.value * {tolerance}
    WHEN f.qualifier IN ('more_than', 'at_least') THEN 'Infinity'::numeric
    WHEN f.qualifier = 'range' AND f.value_max IS NOT NULL THEN f.value_max
    ELSE f.value END AS high,
  f.qualifier = 'more_than' AS low_open,
  f.qualifier = 'fewer_than' AS high_open""".format(tolerance=f"{APPROXIMATE_TOLERANCE}::numeric")

# A partition, as the columns of the regrouping's tables.
PARTITION = "metric_id, " + ", ".join(f"s_{column}" for column in SUBJECT_FIELDS)


def chains_sql(members: str) -> str:
    """Each figure of ``members`` with its chain of overlapping periods and
    whether the chain's values cannot all be true (``overlapping_groups`` then
    ``can_all_be_true``): one sort for the sweep over the periods, then each
    chain's bounds by hashing, not sorting again."""
    order = f"PARTITION BY {PARTITION} ORDER BY first_day, last_day, id"
    return f"""
        WITH swept AS (
            SELECT *, max(last_day) OVER (
                {order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
            FROM ({members}) AS m
        ), numbered AS MATERIALIZED (
            SELECT *,
                count(*) FILTER (WHERE reach IS NULL OR first_day > reach)
                    OVER ({order} ROWS UNBOUNDED PRECEDING) AS chain,
                row_number() OVER ({order}) AS position
            FROM swept
        ), bounds AS (
            SELECT {PARTITION}, chain, count(*) AS size,
                max(low) AS chain_low, min(high) AS chain_high
            FROM numbered GROUP BY {PARTITION}, chain
        ), chains AS (
            SELECT {PARTITION}, chain, size > 1 AND (chain_low > chain_high
                OR (chain_low = chain_high AND bool_or(
                    (low = chain_low AND low_open) OR (high = chain_high AND high_open)
                ))) AS conflicting
            FROM numbered JOIN bounds USING ({PARTITION}, chain)
            GROUP BY {PARTITION}, chain, size, chain_low, chain_high
        )
        SELECT id, {PARTITION}, chain, position, status, disagreement_id, publicly_disputed,
            conflicting
        FROM numbered JOIN chains USING ({PARTITION}, chain)"""


class Regrouping:
    """Regroups partitions in PostgreSQL, through temporary tables.

    - ``regroup_members``: the partitions' figures that are not rejected, with
      their period bounds and value intervals;
    - ``regroup_chains``: each with its chain of overlapping periods and
      whether the chain conflicts;
    - ``regroup_groups``: each conflicting chain and its disagreement: the one
      most of its figures already have (each disagreement stays with one
      chain only), or a new one;
    - ``regroup_changes``: the figures whose disagreement or public mark
      changes, the only ones written.

    Readers see the mark only: a conflict with a draft must not reveal that
    the draft exists, so the mark comes from the chains of published figures
    alone.
    """

    TABLES = ("regroup_members", "regroup_chains", "regroup_groups", "regroup_changes")

    def __init__(self, partitions: set[tuple], now):
        from django.db import connection

        from .models import Disagreement, ReportedFigure

        self.partitions = partitions
        self.now = now
        self.connection = connection
        self.figures = ReportedFigure._meta.db_table
        self.disagreements = Disagreement._meta.db_table
        self.rejected = ReportedFigure.Status.REJECTED
        self.published = ReportedFigure.Status.PUBLISHED

    def run(self) -> None:
        with self.connection.cursor() as cursor:
            self.cursor = cursor
            # Sorting a partition of 100,000 figures in memory rather than on disk.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            self.drop()
            self.collect()
            self.group()
            self.write()
            self.clear_rejected()
            self.drop()
            cursor.execute("SET LOCAL work_mem TO DEFAULT")
        from .models import Disagreement

        metrics = {metric_id for metric_id, _ in self.partitions}
        Disagreement.objects.filter(metric_id__in=metrics, figures__isnull=True).delete()

    def drop(self) -> None:
        self.cursor.execute(f"DROP TABLE IF EXISTS {', '.join(self.TABLES)}")

    def collect(self) -> None:
        source, condition, params = partitions_join(self.partitions)
        subject = ", ".join(f"COALESCE(f.{c}, 0) AS s_{c}" for c in SUBJECT_FIELDS)
        self.cursor.execute(
            f"""CREATE TEMPORARY TABLE regroup_members AS
            SELECT f.id, f.metric_id, {subject}, f.status, f.disagreement_id,
                f.publicly_disputed, {FIRST_DAY_SQL} AS first_day, {LAST_DAY_SQL} AS last_day,
                {INTERVAL_SQL}
            FROM {self.figures} f JOIN {source} ON {condition}
            WHERE f.status <> %s AND f.metric_id = ANY(%s)""",
            [*params, self.rejected, sorted({metric_id for metric_id, _ in self.partitions})],
        )

    def group(self) -> None:
        cursor = self.cursor
        cursor.execute(
            "CREATE TEMPORARY TABLE regroup_chains AS "
            + chains_sql("SELECT * FROM regroup_members")
        )
        # Each conflicting chain's most common disagreement (ties: the one met
        # first in period order), then each disagreement for one chain only.
        cursor.execute(
            f"""CREATE TEMPORARY TABLE regroup_groups AS
            WITH claims AS (
                SELECT {PARTITION}, chain, disagreement_id, count(*) AS members,
                    min(position) AS first
                FROM regroup_chains c
                -- a figure moved to another metric does not bring its old disagreement
                WHERE conflicting AND EXISTS (
                    SELECT FROM {self.disagreements} d
                    WHERE d.id = c.disagreement_id AND d.metric_id = c.metric_id)
                GROUP BY {PARTITION}, chain, disagreement_id
            ), best AS (
                SELECT DISTINCT ON ({PARTITION}, chain) * FROM claims
                ORDER BY {PARTITION}, chain, members DESC, first
            ), kept AS (
                SELECT DISTINCT ON (disagreement_id) * FROM best
                ORDER BY disagreement_id, members DESC, {PARTITION}, chain
            )
            SELECT DISTINCT {PARTITION}, c.chain, k.disagreement_id, false AS new
            FROM regroup_chains c LEFT JOIN kept k USING ({PARTITION}, chain)
            WHERE c.conflicting""",
        )
        cursor.execute(
            """UPDATE regroup_groups SET new = true,
                disagreement_id = nextval(pg_get_serial_sequence(%s, 'id'))
            WHERE disagreement_id IS NULL""",
            [self.disagreements],
        )
        cursor.execute(
            f"INSERT INTO {self.disagreements} (id, metric_id, detected_at, updated_at) "
            "SELECT disagreement_id, metric_id, %s, %s FROM regroup_groups WHERE new",
            [self.now, self.now],
        )

    def write(self) -> None:
        """Write the figures whose disagreement or public mark changes, and only them."""
        published = chains_sql(f"SELECT * FROM regroup_members WHERE status = '{self.published}'")
        self.cursor.execute(
            f"""CREATE TEMPORARY TABLE regroup_changes AS
            SELECT c.id, g.disagreement_id, COALESCE(p.conflicting, false) AS disputed
            FROM regroup_chains c
            LEFT JOIN regroup_groups g USING ({PARTITION}, chain)
            LEFT JOIN ({published}) p ON p.id = c.id
            WHERE g.disagreement_id IS DISTINCT FROM c.disagreement_id
                OR COALESCE(p.conflicting, false) <> c.publicly_disputed"""
        )
        self.cursor.execute(
            f"""UPDATE {self.figures} AS f
            SET disagreement_id = t.disagreement_id, publicly_disputed = t.disputed,
                updated_at = %s
            FROM regroup_changes AS t WHERE f.id = t.id""",
            [self.now],
        )

    def clear_rejected(self) -> None:
        source, condition, params = partitions_join(self.partitions)
        self.cursor.execute(
            f"UPDATE {self.figures} AS f SET disagreement_id = NULL, publicly_disputed = false, "
            f"updated_at = %s FROM {source} WHERE {condition} AND f.status = %s "
            "AND (f.disagreement_id IS NOT NULL OR f.publicly_disputed)",
            [self.now, *params, self.rejected],
        )
