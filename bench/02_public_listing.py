"""Time the public pages over the benchmark corpus (run 01_generate.py first).

    .venv/bin/python bench/02_public_listing.py [--repeats 20] [--explain]

Every page is requested through Django's test client: first once right after
the cache is emptied (``_uncached``: the listing counts its facets, which it
then keeps until a figure changes), then 2 untimed warm-ups,
then ``--repeats`` timed requests (median and nearest-rank p95), plus one more
request under CaptureQueriesContext for the SQL query count. A page so slow
that its requests would exceed ``--budget`` seconds gets fewer of them (at
least 3, after one warm-up), and a ``<page>_requests`` line says how many. Pages: the
listing's first page with no filter, with a metric filter, with an Arabic
search (q=خلية), with both, with a rarer word, with two words sorted by
relevance and newest first; the page reached after following "next" 1,000
times; the first page and page 1,000 sorted by value, the first page sorted
by period; two figure pages (the newest published
figure, and the newest national total of the busiest metric, which is
comparable with tens of thousands of other national totals); the busiest
metric's page.

Page 1,000 without 1,000 requests: the listing shows ``per_page`` rows
(default 50) ordered by the default sort, and its "next" link carries the
cursor of the last row shown. So the cursor that leads to page 1,000 is the
key of row 999 × 50 − 1 (0-based) in that ordering; it is read with one
OFFSET query through ``selectors.ORDERINGS[DEFAULT_SORT]`` (the ordering
``keyset_page`` uses) and encoded with ``apps.core.pagination.encode_cursor``.
The script checks the shortcut by following the real "next" links from page
1 three times and comparing with the computed cursor of page 4.

References measured in the same run, with the same timing: a plain
``SELECT COUNT(*)`` over the published figures, and the listing's own page
query with OFFSET 100000 instead of a cursor (what page 2,001 would cost
with OFFSET pagination).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.db import setup_django
from benchlib.timing import (
    REPEATS,
    WARMUPS,
    CapturedQueries,
    describe_machine,
    emit,
    limit_memory,
    median,
    p95,
    sample_ms,
)

SEARCH_TERM = "خلية"
RARE_TERM = "سوريا"  # in about 3,600 quotes: below the common-word threshold
# Two common words: by relevance (the default with a search), figures quoting
# both come first, then those quoting one.
TWO_WORDS = "خلية الأسلحة"
FILTERS = {"institution": "bcij", "period_from": "2015-01-01", "value_min": "10"}
TARGET_PAGE = 1000
OFFSET_REFERENCE = 100_000
NEXT_LINK = re.compile(r'rel="next" href="([^"]+)"')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed requests per page")
    parser.add_argument("--explain", action="store_true", help="print each page's slowest SQL")
    parser.add_argument(
        "--budget", type=float, default=240, help="seconds of timed requests allowed per page"
    )
    return parser.parse_args()


def busiest_metric() -> tuple[str, int]:
    """The metric with the most published figures: the heaviest metric filter."""
    from django.db.models import Count

    from apps.figures.models import Metric

    metric = (
        Metric.objects.annotate(n=Count("figures", filter=published_filter()))
        .order_by("-n", "slug")
        .first()
    )
    return metric.slug, metric.n


def published_filter():
    from django.db.models import Q

    return Q(figures__status="published")


def cursor_for_page(page: int, size: int, sort: str | None = None) -> str:
    """The ``after`` cursor that the "next" link of page ``page`` − 1 carries."""
    from apps.core.pagination import encode_cursor
    from apps.figures import selectors

    ordering = selectors.ORDERINGS[sort or selectors.DEFAULT_SORT]
    ordered = ordering.apply(selectors.figure_filter({}).qs)
    last_of_previous_page = ordered[(page - 1) * size - 1]
    return encode_cursor(*ordering.key_of(last_of_previous_page))


def check_cursor_shortcut(client, size: int) -> None:
    """Follow "next" from page 1 three times; the cursor must equal the computed one."""
    url = "/figures/"
    for _ in range(3):
        response = client.get(url)
        url = html.unescape(NEXT_LINK.search(response.content.decode()).group(1))
    expected = cursor_for_page(4, size)
    followed = re.search(r"after=([^&]+)", url).group(1)
    if followed != expected:
        raise SystemExit(f"cursor shortcut is wrong: followed {followed}, computed {expected}")
    print(f"# cursor shortcut checked: page 4 reached by 'next' links has after={expected}")


def newest_published_figure() -> int:
    from apps.figures.models import ReportedFigure

    return ReportedFigure.objects.published().order_by("-id").values_list("id", flat=True)[0]


def newest_national_total(metric: str) -> int:
    """The newest published figure of ``metric`` about no entity: a national total,
    comparable with every other national total of that metric."""
    from apps.figures.models import ReportedFigure

    return (
        ReportedFigure.objects.published()
        .filter(metric__slug=metric, institution=None, programme=None, cohort=None)
        .filter(law=None, incident=None)
        .order_by("-id")
        .values_list("id", flat=True)[0]
    )


def comparable_count(pk: int) -> int:
    from apps.figures import selectors

    figure = selectors.published_figures().get(pk=pk)
    return len(selectors.comparable_figures(figure))


def pages(metric: str, figures: tuple[int, int], after: dict[str, str]) -> dict:
    """Benchmark name → URL (``after``: the cursors of page 1,000, by sort)."""
    return {
        "listing_page1": "/figures/",
        "listing_metric": "/figures/?" + urlencode({"metric": metric}),
        "listing_search": "/figures/?" + urlencode({"q": SEARCH_TERM}),
        "listing_metric_search": "/figures/?" + urlencode({"metric": metric, "q": SEARCH_TERM}),
        "listing_search_rare": "/figures/?" + urlencode({"q": RARE_TERM}),
        "listing_search_two_words": "/figures/?" + urlencode({"q": TWO_WORDS}),
        "listing_search_two_words_newest": "/figures/?"
        + urlencode({"q": TWO_WORDS, "sort": "-id"}),
        "listing_filters": "/figures/?" + urlencode(FILTERS),
        f"listing_page{TARGET_PAGE}": "/figures/?" + urlencode({"after": after["default"]}),
        "listing_sort_value": "/figures/?sort=-value",
        f"listing_sort_value_page{TARGET_PAGE}": "/figures/?"
        + urlencode({"sort": "-value", "after": after["-value"]}),
        "listing_sort_period": "/figures/?sort=-period",
        f"listing_sort_period_page{TARGET_PAGE}": "/figures/?"
        + urlencode({"sort": "-period", "after": after["-period"]}),
        "figure_detail": f"/figures/{figures[0]}/",
        "figure_detail_national_total": f"/figures/{figures[1]}/",
        "metric_page": f"/metrics/{metric}/",
    }


def affordable_repeats(fetch, repeats: int, budget: float) -> tuple[int, int]:
    """(warm-ups left, repeats): fewer when one request already eats the budget."""
    started = time.perf_counter()
    fetch()
    seconds = time.perf_counter() - started
    if seconds * repeats <= budget:
        return WARMUPS - 1, repeats
    return 0, max(3, int(budget / seconds))


def time_page(client, name: str, url: str, args: argparse.Namespace) -> float:
    """Print median, p95 and query count of one page; returns the median."""
    from django.core.cache import caches

    def fetch():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    # The facet counts of a filter set are cached until a figure changes: the
    # first request after the cache is emptied pays for counting them.
    caches["facets"].clear()
    started = time.perf_counter()
    fetch()
    emit(f"{name}_uncached", (time.perf_counter() - started) * 1000, "ms")
    warmups, repeats = affordable_repeats(fetch, args.repeats, args.budget)
    if repeats < args.repeats:
        print(
            f"# {name}: one request takes too long for {args.repeats} in --budget {args.budget:g} s"
        )
        emit(f"{name}_requests", repeats, "requests")
    timings = sample_ms(fetch, repeats=repeats, warmups=warmups)
    with CapturedQueries() as captured:
        size = len(fetch().content)
    emit(f"{name}_median", median(timings), "ms")
    emit(f"{name}_p95", p95(timings), "ms")
    emit(f"{name}_queries", len(captured.queries), "queries")
    emit(f"{name}_html", size // 1024, "KiB")
    if args.explain:
        slowest = sorted(captured.queries, key=lambda q: -float(q["time"]))[:4]
        for query in slowest:
            print(f"#   {float(query['time']) * 1000:8.1f} ms  {query['sql'][:160]}")
    return median(timings)


def kept_page(client, url: str, repeats: int) -> None:
    """A page served from the server's memory, as readers get it the second time."""
    from django.conf import settings

    settings.PUBLIC_PAGE_CACHE = True
    client.get(url)
    timings = sample_ms(lambda: client.get(url), repeats=repeats)
    emit("figure_detail_kept_median", median(timings), "ms")
    settings.PUBLIC_PAGE_CACHE = False


def time_sql(name: str, sql: str, params, repeats: int) -> None:
    """Time one statement on the same connection the pages use (rows fetched)."""
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    timings = sample_ms(run, repeats=repeats)
    emit(f"{name}_median", median(timings), "ms")
    emit(f"{name}_p95", p95(timings), "ms")


def references(repeats: int) -> None:
    """COUNT(*) of the published figures, and the page query with OFFSET 100000."""
    from apps.figures import selectors

    time_sql(
        "reference_count_all",
        "SELECT COUNT(*) FROM figures_reportedfigure WHERE status = %s",
        ["published"],
        repeats,
    )
    ordering = selectors.ORDERINGS[selectors.DEFAULT_SORT]
    page = ordering.apply(selectors.figure_filter({}).qs)[OFFSET_REFERENCE : OFFSET_REFERENCE + 51]
    sql, params = page.query.sql_with_params()
    time_sql(f"reference_offset_{OFFSET_REFERENCE}", sql, params, repeats)


def main() -> None:
    args = parse_args()
    limit_memory()
    # Time the work of building each page, not the copy the server keeps in
    # memory (timed once at the end, as figure_detail_kept).
    os.environ.setdefault("CTDB_PAGE_CACHE", "0")
    setup_django()
    from django.test import Client

    from apps.figures import selectors
    from apps.public.views import DEFAULT_PAGE_SIZE

    describe_machine()
    client = Client()
    metric, metric_rows = busiest_metric()
    figures = newest_published_figure(), newest_national_total(metric)
    print(f"# metric filter and metric page: {metric} ({metric_rows} published figures)")
    for words in (SEARCH_TERM, TWO_WORDS):
        matches = selectors.figure_filter({"q": words}).qs.count()
        print(f"# search: q={words} matches {matches} published figures")
    for figure in figures:
        print(f"# figure page {figure} lists {comparable_count(figure)} comparable figures")
    check_cursor_shortcut(client, DEFAULT_PAGE_SIZE)
    after = {
        "default": cursor_for_page(TARGET_PAGE, DEFAULT_PAGE_SIZE),
        "-value": cursor_for_page(TARGET_PAGE, DEFAULT_PAGE_SIZE, "-value"),
        "-period": cursor_for_page(TARGET_PAGE, DEFAULT_PAGE_SIZE, "-period"),
    }
    medians = {}
    for name, url in pages(metric, figures, after).items():
        medians[name] = time_page(client, name, url, args)
    kept_page(client, f"/figures/{figures[0]}/", args.repeats)
    references(args.repeats)
    ratio = medians[f"listing_page{TARGET_PAGE}"] / medians["listing_page1"]
    emit(f"page{TARGET_PAGE}_over_page1", ratio, "ratio")


if __name__ == "__main__":
    main()
