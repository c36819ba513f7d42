"""Keyset ("cursor") pagination: page 1,000 costs what page 1 costs.

An OFFSET makes PostgreSQL read and drop every row before the page, and a
count of a large table costs as much as reading it, so neither is used. Each
page carries an opaque cursor naming the last row it showed (its sort value
and id); the next page asks for rows after it with a row comparison,
``(column, id) < (value, pk)``, which PostgreSQL turns into a bound on an
index over (sort column, id): the scan starts where the last page ended.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db.models import BooleanField, Case, Expression, F, Q, QuerySet, Value, When


class InvalidCursor(ValueError):
    """A cursor that was not made by this site, or no longer parses."""


@dataclass(frozen=True)
class Ordering:
    """One way to sort a listing: a column (or annotation) then the id, as a tiebreak."""

    column: str
    descending: bool
    parse: Callable[[str], Any]
    annotation: Any = None

    def apply(self, queryset: QuerySet, reverse: bool = False) -> QuerySet:
        if self.annotation is not None:
            queryset = queryset.annotate(**{self.column: self.annotation})
        descending = self.descending != reverse
        direction = "-" if descending else ""
        return queryset.order_by(f"{direction}{self.column}", f"{direction}id")

    def beyond(self, value: Any, pk: int, reverse: bool = False) -> RowComparison:
        """Rows that come after (value, pk) in this ordering."""
        descending = self.descending != reverse
        return RowComparison(
            [F(self.column), F("id")], "<" if descending else ">", [Value(value), Value(pk)]
        )

    def key_of(self, row) -> tuple[Any, int]:
        return getattr(row, self.column), row.pk


class RowComparison(Expression):
    """``(a, b) < (x, y)``: true for rows after (x, y) in (a, b) order.

    Written as ``a < x OR (a = x AND b < y)`` the same condition cannot bound an
    index scan, and page 1,000 in value order would read the 50,000 rows before it.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, left: list, operator: str, right: list):
        if operator not in {"<", ">"} or len(left) != len(right):
            raise ValueError("compare two rows of the same length with < or >")
        super().__init__()
        self.left, self.operator, self.right = list(left), operator, list(right)

    def get_source_expressions(self):
        return [*self.left, *self.right]

    def set_source_expressions(self, expressions):
        half = len(expressions) // 2
        self.left, self.right = list(expressions[:half]), list(expressions[half:])

    def as_sql(self, compiler, connection):
        sides, params = [], []
        for side in (self.left, self.right):
            parts = []
            for expression in side:
                sql, part_params = compiler.compile(expression)
                parts.append(sql)
                params.extend(part_params)
            sides.append(f"({', '.join(parts)})")
        return f"{sides[0]} {self.operator} {sides[1]}", params


MAX_CURSOR_NUMBER = Decimal(10) ** 13


def parse_decimal(text: str) -> Decimal:
    number = Decimal(text)
    # Values carry two decimal places; anything else was not made by this site.
    if (
        not number.is_finite()
        or abs(number) >= MAX_CURSOR_NUMBER
        or number.as_tuple().exponent < -2
    ):
        raise ValueError(f"out of range: {text}")
    return number


def parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def parse_datetime(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def parse_int(text: str) -> int:
    return int(text)


def encode_cursor(value: Any, pk: int) -> str:
    raw = json.dumps([str(value), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, ordering: Ordering) -> tuple[Any, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return ordering.parse(value), int(pk)
    except (ValueError, TypeError, InvalidOperation, binascii.Error) as error:
        raise InvalidCursor(str(error)) from error


@dataclass(frozen=True)
class RankedOrdering:
    """Rows meeting more of ``conditions`` first, newest first among equals.

    The rank cannot come from an index, and sorting every row a common word
    matches by it would cost a second or more. So a page is read rank by
    rank: the rows meeting every condition in id order (which stops after a
    page, like any listing), then those meeting all but one, and so on; the
    cursor is (rank, id).
    """

    conditions: tuple[Q, ...]
    # The rows meeting every condition, if a cheaper way to find them is known.
    every: Q | None = None
    column = "rank"
    descending = True
    parse = staticmethod(parse_int)

    def level(self, queryset: QuerySet, rank: int) -> QuerySet:
        """The rows meeting exactly ``rank`` of the conditions."""
        if rank == len(self.conditions):
            return queryset.filter(self.every or reduce(and_, self.conditions))
        met = [Case(When(condition, then=1), default=0) for condition in self.conditions]
        # "At least rank, and not at least rank + 1" rather than "= rank": PostgreSQL
        # guesses that an equality on a computed value keeps a handful of rows and
        # then joins and sorts them all, where reading in id order stops after a page.
        return (
            queryset.alias(_met=reduce(lambda total, one: total + one, met))
            .filter(reduce(or_, self.conditions), _met__gte=rank)
            .exclude(_met__gte=rank + 1)
        )

    def key_of(self, row) -> tuple[Any, int]:
        return row.rank, row.pk


def ranked_page(
    queryset: QuerySet,
    ordering: RankedOrdering,
    cursor: str | None,
    reverse: bool,
    size: int,
) -> tuple[list, bool]:
    """The rows of one page in rank order (reversed: from the far end), and whether more follow."""
    ranks = list(range(len(ordering.conditions), 0, -1))
    start = decode_cursor(cursor, ordering) if cursor else None
    if reverse:
        ranks.reverse()
    rows: list = []
    for rank in ranks:
        if start and (rank < start[0] if reverse else rank > start[0]):
            continue
        level = ordering.level(queryset, rank)
        if start and rank == start[0]:
            level = level.filter(pk__gt=start[1]) if reverse else level.filter(pk__lt=start[1])
        found = list(level.order_by("id" if reverse else "-id")[: size + 1 - len(rows)])
        for row in found:
            row.rank = rank
        rows += found
        if len(rows) > size:
            break
    return rows, len(rows) > size


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None


def keyset_page(
    queryset: QuerySet,
    ordering: Ordering,
    *,
    after: str | None = None,
    before: str | None = None,
    size: int = 50,
) -> KeysetPage:
    """One page of ``queryset`` after (or before) a cursor, in one query (a
    RankedOrdering: one per rank it reaches)."""
    reverse = before is not None and after is None
    cursor = before if reverse else after
    if isinstance(ordering, RankedOrdering):
        rows, more = ranked_page(queryset, ordering, cursor, reverse, size)
    else:
        ordered = ordering.apply(queryset, reverse=reverse)
        if cursor:
            value, pk = decode_cursor(cursor, ordering)
            ordered = ordered.filter(ordering.beyond(value, pk, reverse=reverse))
        rows = list(ordered[: size + 1])
        more = len(rows) > size
    rows = rows[:size]
    if reverse:
        rows.reverse()
    first, last = (rows[0], rows[-1]) if rows else (None, None)
    has_next = more if not reverse else True
    has_previous = (cursor is not None) if not reverse else more
    return KeysetPage(
        rows=rows,
        next_cursor=encode_cursor(*ordering.key_of(last)) if rows and has_next else None,
        previous_cursor=encode_cursor(*ordering.key_of(first)) if rows and has_previous else None,
    )
