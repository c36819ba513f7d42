"""The lists of metrics, sources, institutions, programmes, laws and incidents, and
their downloads: ``format=csv``, ``xlsx`` or ``json`` on any of them, as on the
figure listing. The lists are short (a few hundred rows), so a download is
written at once rather than streamed.
"""

from __future__ import annotations

import csv
import io
import json

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone

from apps.core.dates import PartialDate
from apps.core.formulas import escape_formula

NAMES = ("name_en", "name_ar", "name_fr")

# kind: its columns; a column is an attribute, "parent" the parent's slug, and a
# partial date written at its own precision (2003, 2003-05, 2003-05-16).
COLUMNS = {
    "metric": ("slug", *NAMES, "unit_kind", "published_count"),
    "institution": (
        "slug",
        "acronym",
        *NAMES,
        "kind",
        "country",
        "parent",
        "published_count",
    ),
    "programme": ("slug", *NAMES, "launched_on", "published_count"),
    "law": ("slug", "number", *NAMES, "promulgated_on", "published_count"),
    "incident": (
        "slug",
        *NAMES,
        "occurred_on",
        "place",
        "country",
        "kind",
        "published_count",
    ),
    "source": (
        "id",
        "title",
        "publisher",
        "author",
        "url",
        "language",
        "kind",
        "published_on",
        "published_count",
    ),
}
PARTIAL_DATES = {"launched_on", "promulgated_on", "occurred_on", "published_on"}
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def cell(entry, column: str):
    if column in PARTIAL_DATES:
        return PartialDate.of(entry, column).iso()
    if column == "parent":
        return entry.parent.slug if entry.parent_id else ""
    value = getattr(entry, column)
    return "" if value is None else value


def rows(kind: str, entries) -> list[list]:
    return [[cell(entry, column) for column in COLUMNS[kind]] for entry in entries]


def as_csv(columns, table) -> bytes:
    """UTF-8 with a byte-order mark; text a spreadsheet would run gets an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([escape_formula(value) for value in row] for row in table)
    return ("\ufeff" + buffer.getvalue()).encode()


def as_xlsx(columns, table, title: str) -> bytes:
    """Numbers as numbers, text as text (never a formula)."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(buffer, options)
    sheet = workbook.add_worksheet(title)
    bold = workbook.add_format({"bold": True})
    for col, name in enumerate(columns):
        sheet.write_string(0, col, name, bold)
    for number, row in enumerate(table, start=1):
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(number, col, value)
            elif value != "":
                sheet.write_string(number, col, str(value))
    workbook.close()
    return buffer.getvalue()


def as_json(columns, table) -> bytes:
    document = {
        "generated_at": timezone.now().isoformat(),
        "columns": list(columns),
        "rows": [dict(zip(columns, row, strict=True)) for row in table],
        "count": len(table),
    }
    return json.dumps(document, ensure_ascii=False).encode()


def download(kind: str, entries, fmt: str) -> HttpResponse:
    """The list as a file in ``fmt`` (one of FORMATS)."""
    columns, table = COLUMNS[kind], rows(kind, entries)
    if fmt == "csv":
        body = as_csv(columns, table)
    elif fmt == "xlsx":
        body = as_xlsx(columns, table, f"{kind}s")
    else:
        body = as_json(columns, table)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    stem = f"ctdb-{kind}s-{timezone.localdate().isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
