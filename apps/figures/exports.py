"""CSV, Excel and JSON exports of a queryset of figures.

The three formats share one list of columns, computed by PostgreSQL from the
queryset the reader filtered. CSV is streamed straight from ``COPY (SELECT
…) TO STDOUT``; JSON and Excel walk a server-side cursor. None of them holds
the whole result in memory, and a file cut short says so at its end.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile
from collections.abc import Iterator
from decimal import Decimal

import xlsxwriter
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import Func, QuerySet, TextField
from django.utils import timezone

from apps.core.dates import UtcIso, utc_iso

from .columns import COLUMN_NAMES, COLUMNS, STAFF_COLUMN_NAMES, STAFF_COLUMNS

logger = logging.getLogger(__name__)

BOM = "\ufeff".encode()
INCOMPLETE_MARK = "# EXPORT INCOMPLETE"


class SpreadsheetSafe(Func):
    """Text a spreadsheet would run as a formula gets a leading apostrophe.

    A CASE on the first character: a regular expression per cell made a full
    export spend much of its time matching.
    """

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        starts = "('=', '+', '-', '@', E'\\t', E'\\r')"
        # An apostrophe already before one of those, or before another, is doubled: an
        # import takes exactly one off again (apps.core.formulas).
        quoted = f"left({sql}, 1) = '''' AND substr({sql}, 2, 1) IN {starts[:-1]}, '''')"
        condition = f"left({sql}, 1) IN {starts} OR ({quoted})"
        return f"CASE WHEN {condition} THEN '''' || {sql} ELSE {sql} END", (*params,) * 5


def column_names(staff: bool) -> list[str]:
    return STAFF_COLUMN_NAMES if staff else COLUMN_NAMES


NUMERIC_KINDS = {"integer", "number"}
PREFIX = "c_"  # inner aliases, so that "id" or "unit" do not clash with model fields


def export_rows(
    queryset: QuerySet,
    *,
    spreadsheet_safe: bool = False,
    limit: int | None = None,
    staff: bool = False,
) -> QuerySet:
    """The queryset reduced to the export columns (keys prefixed), in a stable order."""
    exprs = {}
    for column in STAFF_COLUMNS if staff else COLUMNS:
        expression = column.expression()
        if spreadsheet_safe and column.escaped:
            expression = SpreadsheetSafe(expression)
        elif spreadsheet_safe and column.kind == "datetime":
            expression = UtcIso(expression)  # written as utc_iso writes them
        exprs[PREFIX + column.name] = expression
    rows = queryset.order_by("id").values(**exprs)
    return rows if limit is None else rows[:limit]


def beyond_limit(queryset: QuerySet, limit: int | None, written: int) -> bool:
    """Whether the filtered set holds more rows than an export may carry.

    Only an export that wrote ``limit`` rows can have been cut, so only then is
    the row after the limit looked for (an OFFSET that costs seconds on a large set).
    """
    return (
        limit is not None
        and written >= limit
        and queryset.order_by("id")[limit : limit + 1].exists()
    )


def limit_message(limit: int) -> str:
    return f"row limit of {limit} reached; narrow the filters to get the rest"


def iter_rows(queryset: QuerySet, limit: int | None = None, staff: bool = False):
    """Export rows as dicts keyed by the public column names."""
    names = column_names(staff)
    for row in export_rows(queryset, limit=limit, staff=staff).iterator(chunk_size=2000):
        yield {name: row[PREFIX + name] for name in names}


def copy_statement(
    queryset: QuerySet, limit: int | None = None, staff: bool = False
) -> tuple[str, tuple]:
    """COPY … TO STDOUT of the export columns, in order and under their public names."""
    rows = export_rows(queryset, spreadsheet_safe=True, limit=limit, staff=staff)
    sql, params = rows.query.sql_with_params()
    outer = ", ".join(f'"{PREFIX}{name}" AS "{name}"' for name in column_names(staff))
    statement = (
        f"COPY (SELECT {outer} FROM ({sql}) AS export) TO STDOUT WITH (FORMAT csv, HEADER true)"
    )
    return statement, params


def filename(extension: str, stem: str = "ctdb-figures") -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


def stream_csv(
    queryset: QuerySet, limit: int | None = None, staff: bool = False
) -> Iterator[bytes]:
    """UTF-8 CSV with a BOM, straight from PostgreSQL's COPY, on the queryset's database."""
    statement, params = copy_statement(queryset, limit, staff)
    yield BOM
    try:
        with connections[queryset.db].cursor() as cursor:
            with cursor.cursor.copy(statement, params) as copy:
                for chunk in copy:
                    yield bytes(chunk)
            written = cursor.cursor.rowcount
    except Exception as error:  # the reader must see that the file is cut short
        logger.exception("CSV export failed mid-stream")
        yield f"\r\n{INCOMPLETE_MARK}: {type(error).__name__}\r\n".encode()
        return
    if beyond_limit(queryset, limit, written):
        yield f"{INCOMPLETE_MARK}: {limit_message(limit)}\r\n".encode()


class NumberEncoder(DjangoJSONEncoder):
    """Values stay numbers in JSON (214, 12.5), as in the API; moments are written in UTC
    as every export writes them."""

    def default(self, o):
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        if isinstance(o, dt.datetime):
            return utc_iso(o)
        return super().default(o)


def stream_json(
    queryset: QuerySet, *, extra: dict | None = None, limit: int | None = None
) -> Iterator[bytes]:
    """A JSON document streamed row by row; ``complete`` is written last."""
    header = {"generated_at": utc_iso(timezone.now()), **(extra or {})}
    opening = json.dumps(header, cls=NumberEncoder, ensure_ascii=False)[:-1]
    yield f'{opening}, "columns": {json.dumps(COLUMN_NAMES)}, "figures": ['.encode()
    count = 0
    try:
        for row in iter_rows(queryset, limit):
            separator = "," if count else ""
            yield (separator + json.dumps(row, cls=NumberEncoder, ensure_ascii=False)).encode()
            count += 1
    except Exception as error:
        logger.exception("JSON export failed mid-stream")
        reason = json.dumps(type(error).__name__)
        yield f'], "count": {count}, "complete": false, "error": {reason}}}'.encode()
        return
    if beyond_limit(queryset, limit, count):
        reason = json.dumps(limit_message(limit))
        yield f'], "count": {count}, "complete": false, "error": {reason}}}'.encode()
        return
    yield f'], "count": {count}, "complete": true}}'.encode()


def write_xlsx(queryset: QuerySet, handle, limit: int | None = None, staff: bool = False) -> int:
    """Write an Excel workbook row by row (constant memory); returns the row count."""
    workbook = xlsxwriter.Workbook(
        handle,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "remove_timezone": True,
        },
    )
    sheet = workbook.add_worksheet("figures")
    bold = workbook.add_format({"bold": True})
    # A date Excel can compute with, in UTC, and each cell says so.
    when = workbook.add_format({"num_format": 'yyyy-mm-dd hh:mm:ss "UTC"'})
    names = column_names(staff)
    numeric = {c.name for c in (STAFF_COLUMNS if staff else COLUMNS) if c.kind in NUMERIC_KINDS}
    for col, name in enumerate(names):
        sheet.write_string(0, col, name, bold)
    count = 0
    for count, row in enumerate(iter_rows(queryset, limit, staff), start=1):
        for col, name in enumerate(names):
            value = row[name]
            if value is None or value == "":
                continue
            if name in numeric:
                sheet.write_number(count, col, float(value))
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(
                    count, col, value.astimezone(dt.UTC).replace(tzinfo=None), when
                )
            else:
                sheet.write_string(count, col, str(value))
    if beyond_limit(queryset, limit, count):
        sheet.write_string(count + 1, 0, f"{INCOMPLETE_MARK}: {limit_message(limit)}")
    workbook.close()
    return count


def stream_xlsx(
    queryset: QuerySet, limit: int | None = None, staff: bool = False
) -> Iterator[bytes]:
    """The workbook is built in a spooled temporary file, then streamed."""
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as handle:
        write_xlsx(queryset, handle, limit, staff)
        handle.seek(0)
        while chunk := handle.read(64 * 1024):
            yield chunk
