"""Spreadsheet import and export shared by every table (django-import-export).

Rows refer to each other by keys a person can type — slugs, acronyms, names,
a source's URL or seed file name — never by database ids. Cells are read the
way the press writes them: "٢١٤" and "1,600" are numbers, a date may be
"2003", "2003-05" or "2003-05-16" and its precision follows.
"""

from __future__ import annotations

import datetime as dt
import io
from array import array
from decimal import Decimal
from functools import reduce
from itertools import groupby
from operator import or_

import openpyxl
import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import NOT_PROVIDED, Q, TextField
from django.db.models.functions import Cast, Upper
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from import_export import resources, widgets
from import_export.fields import Field
from import_export.formats import base_formats
from tablib.exceptions import InvalidDimensions

from apps.core.dates import DatePrecision, utc_iso
from apps.core.formulas import formulas_unescaped
from apps.core.numbers import parse_number

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 200_000


class ImportFileError(ValueError):
    """A file that cannot be read as a spreadsheet at all."""


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1256, the Arabic code page."""
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1256")
            except UnicodeDecodeError as error:
                raise ImportFileError(
                    gettext("The file's text encoding is neither UTF-8 nor Windows-1256.")
                ) from error
    if "\x00" in text:
        raise ImportFileError(
            gettext("This file is not a CSV or Excel spreadsheet (it holds NUL bytes).")
        )
    return text


def with_header(dataset):
    """A dataset whose first line names its columns, or a clear refusal."""
    if not dataset.headers or not any(str(name or "").strip() for name in dataset.headers):
        raise ImportFileError(gettext("The first line must hold the column names; it is empty."))
    return dataset


class CSV(base_formats.CSV):
    """CSV read as bytes, so that its encoding can be recognised rather than assumed."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = decode_text(in_stream)
        if not text.strip():
            raise ImportFileError(gettext("The file is empty."))
        try:
            dataset = super().create_dataset(text, **kwargs)
        except InvalidDimensions as error:
            raise ImportFileError(
                gettext("Some rows have more cells than the first line has column names.")
            ) from error
        return with_header(formulas_unescaped(dataset))


class XLSX(base_formats.XLSX):
    """The first sheet, row for row: blank rows stay (and are skipped on import) so
    that row numbers in errors match the sheet; a formula that was never computed
    arrives as its text, so that it is refused with a clear message, not as an empty cell."""

    def create_dataset(self, in_stream):
        if bytes(in_stream[:2]) != b"PK":
            raise ImportFileError(gettext("This file is not an Excel (.xlsx) workbook."))
        try:
            values = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
            formulas = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True)
        except Exception as error:
            raise ImportFileError(
                gettext("This file is not a readable Excel (.xlsx) workbook.")
            ) from error
        if not values.worksheets:
            raise ImportFileError(gettext("This workbook has no sheet of data."))
        rows = zip(
            values.worksheets[0].iter_rows(values_only=True),
            formulas.worksheets[0].iter_rows(values_only=True),
            strict=False,
        )
        header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ((), ()))[0]]
        while header and not header[-1]:
            header.pop()
        dataset = tablib.Dataset(headers=header)
        for computed, written in rows:
            cells = [
                value if value is not None or not str(formula or "").startswith("=") else formula
                for value, formula in zip(computed, written, strict=False)
            ][: len(header)]
            dataset.append(cells + [None] * (len(header) - len(cells)))
        return with_header(formulas_unescaped(dataset))


IMPORT_FORMATS = [CSV, XLSX]


class NumberWidget(widgets.Widget):
    """A number as the press prints it: digits of either script, separators, words.

    Exported as a number, so that Excel keeps it one.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("coerce_to_string", False)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return Decimal(str(value))
        number = parse_number(str(value))
        if number is None:
            raise ValueError(f"“{value}” is not a number.")
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return "" if self.coerce_to_string else None
        normalised = Decimal(value).normalize()
        if self.coerce_to_string:
            return f"{normalised:f}"
        return (
            int(normalised) if normalised == normalised.to_integral_value() else float(normalised)
        )


class TextWidget(widgets.CharWidget):
    """Text kept as text: "03.03" stays "03.03", empty stays empty, not None."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class PartialDateWidget(widgets.Widget):
    """ "2003", "2003-05", "2003-05-16" or an Excel date; the precision column may be left empty.

    Exported as a date, so that Excel keeps it one.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("coerce_to_string", False)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return parse_partial(value)[0]

    def render(self, value, obj=None, **kwargs):
        if self.coerce_to_string:
            return value.isoformat() if value else ""
        return value


def parse_partial(value) -> tuple[dt.date | None, str]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, DatePrecision.UNKNOWN
    if isinstance(value, dt.datetime):
        return value.date(), DatePrecision.DAY
    if isinstance(value, dt.date):
        return value, DatePrecision.DAY
    text = str(value).strip()
    if isinstance(value, int | float) and float(value).is_integer():
        text = str(int(value))
    try:
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 1, 1), DatePrecision.YEAR
        if len(text) == 7 and text[4] == "-":
            return dt.date(int(text[:4]), int(text[5:]), 1), DatePrecision.MONTH
        return dt.date.fromisoformat(text[:10]), DatePrecision.DAY
    except ValueError as error:
        raise ValueError(f"“{value}” is not a date: write 2003, 2003-05 or 2003-05-16.") from error


class PrecisionWidget(widgets.Widget):
    """The precision column; empty means "as precise as the date column is written"."""

    def __init__(self, date_column: str):
        super().__init__()
        self.date_column = date_column

    def clean(self, value, row=None, **kwargs):
        written = parse_partial((row or {}).get(self.date_column))[1]
        if value is None or not str(value).strip():
            return written
        value = str(value).strip().lower()
        if value not in DatePrecision.values:
            raise ValueError(f"“{value}” is not a precision: use day, month, year or unknown.")
        return value

    def render(self, value, obj=None, **kwargs):
        return value or ""


class OffsetDateTimeWidget(widgets.Widget):
    """ISO 8601 date-times, with or without an offset (2026-11-24T10:00:00+01:00)."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            return value
        parsed = parse_datetime(str(value).strip())
        if parsed is None:
            raise ValueError(f"“{value}” is not a date and time (use ISO 8601).")
        return parsed

    def render(self, value, obj=None, **kwargs):
        return utc_iso(value) if value else ""


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A related row found by any of its human keys (slug, acronym, names…).

    Keys match case-insensitively, as PostgreSQL's ``UPPER`` compares them.
    ``clean`` looks a key up when it first meets it; ``prefetch`` looks up many
    keys in one query, for imports too large to spend a query per key.
    """

    def __init__(self, model, fields: tuple[str, ...], what: str, **kwargs):
        super().__init__(model, field=fields[0], **kwargs)
        self.fields = fields
        self.what = what
        self._cache: dict[str, object] = {}

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        key = str(value).strip()
        if key not in self._cache:
            self._cache[key] = self.find(key)
        found = self._cache[key]
        if isinstance(found, Refusal):
            raise ValueError(str(found))
        return found

    def find(self, key: str):
        condition = Q()
        for field in self.fields:
            condition |= Q(**{f"{field}__iexact": key})
        return self.choose(key, list(self.model.objects.filter(condition)[:2]))

    def choose(self, key: str, matches: list):
        """The one row a key names, or why there is none."""
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValueError(f"Unknown {self.what} “{key}”.")
        raise ValueError(f"“{key}” names more than one {self.what}: use its slug.")

    def prefetch(self, values, defer: tuple[str, ...] = ()) -> None:
        """Look up every key not yet known in one query; refusals are kept too."""
        keys = {str(value).strip() for value in values if value is not None}
        keys = {key for key in keys if key and key not in self._cache}
        if not keys:
            return
        for key, matches in self.lookup(keys, defer).items():
            try:
                self._cache[key] = self.choose(key, matches)
            except ValueError as refusal:
                self._cache[key] = Refusal(str(refusal))

    def lookup(self, keys: set[str], defer: tuple[str, ...]) -> dict[str, list]:
        """The rows each key matches, by the keys' and the fields' upper case."""
        upper = database_upper(keys)
        names = {field: f"_upper_{field}" for field in self.fields}
        rows = (
            self.model.objects.defer(*defer)
            .annotate(**{name: Upper(Cast(field, TextField())) for field, name in names.items()})
            .filter(
                reduce(or_, (Q(**{f"{name}__in": set(upper.values())}) for name in names.values()))
            )
        )
        matches: dict[str, list] = {}
        for row in rows:
            for written in {getattr(row, name) for name in names.values()}:
                matches.setdefault(written, []).append(row)
        return {key: matches.get(upper[key], []) for key in keys}

    def reset(self) -> None:
        """Forget looked-up rows: each import starts from the database as it is."""
        self._cache.clear()

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        for field in self.fields:
            key = getattr(value, field, "")
            if key:
                return str(key)
        return ""


class Refusal(str):
    """Why a key names no row, kept so that each key is looked up once."""


def database_upper(texts) -> dict[str, str]:
    """Each text in upper case as PostgreSQL writes it (``iexact`` compares these)."""
    texts = list(texts)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT upper(t) FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n", [texts]
        )
        return dict(zip(texts, (row[0] for row in cursor.fetchall()), strict=True))


def date_field(name: str) -> Field:
    """The date column of a partial date."""
    return Field(attribute=name, column_name=name, widget=PartialDateWidget())


def precision_field(date_name: str) -> Field:
    """The precision column of a partial date; it may be left empty."""
    name = f"{date_name}_precision"
    return Field(attribute=name, column_name=name, widget=PrecisionWidget(date_name))


def constraint_error(instance, error: IntegrityError) -> ValidationError:
    """The database's refusal, told as the model's own message on the field it is about."""
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    for constraint in instance._meta.constraints:
        if constraint.name == name:
            field = getattr(instance, "CONSTRAINT_FIELDS", {}).get(name, NON_FIELD_ERRORS)
            return ValidationError({field: [constraint.get_violation_error_message()]})
    return ValidationError({NON_FIELD_ERRORS: [str(error).splitlines()[0]]})


def add_precision_columns(dataset, fields) -> None:
    """A file may give a date without its precision column: read it from the date."""
    headers = list(dataset.headers or [])
    for name, field in fields.items():
        widget = field.widget
        if (
            isinstance(widget, PrecisionWidget)
            and name not in headers
            and widget.date_column in headers
        ):
            dataset.append_col([None] * len(dataset), header=name)


class CtdbResource(resources.ModelResource):
    """Every import runs the model's own validation and is all-or-nothing."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = None
        self._dataset = None
        self._repeats: dict[int, int] | None = None

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        self._dataset, self._repeats = dataset, None
        for field in self.fields.values():
            if isinstance(field.widget, NaturalKeyWidget):
                field.widget.reset()
        if len(dataset) > MAX_IMPORT_ROWS:
            raise ImportFileError(
                gettext("The file has %(rows)s rows; the limit is %(limit)s.")
                % {"rows": len(dataset), "limit": MAX_IMPORT_ROWS}
            )
        add_precision_columns(dataset, self.fields)
        headers = [header for header in dataset.headers or [] if header]
        unknown = [name for name in headers if name not in self.known_columns()]
        missing = [name for name in self.required_columns() if name not in headers]
        problems = [
            label % {"columns": ", ".join(names)}
            for label, names in (
                (gettext("Unknown column(s): %(columns)s."), unknown),
                (gettext("Missing column(s): %(columns)s."), missing),
            )
            if names
        ]
        if problems:
            columns = gettext("The columns are: %(columns)s.") % {
                "columns": ", ".join(self.get_export_headers())
            }
            raise ImportFileError(" ".join([*problems, columns]))

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        # Empty spreadsheet cells arrive as None; text columns store "" instead.
        if f.get_internal_type() in {"CharField", "TextField", "SlugField", "URLField"}:
            return TextWidget
        return super().widget_from_django_field(f, default=default)

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        if django_field.blank and isinstance(field.widget, TextWidget):
            # An empty cell of a text that may be empty is empty, as exported, not the
            # model's default (an institution with no country is not in Morocco).
            field.default = NOT_PROVIDED
        return field

    def required_columns(self) -> list[str]:
        return list(self.get_import_id_fields())

    def known_columns(self) -> set[str]:
        """Every column a file may carry: the resource's own (a column an import
        does not read, such as an id, is known and left alone)."""
        return {field.column_name for field in self.fields.values()}

    def not_cleaned(self, errors: dict) -> list[str]:
        """Fields not checked again: those whose cells were already refused."""
        return list(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's field and cross-field checks; its table rules are left to the
        database at save time (checking them here costs a query per rule per row)."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*self.not_cleaned(errors), *self.checked_elsewhere(instance)],
                validate_unique=validate_unique,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def checked_elsewhere(self, instance) -> list[str]:
        """Fields whose values need no second check (none, unless an import says so)."""
        return []

    def save_instance(self, instance, is_create, row, **kwargs):
        try:
            with transaction.atomic():
                super().save_instance(instance, is_create, row, **kwargs)
        except IntegrityError as error:
            raise constraint_error(instance, error) from error

    def import_row(self, row, instance_loader, **kwargs):
        if all(value is None or str(value).strip() == "" for value in row.values()):
            result = self.get_row_result_class()()
            result.import_type = result.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def natural_key(self, row) -> tuple:
        return tuple(str(row.get(name) or "").strip() for name in self.get_import_id_fields())

    def before_import_row(self, row, **kwargs):
        if self._repeats is None:  # once the rows are in their final order
            self._repeats = self.repeated_rows(self._dataset)
        number = kwargs.get("row_number")
        if number in self._repeats:
            key = self.natural_key(row)
            raise ValidationError(
                f"Row {number} repeats row {self._repeats[number]} ({', '.join(key)})."
            )

    def repeated_rows(self, dataset) -> dict[int, int]:
        """{row number: the earlier row with the same natural key}, for the rows that repeat one.

        Found in one pass before the first row is imported, holding 8 bytes per
        row (the hash of its key): the rows whose hashes agree are then compared
        key by key, so a shared hash never passes for a repeat.
        """
        headers = dataset.headers or []

        def key_of(index: int) -> tuple:
            return self.natural_key(dict(zip(headers, dataset[index], strict=False)))

        hashes = array("q", (hash(key_of(index)) for index in range(len(dataset))))
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        repeats: dict[int, int] = {}
        for _, same_hash in groupby(order, key=hashes.__getitem__):
            candidates = list(same_hash)
            if len(candidates) < 2:
                continue
            first: dict[tuple, int] = {}
            for index in candidates:  # in file order: sorted() keeps it among equals
                key = key_of(index)
                if any(key) and first.setdefault(key, index + 1) != index + 1:
                    repeats[index + 1] = first[key]
        return repeats
