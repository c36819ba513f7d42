"""Large figure files are imported a batch at a time, with the row-by-row import's
checks, results, history and errors, in a number of queries that does not grow with
the file."""

import datetime as dt
import io
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.imports import CSV
from apps.figures import resources
from apps.figures.bulkimport import BulkFigureResource, BulkResult
from apps.figures.models import Disagreement, Metric, ReportedFigure
from apps.figures.resources import ReportedFigureResource
from apps.sources.models import Quote
from tests.spreadsheets import clause, csv_file, row
from tests.stored import stored_figure


def import_rows(rows, user, *, bulk: bool, keep_review=False, **options):
    """Import rows through one path: the batch import, or the row-by-row one."""
    dataset = CSV().create_dataset(csv_file(rows))
    kwargs = {"use_transactions": True, "rollback_on_validation_errors": True, "user": user}
    if bulk:
        return BulkFigureResource(keep_review=keep_review).import_data(dataset, **kwargs, **options)
    with mock.patch.object(resources, "BULK_IMPORT_ROWS", 10**9):
        resource = ReportedFigureResource(keep_review=keep_review)
        return resource.import_data(dataset, **kwargs, **options)


def errors_of(result) -> list[str]:
    found = [str(e.error) for e in result.base_errors]
    found += [f"row {n}: {e.error}" for n, row in result.row_errors() for e in row]
    for invalid in result.invalid_rows:
        found += [
            f"row {invalid.number} {col}: {m}" for col, ms in invalid.error_dict.items() for m in ms
        ]
    return sorted(found)


def stored() -> dict:
    """What an import leaves in the database, by natural keys (ids differ between runs)."""
    return {
        "figures": sorted(
            ReportedFigure.objects.values_list(
                "quote__source__url",
                "quote__text",
                "quote__start",
                "quote__end",
                "metric__slug",
                "value",
                "qualifier",
                "period_start",
                "period_start_precision",
                "institution__slug",
                "programme__slug",
                "cohort__number",
                "attributed_to_institution__slug",
                "notes",
                "status",
                "origin",
                "created_by__username",
                "last_modified_by__username",
                "reviewed_by__username",
                "value_in_quote",
                "publicly_disputed",
            ),
            key=str,
        ),
        "figure history": sorted(
            ReportedFigure.history.values_list(
                "quote__text",
                "metric__slug",
                "value",
                "notes",
                "status",
                "history_type",
                "history_user__username",
                "history_change_reason",
            ),
            key=str,
        ),
        "quote history": sorted(
            Quote.history.values_list("text", "start", "history_type", "history_user__username"),
            key=str,
        ),
        "disagreements": sorted(
            sorted(str(v) for v in d.figures.values_list("value", flat=True))
            for d in Disagreement.objects.all()
        ),
    }


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def outcome(steps, *, bulk: bool):
    """Run imports one after the other through one path: their answers and what is stored."""
    with rolled_back():
        answers = []
        for rows, user in steps:
            result = import_rows(rows, user, bulk=bulk)
            answers.append((dict(result.totals), errors_of(result)))
        return answers, stored()


def test_the_batch_import_stores_what_the_row_by_row_import_stores(report, editor, reviewer):
    published = stored_figure(
        quote=Quote.objects.create(source=report, text=clause(7)),
        metric=Metric.objects.get(slug="arrests"),
        value=7,
        created_by=reviewer,
        status="published",
        reviewed_by=editor,
        reviewed_at=timezone.now(),
    )
    first = [row(n) for n in range(1, 151)]
    # The same figure written another way (words for the metric, Arabic-Indic digits)
    # finds the figure of the first row rather than making a second one.
    first.append(row(2, metric="الاعتقالات", value="٢", notes="again"))
    second = [row(n, notes="checked" if n % 10 == 0 else "") for n in range(100, 181)]
    steps = [(first, editor), (second, reviewer)]

    batch = outcome(steps, bulk=True)
    assert batch == outcome(steps, bulk=False)

    (first_totals, first_errors), (second_totals, _) = batch[0]
    assert first_errors == []
    assert (first_totals["new"], first_totals["update"]) == (149, 2)
    assert (second_totals["new"], second_totals["update"], second_totals["skip"]) == (30, 6, 45)
    figures = batch[1]["figures"]
    assert len(figures) == 180
    seven = next(f for f in figures if f[1] == clause(7))
    assert (seven[14], seven[18]) == ("in_review", None)  # an edit sends it back to review
    published.refresh_from_db()
    assert published.status == "published"  # both runs were rolled back


BAD_ROWS = [
    (row(5, value="about 200"), "row 3 value: “about 200” is not a number."),
    (row(5, metric="arests"), "row 3 metric: Unknown metric “arests”."),
    (row(5, institution="BCIJ-3"), "row 3 institution: Unknown institution “BCIJ-3”."),
    (
        row(5, institution="Judicial Investigations"),
        "row 3 institution: “Judicial Investigations” names more than one institution: use its slug.",
    ),
    (row(5, cohort="moussalaha#14"), "row 3 cohort: Unknown cohort “moussalaha#14”."),
    (row(5, cohort="tamkine#1"), "row 3 cohort: Unknown programme “tamkine”."),
    (
        row(5, cohort="moussalaha#x"),
        "row 3 cohort: Write a cohort as programme#number, e.g. moussalaha#13 (got “moussalaha#x”).",
    ),
    (
        row(5, quote="اعتقال 5 أشخاص في الرباط"),
        "row 3 quote: These words are not in the source's text. Nearest passage: «",
    ),
    (row(5, quote=" "), "row 3 quote: The quote is empty: paste the source's exact words."),
    (
        row(5, source="https://example.org/other"),
        "row 3 source: Unknown source “https://example.org/other”.",
    ),
    (row(5, qualifier="roughly"), "row 3 qualifier: Value 'roughly' is not a valid choice."),
    (row(5, unit="percent"), "row 3 unit: Arrests is counted in count."),
    (
        row(2),
        "row 3 __all__: Row 3 repeats row 2 (https://example.org/annual-report, اعتقال 2 شخصا في طنجة, arrests, 2).",
    ),
    # Rules that only the database holds: its refusal is named by row and field too.
    (
        row(5, metric="share", unit="percent", value="150"),
        "row 3 value: A percentage is at most 100.",
    ),
    (
        row(5, qualifier="range", value_max="4"),
        "row 3 value_max: The upper value cannot be below the value.",
    ),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS, ids=[m[:50] for _, m in BAD_ROWS])
def test_both_imports_refuse_a_bad_cell_with_the_same_row_column_and_reason(
    report, editor, bad, message
):
    rows = [{"value_max": "", **r} for r in (row(1), row(2), bad, row(6))]
    answers, written = outcome([(rows, editor)], bulk=True)
    assert any(error.startswith(message) for error in answers[0][1]), answers
    assert written["figures"] == [] and written["quote history"] == []
    assert (answers, written) == outcome([(rows, editor)], bulk=False)


def test_a_bad_row_in_a_file_of_2000_rows_writes_nothing(report, editor, tmp_path):
    rows = [row(n) for n in range(1, 2001)]
    rows[1732] = row(1733, value="1733 (about)")
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_file(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_data", "figures", str(path), user="editor", stderr=err)
    assert err.getvalue().strip() == "row 1733, column value: “1733 (about)” is not a number."
    assert not ReportedFigure.objects.exists() and not Quote.objects.exists()
    assert not ReportedFigure.history.exists() and not Quote.history.exists()


def test_a_large_file_goes_through_the_batch_import(report, editor):
    dataset = CSV().create_dataset(csv_file([row(n) for n in range(1, 300)]))
    result = ReportedFigureResource().import_data(dataset, use_transactions=True, user=editor)
    assert isinstance(result, BulkResult)
    assert result.totals["new"] == 299 and ReportedFigure.objects.count() == 299


def test_importing_a_large_file_again_changes_nothing_and_an_edited_row_updates_its_figure(
    report, editor
):
    rows = [row(n) for n in range(1, 301)]
    first = import_rows(rows, editor, bulk=True)
    assert first.totals["new"] == 300
    history = ReportedFigure.history.count()
    again = import_rows(rows, editor, bulk=True)
    assert (again.totals["new"], again.totals["update"], again.totals["skip"]) == (0, 0, 300)
    assert ReportedFigure.objects.count() == 300 and Quote.objects.count() == 300
    assert ReportedFigure.history.count() == history
    rows[41]["notes"] = "Figure confirmed by the ministry"
    edited = import_rows(rows, editor, bulk=True)
    assert (edited.totals["update"], edited.totals["skip"]) == (1, 299)
    figure = ReportedFigure.objects.get(notes="Figure confirmed by the ministry")
    assert figure.quote.text == clause(42)
    assert [h.history_type for h in figure.history.order_by("history_id")] == ["+", "~"]


def test_a_restore_accepts_iso_8601_review_times_with_an_offset(report, editor, reviewer):
    rows = [
        row(
            n,
            status="published",
            created_by="editor",
            reviewed_by="reviewer",
            reviewed_at="2026-11-24T10:00:00+01:00",
        )
        for n in range(1, 251)
    ]
    result = import_rows(rows, None, bulk=True, keep_review=True)
    assert errors_of(result) == []
    reviewed = set(ReportedFigure.objects.values_list("reviewed_at", "status", "reviewed_by"))
    assert reviewed == {(dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC), "published", reviewer.pk)}


def test_a_dry_run_previews_the_first_rows_and_counts_them_all(report, editor):
    result = import_rows([row(n) for n in range(1, 301)], editor, bulk=True, dry_run=True)
    assert result.totals["new"] == 300 and len(result.valid_rows()) == 100
    assert clause(1) in "".join(result.valid_rows()[0].diff)
    assert not ReportedFigure.objects.exists() and not Quote.objects.exists()


def queries_to_import(count: int, user) -> int:
    with rolled_back(), CaptureQueriesContext(connection) as queries:
        # One metric and subject: regrouping disagreements costs queries per partition.
        rows = [row(n, institution="", programme="", cohort="") for n in range(1, count + 1)]
        result = import_rows(rows, user, bulk=True)
        assert result.totals["new"] == count
    return len(queries)


def test_the_queries_of_a_large_import_do_not_grow_with_its_rows(report, editor):
    assert queries_to_import(50, editor) == queries_to_import(500, editor) < 60


def test_rows_whose_keys_share_a_hash_are_told_apart_by_their_keys(report, editor, monkeypatch):
    from apps.core import imports

    monkeypatch.setattr(imports, "hash", lambda key: 0, raising=False)  # every key alike
    repeated = row(3)
    result = import_rows([row(n) for n in range(1, 6)] + [repeated], editor, bulk=True)
    key = ", ".join(repeated[column] for column in ("source", "quote", "metric", "value"))
    assert errors_of(result) == [f"row 6 __all__: Row 6 repeats row 3 ({key})."]


def test_a_restore_is_held_to_the_rules_of_publishing(make_figure, editor, reviewer):
    """Figures a restore brings back as published are judged by the rules of
    publishing, by their own reviewers: a quote lost from its source is refused."""
    from apps.figures.services import restore_refusals

    published = {"status": "published", "reviewed_by": reviewer, "reviewed_at": timezone.now()}
    kept = make_figure(**published)
    lost = make_figure("وإجهاض أكثر من 500 مشروع", value="500", **published)
    Quote.objects.filter(pk=lost.quote_id).update(in_source=False)
    refused = restore_refusals(figures=ReportedFigure.objects.all())
    assert refused == {lost.pk: "its quote is no longer in its source's text: fix the quote first"}
    assert kept.pk not in refused


@pytest.mark.parametrize("bulk", [False, True])
def test_a_restore_that_keeps_to_the_rules_imports_every_row(report, editor, reviewer, bulk):
    rows = [
        row(
            n,
            status="published",
            created_by="editor",
            reviewed_by="reviewer",
            reviewed_at="2026-11-24T10:00:00Z",
        )
        for n in range(1, 4)
    ]
    result = import_rows(rows, None, bulk=bulk, keep_review=True)
    assert errors_of(result) == []
    assert ReportedFigure.objects.published().count() == 3
