"""Fill the benchmark database ``ctdb_bench`` with a realistic corpus.

    .venv/bin/python bench/01_generate.py [--figures N] [--reset] [--seed S]

N reported figures (default 1,000,000), about 200 per source, each on a quote
that is a real span of its source's generated Arabic text; ~90% published,
the rest draft, in review or rejected; ~20 metrics, 60 institutions,
programmes with cohorts, laws, incidents, and a few hundred disagreements.
Nothing is done when the database already holds N figures under the current
schema. Otherwise (or with ``--reset``) the database is dropped, created
anew, migrated while empty (so data migrations cost nothing) and filled.

Speed: rows go in with COPY, not the ORM, so the model's save() logic is
bypassed and done here instead: quote offsets come from the text as it is
assembled, ``value_in_quote`` from how each number was written (checked on a
sample against ``apps.core.numbers`` at the end) and disagreements are
written directly. Everything happens in one transaction: the tables' secondary
indexes and foreign keys are dropped, the rows copied
(a writer thread streams batch k to PostgreSQL while batch k+1 is being
generated, so both cores work), then the indexes and keys are rebuilt and
checked, and VACUUM ANALYZE runs last.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import math
import queue
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.db import (
    migrate,
    pending_migrations,
    recreate_database,
    setup_django,
    stored_figures,
)
from benchlib.registry_data import AUTHORS, PUBLISHERS
from benchlib.timing import describe_machine

LOADED_TABLES = ["sources_source", "sources_quote", "figures_reportedfigure"]
EMPTIED_TABLES = [
    "figures_reportedfigure",
    "figures_disagreement",
    "sources_quote",
    "sources_source",
    "registry_cohort",
    "registry_programmeinstitution",
    "registry_programme",
    "registry_law",
    "registry_incident",
    "registry_institution",
    "figures_metric",
]
SOURCE_COLUMNS = [
    "id",
    "title",
    "publisher",
    "author",
    "url",
    "published_on",
    "published_on_precision",
    "language",
    "kind",
    "text",
    "text_sha256",
    "retrieved_at",
    "seed_file",
    "notes",
    "created_at",
    "updated_at",
]
QUOTE_COLUMNS = 'id text start "end" in_source speaker created_at speaker_institution_id source_id'
FIGURE_COLUMNS = [
    "id",
    "value",
    "value_max",
    "qualifier",
    "unit",
    "period_start",
    "period_start_precision",
    "period_end",
    "period_end_precision",
    "as_of",
    "as_of_precision",
    "attributed_to_speaker",
    "status",
    "origin",
    "value_in_quote",
    "value_check_override",
    "reviewed_at",
    "review_note",
    "assessment",
    "assessment_reason",
    "assessed_at",
    "notes",
    "created_at",
    "updated_at",
    "assessed_by_id",
    "attributed_to_institution_id",
    "cohort_id",
    "created_by_id",
    "disagreement_id",
    "publicly_disputed",
    "incident_id",
    "institution_id",
    "last_modified_by_id",
    "law_id",
    "metric_id",
    "programme_id",
    "quote_id",
    "reviewed_by_id",
]
SOURCES_PER_BATCH = 60
MEAN_FIGURES_PER_SOURCE = 200
EPOCH = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
OVERRIDE_REASON = "الرقم مكتوب في الاقتباس بمسافة بين الآلاف، وقد تحققت منه في النص الأصلي."
REJECTION_NOTES = ["القيمة لا تطابق المصدر.", "الاقتباس لا يذكر الفترة.", "رقم مكرر."]
ASSESSMENT_REASONS = {
    "best_supported": "رقم رسمي صادر عن الجهة المختصة ومؤكد في مصادر أخرى.",
    "disputed": "رقم منقول عن مصدر غير مسمى ولا تؤكده الأرقام الرسمية.",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--figures", type=int, default=1_000_000, help="how many figures")
    parser.add_argument("--reset", action="store_true", help="regenerate even when full")
    parser.add_argument("--seed", type=int, default=20240516, help="random seed")
    return parser.parse_args()


def log(started: float, message: str) -> None:
    print(f"[{time.monotonic() - started:7.1f} s] {message}", flush=True)


# -- people ------------------------------------------------------------------


def bench_users() -> tuple[list[int], list[int]]:
    """Editors and reviewers (disjoint, so a reviewer never reviews their own figure)."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()

    def ensure(username: str) -> int:
        user, created = user_model.objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save()
        return user.pk

    editors = [ensure(f"bench-editor-{n}") for n in range(1, 9)]
    reviewers = [ensure(f"bench-reviewer-{n}") for n in range(1, 5)]
    return editors, reviewers


# -- disagreements -----------------------------------------------------------


def plan_disagreements(rng, registry, figures: int) -> tuple[list[tuple], dict[int, object]]:
    """Disagreement rows, and the global figure positions that must be their members."""
    from benchlib.articles import Forced

    counts = [m for m in registry.metrics if m["unit"] == "count"]
    rows, members = [], {}
    total = max(5, figures // 2500)
    for pk in range(1, total + 1):
        metric = rng.choice(counts)
        subject = {} if rng.random() < 0.6 else {"institution": rng.choice(registry.agencies)}
        low, high = metric["range"]
        base = rng.randint(low, max(low, high // 3))
        year = rng.randint(2002, 2018)
        detected = EPOCH + dt.timedelta(days=rng.uniform(0, 1400))
        rows.append((pk, detected, detected, metric["id"]))
        for rank in range(rng.randint(2, 5)):
            value = base + rank * max(1, base // 2) + rank * 7
            position = rng.randrange(figures)
            while position in members:
                position = rng.randrange(figures)
            members[position] = Forced(pk, metric, subject, value, year)
    return rows, members


# -- rows --------------------------------------------------------------------


class RowMaker:
    """Turns articles into source, quote and figure rows with consecutive ids."""

    def __init__(self, rng: random.Random, users: tuple[list[int], list[int]], total: int):
        self.rng = rng
        self.editors, self.reviewers = users
        self.total = total
        self.next_source = self.next_quote = self.next_figure = 1
        self.quote_rows: list[tuple] = []

    def source(self, article, published: dt.date, publisher: tuple[str, str]) -> tuple:
        rng, pk = self.rng, self.next_source
        self.next_source += 1
        roll = rng.random()
        precision = (
            "day"
            if roll < 0.85
            else "month"
            if roll < 0.9
            else "year"
            if roll < 0.93
            else "unknown"
        )
        stored = {
            "day": published,
            "month": published.replace(day=1),
            "year": published.replace(month=1, day=1),
            "unknown": None,
        }[precision]
        url = f"https://www.{publisher[1]}/news/{pk}-{published:%Y%m%d}.html" if roll < 0.97 else ""
        author = rng.choice(AUTHORS) if rng.random() < 0.6 else ""
        kind = rng.choices(SOURCE_KINDS, weights=[70, 8, 10, 7, 4, 1])[0]
        retrieved = EPOCH + dt.timedelta(days=rng.uniform(0, 1400))
        digest = hashlib.sha256(article.text.encode()).hexdigest()
        return (
            pk,
            article.title,
            publisher[0],
            author,
            url,
            stored,
            precision,
            "ar",
            kind,
            article.text,
            digest,
            retrieved,
            "",
            "",
            retrieved,
            retrieved,
        )

    def quotes(self, article, source_id: int, created: dt.datetime) -> list[int]:
        """Quote rows appended to self.quote_rows; returns their ids by article index."""
        ids = []
        for quote in article.quotes:
            pk = self.next_quote
            self.next_quote += 1
            ids.append(pk)
            self.quote_rows.append(
                (
                    pk,
                    quote.text,
                    quote.start,
                    quote.end,
                    True,
                    quote.speaker,
                    created,
                    quote.speaker_institution,
                    source_id,
                )
            )
        return ids

    def review(self, fact, created: dt.datetime) -> tuple:
        """(status, reviewed_by, reviewed_at, last_modified_by, override, review note)."""
        rng = self.rng
        roll = rng.random()
        if fact.disagreement is not None or roll < 0.90:
            status = "published"
        else:
            status = "draft" if roll < 0.94 else "in_review" if roll < 0.98 else "rejected"
        if status in ("draft", "in_review"):
            return status, None, None, rng.choice(self.editors) if roll < 0.95 else None, "", ""
        reviewer = rng.choice(self.reviewers)
        reviewed = created + dt.timedelta(hours=rng.uniform(1, 240))
        modifier = rng.choice(self.editors) if rng.random() < 0.3 else None
        override = OVERRIDE_REASON if status == "published" and not fact.in_quote else ""
        note = rng.choice(REJECTION_NOTES) if status == "rejected" else ""
        return status, reviewer, reviewed, modifier, override, note

    def figure(self, fact, quote_id: int) -> tuple:
        rng, pk = self.rng, self.next_figure
        self.next_figure += 1
        created = EPOCH + dt.timedelta(days=1400 * pk / self.total, seconds=rng.uniform(0, 3600))
        status, reviewer, reviewed, modifier, override, note = self.review(fact, created)
        updated = (reviewed or created) + dt.timedelta(minutes=rng.uniform(0, 90))
        assessment, reason, assessor, assessed = "none", "", None, None
        if fact.disagreement is not None and rng.random() < 0.4:
            assessment = rng.choice(list(ASSESSMENT_REASONS))
            reason, assessor, assessed = ASSESSMENT_REASONS[assessment], reviewer, updated
        subject = fact.subject
        origin = rng.choices(ORIGINS, weights=[80, 15, 5])[0]
        return (
            pk,
            fact.value,
            fact.value_max,
            fact.qualifier,
            fact.metric["unit"],
            *fact.period,
            fact.attributed_speaker,
            status,
            origin,
            fact.in_quote,
            override,
            reviewed,
            note,
            assessment,
            reason,
            assessed,
            "",
            created,
            updated,
            assessor,
            fact.attributed_institution,
            link(subject, "cohort"),
            rng.choice(self.editors),
            fact.disagreement,
            fact.disagreement is not None,  # its published partners contradict it
            link(subject, "incident"),
            link(subject, "institution"),
            modifier,
            link(subject, "law"),
            fact.metric["id"],
            link(subject, "programme"),
            quote_id,
            reviewer,
        )


SOURCE_KINDS = ["news_article", "interview", "official_statement", "report", "opinion", "other"]
ORIGINS = ["manual", "import", "suggestion"]


def link(subject: dict, key: str) -> int | None:
    """The id of what the figure is about under ``key``, if anything."""
    return subject[key]["id"] if key in subject else None


def figures_per_source(rng: random.Random) -> int:
    """Lognormal around 200: many short articles, a few very long reports."""
    sigma = 0.8
    mu = math.log(MEAN_FIGURES_PER_SOURCE) - sigma * sigma / 2
    return max(3, min(1500, int(rng.lognormvariate(mu, sigma))))


def make_batch(writer, maker: RowMaker, rng, members: dict, position: int, figures: int):
    """Articles for SOURCES_PER_BATCH sources: (source, quote, figure rows, new position)."""
    source_rows, maker.quote_rows, figure_rows = [], [], []
    for _ in range(SOURCES_PER_BATCH):
        if position >= figures:
            break
        count = min(figures_per_source(rng), figures - position)
        forced = [members[p] for p in range(position, position + count) if p in members]
        published = dt.date(2004, 1, 1) + dt.timedelta(days=rng.randrange(7670))
        article = writer.write(count, published, forced)
        source_id = maker.next_source
        source_rows.append(maker.source(article, published, rng.choice(PUBLISHERS)))
        quote_ids = maker.quotes(article, source_id, source_rows[-1][-1])
        figure_rows.extend(maker.figure(fact, quote_ids[fact.quote]) for fact in article.facts)
        position += count
    return source_rows, maker.quote_rows, figure_rows, position


# -- loading -----------------------------------------------------------------


def copy_rows(cursor, table: str, columns: list[str], rows, extra: tuple = ()) -> None:
    """COPY rows (each followed by ``extra``) into a table emptied in this transaction
    (FREEZE: the rows are written frozen, no later vacuum work)."""
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FREEZE)"
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row + extra if extra else row)


def column_plan(model, columns: list[str]) -> tuple[list[str], tuple]:
    """The COPY columns: ``columns``, then any other column of the model at its default
    (empty for text), so that a field added later needs no change here."""
    known = {column.strip('"') for column in columns}
    names, values = list(columns), []
    for field in model._meta.concrete_fields:
        if field.column in known or getattr(field, "generated", False):
            continue
        if not (field.has_default() or field.null or field.empty_strings_allowed):
            raise SystemExit(f"01_generate.py does not fill {model.__name__}.{field.name}")
        names.append(f'"{field.column}"')
        values.append(field.get_default())  # None for a nullable column, "" for text
    return names, tuple(values)


def model_of(table: str):
    from django.apps import apps

    return next(model for model in apps.get_models() if model._meta.db_table == table)


def corpus_plans() -> dict[str, tuple[list[str], tuple]]:
    from apps.figures.models import ReportedFigure
    from apps.sources.models import Quote, Source

    return {
        "sources_source": column_plan(Source, SOURCE_COLUMNS),
        "sources_quote": column_plan(Quote, QUOTE_COLUMNS.split()),
        "figures_reportedfigure": column_plan(ReportedFigure, FIGURE_COLUMNS),
    }


def deferred_ddl(cursor) -> tuple[list[str], list[str]]:
    """Secondary indexes and foreign keys of the big tables: (drop, recreate) statements."""
    cursor.execute(
        """
        SELECT format('DROP INDEX %%s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT i.indisunique
        UNION ALL
        SELECT format('ALTER TABLE %%s DROP CONSTRAINT %%I', c.conrelid::regclass, c.conname),
               format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', c.conrelid::regclass, c.conname,
                      pg_get_constraintdef(c.oid))
        FROM pg_constraint c
        WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])
        """,
        [LOADED_TABLES, LOADED_TABLES],
    )
    rows = cursor.fetchall()
    return [drop for drop, _ in rows], [create for _, create in rows]


def writer_thread(connection, batches: queue.Queue, failures: list) -> threading.Thread:
    """COPY each queued batch while the main thread generates the next one."""

    plans = corpus_plans()

    def run() -> None:
        try:
            with connection.cursor() as cursor:
                while (batch := batches.get()) is not None:
                    for table, rows in zip(LOADED_TABLES, batch, strict=True):
                        columns, extra = plans[table]
                        copy_rows(cursor, table, columns, rows, extra)
        except BaseException as error:  # reported by the main thread
            failures.append(error)
            while batches.get() is not None:
                pass

    thread = threading.Thread(target=run, name="copy-writer", daemon=True)
    thread.start()
    return thread


def load_corpus(connection, rng, registry, users, figures: int, started: float) -> None:
    """Generate and COPY every source, quote and figure."""
    from benchlib.articles import ArticleWriter

    disagreements, members = plan_disagreements(rng, registry, figures)
    with connection.cursor() as cursor:
        columns, extra = column_plan(
            model_of("figures_disagreement"), ["id", "detected_at", "updated_at", "metric_id"]
        )
        copy_rows(cursor, "figures_disagreement", columns, disagreements, extra)
    writer, maker = ArticleWriter(rng, registry), RowMaker(rng, users, figures)
    batches: queue.Queue = queue.Queue(maxsize=2)
    failures: list = []
    thread = writer_thread(connection, batches, failures)
    position, reported = 0, 0
    while position < figures and not failures:
        sources, quotes, rows, position = make_batch(writer, maker, rng, members, position, figures)
        batches.put((sources, quotes, rows))
        if position - reported >= figures // 10 or position == figures:
            reported = position
            log(
                started,
                f"generated {position:,} figures, {maker.next_source - 1:,} sources, "
                f"{maker.next_quote - 1:,} quotes",
            )
    batches.put(None)
    thread.join()
    if failures:
        raise failures[0]
    log(started, f"copied; {len(disagreements)} disagreements, {len(members)} of their figures")


def compare_days(cursor) -> None:
    """What the regrouping keeps on each figure (``compared_from``/``compared_to``),
    worked out for the whole corpus in one statement; the disagreements planted
    above stay as they are, so that the benchmarks time what they would meet."""
    from apps.figures.disagreements.rule import compared_days_sql

    # Triggers off for this one statement (a version moves only with staff's edits).
    cursor.execute("SET LOCAL session_replication_role = replica")
    cursor.execute(
        f"""UPDATE figures_reportedfigure AS target
        SET compared_from = days.compared_from, compared_to = days.compared_to
        FROM (SELECT {compared_days_sql()} FROM figures_reportedfigure f
            JOIN figures_metric m ON m.id = f.metric_id
            JOIN sources_quote q ON q.id = f.quote_id
            JOIN sources_source s ON s.id = q.source_id) AS days
        WHERE target.id = days.id"""
    )
    cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def reset_sequences(cursor) -> None:
    for table in EMPTIED_TABLES:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )


def generate(params: dict, figures: int, seed: int, started: float) -> None:
    """The whole load, in one transaction."""
    import psycopg
    from benchlib.registry import build_registry
    from psycopg import sql

    rng = random.Random(seed)
    users = bench_users()
    registry = build_registry(rng)
    with psycopg.connect(**params) as connection, connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        # The tables are new and empty, but COPY FREEZE needs them emptied in this transaction.
        cursor.execute(f"TRUNCATE {', '.join(EMPTIED_TABLES)} RESTART IDENTITY CASCADE")
        drops, creates = deferred_ddl(cursor)
        for statement in drops:
            cursor.execute(statement)
        for table, (columns, rows) in registry.tables.items():
            columns, extra = column_plan(model_of(table), columns)
            copy_rows(cursor, table, columns, rows, extra)
        log(started, f"registry loaded; {len(drops)} indexes and foreign keys set aside")
        load_corpus(connection, rng, registry, users, figures, started)
        for statement in creates:
            cursor.execute(statement)
        log(started, f"rebuilt {len(creates)} indexes and foreign keys")
        compare_days(cursor)
        log(started, "worked out the days each figure is compared over")
        reset_sequences(cursor)
        note = f"ctdb bench corpus: figures={figures} seed={seed}"
        cursor.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(params["dbname"]), sql.Literal(note)
            )
        )
    log(started, "committed")


# -- after loading -----------------------------------------------------------


def vacuum_analyze(params: dict, started: float) -> None:
    import psycopg

    with psycopg.connect(**params, autocommit=True) as connection:
        for table in EMPTIED_TABLES:
            connection.execute(f"VACUUM (ANALYZE) {table}")
    log(started, "VACUUM ANALYZE done")


def self_check(started: float) -> None:
    """Quotes are spans of their sources, and value_in_quote agrees with the app's reader."""
    from django.db import connection

    from apps.core.numbers import value_in_text
    from apps.figures.models import ReportedFigure

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FILTER (WHERE substr(s.text, q.start + 1, q."end" - q.start)
                                       <> q.text), count(*)
               FROM (SELECT * FROM sources_quote TABLESAMPLE SYSTEM (1)) q
               JOIN sources_source s ON s.id = q.source_id"""
        )
        wrong, sampled = cursor.fetchone()
    sample = ReportedFigure.objects.order_by("?").select_related("quote")[:2000]
    disagree = sum(
        (
            value_in_text(f.value, f.quote.text) is not None
            and (f.value_max is None or value_in_text(f.value_max, f.quote.text) is not None)
        )
        != f.value_in_quote
        for f in sample
    )
    log(
        started,
        f"check: {wrong} of {sampled} sampled quotes misplaced; value_in_quote differs "
        f"from apps.core.numbers on {disagree} of {len(sample)} sampled figures",
    )


def summary(params: dict, started: float) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT (SELECT count(*) FROM sources_source), (SELECT count(*) FROM sources_quote),
                      (SELECT count(*) FROM figures_reportedfigure),
                      (SELECT count(*) FROM figures_reportedfigure WHERE status = 'published'),
                      (SELECT count(*) FROM figures_disagreement),
                      pg_size_pretty(pg_database_size(current_database()))"""
        )
        sources, quotes, figures, published, disagreements, size = cursor.fetchone()
    print(
        f"sources: {sources} rows\nquotes: {quotes} rows\nfigures: {figures} rows\n"
        f"published_figures: {published} rows\ndisagreements: {disagreements} rows\n"
        f"database_size: {size}\ngenerate_seconds: {time.monotonic() - started:.1f} s"
    )


def why_generate(args: argparse.Namespace, present: int, pending: list[str]) -> str | None:
    """Why the corpus must be (re)generated, or None when it is up to date."""
    if args.reset:
        return "--reset"
    if pending:
        return f"migrations to apply: {', '.join(pending)}"
    if present != args.figures:
        return f"it holds {present:,} figures"
    return None


def main() -> None:
    args = parse_args()
    started = time.monotonic()
    params = setup_django(migrate_schema=False)
    describe_machine()
    present, pending = stored_figures(), pending_migrations()
    reason = why_generate(args, present, pending)
    if reason is None:
        print(f"{params['dbname']} already holds {present:,} figures: nothing to do.")
        return
    log(started, f"generating {args.figures:,} figures into a new {params['dbname']} ({reason})")
    recreate_database(params)
    migrate()
    generate(params, args.figures, args.seed, started)
    vacuum_analyze(params, started)
    self_check(started)
    summary(params, started)


if __name__ == "__main__":
    main()
