"""Facet counts of the public listing: how many figures per metric, institution
and source match the current filters, and how many in all.

One ``GROUP BY GROUPING SETS`` query counts the three facets and the total in a
single pass over the matching figures; an institution counts the figures about
it and those attributed to it, as the institution filter selects them. Its
result is kept in the server process's memory under the query's own SQL and the
publication version, a counter PostgreSQL moves whenever a statement writes a
published figure (migration 0005), with a random stamp drawn at each move
(0011): the next page of a listing, or the same filters asked again, costs no
count, and drafts come and go without a recount.

Counting a million figures for a common word takes seconds, longer than a page
should. A count gets ``FACET_BUDGET_MS``; past it the page is served without
counts (and says so). When readers come back to the same filters, the server
finishes that count in the background, one count at a time on the whole
database server, for the readers who come next; a one-off combination of
filters is not worth the seconds of database time.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import OperationalError, connections, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apps.core.largetables import planner_estimate, set_local_timeout, was_canceled
from apps.registry.models import Institution
from apps.sources.models import Source

from .models import Metric

logger = logging.getLogger(__name__)

FACET_SIZE = 12
COLUMNS = ("metric_id", "institution_id", "attributed_to_institution_id", "quote__source_id")
# GROUPING(metric, institution, source) of each grouping set: a bit is set for
# every column rolled up in that set's rows.
BY_METRIC, BY_INSTITUTION, BY_SOURCE, EVERYTHING = 0b011, 0b101, 0b110, 0b111

Counts = dict[int, list[tuple[int, int]]]


@dataclass
class Facet:
    name: str
    parameter: str
    rows: list[tuple[str, str, int]]  # (parameter value, label, count)


def publication_version(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT version FROM figures_publication_version")
        return cursor.fetchone()[0]


def data_version(alias: str) -> tuple[str, int, str]:
    """What readers see, as of now, on the database behind ``alias``: its name, the
    version and the random stamp of its last move (migration 0011), so that a
    version moved backwards and up again never names what was kept before."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT version, stamp::text FROM figures_publication_version")
        version, stamp = cursor.fetchone()
    return connections[alias].settings_dict["NAME"], version, stamp


def grouped_statement(queryset: QuerySet) -> tuple[str, tuple]:
    """One pass over the matching figures: counts by metric, by source and in all, and by
    institution as the institution filter reads it, the subject or the body the figure
    is attributed to. A figure is one row, and a second one when it is attributed to
    another institution than its subject: ``figures`` counts the first rows only,
    ``named`` every (figure, institution) pair."""
    sql, params = queryset.order_by().values_list(*COLUMNS).query.sql_with_params()
    statement = f"""
        SELECT GROUPING(metric_id, institution_id, source_id), metric_id, institution_id,
               source_id, COUNT(*) FILTER (WHERE first) AS figures, COUNT(*) AS named
        FROM ({sql}) AS matches (metric_id, subject_id, attributed_id, source_id),
             LATERAL (
                 SELECT subject_id, true
                 UNION ALL
                 SELECT attributed_id, false
                 WHERE attributed_id IS DISTINCT FROM subject_id AND attributed_id IS NOT NULL
             ) AS named (institution_id, first)
        GROUP BY GROUPING SETS ((metric_id), (institution_id), (source_id), ())
    """
    return statement, params


def run_count(alias: str, statement: str, params, budget_ms: int | None) -> Counts:
    """The largest groups of each facet, and the total; QueryCanceled past the budget."""
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        if budget_ms:
            set_local_timeout(cursor, budget_ms)
        # One core per count: parallel workers would take the others from the pages.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(statement, params)
        rows = cursor.fetchall()
        transaction.set_rollback(True, using=alias)  # the settings above end here
    counts: Counts = {BY_METRIC: [], BY_INSTITUTION: [], BY_SOURCE: [], EVERYTHING: [(0, 0)]}
    for grouping, metric, institution, source, figures, named in rows:
        group_key = {BY_METRIC: metric, BY_INSTITUTION: institution, BY_SOURCE: source}
        n = named if grouping == BY_INSTITUTION else figures
        if grouping == EVERYTHING:
            counts[EVERYTHING] = [(0, n)]
        elif group_key[grouping] is not None:  # figures about no institution
            counts[grouping].append((group_key[grouping], n))
    for grouping in (BY_METRIC, BY_INSTITUTION, BY_SOURCE):
        counts[grouping] = sorted(counts[grouping], key=lambda row: (-row[1], row[0]))[:FACET_SIZE]
    return counts


# Above this many matching figures (the planner's estimate) a count cannot
# fit in the budget: the page does not even try.
IN_REQUEST_ROWS = 10_000

_counting: set[str] = set()
_counting_lock = threading.Lock()
BACKGROUND_COUNTS = 1  # at a time, per server process
BACKGROUND_LOCK = 7_204_031  # and on the database server it runs on (an advisory lock)
BACKGROUND_BUDGET_MS = 30_000  # a count that runs longer is given up
BUSY_REST_SECONDS = 5  # when another process holds the lock
# After a background count of t seconds, the process rests REST × t before the
# next: counting takes at most a fifth of a core from the pages it serves.
REST = 4
_rest_until = 0.0


def count_in_background(key: str, alias: str, statement: str, params) -> None:
    """Finish an expensive count in a thread of its own, when none is running."""
    with _counting_lock:
        busy = key in _counting or len(_counting) >= BACKGROUND_COUNTS
        if busy or time.monotonic() < _rest_until:
            return
        _counting.add(key)

    def work():
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [BACKGROUND_LOCK])
                if not cursor.fetchone()[0]:
                    global _rest_until
                    _rest_until = time.monotonic() + BUSY_REST_SECONDS
                    return  # another server process is counting: ask again later
                started = time.monotonic()
                try:
                    counts = run_count(alias, statement, params, BACKGROUND_BUDGET_MS)
                    caches["facets"].set(key, counts)
                finally:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [BACKGROUND_LOCK])
                    _rest_until = time.monotonic() + REST * (time.monotonic() - started)
        except Exception:
            logger.exception("Counting facets in the background failed")
        finally:
            connections.close_all()  # this thread's own connections
            with _counting_lock:
                _counting.discard(key)

    threading.Thread(target=work, name="facet-count", daemon=True).start()


def facet_counts(queryset: QuerySet) -> Counts | None:
    """The counts under the current filters, or None while they are being counted."""
    alias = queryset.db
    statement, params = grouped_statement(queryset)
    key = hashlib.sha256(repr((*data_version(alias), statement, params)).encode()).hexdigest()
    cache = caches["facets"]
    counts = cache.get(key)
    if counts is not None:
        return counts
    with _counting_lock:
        if key in _counting:  # already being counted for an earlier reader
            return None
    counts = None
    if planner_estimate(queryset.values("pk")) <= IN_REQUEST_ROWS:
        try:
            counts = run_count(alias, statement, params, settings.FACET_BUDGET_MS)
        except OperationalError as error:
            if not was_canceled(error):
                raise
    if counts is None:  # too many figures to count within a page's time
        if cache.get(f"asked:{key}"):
            count_in_background(key, alias, statement, params)
        else:
            cache.set(f"asked:{key}", True)
        return None
    cache.set(key, counts)
    return counts


def listing_facets(queryset: QuerySet) -> tuple[list[Facet], int | None]:
    """Facets with their labels and the total; ([], None) while being counted."""
    counts = facet_counts(queryset)
    if counts is None:
        return [], None
    from .selectors import registry_tables

    registry = registry_tables(queryset.db)
    metrics, institutions = registry[Metric], registry[Institution]
    sources = Source.objects.only("id", "title").in_bulk([pk for pk, _n in counts[BY_SOURCE]])
    # A row deleted since the counts were kept simply drops out of its facet.
    metric_rows = [
        (metrics[pk].slug, metrics[pk].name, n) for pk, n in counts[BY_METRIC] if pk in metrics
    ]
    institution_rows = [
        (institutions[pk].slug, str(institutions[pk]), n)
        for pk, n in counts[BY_INSTITUTION]
        if pk in institutions
    ]
    source_rows = [(str(pk), sources[pk].title, n) for pk, n in counts[BY_SOURCE] if pk in sources]
    return [
        Facet(_("Metric"), "metric", metric_rows),
        Facet(_("Institution"), "institution", institution_rows),
        Facet(_("Source"), "source", source_rows),
    ], counts[EVERYTHING][0][1]
