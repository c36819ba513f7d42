"""The disagreement rule stated plainly in Python: the oracle the SQL is held to.

Not used by the app (``apps.figures.disagreements.rule`` is the rule at run
time); written from the rule's description, one figure pair at a time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from apps.core.dates import PartialDate

INFINITY = Decimal("Infinity")


def interval(figure) -> tuple[Decimal, Decimal, bool, bool]:
    """(low, high, low open, high open): the true values a qualified figure allows."""
    value = Decimal(figure.value)
    if figure.qualifier == "approximately":
        return value * Decimal("0.9"), value * Decimal("1.1"), False, False
    if figure.qualifier == "more_than":
        return value, INFINITY, True, False
    if figure.qualifier == "at_least":
        return value, INFINITY, False, False
    if figure.qualifier == "fewer_than":
        return Decimal(0), value, False, True
    if figure.qualifier == "at_most":
        return Decimal(0), value, False, False
    if figure.qualifier == "range":
        return value, Decimal(figure.value_max), False, False
    return value, value, False, False


def can_be_at_most(x, y) -> bool:
    """Some value x allows is at most some value y allows."""
    x_low, _, x_low_open, _ = interval(x)
    _, y_high, _, y_high_open = interval(y)
    return x_low < y_high or (x_low == y_high and not x_low_open and not y_high_open)


def overlap(a, b) -> bool:
    return can_be_at_most(a, b) and can_be_at_most(b, a)


def compared_days(figure, kind: str, published) -> tuple[dt.date | None, dt.date | None]:
    """The days a figure is compared over: its period for events (an open end at
    its as-of date, else its source's date), its date for a level."""
    start = PartialDate.of(figure, "period_start")
    dated = kind == "level" or (kind == "share" and not start.known)
    if dated:
        for date in (
            PartialDate.of(figure, "as_of"),
            PartialDate.of(figure, "period_end"),
            published,
        ):
            if date.known:
                return date.first_day(), date.last_day()
        return None, None
    end = next(
        (
            date.last_day()
            for date in (
                PartialDate.of(figure, "period_end"),
                PartialDate.of(figure, "as_of"),
                published,
            )
            if date.known
        ),
        None,
    )
    return start.first_day(), end


def relation(a, b, kind: str, published_a, published_b) -> str | None:
    """Why a and b (one metric, area and subject) cannot both be right, or None."""
    a_from, a_to = compared_days(a, kind, published_a)
    b_from, b_to = compared_days(b, kind, published_b)
    known = None not in (a_from, a_to, b_from, b_to)
    equal = known and (a_from, a_to) == (b_from, b_to)
    if kind != "events":
        return "same_date" if equal and not overlap(a, b) else None
    if equal and not overlap(a, b):
        return "same_period"
    if known and not equal:
        if b_from <= a_from and a_to <= b_to and not can_be_at_most(a, b):
            return "inside"
        if a_from <= b_from and b_to <= a_to and not can_be_at_most(b, a):
            return "inside"
    if a_from is None or a_from != b_from:
        return None
    if a_to is None and b_to is None:
        near = True
    elif a_to is None or b_to is None:
        known_from, known_to = (b_from, b_to) if a_to is None else (a_from, a_to)
        near = (known_to - known_from).days + 1 >= 365 * 3
    else:
        lengths = sorted([(a_to - a_from).days + 1, (b_to - b_from).days + 1])
        near = abs((a_to - b_to).days) <= 366 * 3 and lengths[1] <= Decimal("1.5") * lengths[0]
    a_low, a_high = Decimal(a.value), Decimal(a.value_max or a.value)
    b_low, b_high = Decimal(b.value), Decimal(b.value_max or b.value)
    several = (a_low >= 5 * b_high and b_high > 0) or (b_low >= 5 * a_high and a_high > 0)
    return "implausible" if near and several else None


def groups(figures, kind_of, published_of, counts) -> set[frozenset[int]]:
    """Connected groups of two or more among the figures that count."""
    members = [f for f in figures if counts(f)]
    parent = {f.pk: f.pk for f in members}

    def root(pk):
        while parent[pk] != pk:
            pk = parent[pk]
        return pk

    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            same = (a.metric_id, a.area_id, a.subject) == (b.metric_id, b.area_id, b.subject)
            if same and relation(a, b, kind_of(a), published_of(a), published_of(b)):
                parent[root(a.pk)] = root(b.pk)
    found: dict[int, set[int]] = {}
    for f in members:
        found.setdefault(root(f.pk), set()).add(f.pk)
    return {frozenset(group) for group in found.values() if len(group) > 1}
