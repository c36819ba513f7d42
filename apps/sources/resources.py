"""Spreadsheet columns of sources and quotes.

A source is referred to by its URL, else its seed file name, else its exact
title; a quote by its source and its exact words.
"""

from django.core.exceptions import ValidationError
from import_export.fields import Field

from apps.core.imports import (
    CtdbResource,
    NaturalKeyWidget,
    OffsetDateTimeWidget,
    date_field,
    precision_field,
)
from apps.registry.resources import institution_key

from .matching import nearest_passage
from .models import Quote, Source


def source_key() -> NaturalKeyWidget:
    return NaturalKeyWidget(Source, ("url", "seed_file", "title"), "source")


class SourceResource(CtdbResource):
    published_on = date_field("published_on")
    published_on_precision = precision_field("published_on")
    retrieved_at = Field(
        attribute="retrieved_at", column_name="retrieved_at", widget=OffsetDateTimeWidget()
    )
    text_sha256 = Field(attribute="text_sha256", column_name="text_sha256", readonly=True)

    class Meta(CtdbResource.Meta):
        model = Source
        import_id_fields = ["title"]  # the header check; rows are matched by get_instance
        fields = [
            "url",
            "seed_file",
            "title",
            "publisher",
            "author",
            "published_on",
            "published_on_precision",
            "language",
            "kind",
            "retrieved_at",
            "notes",
            "text",
            "text_sha256",
            "openly_licensed",
        ]
        export_order = fields

    def required_columns(self) -> list[str]:
        return ["title", "text"]

    def natural_key(self, row) -> tuple:
        url, seed = (str(row.get(name) or "").strip() for name in ("url", "seed_file"))
        return (url or seed or str(row.get("title") or "").strip(),)

    def get_instance(self, instance_loader, row):
        for column in ("url", "seed_file"):
            key = str(row.get(column) or "").strip()
            if key:
                return Source.objects.filter(**{column: key}).first()
        title = str(row.get("title") or "").strip()
        return Source.objects.filter(title=title, url="", seed_file="").first()


class QuoteResource(CtdbResource):
    source = Field(attribute="source", column_name="source", widget=source_key())
    speaker_institution = Field(
        attribute="speaker_institution", column_name="speaker_institution", widget=institution_key()
    )
    start = Field(attribute="start", column_name="start", readonly=True)
    end = Field(attribute="end", column_name="end", readonly=True)

    class Meta(CtdbResource.Meta):
        model = Quote
        import_id_fields = ["source", "text"]
        fields = ["source", "text", "start", "end", "speaker", "speaker_institution"]
        export_order = fields

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if instance.source_id and instance.text and instance.text not in instance.source.text:
            nearest = nearest_passage(instance.source.text, instance.text)
            raise ValidationError(
                {"text": f"These words are not in the source's text. Nearest passage: «{nearest}»"}
            )
        super().validate_instance(instance, import_validation_errors, validate_unique)
