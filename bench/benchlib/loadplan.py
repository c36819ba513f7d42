"""What the load test's clients ask for, read from the benchmark database up front,
and the Editor's imports, deleted afterwards.

The imported files reuse real quotes of the corpus, each under a metric that
quote does not state yet and about an institution that metric has no figure
about: an import then creates drafts only, never edits a corpus figure (rows
are matched on source, quote, metric and value), and the disagreements it
refreshes hold its own drafts only, never the corpus's.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

EDITOR = "bench-load-editor"
EXPORT_ROWS = (150, 1500)
IMPORT_PARTITIONS = 20
IMPORT_HEADER = [
    "source",
    "quote",
    "metric",
    "value",
    "value_max",
    "qualifier",
    "unit",
    "institution",
    "attributed_to_institution",
    "attributed_to_speaker",
    "notes",
]


@dataclass
class Plan:
    figures: list[int]
    metrics: list[str]
    institutions: list[str]
    exports: list[dict]
    import_files: list[bytes]
    admin: str
    password: str
    rng: random.Random = field(default_factory=random.Random)


def rows(sql: str, params=()) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def published_sample(rng: random.Random, size: int = 1000) -> list[int]:
    """Ids of published figures spread over the whole table."""
    found = rows(
        "SELECT id FROM figures_reportedfigure TABLESAMPLE SYSTEM (0.5) REPEATABLE (%s)"
        " WHERE status = 'published'",
        [rng.randrange(2**31)],
    )
    return rng.sample([pk for (pk,) in found], min(size, len(found)))


def export_filters(rng: random.Random, count: int = 4) -> list[dict]:
    """Metric and institution pairs whose published figures make a small export."""
    from apps.figures import selectors

    pairs = rows(
        "SELECT m.slug, i.slug FROM figures_reportedfigure f"
        " JOIN figures_metric m ON m.id = f.metric_id"
        " JOIN registry_institution i ON i.id = f.institution_id"
        " WHERE f.status = 'published' GROUP BY 1, 2 HAVING count(*) BETWEEN %s AND %s"
        " ORDER BY 1, 2",
        list(EXPORT_ROWS),
    )
    chosen = [{"metric": m, "institution": i} for m, i in rng.sample(pairs, min(count, len(pairs)))]
    print(
        "# exports are small on purpose: one of every published figure takes 13 s (CSV)"
        " to 40 s (JSON) alone and would be most of the load"
    )
    for params in chosen:
        matches = selectors.figure_filter(params).qs.count()
        print(f"# export filter {urlencode(params)} matches {matches} published figures")
    return chosen


def empty_partitions() -> list[tuple[int, str, str]]:
    """(metric id, metric, institution) pairs with no figure about that institution
    alone: drafts there are compared with each other only."""
    used = set(
        rows(
            "SELECT DISTINCT metric_id, institution_id FROM figures_reportedfigure"
            " WHERE institution_id IS NOT NULL AND programme_id IS NULL AND cohort_id IS NULL"
            " AND law_id IS NULL AND incident_id IS NULL"
        )
    )
    metrics = rows("SELECT id, slug FROM figures_metric WHERE unit_kind = 'count'")
    institutions = rows("SELECT id, slug FROM registry_institution")
    return [
        (metric_id, metric, institution)
        for metric_id, metric in metrics
        for institution_id, institution in institutions
        if (metric_id, institution_id) not in used
    ]


def quoted_counts(rng: random.Random, wanted: int) -> list[tuple]:
    """Published counts whose value is in their quote, with the quote's metrics.

    Only quotes that are the first place their words appear in their source: an
    import finds words at their first occurrence, so it lands on these very
    quotes, whose figures' metrics are known.
    """
    percent = min(100.0, max(0.2, 300.0 * wanted / 1_000_000))
    found = rows(
        "SELECT q.id, q.text, s.url, f.value, f.value_max, f.qualifier, a.slug,"
        " f.attributed_to_speaker,"
        " (SELECT array_agg(g.metric_id) FROM figures_reportedfigure g WHERE g.quote_id = q.id)"
        " FROM figures_reportedfigure f TABLESAMPLE SYSTEM (%s) REPEATABLE (%s)"
        " JOIN sources_quote q ON q.id = f.quote_id"
        " JOIN sources_source s ON s.id = q.source_id"
        " LEFT JOIN registry_institution a ON a.id = f.attributed_to_institution_id"
        " WHERE f.status = 'published' AND f.unit = 'count' AND f.value_in_quote"
        " AND s.url <> '' AND strpos(s.text, q.text) = q.start + 1",
        [percent, rng.randrange(2**31)],
    )
    unique = {row[0]: row for row in found}  # one row per quote: no duplicate keys
    return rng.sample(list(unique.values()), min(wanted, len(unique)))


def number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == value.to_integral_value() else str(value)


def import_files(rng: random.Random, files: int, size: int) -> list[bytes]:
    """CSV files of new figures on real quotes, ``size`` rows each."""
    partitions = empty_partitions()
    candidates = quoted_counts(rng, files * size)
    made = []
    for start in range(0, len(candidates) - size + 1, size):
        chosen = rng.sample(partitions, min(IMPORT_PARTITIONS, len(partitions)))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(IMPORT_HEADER)
        for quote_id, text, url, value, value_max, qualifier, by, speaker, metric_ids in candidates[
            start : start + size
        ]:
            fits = [p for p in chosen if p[0] not in metric_ids]
            _, metric, institution = rng.choice(fits or partitions)
            note = f"Load test (bench/06_load.py), quote {quote_id}"
            values = [number(value), number(value_max), qualifier, "count"]
            writer.writerow([url, text, metric, *values, institution, by or "", speaker, note])
        made.append(out.getvalue().encode())
    return made


def prepare_editor() -> tuple[int, str]:
    """The Editor the load test logs in as, with a fresh password; (id, password)."""
    from axes.models import AccessAttempt
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.contrib.auth.models import Group

    password = secrets.token_urlsafe(24)
    user, _ = get_user_model().objects.get_or_create(username=EDITOR)
    # The production settings check PBKDF2 hashes, not the test settings' MD5.
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(password, hasher.salt())
    user.is_staff, user.is_active = True, True
    user.save()
    user.groups.set([Group.objects.get(name="Editor")])
    AccessAttempt.objects.filter(username=EDITOR).delete()
    return user.pk, password


def remove_imports(editor_id: int) -> int:
    """Delete the Editor's figures, quotes and history; returns the figures deleted."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM figures_reportedfigure WHERE created_by_id = %s RETURNING id", [editor_id]
        )
        figures = [pk for (pk,) in cursor.fetchall()]
        cursor.execute("DELETE FROM figures_historicalreportedfigure WHERE id = ANY(%s)", [figures])
        cursor.execute(
            "DELETE FROM figures_historicalreportedfigure WHERE history_user_id = %s", [editor_id]
        )
        # Quotes the import found at a new place in their source.
        cursor.execute(
            "DELETE FROM sources_quote q USING sources_historicalquote h"
            " WHERE h.id = q.id AND h.history_user_id = %s AND h.history_type = '+'"
            " AND NOT EXISTS (SELECT 1 FROM figures_reportedfigure f WHERE f.quote_id = q.id)",
            [editor_id],
        )
        cursor.execute(
            "DELETE FROM sources_historicalquote WHERE history_user_id = %s", [editor_id]
        )
        # Disagreements between the drafts themselves.
        cursor.execute(
            "DELETE FROM figures_disagreement d WHERE NOT EXISTS"
            " (SELECT 1 FROM figures_reportedfigure f WHERE f.disagreement_id = d.id)"
        )
        cursor.execute("DELETE FROM axes_accesslog WHERE username = %s", [EDITOR])
    return len(figures)


def corpus_changes_since(moment) -> int:
    """Figures changed since ``moment`` (after ``remove_imports``: should be none)."""
    sql = "SELECT count(*) FROM figures_reportedfigure WHERE updated_at >= %s"
    return rows(sql, [moment])[0][0]


def make_plan(args: argparse.Namespace, editor_password: str) -> Plan:
    """Pages, exports and files for ``args.seed``; the same seed picks the same
    figures and exports whatever the duration."""
    from django.conf import settings

    rng = random.Random(args.seed)
    figures = published_sample(rng)
    exports = export_filters(rng)
    imports = math.ceil(args.duration / args.import_every) + 1
    files = import_files(rng, imports, args.import_rows)
    print(f"# import files: {len(files)} of {args.import_rows} rows, real quotes of the corpus")
    return Plan(
        figures=figures,
        metrics=[slug for (slug,) in rows("SELECT slug FROM figures_metric ORDER BY slug")],
        institutions=[slug for (slug,) in rows("SELECT slug FROM registry_institution ORDER BY 1")],
        exports=exports,
        import_files=files,
        admin="/" + settings.ADMIN_URL,
        password=editor_password,
        rng=random.Random(args.seed + 1),
    )
