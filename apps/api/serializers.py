"""The shapes of the API's responses (read-only), which also document them.

A figure row has exactly the export's columns (apps.figures.exports), under
the same names: an API consumer and a CSV reader see the same table. Dates
that sources give to the year or month are ISO 8601 at that precision
(``2003``, ``2003-05``, ``2003-05-16``) and empty when unknown; numbers are
JSON numbers; times are UTC.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from apps.core.dates import PartialDate, utc_iso
from apps.figures.columns import COLUMNS, LANGUAGES, Column
from apps.figures.models import Disagreement, ReportedFigure, Unit
from apps.registry.models import Incident, Institution, ProgrammeInstitution
from apps.sources.models import Source

PARTIAL_DATE_SCHEMA = {
    "type": "string",
    "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?)?$",
    "description": _(
        "ISO 8601 at the precision the source gives (2003, 2003-05 or 2003-05-16); "
        "empty when unknown."
    ),
}
SLUG_SCHEMA = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}
ENUM_NAMES = {
    ReportedFigure.Qualifier: "Qualifier",
    ReportedFigure.Assessment: "Assessment",
    Disagreement.Kind: "DisagreementKind",
    Unit: "Unit",
    Source.Language: "Language",
    Source.Kind: "SourceKind",
    Institution.Kind: "InstitutionKind",
    Incident.Kind: "IncidentKind",
    ProgrammeInstitution.Role: "Role",
}


@extend_schema_field({"type": "number"})
class NumberField(serializers.Field):
    """A decimal as the source printed it: 214, not 214.00; 12.5, not 12.50."""

    def to_representation(self, value):
        value = Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PartialDateField(serializers.Field):
    """A (date, precision) pair of a model, read from the instance as a whole."""

    def __init__(self, date_field: str, **kwargs):
        self.date_field = date_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance) -> str:
        return PartialDate.of(instance, self.date_field).iso()


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PartialDateText(serializers.CharField):
    """An export column already written at its precision."""


class UtcDateTimeField(serializers.DateTimeField):
    """A moment in UTC, written as every export writes it (apps.core.dates.utc_iso)."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=dt.UTC, **kwargs)

    def to_representation(self, value):
        return utc_iso(value) if value else None


@extend_schema_field({"type": "string", "format": "uri"})
class FiguresLinkField(serializers.Field):
    """The figure list filtered to this record: /api/v1/figures/?<parameter>=<key>."""

    def __init__(self, parameter: str, attribute: str = "slug", **kwargs):
        self.parameter, self.attribute = parameter, attribute
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance) -> str:
        query = urlencode({self.parameter: getattr(instance, self.attribute)})
        url = f"{reverse('api:figure-list')}?{query}"
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


def string(**kwargs) -> serializers.CharField:
    return serializers.CharField(read_only=True, **kwargs)


@functools.cache
def choice_field_class(name: str, values: tuple[str, ...]) -> type[serializers.ChoiceField]:
    """A ChoiceField documented as the named schema component ``name``.

    Named here, a choice set keeps one name wherever it appears (``language`` and
    ``source_language`` are both Language; each ``kind`` has its own), whatever
    drf-spectacular's settings say.
    """
    field_class = type(f"{name}Field", (serializers.ChoiceField,), {})
    return extend_schema_field({"type": "string", "enum": list(values)}, component_name=name)(
        field_class
    )


def choice(enum, **kwargs) -> serializers.ChoiceField:
    """A read-only field of one of a TextChoices' values, documented under its name."""
    name = ENUM_NAMES[enum]
    field_class = choice_field_class(name, tuple(enum.values))
    return field_class(choices=enum.choices, read_only=True, **kwargs)


def names(prefix: str, *, nullable: bool = False) -> dict:
    return {f"{prefix}_{lang}": string(allow_null=nullable) for lang in LANGUAGES}


def row_field(column: Column) -> serializers.Field:
    """The API's field for one export column, by the column's kind."""
    extra = {"help_text": column.help_text} if column.help_text else {}
    if column.kind == "choice":
        return choice(column.choices, allow_null=column.nullable, **extra)
    if column.kind == "partial_date":
        return PartialDateText(read_only=True, **extra)
    if column.kind == "datetime":
        return UtcDateTimeField(read_only=True, allow_null=column.nullable, **extra)
    if column.kind == "integer":
        return serializers.IntegerField(read_only=True, allow_null=column.nullable, **extra)
    if column.kind == "number":
        return NumberField(read_only=True, allow_null=column.nullable, **extra)
    if column.kind == "boolean":
        return serializers.BooleanField(read_only=True, **extra)
    return string(allow_null=column.nullable, **extra)


def figure_row_fields() -> dict:
    """One field per export column, in the export's order."""
    return {column.name: row_field(column) for column in COLUMNS}


FigureRowSerializer = extend_schema_serializer(
    description=_("A published figure: the export's columns, under the same names.")
)(type("FigureRowSerializer", (serializers.Serializer,), figure_row_fields()))


class QuoteDetailSerializer(serializers.Serializer):
    text = string()
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)
    in_source = serializers.BooleanField(
        read_only=True,
        help_text=_("`false` when the source's text was edited and lost these words."),
    )
    speaker = string()
    paragraph_before = serializers.SerializerMethodField()
    paragraph_after = serializers.SerializerMethodField()

    def paragraph(self, quote) -> tuple[int, int]:
        body = quote.source.text
        start = body.rfind("\n", 0, quote.start) + 1
        end = body.find("\n", quote.end)
        return start, len(body) if end < 0 else end

    def get_paragraph_before(self, quote) -> str:
        return quote.source.text[self.paragraph(quote)[0] : quote.start]

    def get_paragraph_after(self, quote) -> str:
        return quote.source.text[quote.end : self.paragraph(quote)[1]]


class SourceMetaSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = string()
    publisher = string()
    author = string()
    url = string()
    published_on = PartialDateField("published_on")
    language = choice(Source.Language)
    kind = choice(Source.Kind)
    text_sha256 = string(help_text=_("SHA-256 of the full text, in hex."))
    retrieved_at = UtcDateTimeField(read_only=True, allow_null=True)
    updated_at = UtcDateTimeField(read_only=True)
    notes = string()


class ComparableSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    value = NumberField(read_only=True)
    value_max = NumberField(read_only=True, allow_null=True)
    qualifier = choice(ReportedFigure.Qualifier)
    unit = choice(Unit)
    period_start = PartialDateField("period_start")
    period_end = PartialDateField("period_end")
    as_of = PartialDateField("as_of")
    source_id = serializers.IntegerField(source="quote.source_id", read_only=True)
    disagreement_id = serializers.IntegerField(
        source="public_disagreement_id", read_only=True, allow_null=True
    )


FigureDetailSerializer = type(
    "FigureDetailSerializer",
    (serializers.Serializer,),
    {
        **figure_row_fields(),
        "quote_detail": QuoteDetailSerializer(
            read_only=True, help_text=_("The quote, its offsets and the paragraph around it.")
        ),
        "source": SourceMetaSerializer(read_only=True),
        "comparable": ComparableSerializer(
            many=True,
            read_only=True,
            help_text=_("Other published values for the same metric, subject and period."),
        ),
    },
)


class CountedSerializer(serializers.Serializer):
    published_count = serializers.IntegerField(
        read_only=True, help_text=_("How many published figures name it.")
    )


class SourceSerializer(SourceMetaSerializer, CountedSerializer):
    figures_url = FiguresLinkField("source", "pk")


class SourceQuoteSerializer(QuoteDetailSerializer):
    id = serializers.IntegerField(read_only=True)


class SourceDetailSerializer(SourceSerializer):
    openly_licensed = serializers.BooleanField(
        read_only=True, help_text=_("Whether anyone may republish the text.")
    )
    text = serializers.SerializerMethodField(
        help_text=_(
            "The full text, verbatim, when the source is openly licensed; otherwise null. "
            "Quote offsets point into it."
        )
    )
    quotes = SourceQuoteSerializer(
        source="published_quotes",
        many=True,
        read_only=True,
        help_text=_("The words published figures quote, with their paragraphs."),
    )

    def get_text(self, source) -> str | None:
        return source.text if source.openly_licensed else None


class NamedSerializer(CountedSerializer):
    slug = serializers.SlugField(read_only=True)
    name_ar = string()
    name_en = string()
    name_fr = string()


class InstitutionSerializer(NamedSerializer):
    acronym = string()
    kind = choice(Institution.Kind)
    country = string()
    parent = string(source="parent.slug", allow_null=True, help_text=_("The body it belongs to."))
    notes = string()
    figures_url = FiguresLinkField("institution")


class CohortSerializer(CountedSerializer):
    id = serializers.IntegerField(read_only=True, help_text=_("The figure filter's cohort key."))
    number = serializers.IntegerField(read_only=True)
    starts_on = PartialDateField("starts_on")
    ends_on = PartialDateField("ends_on")
    notes = string()
    figures_url = FiguresLinkField("cohort", "pk")


class ProgrammeRoleSerializer(serializers.Serializer):
    institution = string(source="institution.slug")
    role = choice(ProgrammeInstitution.Role)


class ProgrammeSerializer(NamedSerializer):
    launched_on = PartialDateField("launched_on")
    description = string()
    institutions = ProgrammeRoleSerializer(source="roles", many=True, read_only=True)
    cohorts = CohortSerializer(many=True, read_only=True)
    figures_url = FiguresLinkField("programme")


class LawSerializer(NamedSerializer):
    number = string()
    adopted_on = PartialDateField("adopted_on")
    promulgated_on = PartialDateField("promulgated_on")
    gazette_reference = string()
    notes = string()
    figures_url = FiguresLinkField("law")


class IncidentSerializer(NamedSerializer):
    occurred_on = PartialDateField("occurred_on")
    ended_on = PartialDateField("ended_on")
    place = string()
    country = string()
    kind = choice(Incident.Kind)
    notes = string()
    figures_url = FiguresLinkField("incident")


class MetricSerializer(NamedSerializer):
    unit = choice(Unit, source="unit_kind")
    description = string(help_text=_("In English."))
    description_ar = string(help_text=_("In Arabic."))
    description_fr = string(help_text=_("In French."))
    figures_url = FiguresLinkField("metric")


class DisagreementSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="group.id", read_only=True)
    metric = string(source="group.metric.slug")
    kind = choice(Disagreement.Kind, source="group.kind")
    reason = string(
        source="group.reason",
        help_text=_("Why the values cannot all be right, in the reader's language."),
    )
    detected_at = UtcDateTimeField(source="group.detected_at", read_only=True)
    figures = FigureRowSerializer(
        many=True, read_only=True, help_text=_("Its published members, by value.")
    )


class WithdrawnSerializer(serializers.Serializer):
    updated_since = UtcDateTimeField(read_only=True)
    withdrawn = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text=_("Ids of figures that were published and have left publication since then."),
    )


class ErrorSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        read_only=True,
        help_text=_("Messages by parameter name."),
    )


class DetailSerializer(serializers.Serializer):
    detail = string()


def page_of(item: type[serializers.Serializer], name: str) -> type[serializers.Serializer]:
    """The envelope of a list of ``item``: next and previous page links, and the rows."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "next": serializers.URLField(read_only=True, allow_null=True),
            "previous": serializers.URLField(read_only=True, allow_null=True),
            "results": item(many=True, read_only=True),
        },
    )
