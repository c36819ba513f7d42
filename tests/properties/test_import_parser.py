"""Whatever file is uploaded to the figures import, the answer is a clear error or
a correct import: never an unexpected exception, never half a file written.

Two kinds of input: any bytes at all, given as CSV or as Excel (also bytes that
begin like a workbook, and real workbooks with bytes damaged); and files with
the right header and wrong cells (numbers in digits, Arabic-Indic digits or
words, junk, empty, huge), which reach the row and cell checks.
"""

import csv
import datetime as dt
import io
import random

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, currently_in_test_context, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from apps.core.imports import CSV, XLSX, ImportFileError
from apps.figures.models import Disagreement, Metric, ReportedFigure
from apps.figures.resources import ReportedFigureResource
from apps.registry.models import Cohort, Incident, Institution, Law, Programme
from apps.sources.models import Quote, Source

PROPERTY_SETTINGS = hypothesis_settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SOURCE_URL = "https://example.org/browser-free/article"
SOURCE_TEXT = (
    "الرباط - نجحت الأجهزة الأمنية المغربية في تفكيك أكثر من 200 خلية إرهابية منذ عام 2002، "
    "وفق آخر حصيلة نشرتها وزارة الداخلية.\n"
    "ويؤكد الرقم المعلن، (أكثر من مئتي خلية)، على القدرة العالية للأجهزة الأمنية.\n"
    "واستفاد ١٣ سجينا من الدورة 13 لبرنامج مصالحة، وإن 88 في المائة من الخلايا ارتبطت بداعش."
)
QUOTES = [
    "تفكيك أكثر من 200 خلية إرهابية منذ عام 2002",
    "(أكثر من مئتي خلية)",
    "واستفاد ١٣ سجينا من الدورة 13 لبرنامج مصالحة",
    "وإن 88 في المائة من الخلايا",
]
REQUIRED = ["source", "quote", "metric", "value"]
OPTIONAL = [
    "id",
    "value_max",
    "qualifier",
    "unit",
    "period_start",
    "period_start_precision",
    "period_end",
    "period_end_precision",
    "as_of",
    "as_of_precision",
    "institution",
    "programme",
    "cohort",
    "law",
    "incident",
    "attributed_to_institution",
    "attributed_to_speaker",
    "notes",
    "status",
    "created_by",
    "reviewed_by",
    "reviewed_at",
    "value_in_quote",
    "origin",
]
# A refusal is a ValueError (ImportFileError is one) or a ValidationError with a message.
CLEAR_ERRORS = (ValueError, ValidationError)


@pytest.fixture
def importer(db):
    """The rows an import can name, and the user who imports."""
    Source.objects.create(title="Article", url=SOURCE_URL, text=SOURCE_TEXT, language="ar")
    Metric.objects.create(slug="cells-dismantled", name_en="Cells dismantled")
    Metric.objects.create(slug="share-isis", name_en="Share linked to ISIS", unit_kind="percent")
    Institution.objects.create(slug="dgsn", acronym="DGSN", name_en="National Security")
    programme = Programme.objects.create(slug="moussalaha", name_en="Moussalaha")
    Cohort.objects.create(programme=programme, number=13)
    Law.objects.create(slug="law-03-03", number="03.03", name_en="Counter-terrorism law")
    Incident.objects.create(slug="casablanca-2003", name_en="Casablanca attacks")
    return get_user_model().objects.create_user("importer", password="importer-pass-1")


def stored_rows() -> dict[str, int]:
    """How many rows an import could write (or leave behind)."""
    return {
        "figures": ReportedFigure.objects.count(),
        "quotes": Quote.objects.count(),
        "figure history": ReportedFigure.history.count(),
        "disagreements": Disagreement.objects.count(),
        "sources": Source.objects.count(),
        "metrics": Metric.objects.count(),
    }


def every_error(result) -> list[Exception]:
    """The exceptions behind a result's file, row and cell errors."""
    found = [error.error for error in result.base_errors]
    found += [error.error for _, row in result.row_errors() for error in row]
    found += [invalid.error for invalid in result.invalid_rows]
    return found


def assert_clear(error: Exception):
    """An error a person can act on: an expected type with a message."""
    assert isinstance(error, CLEAR_ERRORS), f"{type(error).__name__}: {error}"
    message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    assert message.strip(), f"{type(error).__name__} without a message"


def outcome(what: str):
    """Count how an example ended (shown by --hypothesis-show-statistics)."""
    if currently_in_test_context():
        event(what)


def assert_clear_error_or_correct_import(data: bytes, file_format, user):
    """The property: refused with a clear error and nothing written, or imported as drafts."""
    before = stored_rows()
    known = set(ReportedFigure.objects.values_list("pk", flat=True))
    try:
        dataset = file_format().create_dataset(data)
    except ImportFileError as error:
        outcome("refused as a file")
        assert_clear(error)
        assert stored_rows() == before
        return
    result = ReportedFigureResource().import_data(
        dataset,
        dry_run=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
    )
    if result.has_errors() or result.has_validation_errors():
        outcome("refused row by row")
        for error in every_error(result):
            assert_clear(error)
        assert stored_rows() == before
        return
    created = ReportedFigure.objects.exclude(pk__in=known).select_related("quote__source")
    outcome("imported" if created.exists() else "nothing new to import")
    assert created.count() == result.totals["new"]
    for figure in created:
        assert (figure.status, figure.origin, figure.created_by) == ("draft", "import", user)
        source_text = figure.quote.source.text
        assert source_text[figure.quote.start : figure.quote.end] == figure.quote.text
    after = stored_rows()
    assert (after["sources"], after["metrics"]) == (before["sources"], before["metrics"])


def workbook(rows: list[list]) -> bytes:
    """An .xlsx file with these rows on its first sheet."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


VALID_WORKBOOK = workbook(
    [[*REQUIRED, "qualifier"], [SOURCE_URL, QUOTES[0], "cells-dismantled", 200, "more_than"]]
)


def damaged(data: bytes, seed: int, changes: int, cut: int | None) -> bytes:
    """The bytes with a few of them replaced, and maybe cut short."""
    chosen = random.Random(seed)
    damaged_bytes = bytearray(data)
    for _ in range(changes):
        damaged_bytes[chosen.randrange(len(damaged_bytes))] = chosen.randrange(256)
    return bytes(damaged_bytes[:cut] if cut is not None else damaged_bytes)


# ---------------------------------------------------------------------------
# Any bytes at all.
# ---------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=3000))
def test_any_bytes_given_as_csv_are_refused_clearly_or_imported(importer, data):
    assert_clear_error_or_correct_import(data, CSV, importer)


@PROPERTY_SETTINGS
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=3000).map(lambda tail: b"PK\x03\x04" + tail),
    )
)
def test_any_bytes_given_as_excel_are_refused_clearly_or_imported(importer, data):
    assert_clear_error_or_correct_import(data, XLSX, importer)


@PROPERTY_SETTINGS
@given(
    seed=st.integers(0, 2**32),
    changes=st.integers(1, 8),
    cut=st.one_of(st.none(), st.integers(0, len(VALID_WORKBOOK))),
)
def test_a_damaged_workbook_is_refused_clearly_or_imported(importer, seed, changes, cut):
    data = damaged(VALID_WORKBOOK, seed, changes, cut)
    assert_clear_error_or_correct_import(data, XLSX, importer)


# ---------------------------------------------------------------------------
# The right header, wrong cells.
# ---------------------------------------------------------------------------

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
junk = st.text(max_size=40)
huge = st.text(min_size=1, max_size=3).map(lambda bit: bit * 3000)
empty = st.sampled_from(["", " ", "\t", "\ufeff"])
digits = st.integers(0, 10**15).map(str)
numbers = st.one_of(
    digits,
    digits.map(lambda text: text.translate(ARABIC_INDIC)),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "200",
            "٢١٤",
            "1,600",
            "1.600",
            "١٬٦٠٠",
            "12.5",
            "٣٫٥",
            "88,5",
            "-3",
            "1e5",
            "NaN",
            "sNaN",
            "Infinity",
            "9" * 40,
            "مئتين",
            "مئتي",
            "ثلاثة آلاف",
            "ألف ومئتان وخمسة عشر",
            "أكثر من مئتي",
            "عشرات",
            "3 آلاف",
            "1.5 مليون",
            "about 200",
            "=100+100",
        ]
    ),
)
DATE_COLUMNS = ["period_start", "period_end", "as_of"]
dates = st.one_of(
    st.sampled_from(
        ["2003", "2003-05", "2003-05-16", "2003-13", "2003-02-30", "0000", "10000", "2003-5"]
    ),
    st.dates().map(dt.date.isoformat),
)
precisions = st.sampled_from(["day", "month", "year", "unknown", "Year", "weekly"])
keys = {
    "source": [SOURCE_URL, "Article", "https://example.org/other"],
    "metric": ["cells-dismantled", "share-isis", "Cells dismantled", "cells"],
    "qualifier": ["exact", "approximately", "more_than", "at_least", "range", "roughly"],
    "unit": ["count", "percent", "people"],
    "institution": ["dgsn", "DGSN", "National Security", "bcij"],
    "attributed_to_institution": ["dgsn", "DGSN", "bcij"],
    "programme": ["moussalaha", "Moussalaha", "tamkine"],
    "cohort": ["moussalaha#13", "moussalaha#14", "moussalaha#x", "#13", "13"],
    "law": ["law-03-03", "03.03", "04.04"],
    "incident": ["casablanca-2003", "Casablanca attacks", "madrid-2004"],
    "status": ["published", "draft", "in_review"],
    "created_by": ["importer", "nobody"],
    "reviewed_by": ["importer", "nobody"],
    "reviewed_at": ["2026-11-24T10:00:00+01:00", "yesterday"],
    "value_in_quote": ["True", "False"],
    "origin": ["seed", "import"],
}


def quote_cells() -> st.SearchStrategy:
    """Exact words of the source, slices of it (not always whole words) and other text."""
    slices = st.tuples(st.integers(0, len(SOURCE_TEXT)), st.integers(1, 80)).map(
        lambda span: SOURCE_TEXT[span[0] : span[0] + span[1]]
    )
    return st.one_of(st.sampled_from(QUOTES), slices, junk, empty, huge)


def cells_of(column: str) -> st.SearchStrategy:
    """What a person (or a broken export) might put in one column."""
    anything = st.one_of(junk, empty, huge)
    if column == "quote":
        return quote_cells()
    if column in {"value", "value_max"}:
        return st.one_of(numbers, numbers, anything)
    if column in DATE_COLUMNS:
        return st.one_of(dates, anything)
    if column.endswith("_precision"):
        return st.one_of(precisions, anything)
    if column in keys:
        return st.one_of(st.sampled_from(keys[column]), anything)
    return anything


PLAUSIBLE = {
    "source": st.just(SOURCE_URL),
    "quote": st.sampled_from(QUOTES),
    "metric": st.just("cells-dismantled"),
    "value": st.sampled_from(["200", "٢٠٠", "مئتي", "13", "١٣", "88", "2002", "201"]),
    "unit": st.sampled_from(["", "count"]),
    "value_max": st.sampled_from(["", "", "250"]),
    "id": st.sampled_from(["", "1", "999"]),
    "attributed_to_speaker": st.sampled_from(["", "وزير الداخلية"]),
    "notes": st.sampled_from(["", "ملاحظة", "checked"]),
    **{date: st.sampled_from(["", "2002", "2003-05", "2003-05-16"]) for date in DATE_COLUMNS},
    **{f"{date}_precision": st.sampled_from(["", "", "year"]) for date in DATE_COLUMNS},
}


def plausible_cells_of(column: str) -> st.SearchStrategy:
    """What a careful person would put in one column; rows of these are often imported."""
    if column in PLAUSIBLE:
        return PLAUSIBLE[column]
    return st.sampled_from(["", keys[column][0]])


@st.composite
def tables(draw) -> list[list[str]]:
    """A header with the required columns and some others, then a few rows: plausible ones,
    wrong ones, or a mix (and sometimes a row repeated)."""
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=8))
    header = draw(st.permutations(REQUIRED + optional))
    mode = draw(st.sampled_from(["plausible", "mixed", "wrong"]))
    if mode == "plausible":
        # A date column without its precision column is refused: a careful person adds it.
        needed = [f"{date}_precision" for date in DATE_COLUMNS if date in header]
        header += [column for column in needed if column not in header]
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        plausible = mode == "plausible" or (mode == "mixed" and draw(st.booleans()))
        cells = plausible_cells_of if plausible else cells_of
        rows.append([draw(cells(column)) for column in header])
    if mode != "plausible" and draw(st.booleans()):
        rows.append(list(rows[0]))  # a repeated row
    return [header, *rows]


def csv_bytes(table: list[list[str]], encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    return buffer.getvalue().encode(encoding, errors="replace")


def excel_cell(text: str):
    """A cell as Excel would hold it: numbers and dates as such, text without control characters."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if text.isascii() and text.isdigit() and len(text) < 16:
        return int(text)
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else text
    except ValueError:
        return text


@PROPERTY_SETTINGS
@given(table=tables(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1256", "utf-16"]))
def test_a_csv_with_the_right_header_and_wrong_cells_is_refused_clearly_or_imported(
    importer, table, encoding
):
    data = csv_bytes(table, encoding)
    assert_clear_error_or_correct_import(data, CSV, importer)


@PROPERTY_SETTINGS
@given(table=tables())
def test_a_workbook_with_the_right_header_and_wrong_cells_is_refused_clearly_or_imported(
    importer, table
):
    rows = [table[0]] + [[excel_cell(cell) for cell in row] for row in table[1:]]
    data = workbook(rows)
    assert_clear_error_or_correct_import(data, XLSX, importer)


# ---------------------------------------------------------------------------
# Files that once crashed the import; each must now be refused clearly or imported.
# ---------------------------------------------------------------------------

HEADER_AND_ROW = f"source,quote,metric,value\r\n{SOURCE_URL},{QUOTES[1]},cells-dismantled,200\r\n"


def test_a_csv_whose_first_line_is_blank_is_refused_clearly_or_imported(importer):
    assert_clear_error_or_correct_import(("\r\n" + HEADER_AND_ROW).encode(), CSV, importer)


def test_a_workbook_whose_first_row_is_blank_is_refused_clearly_or_imported(importer):
    data = workbook([[None, None], REQUIRED, [SOURCE_URL, QUOTES[1], "cells-dismantled", 200]])
    assert_clear_error_or_correct_import(data, XLSX, importer)


def test_a_workbook_saved_with_a_chart_sheet_open_is_refused_clearly_or_imported(importer):
    from openpyxl.chart import BarChart, Reference

    book = openpyxl.Workbook()
    for row in [REQUIRED, [SOURCE_URL, QUOTES[1], "cells-dismantled", 200]]:
        book.active.append(row)
    chart = BarChart()
    chart.add_data(Reference(book.active, min_col=4, min_row=1, max_row=2))
    book.create_chartsheet("Chart", 0).add_chart(chart)
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    assert_clear_error_or_correct_import(buffer.getvalue(), XLSX, importer)


def test_a_nul_character_after_the_first_4_kb_of_a_csv_is_refused_clearly(importer):
    notes = "x" * 5000 + "\x00"
    text = f"source,quote,metric,value,notes\r\n{SOURCE_URL},{QUOTES[1]},cells-dismantled,200,{notes}\r\n"
    assert_clear_error_or_correct_import(text.encode(), CSV, importer)


# ---------------------------------------------------------------------------
# Large files take the batch import: it must answer every file as the row-by-row
# import does (the same counts, errors by row and column, and stored rows).
# ---------------------------------------------------------------------------


def answer_and_stored_rows(data: bytes, resource, user):
    """Import in a transaction that is then undone: what the import said and wrote."""
    with transaction.atomic():
        result = resource.import_data(
            CSV().create_dataset(data),
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=user,
        )
        errors = sorted(str(error.error) for error in result.base_errors)
        errors += sorted(f"{n}: {error.error}" for n, row in result.row_errors() for error in row)
        errors += sorted(f"{i.number}: {sorted(i.error_dict.items())}" for i in result.invalid_rows)
        figures = ReportedFigure.objects.values_list(
            "quote__text", "metric__slug", "value", "value_max", "qualifier", "unit",
            "period_start", "period_start_precision", "period_end", "as_of", "institution__slug",
            "programme__slug", "cohort__number", "law__slug", "incident__slug",
            "attributed_to_institution__slug", "attributed_to_speaker", "notes", "status",
            "value_in_quote", "disagreement",
        )  # fmt: skip
        # Ids differ between the two runs: a figure is in a disagreement or not.
        figures = [(*figure[:-1], figure[-1] is None) for figure in figures]
        history = ReportedFigure.history.values_list("quote__text", "value", "history_type")
        stored = sorted(map(str, figures)), sorted(map(str, history))
        transaction.set_rollback(True)
    return dict(result.totals), errors, stored


@PROPERTY_SETTINGS
@given(table=tables())
def test_the_batch_import_answers_any_file_as_the_row_by_row_import_does(importer, table):
    from apps.figures.bulkimport import BulkFigureResource

    data = csv_bytes(table, "utf-8")
    try:
        CSV().create_dataset(data)
    except ImportFileError:
        return  # refused before either import reads a row
    by_rows = answer_and_stored_rows(data, ReportedFigureResource(), importer)
    in_batches = answer_and_stored_rows(data, BulkFigureResource(), importer)
    outcome("refused" if by_rows[1] else "imported")
    assert in_batches == by_rows
