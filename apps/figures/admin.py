from django.contrib import admin

from .models import Disagreement, Metric, ReportedFigure


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_ar", "unit_kind"]
    search_fields = ["slug", "name_ar", "name_en", "name_fr"]


@admin.register(ReportedFigure)
class ReportedFigureAdmin(admin.ModelAdmin):
    list_display = [
        "id", "metric", "display_value", "status", "value_in_quote", "disagreement", "quote",
    ]
    list_filter = ["status", "metric", "qualifier", "value_in_quote", "origin", "assessment"]
    list_select_related = ["metric", "quote", "disagreement__metric"]
    search_fields = ["quote__text", "notes", "attributed_to_speaker"]
    autocomplete_fields = [
        "quote", "metric", "institution", "programme", "cohort", "law", "incident",
        "attributed_to_institution", "created_by", "reviewed_by",
    ]
    readonly_fields = ["value_in_quote", "disagreement", "created_at", "updated_at"]


class DisagreementFigureInline(admin.TabularInline):
    model = ReportedFigure
    fk_name = "disagreement"
    extra = 0
    can_delete = False
    fields = ["metric", "value", "qualifier", "quote", "status", "assessment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Disagreement)
class DisagreementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "metric", "detected_at"]
    list_select_related = ["metric"]
    inlines = [DisagreementFigureInline]
