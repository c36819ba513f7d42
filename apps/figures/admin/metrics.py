from django.contrib import admin

from apps.core.admin import CtdbModelAdmin

from ..models import Metric
from ..resources import MetricResource


@admin.register(Metric)
class MetricAdmin(CtdbModelAdmin):
    resource_classes = [MetricResource]
    list_display = ["slug", "name_en", "name_ar", "name_fr", "unit_kind", "kind"]
    list_filter = ["unit_kind", "kind"]
    search_fields = ["search_names"]
    prepopulated_fields = {"slug": ["name_en"]}
