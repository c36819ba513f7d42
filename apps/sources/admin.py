from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from django import forms
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import _boolean_icon
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import path
from django.utils.translation import gettext_lazy as _

from apps.core.admin import CtdbModelAdmin, CtdbTabularInline, VersionCheckedForm, auto_direction
from apps.core.largetables import LargeTableMixin
from apps.core.numbers import guess_language

from .models import Quote, Source
from .resources import QuoteResource, SourceResource


@dataclass(frozen=True)
class RelatedCount:
    """A list column: how many rows of another app's model point at each row shown."""

    label: str
    model: type[models.Model]
    field: str  # the model's foreign key to the rows listed

    def annotation(self) -> Coalesce:
        # A correlated count, computed for the rows shown only, never for the whole table.
        related = self.model.objects.filter(**{self.field: OuterRef("pk")}).order_by()
        total = related.values(self.field).annotate(n=Count("id")).values("n")
        return Coalesce(Subquery(total), 0)

    def column(self, name: str) -> Callable:
        @admin.display(description=self.label, ordering=name)
        def column(row):
            return getattr(row, name)

        column.__name__ = name
        return column


class QuoteInline(CtdbTabularInline):
    model = Quote
    extra = 1
    fields = ["text", "start", "end", "found_in_source", "speaker", "speaker_institution"]
    readonly_fields = ["start", "end", "found_in_source"]
    autocomplete_fields = ["speaker_institution"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(
                attrs={
                    "dir": "auto",
                    "rows": 2,
                    "cols": 60,
                    "placeholder": _("Paste the exact words"),
                }
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("found in source"))
    def found_in_source(self, quote):
        """A tick or a cross once the words were looked for; nothing on an empty row."""
        return _boolean_icon(quote.in_source) if quote.pk else ""


class SourceAdminForm(VersionCheckedForm):
    """A source's language may be left empty: it is then guessed from the text."""

    language = forms.ChoiceField(
        label=_("language"),
        choices=[("", _("Guess from the text")), *Source.Language.choices],
        required=False,
        help_text=_("Leave on “Guess from the text” to let the text decide."),
    )

    class Meta:
        model = Source
        # The admin adds the other fields from its fieldsets.
        fields = ["language", "text"]

    def __init__(self, *args, **kwargs):
        asked = kwargs.get("initial") or {}
        super().__init__(*args, **kwargs)
        # A new source starts on "guess" rather than on the model's default language.
        if self.instance._state.adding and "language" not in asked:
            self.initial["language"] = ""

    def clean(self):
        data = super().clean()
        if not data.get("language"):
            data["language"] = guess_language(data.get("text") or "")
        return data


class PublisherListFilter(admin.SimpleListFilter):
    """Sources by outlet."""

    title = _("publisher")
    parameter_name = "publisher"

    def lookups(self, request, model_admin):
        publishers = (
            Source.objects.exclude(publisher="")
            .order_by("publisher")
            .values_list("publisher", flat=True)
            .distinct()
        )
        return [(p, p) for p in publishers]

    def queryset(self, request, queryset):
        return queryset.filter(publisher=self.value()) if self.value() else queryset


@admin.register(Source)
class SourceAdmin(LargeTableMixin, CtdbModelAdmin):
    form = SourceAdminForm
    resource_classes = [SourceResource]
    list_display = [
        "title_column",
        "publisher",
        "published_on",
        "language",
        "kind",
        "quote_count",
        "seed_file",
    ]
    list_display_links = ["title_column"]
    list_filter = [
        "language",
        "kind",
        PublisherListFilter,
        "published_on_precision",
        "openly_licensed",
    ]
    search_fields = ["search_text"]  # title, publisher, address and file name
    date_hierarchy = "published_on"
    ordering = ["-created_at"]
    list_defer = ["text", "search_text", "notes"]
    readonly_fields = ["text_sha256", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "publisher", "author", "url", ("language", "kind")]}),
        (
            _("Dates"),
            {"fields": [("published_on", "published_on_precision"), "retrieved_at"]},
        ),
        (_("Text"), {"fields": ["text", "text_sha256", "openly_licensed"]}),
        (_("Notes"), {"fields": ["notes", "seed_file", ("created_at", "updated_at")]}),
    ]
    inlines = [QuoteInline]
    # Pages that apps building on sources add under each source, by name, from
    # their AppConfig.ready(): a view(request, model_admin, object_id) served at
    # <id>/<name>/ as admin:sources_source_<name> (the suggestions app's "suggest").
    pages: ClassVar[dict[str, Callable]] = {}

    def get_urls(self):
        added = [self.page_url(name, view) for name, view in self.pages.items()]
        return [*added, *super().get_urls()]

    def page_url(self, name: str, view: Callable):
        def page(request, object_id):
            return view(request, self, object_id)

        return path(
            f"<path:object_id>/{name}/",
            self.admin_site.admin_view(page),
            name=f"sources_source_{name}",
        )

    def get_queryset(self, request):
        quotes = RelatedCount(_("quotes"), Quote, "source")
        return super().get_queryset(request).annotate(quote_total=quotes.annotation())

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"dir": "auto", "rows": 18, "cols": 100})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("title"), ordering="title")
    def title_column(self, source):
        return auto_direction(source.title, limit=90)

    @admin.display(description=_("quotes"), ordering="quote_total")
    def quote_count(self, source):
        return source.quote_total


@admin.register(Quote)
class QuoteAdmin(LargeTableMixin, CtdbModelAdmin):
    resource_classes = [QuoteResource]
    list_display = [
        "text_column",
        "source_column",
        "start",
        "end",
        "in_source",
        "speaker",
    ]
    list_display_links = ["text_column"]
    list_filter = ["in_source", "source__language"]
    list_select_related = ["source"]
    search_fields = ["search_text", "source__search_text"]
    autocomplete_fields = ["source", "speaker_institution"]
    readonly_fields = ["start", "end", "in_source"]
    fields = ["source", "text", ("start", "end", "in_source"), "speaker", "speaker_institution"]
    # Newest first by id, which the primary key's index serves: quotes are
    # numbered as they are created, and created_at has no index.
    ordering = ["-id"]
    list_defer = ["search_text", "source__text", "source__search_text", "source__notes"]
    # Counts that apps building on quotes add as the last columns, by name, from
    # their AppConfig.ready() (figures adds how many figures rest on each quote).
    counts: ClassVar[dict[str, RelatedCount]] = {}

    def get_list_display(self, request):
        added = [count.column(name) for name, count in self.counts.items()]
        return [*super().get_list_display(request), *added]

    def get_queryset(self, request):
        added = {name: count.annotation() for name, count in self.counts.items()}
        return super().get_queryset(request).annotate(**added)

    @admin.display(description=_("exact words"))
    def text_column(self, quote):
        return auto_direction(quote.text, limit=110)

    @admin.display(description=_("source"), ordering="source__title")
    def source_column(self, quote):
        return auto_direction(quote.source.title, limit=60)
