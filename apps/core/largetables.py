"""The admin on tables of a million rows.

Django's changelist counts every matching row twice and pages with OFFSET.
Here a count that would be large or slow is replaced by PostgreSQL's own
estimate (and the page says so), the total count is not run at all, and a
deep page first finds its ids in the index alone, then fetches only those
rows, leaving out the long text columns the list does not show. A page
knows whether another follows without counting, so autocomplete never
counts.
"""

from __future__ import annotations

import json

from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Page, Paginator
from django.db import OperationalError, connections, transaction
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _

# Below this many rows an exact count is cheap and shown as such.
EXACT_COUNT_LIMIT = 20_000
# An exact count that takes longer (in milliseconds) is given up for the
# estimate: a search together with a filter may match a few thousand rows
# that only a join of both tables can find.
COUNT_TIMEOUT_MS = 100
QUERY_CANCELED = "57014"


def planner_estimate(queryset: QuerySet) -> int:
    """The number of rows PostgreSQL's planner expects the query to return."""
    sql, params = queryset.order_by().query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def set_local_timeout(cursor, milliseconds: int) -> None:
    """A statement timeout for the rest of the current transaction.

    Inside a savepoint (an atomic block within another) it would outlive the
    block once released: the blocks that set it only read, and end by rolling
    their savepoint back, which puts the previous timeout back.
    """
    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(milliseconds)])


def was_canceled(error: OperationalError) -> bool:
    """Whether the database error is a statement cut short by its timeout."""
    return getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED


def quick_count(queryset: QuerySet, limit: int) -> int | None:
    """The rows, counted up to ``limit + 1``; None when that takes over COUNT_TIMEOUT_MS."""
    probe = queryset.order_by().values("pk")[: limit + 1]
    try:
        with transaction.atomic(using=queryset.db):
            with connections[queryset.db].cursor() as cursor:
                set_local_timeout(cursor, COUNT_TIMEOUT_MS)
            count = probe.count()
            transaction.set_rollback(True, using=queryset.db)  # the timeout ends here
            return count
    except OperationalError as error:
        if not was_canceled(error):
            raise
        return None


def bounded_count(queryset: QuerySet, limit: int | None = None) -> tuple[int, bool]:
    """(count, is_estimate): exact up to ``limit`` rows when quick, the planner's estimate else."""
    limit = EXACT_COUNT_LIMIT if limit is None else limit
    exact = quick_count(queryset, limit)
    if exact is not None and exact <= limit:
        return exact, False
    estimate = planner_estimate(queryset)
    return (estimate if exact is None else max(estimate, limit + 1)), True


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
        # The ids alone come from the index, one more than the page holds to
        # tell whether another page follows; then only the page's rows are
        # read, with the changelist's joins and annotations.
        ids = list(
            self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page + 1]
        )
        shown = ids[: self.per_page]
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=shown)}
        return LargeTablePage(
            [rows[pk] for pk in shown if pk in rows], number, self, more=len(ids) > len(shown)
        )


class LargeTablePage(Page):
    """A page that knows whether another follows without the paginator's count."""

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class LargeTableChangeList(ChangeList):
    """Leaves out the columns named in the ModelAdmin's ``list_defer``."""

    def apply_select_related(self, qs):
        qs = super().apply_select_related(qs)
        deferred = getattr(self.model_admin, "list_defer", ())
        return qs.defer(*deferred) if deferred else qs


class LargeTableMixin:
    """ModelAdmin options for tables that grow to millions of rows.

    ``list_defer`` names long text columns (also across ``list_select_related``
    joins) that the changelist never shows: a page of a hundred figures would
    otherwise carry the full text of every source they quote.
    """

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    change_list_template = "admin/large_table_change_list.html"
    list_defer: tuple[str, ...] = ()

    def get_changelist(self, request, **kwargs):
        return LargeTableChangeList

    def action_checkbox(self, obj):
        """Each row's checkbox, written out: rendering Django's widget template
        for each of a hundred rows took a fifth of a figure list's time."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )
