from django.contrib import admin

from apps.core.admin import BlankAwareValuesFilter, CtdbModelAdmin, CtdbTabularInline

from .models import Area, Cohort, Incident, Institution, Law, Programme, ProgrammeInstitution
from .resources import (
    CohortResource,
    IncidentResource,
    InstitutionResource,
    LawResource,
    ProgrammeResource,
)

# Names in three languages, the slug and the other keys, as stored words.
NAME_SEARCH = ["search_names"]


@admin.register(Institution)
class InstitutionAdmin(CtdbModelAdmin):
    resource_classes = [InstitutionResource]
    list_display = ["acronym", "name_en", "name_ar", "name_fr", "kind", "country", "parent"]
    list_filter = ["kind", ("country", BlankAwareValuesFilter)]
    list_select_related = ["parent"]
    search_fields = NAME_SEARCH
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["acronym"]}


class ProgrammeInstitutionInline(CtdbTabularInline):
    model = ProgrammeInstitution
    extra = 0
    autocomplete_fields = ["institution"]


class CohortInline(CtdbTabularInline):
    model = Cohort
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(CtdbModelAdmin):
    resource_classes = [ProgrammeResource]
    list_display = ["name_en", "name_ar", "name_fr", "launched_on", "launched_on_precision"]
    search_fields = NAME_SEARCH
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [ProgrammeInstitutionInline, CohortInline]


@admin.register(Cohort)
class CohortAdmin(CtdbModelAdmin):
    resource_classes = [CohortResource]
    list_display = ["__str__", "programme", "number", "starts_on", "ends_on"]
    list_filter = ["programme"]
    list_select_related = ["programme"]
    search_fields = ["programme__search_names", "number"]
    autocomplete_fields = ["programme"]


@admin.register(Law)
class LawAdmin(CtdbModelAdmin):
    resource_classes = [LawResource]
    list_display = ["number", "name_en", "name_ar", "promulgated_on"]
    search_fields = NAME_SEARCH
    prepopulated_fields = {"slug": ["number"]}


@admin.register(Incident)
class IncidentAdmin(CtdbModelAdmin):
    resource_classes = [IncidentResource]
    list_display = ["name_en", "name_ar", "occurred_on", "place", "country", "kind"]
    list_filter = ["kind", ("country", BlankAwareValuesFilter)]
    search_fields = [*NAME_SEARCH, "place"]
    date_hierarchy = "occurred_on"
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Area)
class AreaAdmin(CtdbModelAdmin):
    list_display = ["code", "kind", "name_en", "name_ar", "name_fr"]
    list_filter = ["kind"]
    search_fields = ["code", "name_ar", "name_en", "name_fr"]
