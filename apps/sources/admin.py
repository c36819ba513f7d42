from django.contrib import admin

from .models import Quote, Source


class QuoteInline(admin.TabularInline):
    model = Quote
    extra = 0
    fields = ["text", "start", "end", "in_source", "speaker", "speaker_institution"]
    readonly_fields = ["start", "end", "in_source"]
    autocomplete_fields = ["speaker_institution"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "language", "kind", "seed_file"]
    list_filter = ["language", "kind", "published_on_precision"]
    search_fields = ["title", "publisher", "url", "seed_file"]
    readonly_fields = ["text_sha256", "created_at", "updated_at"]
    inlines = [QuoteInline]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "start", "end", "in_source", "speaker"]
    list_filter = ["in_source"]
    list_select_related = ["source"]
    search_fields = ["text", "speaker", "source__title"]
    autocomplete_fields = ["source", "speaker_institution"]
    readonly_fields = ["start", "end", "in_source"]
