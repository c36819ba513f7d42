from django.contrib import admin
from django.db.models import Count, Max, Min
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.admin import CtdbModelAdmin, CtdbTabularInline, auto_direction

from ..models import Disagreement, ReportedFigure
from ..provenance import describe_period

# A disagreement's page lists this many of its figures, then links to the rest.
MEMBERS_SHOWN = 50


class FirstMembersFormSet(BaseInlineFormSet):
    """The first ``MEMBERS_SHOWN`` figures of a disagreement, in the model's order."""

    def get_queryset(self):
        if not hasattr(self, "_first_members"):
            self._first_members = super().get_queryset()[:MEMBERS_SHOWN]
        return self._first_members


class DisagreementFigureInline(CtdbTabularInline):
    model = ReportedFigure
    fk_name = "disagreement"
    formset = FirstMembersFormSet
    extra = 0
    can_delete = False
    show_change_link = True
    fields = [
        "value_column",
        "period_column",
        "quote_column",
        "source_column",
        "status",
        "assessment",
        "assessment_reason",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("metric", "quote__source")

    @admin.display(description=_("value"))
    def value_column(self, figure):
        return figure.display_value()

    @admin.display(description=_("period"))
    def period_column(self, figure):
        return describe_period(figure)

    @admin.display(description=_("quote"))
    def quote_column(self, figure):
        return auto_direction(figure.quote.text, limit=None)

    @admin.display(description=_("source"))
    def source_column(self, figure):
        source = figure.quote.source
        return format_html(
            '<span dir="auto">{}</span><br><small>{} · {}</small>',
            source.title,
            source.publisher or _("publisher unknown"),
            source.published,
        )


@admin.register(Disagreement)
class DisagreementAdmin(CtdbModelAdmin):
    list_display = ["__str__", "metric", "kind", "reason_column", "values_column", "size"]
    list_filter = ["kind", "metric"]
    list_select_related = ["metric"]
    inlines = [DisagreementFigureInline]
    fields = [
        "metric",
        "kind",
        "reason_en",
        "reason_ar",
        "reason_fr",
        "detected_at",
        "updated_at",
        "members",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(public=False)  # staff's groups; readers' are formed from published figures
            .select_related("metric")
            .annotate(
                figure_count=Count("figures"),
                lowest=Min("figures__value"),
                highest=Max("figures__value"),
            )
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("why"))
    def reason_column(self, disagreement):
        return auto_direction(disagreement.reason, limit=140)

    @admin.display(description=_("figures"), ordering="figure_count")
    def size(self, disagreement):
        return disagreement.figure_count

    @admin.display(description=_("figures"))
    def members(self, disagreement):
        link = format_html(
            '<a href="{}?disagreement={}">{}</a>',
            reverse("admin:figures_reportedfigure_changelist"),
            disagreement.pk,
            _("Show them in the list of figures"),
        )
        if disagreement.figure_count <= MEMBERS_SHOWN:
            return link
        shown = _("Only the first %(shown)s of %(count)s are shown below.") % {
            "shown": MEMBERS_SHOWN,
            "count": disagreement.figure_count,
        }
        return format_html("{} {}", shown, link)

    @admin.display(description=_("reported values"))
    def values_column(self, disagreement):
        low, high = disagreement.lowest, disagreement.highest
        if low is None:
            return "—"
        return (
            f"{low.normalize():f} … {high.normalize():f}" if low != high else f"{low.normalize():f}"
        )
