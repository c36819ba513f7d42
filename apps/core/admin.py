"""Admin behaviour every ctdb model shares: search by words, text that keeps
its own direction, and history; and the search's lexicon of plural forms."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from .imports import EXPORT_FORMATS, IMPORT_FORMATS, MAX_IMPORT_BYTES, CtdbResource
from .models import PluralForm
from .search import WordSearch, any_of, fields_matching

# Arabic and Latin text share the same fields: each box takes the direction of
# what is typed in it.
DIRECTION_AWARE_WIDGETS = {
    models.URLField: {
        "assume_scheme": "https",
        "widget": forms.URLInput(attrs={"class": "vURLField"}),
    },
    models.CharField: {"widget": forms.TextInput(attrs={"dir": "auto", "class": "vTextField"})},
    models.TextField: {"widget": forms.Textarea(attrs={"dir": "auto", "rows": 4, "cols": 80})},
}


def typing_ahead(request) -> bool:
    """An autocomplete box asks while a word is being typed."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


class ArabicSearchMixin:
    """Search ``search_fields`` by words, the way the public site does
    (``apps.core.search.fields_matching``): a row matches when it matches any
    word or phrase of the search. In an autocomplete box the last word may be
    the beginning of a longer one."""

    def get_search_results(self, request, queryset, search_term):
        if not self.search_fields:
            return queryset, False
        search = WordSearch.prepare(search_term, using=queryset.db, prefix=typing_ahead(request))
        if not search:
            return queryset, False
        queryset, per_term = fields_matching(queryset, self.search_fields, search)
        return queryset.filter(any_of(per_term)), False


class SpreadsheetMixin(ImportExportMixin):
    """Import and export buttons on every table: CSV and Excel in, CSV, Excel and JSON out."""

    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS

    def import_action(self, request, **kwargs):
        upload = request.FILES.get("import_file")
        if upload is not None and upload.size > MAX_IMPORT_BYTES:
            from django.contrib import messages

            self.message_user(
                request,
                _(
                    "The file is %(size)s MB; the limit is %(limit)s MB. "
                    "Split it and import the parts."
                )
                % {"size": round(upload.size / 2**20, 1), "limit": MAX_IMPORT_BYTES // 2**20},
                messages.ERROR,
            )
            request.FILES.pop("import_file")
        return super().import_action(request, **kwargs)


class CtdbModelAdmin(ArabicSearchMixin, SpreadsheetMixin, SimpleHistoryAdmin):
    formfield_overrides = DIRECTION_AWARE_WIDGETS


class CtdbTabularInline(admin.TabularInline):
    formfield_overrides = DIRECTION_AWARE_WIDGETS


def auto_direction(text: str, limit: int | None = 120):
    """Text shown in a list in its own direction, shortened to ``limit``."""
    if text is None:
        return ""
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return format_html('<span dir="auto">{}</span>', text)


class PluralFormResource(CtdbResource):
    class Meta(CtdbResource.Meta):
        model = PluralForm
        import_id_fields = ["singular", "plural"]
        fields = ["singular", "plural"]
        export_order = fields


@admin.register(PluralForm)
class PluralFormAdmin(CtdbModelAdmin):
    """The lexicon of plural forms the search reads (apps.core.search)."""

    resource_classes = [PluralFormResource]
    list_display = ["singular", "plural"]
    search_fields = ["singular", "plural"]
