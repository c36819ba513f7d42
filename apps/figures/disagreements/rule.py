"""When two figures cannot both be right: the disagreement rule, in SQL.

Two figures are compared only within one partition: the same metric, the
same area and the same subject. Each figure allows an interval of values
(its qualifier: exactly, about ±10%, more than, at least, fewer than, at
most, a range: the figure's generated ``value_low``/``value_high``, a null
upper bound unbounded) and is compared over days (``compared_from``–``compared_to``)
that depend on what its metric counts:

- **events** add up over time (cells dismantled, arrests, deaths): its
  period, from its start to its end, else its as-of date, else its source's
  publication date. Equal periods must agree; a period inside another holds
  at most as many events, a period containing another at least as many;
  other periods never conflict. With a start unknown nothing is proved.
- a **level** at a date (prisoners held): its date at its precision — the
  as-of date, else the period's end, else the source's publication date;
  only figures of the same date are compared.
- a **share** (a percentage): only figures of the same period, or of the
  same date when neither has a period, are compared.

A pair that no logic proves wrong can still be **implausible**: for events
whose spans start the same day and are nearly the same (ends at most
``NEAR_YEARS`` apart and neither span more than half as long again as the
other, or an end unknown), a count ``MISPRINT_RATIO`` times the other's is
flagged as a likely misprint ("2009" beside "214" for 2002–2021).

The rule's answer for a pair is a relation: ``same_period`` or ``inside``
(contradictions of events), ``same_date`` (of levels and shares) or
``implausible``; none when both can be right. This module is the rule's one
home at runtime; the tests hold it to a plain statement of the same rule.
"""

from __future__ import annotations

from decimal import Decimal

MISPRINT_RATIO = 5
NEAR_YEARS = 3
NEAR_DAYS = 366 * NEAR_YEARS
# An open span is taken as nearly the same as a known one at least this long.
LONG_SPAN_DAYS = 365 * NEAR_YEARS
SIMILAR_LENGTH = Decimal("1.5")

CONTRADICTIONS = ("same_period", "inside", "same_date")
IMPLAUSIBLE = "implausible"


def last_day(date: str, precision: str) -> str:
    """SQL: the last day a partial date covers (null when unknown)."""
    return f"""(CASE {precision}
        WHEN 'day' THEN {date}
        WHEN 'month' THEN ({date} + interval '1 month' - interval '1 day')::date
        WHEN 'year' THEN make_date(extract(year FROM {date})::int, 12, 31) END)"""


def first_day(date: str, precision: str) -> str:
    """SQL: the first day a partial date covers (stored so; null when unknown)."""
    return f"(CASE WHEN {precision} <> 'unknown' THEN {date} END)"


def compared_days_sql() -> str:
    """SQL selecting ``id, compared_from, compared_to`` of the figures ``f`` of a
    query joined with their metric ``m`` and their quote's source ``s``."""
    start = first_day("f.period_start", "f.period_start_precision")
    period_end = last_day("f.period_end", "f.period_end_precision")
    as_of = last_day("f.as_of", "f.as_of_precision")
    published = last_day("s.published_on", "s.published_on_precision")
    # The date of a level: the as-of date, else the period's end, else the source's date.
    date, precision = (
        "COALESCE(CASE WHEN f.as_of_precision <> 'unknown' THEN f.as_of END, "
        "CASE WHEN f.period_end_precision <> 'unknown' THEN f.period_end END, "
        "CASE WHEN s.published_on_precision <> 'unknown' THEN s.published_on END)",
        "(CASE WHEN f.as_of_precision <> 'unknown' THEN f.as_of_precision "
        "WHEN f.period_end_precision <> 'unknown' THEN f.period_end_precision "
        "ELSE s.published_on_precision END)",
    )
    dated = "(m.kind = 'level' OR (m.kind = 'share' AND f.period_start IS NULL))"
    return f"""f.id,
        CASE WHEN {dated} THEN {first_day(date, precision)} ELSE {start} END AS compared_from,
        CASE WHEN {dated} THEN {last_day(date, precision)}
             ELSE COALESCE({period_end}, {as_of}, {published}) END AS compared_to"""


def columns_sql(alias: str = "f") -> str:
    """SQL of what the pair rule reads of each figure of ``alias`` (joined with metric ``m``)."""
    return f"""{alias}.id, {alias}.partition_key, {alias}.status, {alias}.metric_id,
        m.kind, {alias}.compared_from AS cf, {alias}.compared_to AS ct,
        {alias}.value_low AS lo, {alias}.value_high AS hi,
        {alias}.qualifier = 'more_than' AS lo_open, {alias}.qualifier = 'fewer_than' AS hi_open,
        {alias}.value AS rl, COALESCE({alias}.value_max, {alias}.value) AS rh"""


def can_be_at_most(x: str, y: str) -> str:
    """SQL: some value ``x`` allows is at most some value ``y`` allows (null high: unbounded)."""
    return (
        f"({y}.hi IS NULL OR {x}.lo < {y}.hi "
        f"OR ({x}.lo = {y}.hi AND NOT {x}.lo_open AND NOT {y}.hi_open))"
    )


def relation_sql(a: str = "a", b: str = "b") -> str:
    """SQL: the rule's relation between figures ``a`` and ``b`` of one partition, or null."""
    overlap = f"({can_be_at_most(a, b)} AND {can_be_at_most(b, a)})"
    known = (
        f"({a}.cf IS NOT NULL AND {b}.cf IS NOT NULL AND {a}.ct IS NOT NULL AND {b}.ct IS NOT NULL)"
    )
    equal = f"({a}.cf = {b}.cf AND {a}.ct = {b}.ct)"
    a_inside = f"({b}.cf <= {a}.cf AND {a}.ct <= {b}.ct)"
    b_inside = f"({a}.cf <= {b}.cf AND {b}.ct <= {a}.ct)"
    length_a, length_b = f"({a}.ct - {a}.cf + 1)", f"({b}.ct - {b}.cf + 1)"
    nearly_same_span = f"""(
        ({a}.ct IS NULL AND {b}.ct IS NULL)
        OR ({a}.ct IS NULL AND {b}.ct IS NOT NULL AND {length_b} >= {LONG_SPAN_DAYS})
        OR ({b}.ct IS NULL AND {a}.ct IS NOT NULL AND {length_a} >= {LONG_SPAN_DAYS})
        OR ({a}.ct IS NOT NULL AND {b}.ct IS NOT NULL AND abs({a}.ct - {b}.ct) <= {NEAR_DAYS}
            AND greatest({length_a}, {length_b})
                <= {SIMILAR_LENGTH} * least({length_a}, {length_b})))"""
    several_times = (
        f"(({a}.rl >= {MISPRINT_RATIO} * {b}.rh AND {b}.rh > 0) "
        f"OR ({b}.rl >= {MISPRINT_RATIO} * {a}.rh AND {a}.rh > 0))"
    )
    return f"""(CASE
        WHEN {a}.kind = 'events' AND {known} AND {equal} AND NOT {overlap} THEN 'same_period'
        WHEN {a}.kind = 'events' AND {known} AND NOT {equal} AND (
            ({a_inside} AND NOT {can_be_at_most(a, b)})
            OR ({b_inside} AND NOT {can_be_at_most(b, a)})) THEN 'inside'
        WHEN {a}.kind <> 'events' AND {known} AND {equal} AND NOT {overlap} THEN 'same_date'
        WHEN {a}.kind = 'events' AND {a}.cf = {b}.cf AND {nearly_same_span} AND {several_times}
            THEN 'implausible'
        END)"""
