"""Counts on large tables give up after their budget, and the budget ends with them."""

from django.db import connection

from apps.core import largetables
from apps.figures.models import ReportedFigure


def timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        return cursor.fetchone()[0]


def test_a_quick_count_inside_a_transaction_leaves_its_timeout_behind(db):
    before = timeout()
    assert largetables.quick_count(ReportedFigure.objects.all(), 10) == 0
    assert timeout() == before  # a long statement after the count is not cut short
