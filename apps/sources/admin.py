from django import forms
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import _boolean_icon
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from apps.core.admin import CtdbModelAdmin, CtdbTabularInline, auto_direction
from apps.core.largetables import LargeTableMixin

from .models import Quote, Source
from .resources import QuoteResource, SourceResource


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
    search_fields = ["search_text", "url", "seed_file"]
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

    def get_urls(self):
        from django.urls import path

        from apps.suggestions.views import suggest_figures

        def view(request, object_id):
            return suggest_figures(request, self, object_id)

        suggest = path(
            "<path:object_id>/suggest/",
            self.admin_site.admin_view(view),
            name="sources_source_suggest",
        )
        return [suggest, *super().get_urls()]

    def get_queryset(self, request):
        # A correlated count is computed for the rows shown only, never for the whole table.
        quotes = Quote.objects.filter(source=OuterRef("pk")).order_by().values("source")
        total = quotes.annotate(n=Count("id")).values("n")
        return super().get_queryset(request).annotate(quote_total=Coalesce(Subquery(total), 0))

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
        "figure_count",
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

    def get_queryset(self, request):
        from apps.figures.models import ReportedFigure

        figures = ReportedFigure.objects.filter(quote=OuterRef("pk")).order_by().values("quote")
        total = figures.annotate(n=Count("id")).values("n")
        return super().get_queryset(request).annotate(figure_total=Coalesce(Subquery(total), 0))

    @admin.display(description=_("exact words"))
    def text_column(self, quote):
        return auto_direction(quote.text, limit=110)

    @admin.display(description=_("source"), ordering="source__title")
    def source_column(self, quote):
        return auto_direction(quote.source.title, limit=60)

    @admin.display(description=_("figures"), ordering="figure_total")
    def figure_count(self, quote):
        return quote.figure_total
