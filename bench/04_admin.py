"""Time the staff admin over the benchmark corpus (run 01_generate.py first).

    .venv/bin/python bench/04_admin.py [--repeats 20] [--explain] [--only NAME]

Each page is requested through Django's test client as a superuser: 2 untimed
warm-ups, then ``--repeats`` timed requests (median and nearest-rank p95), and
one more under CaptureQueriesContext for the SQL query count. The same pages
are then requested from a second admin site where the same models are
registered with Django's default ModelAdmin (plain counts, OFFSET pages, LIKE
search over a join), measured in the same run as the reference.

``--explain`` prints the four slowest SQL statements of each page, with the
milliseconds each took; ``--only`` times only the pages whose name contains
the given text (and skips the reference site with ``--no-reference``).

Targets (the issue): changelists with filters under 150 ms median, a search
for a common Arabic word under 500 ms, a deep page under 300 ms, autocomplete
under 100 ms. The last lines compare each page's median with its target and
say how many were met (``targets_met``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.db import setup_django
from benchlib.timing import (
    REPEATS,
    CapturedQueries,
    describe_machine,
    emit,
    median,
    p95,
    sample_ms,
)

COMMON_WORD = "خلية"


def plain_site():
    """A second admin site: the same models with Django's default ModelAdmin."""
    from django.contrib import admin

    from apps.figures.models import ReportedFigure
    from apps.sources.models import Quote, Source

    site = admin.AdminSite(name="plainadmin")

    class PlainFigureAdmin(admin.ModelAdmin):
        list_display = ["id", "metric", "value", "status", "quote"]
        list_filter = ["status", "metric", "institution", "qualifier"]
        search_fields = ["quote__text"]
        list_select_related = ["metric", "quote"]

    class PlainQuoteAdmin(admin.ModelAdmin):
        list_display = ["id", "source", "start", "end"]
        search_fields = ["text"]
        list_select_related = ["source"]

    class PlainSourceAdmin(admin.ModelAdmin):
        list_display = ["id", "title", "publisher"]
        list_filter = ["language", "kind"]
        search_fields = ["title"]

    site.register(ReportedFigure, PlainFigureAdmin)
    site.register(Quote, PlainQuoteAdmin)
    site.register(Source, PlainSourceAdmin)
    return site


def install_plain_site() -> None:
    """Mount the plain site under /plain-admin/ next to the real one."""
    from django.urls import clear_url_caches, path

    import ctdb.urls

    ctdb.urls.urlpatterns.insert(0, path("plain-admin/", plain_site().urls))
    clear_url_caches()


def pages(metric_slug: str, metric_id: int) -> list[tuple[str, str]]:
    figures = "figures/reportedfigure/"
    return [
        ("figure_list", figures),
        ("figure_list_status_filter", f"{figures}?status__exact=published"),
        ("figure_list_metric_filter", f"{figures}?metric__id__exact={metric_id}"),
        ("figure_list_search_common_word", f"{figures}?q={COMMON_WORD}"),
        # Draft figures with the word: a few thousand rows only a join of both tables finds.
        (
            "figure_list_search_common_word_drafts",
            f"{figures}?q={COMMON_WORD}&status__exact=draft",
        ),
        ("figure_list_page_9000", f"{figures}?p=9000"),
        ("quote_list", "sources/quote/"),
        ("quote_list_lost_filter", "sources/quote/?in_source__exact=0"),
        ("quote_list_search_common_word", f"sources/quote/?q={COMMON_WORD}"),
        ("source_list", "sources/source/"),
        ("source_list_language_filter", "sources/source/?language__exact=ar"),
    ]


def autocompletes(metric) -> list[tuple[str, str]]:
    field = "app_label=figures&model_name=reportedfigure&field_name"
    return [
        ("autocomplete_metric", f"{field}=metric&term={metric.name_en[:3]}"),
        ("autocomplete_quote_common_word", f"{field}=quote&term={COMMON_WORD}"),
        (
            "autocomplete_source_common_word",
            f"app_label=sources&model_name=quote&field_name=source&term={COMMON_WORD}",
        ),
    ]


def target_ms(name: str) -> int:
    """The issue's target for a page, from its name."""
    if name.startswith("autocomplete"):
        return 100
    if "_search_" in name:
        return 500
    if "_page_" in name:
        return 300
    return 150


def report_targets(medians: dict[str, float]) -> None:
    met = 0
    for name, value in medians.items():
        target = target_ms(name)
        met += value < target
        verdict = "met" if value < target else "MISSED"
        print(f"# {name}: {value:.1f} ms, target under {target} ms: {verdict}")
    emit("targets_met", f"{met}/{len(medians)}", "pages")


def measure(client, name: str, url: str, repeats: int, explain: bool = False) -> float:
    def fetch():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    timings = sample_ms(fetch, repeats=repeats)
    with CapturedQueries() as captured:
        fetch()
    emit(f"{name}_median", median(timings), "ms")
    emit(f"{name}_p95", p95(timings), "ms")
    emit(f"{name}_queries", len(captured.queries), "queries")
    if explain:
        slowest = sorted(captured.queries, key=lambda q: -float(q["time"]))[:4]
        for query in slowest:
            print(f"#   {float(query['time']) * 1000:8.1f} ms  {query['sql'][:200]}")
    return median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--explain", action="store_true", help="print each page's slowest SQL")
    parser.add_argument("--only", default="", help="time only pages whose name contains this")
    parser.add_argument(
        "--no-reference", action="store_true", help="skip Django's default ModelAdmin"
    )
    options = parser.parse_args()
    setup_django()
    install_plain_site()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from apps.figures.models import Metric, ReportedFigure

    describe_machine()
    emit("figures", ReportedFigure.objects.count(), "rows")
    boss, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(boss)
    metric = Metric.objects.order_by("slug").first()

    medians = {}

    def run(name: str, url: str) -> None:
        if options.only in name:
            timed = measure(client, name, url, options.repeats, options.explain)
            if not name.startswith("reference_"):
                medians[name] = timed

    for name, path in pages(metric.slug, metric.pk):
        run(name, f"/admin/{path}")
        if not options.no_reference:
            run(f"reference_{name}", f"/plain-admin/{path}")
    for name, path in autocompletes(metric):
        run(name, f"/admin/autocomplete/?{path}")
    report_targets(medians)


if __name__ == "__main__":
    main()
