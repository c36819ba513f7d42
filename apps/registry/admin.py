from django.contrib import admin

from .models import Cohort, Incident, Institution, Law, Programme, ProgrammeInstitution

NAME_SEARCH = ["name_ar", "name_en", "name_fr", "slug"]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name_en", "name_ar", "kind", "country", "parent"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent"]
    search_fields = ["acronym", *NAME_SEARCH]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["acronym"]}


class ProgrammeInstitutionInline(admin.TabularInline):
    model = ProgrammeInstitution
    extra = 0
    autocomplete_fields = ["institution"]


class CohortInline(admin.TabularInline):
    model = Cohort
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ar", "launched_on", "launched_on_precision"]
    search_fields = NAME_SEARCH
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [ProgrammeInstitutionInline, CohortInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "number", "starts_on", "ends_on"]
    list_filter = ["programme"]
    list_select_related = ["programme"]
    search_fields = ["programme__name_en", "programme__name_ar", "number"]
    autocomplete_fields = ["programme"]


@admin.register(Law)
class LawAdmin(admin.ModelAdmin):
    list_display = ["number", "name_en", "name_ar", "promulgated_on"]
    search_fields = ["number", *NAME_SEARCH]
    prepopulated_fields = {"slug": ["number"]}


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ar", "occurred_on", "place", "country", "kind"]
    list_filter = ["kind", "country"]
    search_fields = ["place", *NAME_SEARCH]
    date_hierarchy = "occurred_on"
    prepopulated_fields = {"slug": ["name_en"]}
