"""The admin on tables of a million rows.

Django's changelist counts every matching row twice and pages with OFFSET.
Here a count that would be large is replaced by PostgreSQL's own estimate
(and the page says so), the total count is not run at all, and a deep page
first finds its ids in the index alone, then fetches only those rows.
"""

from __future__ import annotations

import json

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Below this many rows an exact count is cheap and shown as such.
EXACT_COUNT_LIMIT = 20_000


def planner_estimate(queryset: QuerySet) -> int:
    """The number of rows PostgreSQL's planner expects the query to return."""
    sql, params = queryset.order_by().query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def bounded_count(queryset: QuerySet, limit: int | None = None) -> tuple[int, bool]:
    """(count, is_estimate): exact up to ``limit`` rows, the planner's estimate beyond."""
    limit = EXACT_COUNT_LIMIT if limit is None else limit
    probe = queryset.order_by().values("pk")[: limit + 1]
    exact = probe.count()
    if exact <= limit:
        return exact, False
    return max(planner_estimate(queryset), limit + 1), True


class EstimatedCountPaginator(Paginator):
    """Counts exactly when cheap, estimates when not; pages through ids first."""

    @cached_property
    def _bounded(self) -> tuple[int, bool]:
        return bounded_count(self.object_list)

    @cached_property
    def count(self) -> int:
        return self._bounded[0]

    @property
    def is_estimate(self) -> bool:
        return self._bounded[1]

    def validate_number(self, number):
        # An estimate may be off: any positive page is allowed, an empty one shows empty.
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        return max(number, 1)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # The ids alone come from the index; then only the page's rows are read,
        # with the changelist's joins and annotations.
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=ids)}
        return Page([rows[pk] for pk in ids if pk in rows], number, self)


class LargeTableMixin:
    """ModelAdmin options for tables that grow to millions of rows."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    change_list_template = "admin/large_table_change_list.html"
