"""Spreadsheets in and out: nothing is lost, bad input gets a clear error and writes nothing."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.core.imports import CSV, MAX_IMPORT_BYTES, XLSX, ImportFileError
from apps.figures.models import Metric, ReportedFigure
from apps.figures.resources import ReportedFigureResource
from apps.registry.models import Institution, Law
from apps.sources.models import Quote

HEADER = "source,quote,metric,value,qualifier,unit,attributed_to_institution\n"


@pytest.fixture
def setting(source, cells, editor):
    source.url = "https://example.org/article"
    source.save()
    Institution.objects.create(slug="dgsn", acronym="DGSN", name_en="National Security")
    return source


def import_csv(text: str, user, *, encoding="utf-8", dry_run=False):
    dataset = CSV().create_dataset(text.encode(encoding))
    return ReportedFigureResource().import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
    )


def errors_of(result) -> list[str]:
    found = [str(e.error) for e in result.base_errors]
    found += [str(e.error) for _, row in result.row_errors() for e in row]
    for invalid in result.invalid_rows:
        found += [
            f"row {invalid.number} {col}: {m}" for col, ms in invalid.error_dict.items() for m in ms
        ]
    return found


GOOD = (
    HEADER
    + "https://example.org/article,اعتقال 214 خلية إرهابية,cells-dismantled,٢١٤,exact,count,DGSN\n"
)


def test_an_imported_figure_arrives_as_a_draft_with_its_quote_found_in_the_source(setting, editor):
    result = import_csv(GOOD, editor)
    assert not result.has_errors() and not result.has_validation_errors(), errors_of(result)
    figure = ReportedFigure.objects.get()
    assert (figure.status, figure.origin, figure.created_by) == ("draft", "import", editor)
    assert figure.value == Decimal("214") and figure.value_in_quote
    assert figure.attributed_to_institution.slug == "dgsn"
    assert setting.text[figure.quote.start : figure.quote.end] == "اعتقال 214 خلية إرهابية"


def test_a_dry_run_previews_and_writes_nothing(setting, editor):
    result = import_csv(GOOD, editor, dry_run=True)
    assert result.totals["new"] == 1
    assert not ReportedFigure.objects.exists() and not Quote.objects.exists()


def test_importing_the_same_file_twice_creates_nothing_new(setting, editor):
    import_csv(GOOD, editor)
    result = import_csv(GOOD, editor)
    assert result.totals["skip"] == 1 and result.totals["new"] == 0
    assert ReportedFigure.objects.count() == 1 and Quote.objects.count() == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1256"])
def test_csv_with_a_byte_order_mark_or_in_windows_1256_is_read(setting, editor, encoding):
    # Windows-1256 has no Arabic-Indic digits; spreadsheets saved in it use Western ones.
    result = import_csv(GOOD.replace("٢١٤", "214"), editor, encoding=encoding)
    assert not result.has_errors() and not result.has_validation_errors(), errors_of(result)
    assert ReportedFigure.objects.get().quote.text == "اعتقال 214 خلية إرهابية"


@pytest.mark.parametrize(
    ("value", "expected"), [("٢١٤", "214"), ("1,600", "1600"), ("مئتين", "200"), (" 88 ", "88")]
)
def test_numbers_are_read_as_the_press_writes_them(setting, editor, value, expected):
    text = (
        HEADER
        + f'https://example.org/article,اعتقال 214 خلية إرهابية,cells-dismantled,"{value}",exact,count,\n'
    )
    import_csv(text, editor)
    assert ReportedFigure.objects.get().value == Decimal(expected)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "https://example.org/article,اعتقال 214 خلية إرهابية,cells-dismantled,about 200,exact,count,",
            "row 1 value: “about 200” is not a number.",
        ),
        (
            "https://example.org/article,اعتقال 214 خلية إرهابية,cells-destroyed,214,exact,count,",
            "row 1 metric: Unknown metric “cells-destroyed”.",
        ),
        (
            "https://example.org/article,اعتقال 214 خلية إرهابية,cells-dismantled,214,exact,count,BCIJ",
            "row 1 attributed_to_institution: Unknown institution “BCIJ”.",
        ),
        (
            "https://example.org/article,اعتقال 215 خلية إرهابية,cells-dismantled,215,exact,count,",
            "row 1 quote: These words are not in the source's text. Nearest passage: «اعتقال 214 خلية إرهابية»",
        ),
        (
            "https://example.org/other,اعتقال 214 خلية إرهابية,cells-dismantled,214,exact,count,",
            "row 1 source: Unknown source “https://example.org/other”.",
        ),
        (
            "https://example.org/article,اعتقال 214 خلية إرهابية,cells-dismantled,214,roughly,count,",
            "row 1 qualifier: Value 'roughly' is not a valid choice.",
        ),
    ],
)
def test_each_bad_cell_is_named_by_row_and_column_and_nothing_is_written(
    setting, editor, row, message
):
    good = "https://example.org/article,(أكثر من مئتي خلية),cells-dismantled,200,more_than,count,\n"
    result = import_csv(HEADER + good + row + "\n", editor)
    found = errors_of(result)
    assert message.replace("row 1", "row 2") in found, found
    assert not ReportedFigure.objects.exists() and not Quote.objects.exists()


def test_duplicate_rows_in_one_file_are_refused(setting, editor):
    row = GOOD.splitlines()[1]
    result = import_csv(GOOD + row + "\n", editor)
    assert any("Row 2 repeats row 1" in e for e in errors_of(result))
    assert not ReportedFigure.objects.exists()


@pytest.mark.parametrize(
    ("header", "missing"),
    [("sorce,quote,metric,value\n", "source"), ("source,quote,value\n", "metric")],
)
def test_missing_or_misspelt_columns_are_named(setting, editor, header, missing):
    result = import_csv(header + "x,y,z\n", editor)
    assert any(f"Missing column(s): {missing}" in e for e in errors_of(result)), errors_of(result)


def test_a_file_that_is_not_a_spreadsheet_is_refused():
    with pytest.raises(ImportFileError, match="not a CSV or Excel"):
        CSV().create_dataset(b"\x00\x01\x02binary")
    with pytest.raises(ImportFileError, match="not an Excel"):
        XLSX().create_dataset(b"id,value\n1,2\n")


def workbook(rows, *, merge=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_excel_with_empty_rows_merged_cells_and_formulas_imports_values(setting, editor):
    data = workbook(
        [
            ["source", "quote", "metric", "value", "qualifier", "unit", "notes"],
            [None] * 7,
            [
                "https://example.org/article",
                "اعتقال 214 خلية إرهابية",
                "cells-dismantled",
                214,
                "exact",
                "count",
                "merged",
            ],
            [None] * 7,
            [
                "https://example.org/article",
                "(أكثر من مئتي خلية)",
                "cells-dismantled",
                "=100+100",
                "more_than",
                "count",
                "",
            ],
        ],
        merge="G3:G4",
    )
    dataset = XLSX().create_dataset(data)
    result = ReportedFigureResource().import_data(
        dataset, use_transactions=True, rollback_on_validation_errors=True, user=editor
    )
    # A formula has no value until a spreadsheet program computes it: the row is refused,
    # named by its row in the sheet (blank rows count).
    assert errors_of(result) == ["row 4 value: “=100+100” is not a number."]
    assert not ReportedFigure.objects.exists()
    data_without_formula = workbook(
        [
            ["source", "quote", "metric", "value", "qualifier", "unit", "notes"],
            [None] * 7,
            [
                "https://example.org/article",
                "اعتقال 214 خلية إرهابية",
                "cells-dismantled",
                214,
                "exact",
                "count",
                "merged",
            ],
            [None] * 7,
        ],
        merge="G3:G4",
    )
    result = ReportedFigureResource().import_data(
        XLSX().create_dataset(data_without_formula), use_transactions=True, user=editor
    )
    assert not result.has_errors() and not result.has_validation_errors(), errors_of(result)
    assert ReportedFigure.objects.get().notes == "merged"


def test_excel_keeps_text_that_looks_like_a_number(db):
    Law.objects.create(slug="law-03-03", number="03.03", name_en="Counter-terrorism law")
    from apps.registry.resources import LawResource

    data = LawResource().export().export("xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["B2"].value == "03.03" and sheet["B2"].data_type == "s"
    Law.objects.all().delete()
    result = LawResource().import_data(XLSX().create_dataset(data), use_transactions=True)
    assert not result.has_errors() and Law.objects.get().number == "03.03"


def test_the_command_exits_non_zero_and_writes_nothing_on_error(setting, editor, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(GOOD + GOOD.splitlines()[1].replace("٢١٤", "lots") + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_data", "figures", str(path), user="editor")
    assert not ReportedFigure.objects.exists()


def test_the_command_refuses_a_file_over_the_limit(setting, tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(HEADER.encode() + b"x" * (MAX_IMPORT_BYTES + 1))
    with pytest.raises(CommandError, match="the limit is"):
        call_command("import_data", "figures", str(path), user="editor")


def test_iso_datetimes_with_an_offset_are_accepted(source, editor):
    from apps.sources.resources import SourceResource

    text = (
        "title,text,url,retrieved_at\nT,نص المقال,https://example.org/x,2026-11-24T10:00:00+01:00\n"
    )
    result = SourceResource().import_data(
        CSV().create_dataset(text.encode()), use_transactions=True
    )
    assert not result.has_errors() and not result.has_validation_errors(), errors_of(result)
    from apps.sources.models import Source

    assert (
        Source.objects.get(url="https://example.org/x").retrieved_at.isoformat()
        == "2026-11-24T09:00:00+00:00"
    )


def test_every_table_survives_an_export_and_an_import_into_an_empty_database(db, tmp_path):
    from apps.figures.models import Disagreement
    from apps.figures.spreadsheets import TABLES
    from apps.registry.models import Cohort, Incident, Programme, ProgrammeInstitution
    from apps.seed.services import load_seed
    from apps.sources.models import Source

    load_seed()

    def snapshot():
        return {
            "figures": sorted(
                ReportedFigure.objects.values_list(
                    "quote__source__seed_file",
                    "quote__text",
                    "metric__slug",
                    "value",
                    "value_max",
                    "qualifier",
                    "unit",
                    "period_start",
                    "period_end",
                    "status",
                    "created_by__username",
                    "reviewed_by__username",
                    "institution__slug",
                    "programme__slug",
                    "law__slug",
                    "incident__slug",
                    "cohort__number",
                    "attributed_to_institution__slug",
                    "attributed_to_speaker",
                    "assessment",
                    "assessment_reason",
                    "value_check_override",
                )
            ),
            "sources": sorted(
                Source.objects.values_list("seed_file", "title", "text", "publisher")
            ),
            "quotes": sorted(
                Quote.objects.values_list("source__seed_file", "text", "start", "speaker")
            ),
            "institutions": sorted(
                Institution.objects.values_list("slug", "acronym", "name_ar", "parent__slug")
            ),
            "programmes": sorted(Programme.objects.values_list("slug", "name_en", "launched_on")),
            "roles": sorted(
                ProgrammeInstitution.objects.values_list(
                    "programme__slug", "institution__slug", "role"
                )
            ),
            "cohorts": sorted(Cohort.objects.values_list("programme__slug", "number")),
            "laws": sorted(Law.objects.values_list("slug", "number", "promulgated_on")),
            "incidents": sorted(
                Incident.objects.values_list("slug", "occurred_on", "occurred_on_precision")
            ),
            "metrics": sorted(Metric.objects.values_list("slug", "unit_kind", "name_fr")),
            "disagreements": Disagreement.objects.count(),
        }

    before = snapshot()
    files = {}
    for name in TABLES:
        files[name] = tmp_path / f"{name}.xlsx"
        call_command("export_data", name, format="xlsx", output=files[name])
    ReportedFigure.objects.all().delete()
    Quote.objects.all().delete()
    for model in (
        Source,
        Cohort,
        ProgrammeInstitution,
        Programme,
        Law,
        Incident,
        Metric,
        Disagreement,
    ):
        model.objects.all().delete()
    Institution.objects.update(parent=None)
    Institution.objects.all().delete()
    for name in TABLES:
        call_command("import_data", name, str(files[name]), keep_review=(name == "figures"))
    assert snapshot() == before


def test_the_admin_imports_with_a_preview_then_a_confirmation(client, setting, db):
    from django.contrib.auth.models import Group

    setting.refresh_from_db()
    user = setting.quotes.model._meta.apps.get_model("auth", "User").objects.create_user(
        "importer", password="pw-for-tests-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    url = reverse("admin:figures_reportedfigure_import")
    upload = io.BytesIO(GOOD.replace("٢١٤", "214").encode("cp1256"))
    upload.name = "figures.csv"
    preview = client.post(url, {"format": "0", "import_file": upload, "resource": "0"})
    assert preview.status_code == 200
    assert "اعتقال 214 خلية إرهابية" in preview.text and not ReportedFigure.objects.exists()
    form = preview.context["confirm_form"]
    confirm = client.post(
        reverse("admin:figures_reportedfigure_process_import"),
        {name: form.initial.get(name, field.initial) for name, field in form.fields.items()},
    )
    assert confirm.status_code == 302
    figure = ReportedFigure.objects.get()
    assert (figure.status, figure.created_by) == ("draft", user)


def test_the_admin_shows_row_errors_and_imports_nothing(client, setting, db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        "importer", password="pw-for-tests-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    bad = GOOD.replace("٢١٤", "about 200")
    upload = io.BytesIO(bad.encode())
    upload.name = "figures.csv"
    page = client.post(
        reverse("admin:figures_reportedfigure_import"),
        {"format": "0", "import_file": upload, "resource": "0"},
    )
    assert "“about 200” is not a number." in page.text
    assert "confirm_form" not in page.context or page.context["confirm_form"] is None
    assert not ReportedFigure.objects.exists()


def test_the_admin_refuses_a_file_over_the_limit(client, setting, db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        "importer", password="pw-for-tests-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    upload = io.BytesIO(HEADER.encode() + b"x" * (MAX_IMPORT_BYTES + 1))
    upload.name = "big.csv"
    page = client.post(
        reverse("admin:figures_reportedfigure_import"),
        {"format": "0", "import_file": upload, "resource": "0"},
        follow=True,
    )
    assert "the limit is 5 MB" in page.text
