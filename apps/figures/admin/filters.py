"""The figure list's own filters."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.sources.admin import PublisherListFilter
from apps.sources.models import Source

from ..models import Disagreement


class ProvenanceFlagFilter(admin.SimpleListFilter):
    """Figures by what the provenance checks found."""

    title = _("provenance check")
    parameter_name = "check"

    def lookups(self, request, model_admin):
        return [
            ("value_missing", _("value not in quote, no override")),
            ("overridden", _("value check overridden")),
            ("quote_lost", _("quote no longer in source")),
            ("disagreement", _("in a disagreement")),
            ("clean", _("all checks pass")),
        ]

    def queryset(self, request, queryset):
        conditions = {
            "value_missing": Q(value_in_quote=False, value_check_override=""),
            "overridden": Q(value_in_quote=False) & ~Q(value_check_override=""),
            "quote_lost": Q(quote__in_source=False),
            "disagreement": Q(disagreement__isnull=False),
            "clean": Q(value_in_quote=True, quote__in_source=True, disagreement__isnull=True),
        }
        condition = conditions.get(self.value())
        return queryset.filter(condition) if condition is not None else queryset


class PublisherFilter(PublisherListFilter):
    """Figures by the outlet that published their source."""

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(quote__source__publisher=self.value())
        return queryset


class ChosenByIdFilter(admin.SimpleListFilter):
    """Figures of one related row chosen by its id in the address (?<parameter>=ID).

    No list of every choice is built: at scale that list would be the slowest
    part of the page and too long to read. Only the chosen row is shown, so the
    page says what it is filtered by.
    """

    rows = None  # a queryset of the related model, with what its name needs
    field = ""

    def lookups(self, request, model_admin):
        value = self.value()
        if not value or not value.isdigit():
            return []
        chosen = self.rows.filter(pk=value).first()
        return [(value, str(chosen) if chosen else value)]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(**{self.field: value}) if value and value.isdigit() else queryset


class SourceFilter(ChosenByIdFilter):
    """Figures of one source (?source=ID), e.g. from the source's page."""

    title = _("source")
    parameter_name = "source"
    rows = Source.objects.only("id", "title")
    field = "quote__source_id"


class DisagreementFilter(ChosenByIdFilter):
    """Figures of one disagreement (?disagreement=ID), linked from its page."""

    title = _("disagreement")
    parameter_name = "disagreement"
    rows = Disagreement.objects.select_related("metric")
    field = "disagreement_id"
