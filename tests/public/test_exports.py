"""Exports carry exactly the listing's filtered set, in three formats, and nothing unpublished."""

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from apps.figures.columns import COLUMN_NAMES
from apps.figures.exports import INCOMPLETE_MARK
from apps.figures.models import ReportedFigure
from apps.figures.services import figure_record_edit

LIST = reverse("public:figure_list")


def download(client, fmt, **params) -> tuple[bytes, object]:
    response = client.get(LIST, {"format": fmt, **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content), response


def csv_rows(body: bytes) -> list[dict]:
    assert body.startswith("\ufeff".encode()), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(body: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def json_document(body: bytes) -> dict:
    return json.loads(body.decode("utf-8"))


PUBLISHED = {"cells_214", "prosecuted", "cells_200", "beneficiaries", "formula"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_every_format_has_the_same_columns(client, world, fmt):
    body, _ = download(client, fmt)
    if fmt == "csv":
        assert list(csv_rows(body)[0]) == COLUMN_NAMES
    elif fmt == "xlsx":
        assert list(xlsx_rows(body)[0]) == COLUMN_NAMES
    else:
        assert list(json_document(body)["figures"][0]) == COLUMN_NAMES


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_exports_hold_exactly_the_published_figures_of_the_filter(client, world, fmt):
    body, _ = download(client, fmt, metric="cells-dismantled")
    rows = {"csv": csv_rows, "xlsx": xlsx_rows, "json": lambda b: json_document(b)["figures"]}[fmt](
        body
    )
    assert {int(row["id"]) for row in rows} == {
        world[n].pk for n in ("cells_214", "cells_200", "formula")
    }
    everything, _ = download(client, fmt)
    all_rows = {"csv": csv_rows, "xlsx": xlsx_rows, "json": lambda b: json_document(b)["figures"]}[
        fmt
    ](everything)
    assert {int(row["id"]) for row in all_rows} == {world[n].pk for n in PUBLISHED}


def test_csv_values_match_the_database(client, world):
    body, response = download(client, "csv", metric="cells-dismantled", qualifier="more_than")
    [row] = csv_rows(body)
    figure = world["cells_200"]
    assert row["value"] == "200" and row["qualifier"] == "more_than" and row["unit"] == "count"
    assert row["quote"] == "(أكثر من مئتي خلية)"
    assert row["period_start"] == "2002" and row["period_end"] == ""
    assert row["source_title"] == "Article B" and row["source_publisher"] == "Outlet B"
    assert row["attributed_to"] == "Ministry of the Interior"
    assert int(row["quote_start"]) == figure.quote.start
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="ctdb-figures-{day}.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_csv_neutralises_cells_a_spreadsheet_would_run(client, world):
    body, _ = download(client, "csv", value_max="17")
    [row] = csv_rows(body)
    assert row["quote"] == '\'=HYPERLINK("http://evil") 17 خلية'


def test_excel_keeps_numbers_as_numbers_and_formulas_as_text(client, world):
    body, response = download(client, "xlsx", value_max="17")
    [row] = xlsx_rows(body)
    assert row["value"] == 17 and isinstance(row["value"], int | float)
    assert row["quote"] == '=HYPERLINK("http://evil") 17 خلية'  # a string cell, never a formula
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_json_says_it_is_complete_and_carries_the_filters(client, world):
    document = json_document(download(client, "json", metric="cells-dismantled")[0])
    assert document["complete"] is True and document["count"] == 3
    assert document["filters"] == {"metric": "cells-dismantled"}
    assert document["columns"] == COLUMN_NAMES


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_drafts_and_figures_in_review_never_leave_in_an_export(client, world, fmt):
    body, _ = download(client, fmt, q="خلية")
    text = body.decode("utf-8", errors="ignore") if fmt != "xlsx" else str(xlsx_rows(body))
    assert "9999" not in text and "مشروع إرهابي" not in text


def test_json_updated_since_lists_what_changed_and_what_was_withdrawn(client, world, editor):
    since = timezone.now()
    changed = world["beneficiaries"]
    changed.notes = "checked"
    changed.save()
    withdrawn = world["prosecuted"]
    figure_record_edit(figure=withdrawn, user=editor)  # an edit sends it back to review
    document = json_document(download(client, "json", updated_since=since.isoformat())[0])
    assert [row["id"] for row in document["figures"]] == [changed.pk]
    assert document["withdrawn"] == [withdrawn.pk]
    later = json_document(
        download(client, "json", updated_since=(since + dt.timedelta(hours=1)).isoformat())[0]
    )
    assert later["figures"] == [] and later["withdrawn"] == []


def test_an_export_cut_short_says_so_at_its_end(client, world, monkeypatch):
    from apps.figures import exports

    def broken(queryset, *args):
        return "COPY (SELECT 1/0) TO STDOUT WITH (FORMAT csv)", ()

    monkeypatch.setattr(exports, "copy_statement", broken)
    body, _ = download(client, "csv")
    assert body.decode("utf-8-sig").strip().endswith(f"{INCOMPLETE_MARK}: DivisionByZero")


def test_a_deleted_published_figure_is_listed_as_withdrawn(client, world):
    since = timezone.now()
    figure = world["formula"]
    pk = figure.pk
    ReportedFigure.objects.filter(pk=pk).first().delete()
    document = json_document(download(client, "json", updated_since=since.isoformat())[0])
    assert pk in document["withdrawn"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+212", "'+212"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("214 خلية = كثير", "214 خلية = كثير"),
        ("", ""),
    ],
)
def test_a_cell_that_starts_like_a_formula_gets_an_apostrophe(db, text, expected):
    from django.db.models import TextField, Value

    from apps.figures.exports import SpreadsheetSafe
    from apps.figures.models import Metric

    Metric.objects.create(slug="any", name_en="Any")
    safe = SpreadsheetSafe(Value(text, output_field=TextField()))
    assert Metric.objects.annotate(cell=safe).values_list("cell", flat=True).get() == expected


# --- the lists of records have their exports too ----------------------------------------


def directory_rows(client, path: str, fmt: str) -> list[dict]:
    response = client.get(path, {"format": fmt})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    if fmt == "csv":
        return csv_rows(body)
    if fmt == "xlsx":
        return xlsx_rows(body)
    return json_document(body)["rows"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
@pytest.mark.parametrize(
    ("path", "key", "value", "count"),
    [
        ("/metrics/", "slug", "cells-dismantled", 3),
        ("/institutions/", "slug", "dgsn", 2),
        ("/programmes/", "slug", "moussalaha", 1),
        ("/sources/", "title", "Article B", 2),
    ],
)
def test_every_list_of_records_downloads_in_three_formats(
    client, world, fmt, path, key, value, count
):
    rows = directory_rows(client, path, fmt)
    (row,) = [row for row in rows if row[key] == value]
    assert int(row["published_count"]) == count
    assert f'<a href="?format={fmt}">' in client.get(path).text


@pytest.mark.parametrize("path", ["/laws/", "/incidents/"])
def test_an_empty_list_of_records_downloads_as_an_empty_file_with_its_columns(client, world, path):
    response = client.get(path, {"format": "csv"})
    assert "attachment" in response["Content-Disposition"]
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == [
        response.content.decode("utf-8-sig").splitlines()[0].split(",")
    ]


def test_a_list_of_records_neutralises_formulas_and_refuses_an_unknown_format(client, world):
    from apps.registry.models import Law

    Law.objects.create(slug="evil", number="=1+1", name_en='=HYPERLINK("http://evil")')
    rows = directory_rows(client, "/laws/", "csv")
    assert rows[0]["name_en"] == '\'=HYPERLINK("http://evil")'
    assert client.get("/laws/", {"format": "pdf"}).status_code == 400


# --- one way to write a moment ----------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (dt.datetime(2026, 11, 24, 9, 0, 0, 123400, tzinfo=dt.UTC), "2026-11-24T09:00:00.123400Z"),
        (dt.datetime(2026, 11, 24, 9, 0, 0, tzinfo=dt.UTC), "2026-11-24T09:00:00.000000Z"),
    ],
)
def test_updated_at_is_written_one_way_in_every_export_and_the_api(client, world, moment, written):
    figure = world["cells_214"]
    ReportedFigure.objects.filter(pk=figure.pk).update(updated_at=moment)
    by_id = {"id": str(figure.pk)}

    (csv_row,) = [r for r in csv_rows(download(client, "csv")[0]) if r["id"] == by_id["id"]]
    (json_row,) = [
        r for r in json_document(download(client, "json")[0])["figures"] if r["id"] == figure.pk
    ]
    api_row = client.get(f"/api/v1/figures/{figure.pk}/").json()
    (xlsx_row,) = [r for r in xlsx_rows(download(client, "xlsx")[0]) if r["id"] == figure.pk]

    assert csv_row["updated_at"] == json_row["updated_at"] == api_row["updated_at"] == written
    # A date Excel computes with, in UTC (Excel keeps milliseconds).
    assert xlsx_row["updated_at"] == moment.replace(
        tzinfo=None, microsecond=moment.microsecond // 1000 * 1000
    )


def test_the_excel_export_says_its_moments_are_in_utc(client, world):
    sheet = openpyxl.load_workbook(io.BytesIO(download(client, "xlsx")[0])).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("updated_at") + 1)
    assert '"UTC"' in cell.number_format
