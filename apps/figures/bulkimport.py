"""Large figure files, imported a batch of rows at a time.

A file of more than ``BULK_IMPORT_ROWS`` rows is imported by
``BulkFigureResource``: the columns, widgets, checks and messages of
``ReportedFigureResource`` — the model's ``clean()``, the quote found in its
source, the value looked for in its quote, natural keys refused by row and
column, rows repeated in the file, all-or-nothing, re-imports that update by
natural key and leave unchanged figures alone — with the database work done a
batch at a time instead of a row at a time:

- natural keys are looked up once per table and batch (``NaturalKeyWidget.prefetch``);
- PostgreSQL locates the quotes in their sources; existing quotes and figures
  are read with one query per batch, new quotes written with one INSERT;
- figures are written with ``bulk_create`` and ``bulk_update``, their history
  with one INSERT … SELECT (``apps.core.history``);
- disagreements are regrouped once, at the end, for the figures written.

A batch that the database refuses (one of its CHECK constraints) is written
again row by row, each in a savepoint, so that the refused rows are named.

Memory holds one batch of figures at a time. The result keeps every row's
count but only the first ``MAX_LISTED_ERRORS`` errors and, for the preview,
the first ``PREVIEW_ROWS`` rows.
"""

from __future__ import annotations

from collections import OrderedDict
from copy import deepcopy

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from import_export.results import Result, RowResult

from apps.core.copying import copy_insert
from apps.core.history import CHANGED, CREATED, write_history
from apps.core.imports import NaturalKeyWidget, Refusal, constraint_error
from apps.sources.matching import find_span
from apps.sources.models import Quote, Source

from .models import GROUPING, ReportedFigure
from .resources import (
    QuoteWidget,
    ReportedFigureResource,
    error_column,
    not_in_source_message,
    refuse_restored,
)
from .services import figures_changed

BATCH_ROWS = 1000
PREVIEW_ROWS = 100
MAX_LISTED_ERRORS = 1000
# Source texts kept between batches, in characters (Arabic takes 2 bytes a character).
TEXT_BUDGET = 2_000_000

FOREIGN_KEYS = [field for field in ReportedFigure._meta.concrete_fields if field.is_relation]
# Everything an import or its workflow step may change; created_at stays,
# PostgreSQL computes the generated columns and the regrouping writes its own.
UPDATED_FIELDS = [
    field.name
    for field in ReportedFigure._meta.concrete_fields
    if not field.primary_key
    and not field.generated
    and field.name != "created_at"
    and field.name not in GROUPING
]


class BulkResult(Result):
    """A large import's outcome: counts of every row, errors named by row number,
    and the first rows for a preview."""

    def row_errors(self):
        return [(error_row.number, error_row.errors) for error_row in self.error_rows]

    @property
    def unlisted_errors(self) -> int:
        """Rows refused beyond the ones listed."""
        refused = (
            self.totals[RowResult.IMPORT_TYPE_INVALID] + self.totals[RowResult.IMPORT_TYPE_ERROR]
        )
        return refused - len(self.invalid_rows) - len(self.error_rows)


class BulkRowResult(RowResult):
    def add_instance_info(self, instance):
        # The figure's description is only read by the admin's log, which is off:
        # not building it saves a formatted number per row.
        self.object_id = getattr(instance, "pk", None)


class BatchQuoteWidget(QuoteWidget):
    """The quote column, answered from quotes found (and created) for a whole batch."""

    def __init__(self):
        super().__init__()
        self.answers: dict[int, Quote | Refusal | ValueError] = {}
        self.created: set[int] = set()  # the quotes this batch made: no figure rests on them yet
        self.texts = SourceTexts()

    def clean(self, value, row=None, row_number=None, **kwargs):
        answer = self.answers[row_number]
        if isinstance(answer, ValueError):
            raise answer  # a cell that could not be read, kept as it was refused
        if isinstance(answer, Refusal):
            raise ValueError(str(answer))
        return answer

    def prepare(self, rows: list[tuple[int, dict]]) -> None:
        """Find every row's words in its source, and create the quotes that are new."""
        self.answers = {}
        self.sources.prefetch((row.get("source") for _, row in rows), defer=("text",))
        asked = []
        for number, row in rows:
            try:
                words, source = self.words_and_source(row.get("quote"), row)
            except ValueError as refusal:
                self.answers[number] = refusal
            else:
                asked.append((number, detached(words), source))
        self.texts.load({source.pk for _, _, source in asked})
        spans = {}
        for number, words, source in asked:
            text = self.texts[source.pk]
            span = find_span(text, words)
            if span is None:
                self.answers[number] = Refusal(not_in_source_message(text, words))
            else:
                spans[number] = (source.pk, *span)
        quotes = self.quotes_at(
            {spans[n]: (source, words) for n, words, source in asked if n in spans}
        )
        self.answers.update({number: quotes[key] for number, key in spans.items()})
        self.texts.trim()

    def quotes_at(self, spans: dict[tuple, tuple]) -> dict[tuple, Quote]:
        """The quote at each (source, start, end), created when there is none yet."""
        quotes = {(q.source_id, q.start, q.end): q for q in existing_quotes(list(spans))}
        new = {
            key: Quote(source=source, text=words, start=key[1], end=key[2])
            for key, (source, words) in spans.items()
            if key not in quotes
        }
        copy_insert(Quote, list(new.values()))
        write_history(Quote, [q.pk for q in new.values()], user=self.user, history_type=CREATED)
        self.created = {quote.pk for quote in new.values()}
        quotes.update(new)
        for key, (source, _) in spans.items():
            quotes[key].source = source  # read without its text, which stays in PostgreSQL
        return quotes


class SourceTexts:
    """The texts of the sources that batches name, kept while they fit in ``budget`` characters.

    Files usually come article by article, so a text read for one batch serves
    the next ones; the least recently used texts go first, so memory holds at
    most the budget and one batch's texts, however long the file.
    """

    def __init__(self, budget: int = TEXT_BUDGET):
        self.budget = budget
        self.texts: OrderedDict[int, str] = OrderedDict()
        self.size = 0

    def __getitem__(self, source_id: int) -> str:
        return self.texts[source_id]

    def load(self, source_ids: set[int]) -> None:
        """Have these sources' texts at hand (one query for those not kept)."""
        for source_id in source_ids & self.texts.keys():
            self.texts.move_to_end(source_id)
        missing = source_ids - self.texts.keys()
        for source_id, text in Source.objects.filter(pk__in=missing).values_list("pk", "text"):
            self.texts[source_id] = text
            self.size += len(text)

    def trim(self) -> None:
        while self.size > self.budget and self.texts:
            _, text = self.texts.popitem(last=False)
            self.size -= len(text)


def existing_quotes(spans: list[tuple]) -> list[Quote]:
    """The quotes at these (source, start, end) spans, read with one join on their unique index."""
    if not spans:
        return []
    sources, starts, ends = (list(column) for column in zip(*spans, strict=True))
    table = Quote._meta.db_table
    return list(
        Quote.objects.raw(
            f"SELECT q.* FROM {table} q JOIN unnest(%s::bigint[], %s::integer[], %s::integer[]) "
            'AS s(source_id, start, "end") '
            'ON q.source_id = s.source_id AND q.start = s.start AND q."end" = s."end"',
            [sources, starts, ends],
        )
    )


def detached(text: str) -> str:
    """A copy of a cell's text, to send to PostgreSQL.

    CPython keeps the UTF-8 bytes of a non-ASCII string once a driver has asked
    for them, for as long as the string lives; the file's cells live as long as
    the import, so sending them would leave a second copy of every quote behind.
    """
    return text.encode().decode()


class BulkFigureResource(ReportedFigureResource):
    """ReportedFigureResource for large files: the same rows, history and errors."""

    class Meta(ReportedFigureResource.Meta):
        skip_diff = True  # unchanged rows are found by comparing a few values instead

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["quote"].widget = BatchQuoteWidget()
        self.number = 0
        self.keys: dict[int, tuple | None] = {}
        self.known: dict[tuple, ReportedFigure] = {}
        self.pending: dict[int, tuple[ReportedFigure, int]] = {}
        self.refused: dict[int, object] = {}
        self.written_rows: dict[int, int] = {}  # figure id: row number
        self.preview = False
        self.diff = None

    def get_import_fields(self):
        # Asked for once per row and per column; the columns do not change.
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    @classmethod
    def get_result_class(cls):
        return BulkResult

    @classmethod
    def get_row_result_class(cls):
        return BulkRowResult

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        """All rows or none, a batch at a time; ``progress(done, total)`` after each batch."""
        progress = kwargs.pop("progress", None)
        kwargs.pop("retain_instance_in_row_result", None)
        kwargs.update(dry_run=dry_run, using_transactions=True)
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        result.total_rows = len(dataset)
        self.preview = dry_run
        with transaction.atomic():
            try:
                self.before_import(dataset, **kwargs)
                self._check_import_id_fields(dataset.headers)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
                transaction.set_rollback(True)
                return result
            done, self.written_rows = 0, {}
            for batch in batches(dataset, BATCH_ROWS):
                self.import_batch(batch, result, raise_errors, **kwargs)
                done += len(batch)
                if progress is not None:
                    progress(done, len(dataset))
            if self.keep_review:
                refuse_restored(self.written_rows, result)
            refused = result.has_errors() or (
                rollback_on_validation_errors and result.has_validation_errors()
            )
            if dry_run or refused:
                transaction.set_rollback(True)
            else:
                figures_changed(list(self.written_rows))
        return result

    def import_batch(self, rows: list[tuple[int, dict]], result, raise_errors, **kwargs) -> None:
        """Check and write one batch; the outcome of each row goes into ``result``."""
        self.prepare(rows)
        self.refused = {}
        outcomes = []
        for number, row in rows:
            self.number = number
            outcomes.append((number, row, self.import_row(row, None, row_number=number, **kwargs)))
        self.write_pending()
        for number, row, outcome in outcomes:
            if number in self.refused:
                outcome.import_type = RowResult.IMPORT_TYPE_INVALID
                outcome.validation_error = self.refused[number]
            record(result, number, row, outcome, raise_errors)

    def prepare(self, rows: list[tuple[int, dict]]) -> None:
        """Everything the rows of a batch refer to, read with a few queries."""
        headers = set(rows[0][1]) if rows else set()
        for field in self.get_import_fields():
            widget = field.widget
            if field.readonly or field.column_name not in headers:
                continue
            if isinstance(widget, BatchQuoteWidget):
                widget.prepare(rows)
            elif isinstance(widget, NaturalKeyWidget):
                widget.prefetch(row.get(field.column_name) for _, row in rows)
        self.keys = {number: self.figure_key(number, row) for number, row in rows}
        new_quotes = self.fields["quote"].widget.created
        self.known = self.existing_figures(
            {key for key in self.keys.values() if key and key[0] not in new_quotes}
        )

    def existing_figures(self, keys: set[tuple]) -> dict[tuple, ReportedFigure]:
        """The figures the batch's rows name, as ``get_instance`` would find them one by one."""
        if not keys:
            return {}
        candidates = (
            ReportedFigure.objects.filter(
                quote_id__in={quote for quote, _, _ in keys},
                metric_id__in={metric for _, metric, _ in keys},
                value__in={value for _, _, value in keys},
            )
            .select_related("cohort")
            .order_by(*ReportedFigure._meta.ordering)
        )
        known: dict[tuple, ReportedFigure] = {}
        for figure in candidates:
            known.setdefault((figure.quote_id, figure.metric_id, figure.value), figure)
        return {key: figure for key, figure in known.items() if key in keys}

    def figure_key(self, number: int, row: dict) -> tuple | None:
        """(quote, metric, value) of a row, or None when one of them cannot be read."""
        quote = self.fields["quote"].widget.answers.get(number)
        if not isinstance(quote, Quote):
            return None
        try:
            metric = self.fields["metric"].widget.clean(row.get("metric"))
            value = self.fields["value"].widget.clean(row.get("value"))
        except ValueError:
            return None  # the row's own errors are reported field by field
        if metric is None or value is None:
            return None
        return quote.pk, metric.pk, value

    # -- the row-by-row hooks, answered from the batch ------------------------

    def get_instance(self, instance_loader, row):
        figure = self.known.get(self.keys[self.number])
        if figure is not None and figure._state.adding:
            # An earlier row of this batch made this figure: write the batch so far,
            # so that this row changes a stored figure, as it would row by row.
            self.write_pending()
        return figure if figure is not None and not figure._state.adding else None

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        instance._import_key = self.keys[self.number]
        instance._import_snapshot = None if new else self.snapshot(instance)
        self.diff = None
        if self.preview and self.number <= PREVIEW_ROWS:
            self.diff = (self.get_diff_class()(self, deepcopy(instance), new), instance)
        return instance, new

    def snapshot(self, instance) -> list:
        """The values of the imported columns, to tell whether a row changes anything."""
        return [getattr(instance, field.attname) for field in self.imported_model_fields()]

    def imported_model_fields(self):
        if not hasattr(self, "_imported_model_fields"):
            names = {field.attribute for field in self.get_import_fields() if field.attribute}
            self._imported_model_fields = [
                field for field in ReportedFigure._meta.concrete_fields if field.name in names
            ]
        return self._imported_model_fields

    def skip_row(self, instance, original, row, import_validation_errors=None):
        snapshot = getattr(instance, "_import_snapshot", None)
        if import_validation_errors or snapshot is None:
            return False
        return snapshot == self.snapshot(instance)

    def import_instance(self, instance, row, **kwargs):
        """The row's cells onto the figure, each refusal kept by field (as the library does),
        going through the columns that can change something only."""
        errors = {}
        for field in self.written_fields():
            if field.column_name not in row:
                continue
            try:
                field.save(instance, row, **kwargs)
            except ValueError as error:
                errors[error_column(field, error)] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def written_fields(self) -> list:
        if not hasattr(self, "_written_fields"):
            self._written_fields = [
                field
                for field in self.get_import_fields()
                if field.attribute and not field.readonly
            ]
        return self._written_fields

    def checked_elsewhere(self, instance) -> list[str]:
        # Related rows were read by this import's own lookups: asking the database
        # again whether each exists would cost a query per relation per row.
        return [
            field.name for field in FOREIGN_KEYS if getattr(instance, field.attname) is not None
        ]

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        self.pending[id(instance)] = (instance, self.number)
        if instance._import_key:
            # A later row of the batch naming the same figure finds this one,
            # as it would find it saved when importing row by row.
            self.known[instance._import_key] = instance

    def after_import_row(self, row, row_result, **kwargs):
        if self.diff is not None:
            diff, instance = self.diff
            diff.compare_with(self, instance)
            row_result.diff = diff.as_html()

    # -- writing a batch -------------------------------------------------------

    def write_pending(self) -> None:
        """Write the batch's figures and their history; note the rows the database refused."""
        pending = [
            (figure, number, figure._state.adding) for figure, number in self.pending.values()
        ]
        self.pending = {}
        created = [figure for figure, _, new in pending if new]
        changed = [figure for figure, _, new in pending if not new]
        now = timezone.now()
        for figure in changed:
            figure.updated_at = now
        refused = {}
        try:
            with transaction.atomic():
                copy_insert(ReportedFigure, created)
                ReportedFigure.objects.bulk_update(changed, UPDATED_FIELDS)
        except IntegrityError:
            for figure in created:
                figure._state.adding = True  # undone with the savepoint
            refused = write_one_by_one(pending)
        self.refused.update(refused)
        written = [(figure, new) for figure, number, new in pending if number not in refused]
        for new, history_type in ((True, CREATED), (False, CHANGED)):
            write_history(
                ReportedFigure,
                [figure.pk for figure, was_new in written if was_new == new],
                user=self.user,
                history_type=history_type,
            )
        self.written_rows |= {
            figure.pk: number for figure, number, _new in pending if number not in refused
        }


def write_one_by_one(pending: list[tuple[ReportedFigure, int, bool]]) -> dict[int, object]:
    """Each figure in its own savepoint: the database's refusals, by row number."""
    refused = {}
    for figure, number, new in pending:
        try:
            with transaction.atomic():
                if new:
                    copy_insert(ReportedFigure, [figure])
                else:
                    ReportedFigure.objects.bulk_update([figure], UPDATED_FIELDS)
        except IntegrityError as error:
            refused[number] = constraint_error(figure, error)
    return refused


def record(result, number: int, row: dict, outcome, raise_errors: bool) -> None:
    """Count a row's outcome; keep its errors (up to a limit) and the first rows."""
    from import_export import exceptions

    result.increment_row_result_total(outcome)
    if outcome.errors:
        if len(result.error_rows) < MAX_LISTED_ERRORS:
            result.append_error_row(number, row, outcome.errors)
        if raise_errors:
            raise exceptions.ImportError(outcome.errors[-1].error, number=number, row=row)
    elif outcome.validation_error is not None:
        if len(result.invalid_rows) < MAX_LISTED_ERRORS:
            result.append_invalid_row(number, row, outcome.validation_error)
        if raise_errors:
            raise exceptions.ImportError(outcome.validation_error, number=number, row=row)
    elif number <= PREVIEW_ROWS:
        result.append_row_result(outcome)


def batches(dataset, size: int):
    """The dataset's rows as (row number, {column: cell}), ``size`` at a time."""
    headers = dataset.headers
    batch = []
    for number, values in enumerate(dataset, 1):
        batch.append((number, dict(zip(headers, values, strict=False))))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
