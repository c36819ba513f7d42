"""Time a large figure import against PostgreSQL's COPY of the same rows (run 01_generate.py first).

    .venv/bin/python bench/05_import.py [--rows 100000] [--small-rows 10000]

The file: ``--rows`` figures of the ``ctdb_bench`` corpus written back as the
spreadsheet staff would import — each row names its source by URL and pastes
its quote's exact words (generated Arabic press text, found in the source),
with metric, value (a third in Arabic-Indic digits), qualifier, unit, period,
subject and attribution — as a UTF-8 CSV. Rows come source by source, as
people enter them, from the corpus's first sources that have a URL.

The import runs in a database of its own, ``ctdb_bench_import``, dropped and
created anew (and migrated) on every run, into which the registry tables and
the file's sources are copied from ``ctdb_bench``; ``ctdb_bench`` is only read.

Each measurement runs in a fresh Python process, inside one transaction that
is rolled back at the end:

1. the file is read by the admin's reader (``apps.core.imports.CSV``), then a
   warm-up import of 300 of its rows is made and undone;
2. ``ReportedFigureResource().import_data(...)`` imports every row — the call
   that the admin's confirmation, ``manage.py import_data`` and the background
   job make once the file is read — and is timed; its queries are counted;
3. the figure rows it wrote are read back (untimed) and written again with
   ``COPY figures_reportedfigure FROM STDIN`` into the same table, timed.

Memory: the growth of the process's ``ru_maxrss`` during step 2, once for
``--rows`` and once, in another process, for ``--small-rows``: if the import
kept something per row (instances, results, diffs), the larger file would
show it. Reading the file into a dataset (what the preview needs) comes
before, and is reported apart.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.db import (
    configure_environment,
    connection_params,
    recreate_database,
    refuse_protected,
    setup_django,
    start_local_cluster,
)
from benchlib.timing import describe_machine, emit, limit_memory

IMPORT_DATABASE_SUFFIX = "_import"
IMPORTER = "bench-importer"
WARM_UP_ROWS = 300
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# Copied whole from the corpus: everything a figure row can name but its source.
REGISTRY_TABLES = [
    "figures_metric",
    "registry_institution",
    "registry_programme",
    "registry_programmeinstitution",
    "registry_cohort",
    "registry_law",
    "registry_incident",
]
HEADER = [
    "source",
    "quote",
    "metric",
    "value",
    "value_max",
    "qualifier",
    "unit",
    "period_start",
    "period_end",
    "as_of",
    "institution",
    "programme",
    "cohort",
    "law",
    "incident",
    "attributed_to_institution",
    "attributed_to_speaker",
]
ROWS_SQL = """
SELECT DISTINCT ON (s.id, q.text, m.slug, f.value)
    s.url, q.text, m.slug, f.value, f.value_max, f.qualifier, f.unit,
    f.period_start, f.period_start_precision, f.period_end, f.period_end_precision,
    f.as_of, f.as_of_precision, i.slug, p.slug, cp.slug || '#' || c.number, l.slug,
    inc.slug, a.slug, f.attributed_to_speaker
FROM figures_reportedfigure f
JOIN sources_quote q ON q.id = f.quote_id
JOIN sources_source s ON s.id = q.source_id
JOIN figures_metric m ON m.id = f.metric_id
LEFT JOIN registry_institution i ON i.id = f.institution_id
LEFT JOIN registry_programme p ON p.id = f.programme_id
LEFT JOIN registry_cohort c ON c.id = f.cohort_id
LEFT JOIN registry_programme cp ON cp.id = c.programme_id
LEFT JOIN registry_law l ON l.id = f.law_id
LEFT JOIN registry_incident inc ON inc.id = f.incident_id
LEFT JOIN registry_institution a ON a.id = f.attributed_to_institution_id
WHERE s.id = ANY(%s)
ORDER BY s.id, q.text, m.slug, f.value, f.id
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the timed file")
    parser.add_argument("--small-rows", type=int, default=10_000, help="rows of the smaller file")
    parser.add_argument("--child", nargs=2, metavar=("ROWS", "CSV"), help=argparse.SUPPRESS)
    return parser.parse_args()


# -- the parent: databases and the file ------------------------------------


def database_url(name: str) -> str:
    """DATABASE_URL with another database name."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def prepare_databases() -> tuple[dict, dict]:
    """psycopg parameters of the corpus (read) and of a new, migrated import database."""
    uses_local_cluster = configure_environment()
    corpus = connection_params()
    refuse_protected(corpus)
    if uses_local_cluster:
        start_local_cluster()
    target = {**corpus, "dbname": corpus["dbname"] + IMPORT_DATABASE_SUFFIX}
    refuse_protected(target)
    os.environ["DATABASE_URL"] = database_url(target["dbname"])
    recreate_database(target)
    setup_django()
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(IMPORTER)
    return corpus, target


def file_sources(corpus: dict, rows: int) -> list[int]:
    """The first sources with a URL whose figures add up to ``rows``."""
    import psycopg

    with psycopg.connect(**corpus) as conn:
        counts = conn.execute(
            "SELECT s.id, count(*) FROM sources_source s "
            "JOIN sources_quote q ON q.source_id = s.id "
            "JOIN figures_reportedfigure f ON f.quote_id = q.id WHERE s.url <> '' "
            "GROUP BY s.id ORDER BY s.id"
        ).fetchall()
    chosen, total = [], 0
    for source_id, figures in counts:
        if total >= rows:
            break
        chosen.append(source_id)
        total += figures
    return chosen


def shared_columns(source, target, table: str) -> list[str]:
    """Columns both databases have for a table, less the ones PostgreSQL computes."""
    query = (
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND is_generated = 'NEVER' ORDER BY ordinal_position"
    )
    theirs = {row[0] for row in source.execute(query, [table])}
    return [row[0] for row in target.execute(query, [table]) if row[0] in theirs]


def copy_table(source, target, table: str, where: str = "", params=()) -> None:
    """COPY rows of a table from the corpus into the import database."""
    from psycopg import sql

    columns = sql.SQL(", ").join(map(sql.Identifier, shared_columns(source, target, table)))
    select = sql.SQL("SELECT {} FROM {} " + where).format(columns, sql.Identifier(table))
    out_sql = sql.SQL("COPY ({}) TO STDOUT").format(select)
    in_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), columns)
    with (
        source.cursor().copy(out_sql, params) as reading,
        target.cursor().copy(in_sql) as writing,
    ):
        for chunk in reading:
            writing.write(chunk)


def copy_what_rows_name(corpus: dict, target: dict, sources: list[int]) -> None:
    """The registry and the file's sources, copied from the corpus."""
    import psycopg

    with psycopg.connect(**corpus) as source, psycopg.connect(**target) as conn:
        for table in REGISTRY_TABLES:
            copy_table(source, conn, table)
        copy_table(source, conn, "sources_source", "WHERE id = ANY(%s)", [sources])
    from django.core.management.color import no_style
    from django.db import connection

    from apps.figures.models import Metric
    from apps.registry import models as registry
    from apps.sources.models import Source

    tables = [Metric, Source, registry.Institution, registry.Programme, registry.Cohort]
    tables += [registry.ProgrammeInstitution, registry.Law, registry.Incident]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(statement)


def written_date(day, precision: str) -> str:
    """A date as a person types it: 2003, 2003-05 or 2003-05-16."""
    if day is None or precision == "unknown":
        return ""
    return {"year": day.isoformat()[:4], "month": day.isoformat()[:7]}.get(
        precision, day.isoformat()
    )


def number_text(value, arabic: bool) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text.translate(ARABIC_INDIC) if arabic else text


def write_file(corpus: dict, sources: list[int], rows: int, path: Path) -> int:
    """The CSV of the first ``rows`` figures of the sources; returns its size in bytes."""
    import psycopg

    with psycopg.connect(**corpus) as conn, path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        cursor = conn.cursor(name="figures")
        cursor.execute(ROWS_SQL, [sources])
        for number, found in enumerate(cursor, 1):
            if number > rows:
                break
            (url, words, metric, value, value_max, qualifier, unit, start, start_p, end, end_p) = (
                found[:11]
            )
            as_of, as_of_p, *subject = found[11:]
            arabic = number % 3 == 0
            writer.writerow(
                [
                    url,
                    words,
                    metric,
                    number_text(value, arabic),
                    number_text(value_max, arabic),
                    qualifier,
                    unit,
                    written_date(start, start_p),
                    written_date(end, end_p),
                    written_date(as_of, as_of_p),
                    *(cell or "" for cell in subject),
                ]
            )
    return path.stat().st_size


def first_lines(path: Path, rows: int, into: Path) -> None:
    """A smaller file: the header and the first ``rows`` rows."""
    with path.open(encoding="utf-8", newline="") as full, into.open("w", newline="") as small:
        reader, writer = csv.reader(full), csv.writer(small)
        for number, found in enumerate(reader):
            if number > rows:
                break
            writer.writerow(found)


def measure(rows: int, path: Path) -> dict:
    """Run one import (and its COPY) in a fresh process and return what it measured."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(rows), str(path)]
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode != 0:
        raise SystemExit(f"the import of {rows} rows failed:\n{finished.stderr[-4000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


# -- the child: one import and one COPY, undone -------------------------------


class QueryCounter:
    """Counts statements without keeping them (their text would weigh on memory)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def memory_kib(field: str) -> int | None:
    """A line of /proc/self/status (VmRSS: resident now, VmHWM: its peak), in KiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class PeakMemory:
    """How far resident memory rises above where it stands at the start.

    Linux lets a process reset its peak (VmHWM) to its current size, so reading
    the file into memory earlier does not hide what the import itself needs;
    elsewhere, the growth of ru_maxrss is reported instead.
    """

    def __enter__(self):
        gc.collect()
        try:
            Path("/proc/self/clear_refs").write_text("5")
            self.start = memory_kib("VmRSS")
        except OSError:
            self.start = None
        self.maxrss = maxrss_kib()
        return self

    def __exit__(self, *exc_info):
        peak = memory_kib("VmHWM") if self.start is not None else None
        if peak is None:
            self.grown, self.before = maxrss_kib() - self.maxrss, self.maxrss
        else:
            self.grown, self.before = peak - self.start, self.start
        return False


def import_file(dataset, user):
    from apps.figures.resources import ReportedFigureResource

    return ReportedFigureResource().import_data(
        dataset,
        dry_run=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
    )


def timed_regrouping() -> dict:
    """Time spent regrouping disagreements, which the import does last."""
    from apps.figures import bulkimport

    spent = {"seconds": 0.0, "figures": 0}
    regroup = bulkimport.figures_changed

    def timed(ids):
        started = time.perf_counter()
        regroup(ids)
        spent["seconds"] += time.perf_counter() - started
        spent["figures"] += len(ids)

    bulkimport.figures_changed = timed
    return spent


def counted_copies() -> dict:
    """COPY statements of the import (Django's execute wrappers do not see them)."""
    from apps.figures import bulkimport

    counted = {"statements": 0}
    copy_insert = bulkimport.copy_insert

    def counting(model, instances):
        counted["statements"] += bool(instances)
        copy_insert(model, instances)

    bulkimport.copy_insert = counting
    return counted


def copy_same_rows(ids: list[int]) -> tuple[float, int]:
    """Read the imported figures back, then time COPY of them into the same table."""
    from django.db import connection

    from apps.figures.models import ReportedFigure

    columns = ", ".join(
        connection.ops.quote_name(field.column)
        for field in ReportedFigure._meta.concrete_fields
        if not field.primary_key and not field.generated
    )
    table = ReportedFigure._meta.db_table
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY (SELECT {columns} FROM {table} WHERE id = ANY(%s) ORDER BY id) TO STDOUT",
            [ids],
        ) as reading:
            data = b"".join(bytes(chunk) for chunk in reading)
        started = time.perf_counter()
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as writing:
            writing.write(data)
        return time.perf_counter() - started, data.count(b"\n")


def child(rows: int, path: str) -> None:
    setup_django(migrate_schema=False)
    import tablib
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from apps.core.imports import CSV
    from apps.figures.models import ReportedFigure

    user = get_user_model().objects.get(username=IMPORTER)
    data = Path(path).read_bytes()
    with PeakMemory() as reading:
        started = time.perf_counter()
        dataset = CSV().create_dataset(data)
        parse_seconds = time.perf_counter() - started
    with transaction.atomic():
        import_file(tablib.Dataset(*dataset[:WARM_UP_ROWS], headers=dataset.headers), user)
        transaction.set_rollback(True)
    regrouping, copies = timed_regrouping(), counted_copies()
    counter = QueryCounter()
    with transaction.atomic():
        known = set(ReportedFigure.objects.values_list("pk", flat=True))
        with PeakMemory() as importing, connection.execute_wrapper(counter):
            started, cpu = time.perf_counter(), time.process_time()
            result = import_file(dataset, user)
            import_seconds = time.perf_counter() - started
            cpu_seconds = time.process_time() - cpu
        if result.has_errors() or result.has_validation_errors():
            first = (result.invalid_rows or result.error_rows)[0]
            raise SystemExit(f"the import refused the file: row {first.number}")
        ids = list(ReportedFigure.objects.exclude(pk__in=known).values_list("pk", flat=True))
        copy_seconds, copied = copy_same_rows(ids)
        transaction.set_rollback(True)
    print(
        json.dumps(
            {
                "rows": len(dataset),
                "new": result.totals["new"],
                "import_seconds": import_seconds,
                "cpu_seconds": cpu_seconds,
                "queries": counter.count + copies["statements"],
                "regroup_seconds": regrouping["seconds"],
                "regrouped": regrouping["figures"],
                "peak_kib": importing.grown,
                "baseline_kib": importing.before,
                "parse_seconds": parse_seconds,
                "read_kib": reading.grown,
                "copy_seconds": copy_seconds,
                "copied": copied,
            }
        )
    )


# -- results -------------------------------------------------------------------


def report(large: dict, small: dict, size: int, sources: int) -> None:
    rows = large["rows"]
    print(f"# file: {rows} rows, {size / 2**20:.1f} MiB of CSV, {sources} sources")
    emit("import_rows", large["new"], "rows")
    emit("import_seconds", large["import_seconds"], "s")
    emit("import_rate_rows_per_s", rows / large["import_seconds"], "rows/s")
    emit("import_python_cpu_seconds", large["cpu_seconds"], "s")
    emit("import_queries", large["queries"], "queries")  # COPY statements included
    emit("import_queries_per_row", large["queries"] / rows, "queries")
    emit("import_regroup_seconds", large["regroup_seconds"], "s")
    emit("import_regrouped_figures", large["regrouped"], "figures")
    emit("copy_rows", large["copied"], "rows")
    emit("copy_seconds", large["copy_seconds"], "s")
    emit("copy_rate_rows_per_s", large["copied"] / large["copy_seconds"], "rows/s")
    emit("import_over_copy", large["import_seconds"] / large["copy_seconds"], "ratio")
    emit("import_peak_memory", large["peak_kib"] / 1024, "MiB")
    emit("import_process_rss_before", large["baseline_kib"] // 1024, "MiB")
    emit("csv_read_seconds", large["parse_seconds"], "s")
    emit("csv_read_memory", large["read_kib"] / 1024, "MiB")
    emit("small_import_rows", small["new"], "rows")
    emit("small_import_seconds", small["import_seconds"], "s")
    emit("small_import_peak_memory", small["peak_kib"] / 1024, "MiB")
    emit("small_csv_read_memory", small["read_kib"] / 1024, "MiB")


def main() -> None:
    args = parse_args()
    limit_memory()
    if args.child:
        child(int(args.child[0]), args.child[1])
        return
    corpus, target = prepare_databases()
    describe_machine()
    sources = file_sources(corpus, args.rows)
    copy_what_rows_name(corpus, target, sources)
    with tempfile.TemporaryDirectory(prefix="ctdb-bench-import-") as folder:
        large_file, small_file = Path(folder) / "figures.csv", Path(folder) / "small.csv"
        size = write_file(corpus, sources, args.rows, large_file)
        first_lines(large_file, args.small_rows, small_file)
        small = measure(args.small_rows, small_file)
        large = measure(args.rows, large_file)
    report(large, small, size, len(sources))


if __name__ == "__main__":
    main()
