"""Time the CSV, JSON and Excel exports of the listing (run 01_generate.py first).

    .venv/bin/python bench/03_exports.py [--xlsx-full] [--repeats 3]

CSV: every published figure through ``/figures/?format=csv`` with Django's
test client (the streaming response is consumed; bytes and rows counted),
against PostgreSQL's own ``COPY (SELECT …) TO STDOUT`` of the same rows, read
with psycopg: the statement comes from ``apps.figures.exports.copy_statement``
applied to the very queryset the view exports, so both run identical SQL.
JSON: ``?format=json`` of every published figure. Excel: ``?format=xlsx``
of the figures of the busiest metric and of the smallest one (the whole
table takes minutes; ``--xlsx-full`` exports it all), so that the two peak
memories show whether memory grows with the number of rows.

Each export runs in a fresh Python process: after Django is set up and a
one-row export has warmed it, ru_maxrss is read; the peak memory reported is
how much ru_maxrss grew during the export. ``first_64kib`` is how long the
client waited for the first 64 KiB (the Excel file is built whole before its
first byte is sent).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.db import setup_django
from benchlib.timing import describe_machine, emit, limit_memory

FIRST_BYTES = 64 * 1024
JSON_COUNT = re.compile(rb'"count": (\d+), "complete": (true|false)')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="CSV and COPY runs (median)")
    parser.add_argument("--xlsx-full", action="store_true", help="also export every figure")
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "QUERY"), help=argparse.SUPPRESS)
    return parser.parse_args()


# -- in the child process: one export through the test client ---------------


def consume(response) -> dict:
    """Read a streaming response to its end: bytes, newlines, timings, trailer."""
    started = time.perf_counter()
    size, newlines, first, tail = 0, 0, None, b""
    for chunk in response.streaming_content:
        size += len(chunk)
        newlines += chunk.count(b"\n")
        tail = (tail + chunk)[-256:]
        if first is None and size >= FIRST_BYTES:
            first = time.perf_counter() - started
    return {"bytes": size, "newlines": newlines, "first": first, "tail": tail}


def child(fmt: str, query: str) -> None:
    """Export once, print a JSON line: seconds, first-64-KiB wait, bytes, rows, memory."""
    setup_django(migrate_schema=False)
    from django.test import Client

    client = Client()
    consume(client.get("/figures/?" + urlencode({"format": fmt, "source": 1})))  # warm-up
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.get(f"/figures/?format={fmt}&{query}".rstrip("&"))
    if response.status_code != 200:
        raise SystemExit(f"export answered {response.status_code}")
    result = consume(response)
    result["seconds"] = time.perf_counter() - started
    result["first"] = result["first"] or result["seconds"]
    result["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline
    result["baseline_kib"] = baseline
    tail = result.pop("tail")
    result["incomplete"] = b"EXPORT INCOMPLETE" in tail or b'"complete": false' in tail
    match = JSON_COUNT.search(tail)
    result["json_count"] = int(match.group(1)) if match else None
    print(json.dumps(result))


# -- in the parent process ---------------------------------------------------


def export(fmt: str, query: str = "") -> dict:
    """Run one export in a fresh process and return what it measured."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", fmt, query]
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode != 0:
        raise SystemExit(f"{fmt} export failed:\n{finished.stderr}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def copy_reference() -> dict:
    """COPY of the same rows, read through psycopg on Django's connection."""
    from django.db import connection
    from django.http import QueryDict

    from apps.figures import exports, selectors

    statement, params = exports.copy_statement(selectors.figure_filter(QueryDict()).qs)
    started = time.perf_counter()
    size = newlines = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        for chunk in copy:
            size += len(chunk)
            newlines += bytes(chunk).count(b"\n")
    return {"seconds": time.perf_counter() - started, "bytes": size, "rows": newlines - 1}


def published_count(**filters) -> int:
    from apps.figures.models import ReportedFigure

    return ReportedFigure.objects.published().filter(**filters).count()


def report_export(prefix: str, result: dict, rows: int) -> None:
    if result["incomplete"]:
        print(f"# warning: the {prefix} export says it is incomplete")
    emit(f"{prefix}_export_seconds", result["seconds"], "s")
    emit(f"{prefix}_rows", rows, "rows")
    emit(f"{prefix}_bytes", result["bytes"] // (1024 * 1024), "MiB")
    emit(f"{prefix}_rate_rows_per_s", rows / result["seconds"], "rows/s")
    emit(f"{prefix}_first_64kib", result["first"], "s")
    emit(f"{prefix}_peak_memory", result["peak_kib"] / 1024, "MiB")
    emit(f"{prefix}_process_rss_before", result["baseline_kib"] // 1024, "MiB")


def bench_csv(repeats: int) -> None:
    """CSV through the view against COPY of the same rows (medians of ``repeats`` runs each)."""
    copy_reference()  # warms the cache for both
    copies, csvs = [], []
    for _ in range(repeats):  # interleaved, so that both see the same machine load
        copies.append(copy_reference())
        csvs.append(export("csv"))
    copy_seconds = statistics.median(c["seconds"] for c in copies)
    csv = sorted(csvs, key=lambda r: r["seconds"])[len(csvs) // 2]
    rows = csv["newlines"] - 1
    if rows != copies[0]["rows"]:
        print(f"# warning: CSV has {rows} rows, COPY {copies[0]['rows']}")
    emit("copy_seconds", copy_seconds, "s")
    emit("copy_rows", copies[0]["rows"], "rows")
    emit("copy_rate_rows_per_s", copies[0]["rows"] / copy_seconds, "rows/s")
    report_export("csv", {**csv, "peak_kib": max(r["peak_kib"] for r in csvs)}, rows)
    emit("csv_over_copy", csv["seconds"] / copy_seconds, "ratio")


def bench_json() -> None:
    result = export("json")
    report_export("json", result, result["json_count"])


def bench_xlsx(metrics: list[tuple[str, int]], full: bool) -> None:
    """Excel of whole metrics (and of everything with --xlsx-full)."""
    for slug, rows in metrics:
        result = export("xlsx", urlencode({"metric": slug}))
        report_export(f"xlsx_metric_{slug.replace('-', '_')}", result, rows)
    if full:
        result = export("xlsx")
        report_export("xlsx", result, published_count())


def metric_sizes() -> list[tuple[str, int]]:
    """(slug, published figures) of the busiest and the smallest metric."""
    from django.db.models import Count, Q

    from apps.figures.models import Metric

    counted = Metric.objects.annotate(n=Count("figures", filter=Q(figures__status="published")))
    ordered = list(counted.filter(n__gt=0).order_by("-n", "slug").values_list("slug", "n"))
    return [ordered[0], ordered[-1]]


def main() -> None:
    args = parse_args()
    limit_memory()
    if args.child:
        child(*args.child)
        return
    setup_django()
    describe_machine()
    print(f"# exporting {published_count()} published figures")
    bench_csv(args.repeats)
    bench_json()
    bench_xlsx(metric_sizes(), args.xlsx_full)


if __name__ == "__main__":
    main()
