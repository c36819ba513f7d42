"""Spreadsheet columns of metrics and reported figures.

An imported figure names its source and pastes its quote; the quote is
created when its words are found in the source. Imported figures arrive as
drafts by the importing user and are published only through review — unless
an export is being restored (``keep_review``), which brings back each
figure's review as it was, still under every database rule.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from import_export.fields import Field
from import_export.results import Error

from apps.core.imports import (
    CtdbResource,
    NaturalKeyWidget,
    NumberWidget,
    OffsetDateTimeWidget,
    Refusal,
    date_field,
    precision_field,
)
from apps.registry.areas import DEFAULT_AREA
from apps.registry.models import Area, Cohort, Incident, Law
from apps.registry.resources import institution_key, programme_key
from apps.sources.matching import find_span, nearest_passage
from apps.sources.models import Quote
from apps.sources.resources import source_key

from .columns import STAFF_COLUMN_NAMES
from .models import Metric, ReportedFigure
from .provenance import check_value
from .services import figures_changed, move_back_on_edit, restore_refusals

# Files longer than this are imported set by set (bulkimport.py); shorter ones
# row by row, with a preview that shows every row and what changes in it.
BULK_IMPORT_ROWS = 200

REVIEW_COLUMNS = [
    "status",
    "created_by",
    "reviewed_by",
    "reviewed_at",
    "review_note",
    "value_check_override",
    "assessment",
    "assessment_reason",
]


class MetricResource(CtdbResource):
    class Meta(CtdbResource.Meta):
        model = Metric
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name_ar",
            "name_en",
            "name_fr",
            "unit_kind",
            "kind",
            "description",
            "description_ar",
            "description_fr",
        ]
        export_order = fields


class AreaWidget(NaturalKeyWidget):
    """Where a figure is about, by code or name; an empty cell means Morocco."""

    def __init__(self):
        super().__init__(Area, ("code", "name_en", "name_ar", "name_fr"), "area")

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row, **kwargs)
        return found if found is not None else Area(code=DEFAULT_AREA)

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""


class QuoteWidget(NaturalKeyWidget):
    """The quote's exact words; found (or created) in the row's source."""

    def __init__(self):
        super().__init__(Quote, ("text",), "quote")
        self.sources = source_key()
        self.user = None

    def clean(self, value, row=None, **kwargs):
        words, source = self.words_and_source(value, row)
        span = find_span(source.text, words)
        if span is None:
            raise ValueError(not_in_source_message(source.text, words))
        quote = Quote.objects.filter(source=source, start=span[0], end=span[1]).first()
        if quote is None:
            quote = Quote(source=source, start=span[0], end=span[1], text=words)
            if self.user is not None and self.user.is_authenticated:
                quote._history_user = self.user
            quote.save()
        return quote

    def words_and_source(self, value, row) -> tuple:
        """The quote's words and the source they must be found in, or why they cannot be read."""
        words = quote_words(value)
        if not words.strip():
            raise ValueError("The quote is empty: paste the source's exact words.")
        try:
            source = self.sources.clean((row or {}).get("source"))
        except ValueError as error:
            raise SourceKeyError(str(error)) from error
        if source is None:
            raise SourceKeyError("Name the quote's source in the “source” column.")
        return words, source

    def reset(self) -> None:
        super().reset()
        self.sources.reset()

    def render(self, value, obj=None, **kwargs):
        return value.text if value else ""


class SourceKeyError(ValueError):
    """The row's source cannot be read: reported under the ``source`` column."""


def error_column(field, error: ValueError) -> str:
    """The column a cell's refusal is reported under."""
    return "source" if isinstance(error, SourceKeyError) else field.attribute


def quote_words(value) -> str:
    """The words of a quote cell; a byte-order mark pasted with them is not part of them."""
    return str(value or "").strip("\ufeff")


def not_in_source_message(text: str, words: str) -> str:
    nearest = nearest_passage(text, words)
    return f"These words are not in the source's text. Nearest passage: «{nearest}»"


class CohortWidget(NaturalKeyWidget):
    """A cohort written as “programme#number”, e.g. moussalaha#13."""

    def __init__(self):
        super().__init__(Cohort, ("number",), "cohort")
        self.programmes = programme_key()

    def find(self, key: str):
        programme, number = self.parse(key)
        cohort = Cohort.objects.filter(programme=programme, number=number).first()
        if cohort is None:
            raise ValueError(f"Unknown cohort “{key}”.")
        return cohort

    def parse(self, key: str) -> tuple:
        """The programme and the number a key names, or why it names none."""
        programme_key_text, _, number = key.rpartition("#")
        if not number.strip().isdigit():
            raise ValueError(
                f"Write a cohort as programme#number, e.g. moussalaha#13 (got “{key}”)."
            )
        return self.programmes.clean(programme_key_text), int(number)

    def prefetch(self, values, defer: tuple[str, ...] = ()) -> None:
        keys = {str(value).strip() for value in values if value is not None}
        keys = {key for key in keys if key and key not in self._cache}
        self.programmes.prefetch(key.rpartition("#")[0] for key in keys)
        wanted = {}
        for key in keys:
            try:
                programme, number = self.parse(key)
            except ValueError as refusal:
                self._cache[key] = Refusal(str(refusal))
            else:
                wanted[key] = (programme.pk if programme else None, number)
        cohorts = Cohort.objects.filter(
            programme_id__in={programme for programme, _ in wanted.values()},
            number__in={number for _, number in wanted.values() if number <= MAX_COHORT},
        )
        found = {(cohort.programme_id, cohort.number): cohort for cohort in cohorts}
        for key, pair in wanted.items():
            self._cache[key] = found.get(pair) or Refusal(f"Unknown cohort “{key}”.")

    def reset(self) -> None:
        super().reset()
        self.programmes.reset()

    def render(self, value, obj=None, **kwargs):
        return f"{value.programme.slug}#{value.number}" if value else ""


MAX_COHORT = 2**31 - 1  # PostgreSQL's integer


def user_key() -> NaturalKeyWidget:
    return NaturalKeyWidget(get_user_model(), ("username",), "user")


class ReportedFigureResource(CtdbResource):
    id = Field(attribute="id", column_name="id", readonly=True)
    source = Field(column_name="source", readonly=True)
    quote = Field(attribute="quote", column_name="quote", widget=QuoteWidget())
    metric = Field(
        attribute="metric",
        column_name="metric",
        widget=NaturalKeyWidget(Metric, ("slug", "name_en", "name_ar", "name_fr"), "metric"),
    )
    value = Field(attribute="value", column_name="value", widget=NumberWidget())
    value_max = Field(attribute="value_max", column_name="value_max", widget=NumberWidget())
    period_start = date_field("period_start")
    period_start_precision = precision_field("period_start")
    period_end = date_field("period_end")
    period_end_precision = precision_field("period_end")
    as_of = date_field("as_of")
    as_of_precision = precision_field("as_of")
    institution = Field(
        attribute="institution", column_name="institution", widget=institution_key()
    )
    programme = Field(attribute="programme", column_name="programme", widget=programme_key())
    cohort = Field(attribute="cohort", column_name="cohort", widget=CohortWidget())
    law = Field(
        attribute="law", column_name="law", widget=NaturalKeyWidget(Law, ("slug", "number"), "law")
    )
    incident = Field(
        attribute="incident",
        column_name="incident",
        widget=NaturalKeyWidget(Incident, ("slug", "name_en", "name_ar", "name_fr"), "incident"),
    )
    area = Field(attribute="area", column_name="area", widget=AreaWidget())
    attributed_to_institution = Field(
        attribute="attributed_to_institution",
        column_name="attributed_to_institution",
        widget=institution_key(),
    )
    status = Field(attribute="status", column_name="status")
    created_by = Field(attribute="created_by", column_name="created_by", widget=user_key())
    reviewed_by = Field(attribute="reviewed_by", column_name="reviewed_by", widget=user_key())
    reviewed_at = Field(
        attribute="reviewed_at", column_name="reviewed_at", widget=OffsetDateTimeWidget()
    )
    value_in_quote = Field(attribute="value_in_quote", column_name="value_in_quote", readonly=True)
    origin = Field(attribute="origin", column_name="origin", readonly=True)

    class Meta(CtdbResource.Meta):
        model = ReportedFigure
        import_id_fields = ["source", "quote", "metric", "value"]
        fields = [
            "id",
            "source",
            "quote",
            "metric",
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
            "institution",
            "programme",
            "cohort",
            "law",
            "incident",
            "area",
            "attributed_to_institution",
            "attributed_to_speaker",
            "notes",
            *REVIEW_COLUMNS,
            "value_in_quote",
            "origin",
        ]
        export_order = fields

    def __init__(self, keep_review: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.keep_review = keep_review
        for name in REVIEW_COLUMNS:
            self.fields[name].readonly = not keep_review

    def required_columns(self) -> list[str]:
        return ["source", "quote", "metric", "value"]

    def not_cleaned(self, errors: dict) -> list[str]:
        # A source that cannot be read leaves the quote unlooked for, not missing.
        return [*super().not_cleaned(errors), *(["quote"] if "source" in errors else [])]

    def known_columns(self) -> set[str]:
        # The admin's download of the figure list comes back with its other columns.
        return super().known_columns() | set(STAFF_COLUMN_NAMES)

    def import_instance(self, instance, row, **kwargs):
        """The row's cells onto the figure; each refusal kept under its column."""
        errors = {}
        for field in self.get_import_fields():
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                errors[error_column(field, error)] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def import_data(self, dataset, *args, **kwargs):
        """Import a file: row by row with a full preview, or set by set when it is large."""
        if len(dataset) > BULK_IMPORT_ROWS:
            from .bulkimport import BulkFigureResource

            bulk = BulkFigureResource(keep_review=self.keep_review)
            return bulk.import_data(dataset, *args, **kwargs)
        kwargs.pop("progress", None)
        self.saved_rows: dict[int, int] = {}
        return super().import_data(dataset, *args, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        self.saved_rows[instance.pk] = kwargs.get("row_number")

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.keep_review:
            refuse_restored(self.saved_rows, result)
        if not kwargs.get("dry_run"):
            figures_changed(list(self.saved_rows))

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.fields["quote"].widget.user = self.user

    def get_instance(self, instance_loader, row):
        """An existing figure with the same quote (source and words), metric and value."""
        try:
            words = quote_words(row.get("quote"))
            source = self.fields["quote"].widget.sources.clean(row.get("source"))
            metric = self.fields["metric"].widget.clean(row.get("metric"))
            value = NumberWidget().clean(row.get("value"))
        except ValueError:
            return None  # the row's own errors are reported field by field
        if source is None or metric is None or value is None:
            return None
        span = find_span(source.text, words)
        if span is None:
            return None
        return ReportedFigure.objects.filter(
            quote__source=source,
            quote__start=span[0],
            quote__end=span[1],
            metric=metric,
            value=value,
        ).first()

    def after_init_instance(self, instance, new, row, **kwargs):
        if new and not self.keep_review:
            if self.user is None or not self.user.is_authenticated:
                raise ValidationError("Say which user imports the figures.")
            instance.created_by = self.user
            instance.last_modified_by = self.user
            instance.status = ReportedFigure.Status.DRAFT
        if new:
            instance.origin = ReportedFigure.Origin.IMPORT

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk and not self.keep_review:
            # An import that changes a figure is an edit like any other.
            move_back_on_edit(instance, self.user)
        check_value(instance)
        if self.user is not None and self.user.is_authenticated:
            instance._history_user = self.user

    def dehydrate_source(self, figure):
        return source_key().render(figure.quote.source)


def refuse_restored(saved_rows: dict[int, int | None], result) -> None:
    """A restore (``keep_review``) brings back figures as published only where the
    review rules allow their reviewers to publish them; each refusal is named by row."""
    refused = restore_refusals(figures=ReportedFigure.objects.filter(pk__in=list(saved_rows)))
    for pk, reason in sorted(refused.items(), key=lambda item: saved_rows[item[0]] or 0):
        row = saved_rows[pk]
        result.append_base_error(
            Error(ValidationError(f"Row {row}: published by its reviewer, {reason}."), number=row)
        )
