"""Admin behaviour every ctdb model shares: Arabic-aware search, text that
keeps its own direction, and history."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from .formulas import EXPORT_FORMATS
from .imports import IMPORT_FORMATS, MAX_IMPORT_BYTES
from .search import Normalize, normalized_term

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


# How many related rows a search may name by id (see ArabicSearchMixin.matching_related).
RELATED_IDS_LISTED = 1_000


def search_terms(search_term: str) -> list[str]:
    """Words of a search, keeping "quoted phrases" together."""
    terms = []
    for bit in smart_split(search_term):
        if bit[:1] in {'"', "'"} and bit[-1:] == bit[:1]:
            bit = unescape_string_literal(bit)
        if bit.strip():
            terms.append(bit)
    return terms


class ArabicSearchMixin:
    """Match ``search_fields`` through ``ctdb_normalize``: hamza, alef, ya,
    ta marbuta, diacritics, tatweel and digit variants all find each other.

    A field named ``search_text`` (or ending in ``__search_text``) is a stored,
    trigram-indexed normalised column; any other field is normalised on the fly.
    """

    def get_search_results(self, request, queryset, search_term):
        terms = search_terms(search_term)
        if not terms or not self.search_fields:
            return queryset, False
        aliases = {}
        related_columns = []
        for index, field in enumerate(self.search_fields):
            if field == "search_text":
                aliases[field] = field
            elif field.endswith("__search_text"):
                related_columns.append(field.removesuffix("__search_text"))
            else:
                name = f"_search_{index}"
                queryset = queryset.alias(**{name: Normalize(Cast(F(field), TextField()))})
                aliases[field] = name
        for term in terms:
            condition = Q()
            for column in aliases.values():
                condition |= Q(**{f"{column}__contains": normalized_term(term)})
            for path in related_columns:
                condition |= Q(**{f"{path}__in": self.matching_related(queryset.model, path, term)})
            queryset = queryset.filter(condition)
        return queryset, False

    @staticmethod
    def matching_related(model, path: str, term: str):
        """Ids of related rows whose indexed search column contains the term.

        Up to ``RELATED_IDS_LISTED`` of them are listed in the query itself:
        PostgreSQL then knows how many rows they select, and an OR with the
        model's own column keeps to its indexes. More than that (a common word
        among a million quotes) stay a subquery, which PostgreSQL answers with
        the trigram index and a semi-join.
        """
        for name in path.split("__"):
            model = model._meta.get_field(name).related_model
        matches = model._default_manager.filter(
            search_text__contains=normalized_term(term)
        ).values_list("pk", flat=True)
        ids = list(matches.order_by()[: RELATED_IDS_LISTED + 1])
        return ids if len(ids) <= RELATED_IDS_LISTED else matches.order_by()


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


class BackgroundJobAdmin(admin.ModelAdmin):
    """Jobs the background worker runs for one person (imports, bulk actions):
    read-only, each seen by whoever started it and by superusers, deleted
    only once finished. The model has ``created_by``, ``running`` and the
    ``done_field``/``total_field`` counts its progress bar shows."""

    done_field = "rows_done"
    total_field = "rows_total"
    # Large columns no page shows.
    deferred_fields: tuple[str, ...] = ()

    def get_queryset(self, request):
        jobs = super().get_queryset(request).defer(*self.deferred_fields)
        return jobs if request.user.is_superuser else jobs.filter(created_by=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return request.user.is_superuser or obj.created_by_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and (obj is None or not obj.running)

    @admin.display(description=_("progress"))
    def progress_column(self, job):
        done, total = getattr(job, self.done_field), getattr(job, self.total_field)
        return format_html(
            '<progress max="{}" value="{}"></progress> {} / {}', total or 1, done, done, total
        )
