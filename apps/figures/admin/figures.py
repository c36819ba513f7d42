"""Reported figures in the admin: entry, the provenance checks, the review actions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from apps.core.admin import CtdbModelAdmin, auto_direction
from apps.core.largetables import LargeTableMixin
from apps.core.numbers import value_in_text
from apps.registry.subjects import SUBJECT_NAMES

from .. import exports, services
from ..models import ReportedFigure
from ..resources import ReportedFigureResource
from ..review import ASSESS, PUBLISH, REJECT, RETURN_TO_DRAFT, SUBMIT
from .filters import (
    DisagreementFilter,
    ProvenanceFlagFilter,
    PublisherFilter,
    SourceFilter,
)
from .forms import AssessmentForm, PlainDecimalField, ReasonForm

# A selection up to this many figures is changed within the request (a few
# seconds at most); a larger one goes to the background worker, when an app
# that runs review steps there is installed (``background_review``).
BACKGROUND_FIGURES = 10_000
# The confirmation page lists this many of the selected figures.
SHOWN = 100


PAGE_TITLES = {
    PUBLISH.name: _("Publish figures"),
    REJECT.name: _("Reject figures"),
    ASSESS.name: _("Rank figures"),
}


def selection_size(queryset, limit: int) -> int:
    """The figures selected, counted up to one past ``limit``."""
    return queryset.order_by().values("pk")[: limit + 1].count()


@admin.register(ReportedFigure)
class ReportedFigureAdmin(LargeTableMixin, CtdbModelAdmin):
    resource_classes = [ReportedFigureResource]
    # Set by the apps that run work in the background, in their AppConfig.ready:
    # ``background_review(request, transition, queryset, reason)`` answers a
    # review step over a selection too large for one request (apps.bulkactions);
    # ``background_import`` takes long files to the worker (apps.imports).
    background_review = None
    background_import = None
    list_display = [
        "id",
        "value_column",
        "metric",
        "status",
        "quote_column",
        "source_column",
        "checks_column",
        "created_by",
        "updated_at",
    ]
    list_display_links = ["id", "value_column"]
    list_filter = [
        "status",
        ProvenanceFlagFilter,
        "metric",
        "institution",
        "programme",
        "area",
        SourceFilter,
        DisagreementFilter,
        PublisherFilter,
        "quote__source__language",
        "qualifier",
        "origin",
        "assessment",
        ("created_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["metric", "quote__source", "created_by"]
    list_defer = [
        "notes",
        "quote__search_text",
        "quote__source__text",
        "quote__source__search_text",
        "quote__source__notes",
    ]
    list_per_page = 100
    # The quote's words, through its indexed column; notes are not searched, since
    # an unindexed column would make every search read the whole table.
    search_fields = ["quote__search_text"]
    ordering = ["-id"]
    autocomplete_fields = [
        "quote",
        "metric",
        "institution",
        "programme",
        "cohort",
        "law",
        "incident",
        "attributed_to_institution",
    ]
    readonly_fields = [
        "quote_preview",
        "provenance_warnings",
        "status",
        "origin",
        "value_in_quote",
        "value_check_override",
        "created_by",
        "last_modified_by",
        "reviewed_by",
        "reviewed_at",
        "review_note",
        "disagreement_link",
        "assessment",
        "assessment_reason",
        "assessed_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (_("Quote"), {"fields": ["quote", "quote_preview", "provenance_warnings"]}),
        (_("Figure"), {"fields": ["metric", ("value", "value_max"), ("qualifier", "unit")]}),
        (
            _("Period"),
            {
                "fields": [
                    ("period_start", "period_start_precision"),
                    ("period_end", "period_end_precision"),
                    ("as_of", "as_of_precision"),
                ]
            },
        ),
        (_("About"), {"fields": ["area", *SUBJECT_NAMES]}),
        (
            _("Attributed to"),
            {"fields": ["attributed_to_institution", "attributed_to_speaker"]},
        ),
        (_("Notes"), {"fields": ["notes"]}),
        (
            _("Review"),
            {
                "fields": [
                    ("status", "origin"),
                    ("created_by", "last_modified_by"),
                    ("reviewed_by", "reviewed_at"),
                    "review_note",
                    ("value_in_quote", "value_check_override"),
                    "disagreement_link",
                    ("assessment", "assessed_by"),
                    "assessment_reason",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]
    actions = ["submit_for_review", "return_to_draft", "publish", "reject", "assess"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        for name, transition in (("publish", PUBLISH), ("reject", REJECT), ("assess", ASSESS)):
            if not services.may_take(transition, request.user):
                actions.pop(name, None)
        return actions

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in {"value", "value_max"}:
            kwargs["form_class"] = PlainDecimalField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.figure_record_edit(figure=obj, user=request.user)

    def import_action(self, request, **kwargs):
        if self.background_import is not None:
            response = self.background_import.start(self, request)
            if response is not None:
                return response
        return super().import_action(request, **kwargs)

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        if self.background_import is not None:
            context["background_rows"] = self.background_import.rows
        return context

    def get_urls(self):
        from django.urls import path

        stream = path(
            "download/",
            self.admin_site.admin_view(self.download_view),
            name="figures_reportedfigure_download",
        )
        return [stream, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        query = request.GET.copy()
        url = reverse("admin:figures_reportedfigure_download")
        extra_context = {
            **(extra_context or {}),
            "stream_export_url": f"{url}?{query.urlencode()}&" if query else f"{url}?",
        }
        return super().changelist_view(request, extra_context)

    def download_view(self, request):
        """Everything the changelist shows (filters and search), streamed, in one step."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        request.GET = request.GET.copy()
        fmt = request.GET.pop("format", ["csv"])[-1]
        queryset = self.get_changelist_instance(request).get_queryset(request)
        if fmt == "xlsx":
            stream = exports.stream_xlsx(queryset, staff=True)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            fmt, content_type = "csv", "text/csv; charset=utf-8"
            stream = exports.stream_csv(queryset, staff=True)
        response = StreamingHttpResponse(stream, content_type=content_type)
        name = exports.filename(fmt, stem="ctdb-figures-staff")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @admin.display(description=_("value"), ordering="value")
    def value_column(self, figure):
        return figure.display_value()

    @admin.display(description=_("quote"))
    def quote_column(self, figure):
        return auto_direction(figure.quote.text, limit=90)

    @admin.display(description=_("source"), ordering="quote__source__title")
    def source_column(self, figure):
        return auto_direction(figure.quote.source.title, limit=60)

    @admin.display(description=_("checks"))
    def checks_column(self, figure):
        if not figure.pk:
            return ""
        flags = []
        if not figure.value_in_quote:
            flags.append(
                _("overridden") if figure.value_check_override else _("value not in quote")
            )
        if figure.disagreement_id:
            flags.append(_("disagreement"))
        return ", ".join(str(flag) for flag in flags) or "✓"

    @admin.display(description=_("quote, with the value marked"))
    def quote_preview(self, figure):
        if not figure.pk and not figure.quote_id:
            return _("Choose a quote and save to see it here with the value marked.")
        text = figure.quote.text
        mention = value_in_text(figure.value, text) if figure.value is not None else None
        source = format_html(
            '<div class="help">{} — <a href="{}">{}</a></div>',
            figure.quote.source.publisher or _("publisher unknown"),
            reverse("admin:sources_source_change", args=[figure.quote.source_id]),
            figure.quote.source.title,
        )
        if mention is None:
            return format_html('<blockquote dir="auto">{}</blockquote>{}', text, source)
        return format_html(
            '<blockquote dir="auto">{}<mark>{}</mark>{}</blockquote>{}',
            text[: mention.start],
            text[mention.start : mention.end],
            text[mention.end :],
            source,
        )

    @admin.display(description=_("provenance warnings"))
    def provenance_warnings(self, figure):
        if not figure.pk:
            return "—"
        warnings = figure.provenance_warnings()
        if not warnings:
            return _("All provenance checks pass.")
        return format_html(
            '<ul class="errorlist">{}</ul>',
            format_html_join("", "<li>{}</li>", ((w,) for w in warnings)),
        )

    @admin.display(description=_("disagreement"))
    def disagreement_link(self, figure):
        if not figure.disagreement_id:
            return "—"
        url = reverse("admin:figures_disagreement_change", args=[figure.disagreement_id])
        return format_html('<a href="{}">{}</a>', url, figure.disagreement)

    def delete_model(self, request, obj):
        services.figures_delete(figures=ReportedFigure.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.figures_delete(figures=queryset)

    # --- Review actions: each one transition over the selection -------------

    def take_step(self, request, queryset, transition, *, reason: str = "", assessment: str = ""):
        """One review step over the selection, within the request up to
        ``BACKGROUND_FIGURES`` figures and beyond that by the background
        worker (``background_review``), whose page is the answer."""
        if self.background_review and selection_size(queryset, BACKGROUND_FIGURES) > (
            BACKGROUND_FIGURES
        ):
            response = self.background_review(request, transition, queryset, reason)
            if response is not None:
                return response
        try:
            outcome = services.review_apply(
                transition=transition,
                figures=queryset,
                user=request.user,
                reason=reason,
                assessment=assessment,
            )
        except (services.WorkflowError, PermissionDenied) as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        if outcome.done:
            self.message_user(request, transition.done_message(outcome.done), messages.SUCCESS)
        for message in outcome.messages():
            self.message_user(request, message, messages.ERROR)
        return None

    def reason_page(self, request, queryset, transition, form):
        """Asks for the step's reason, and says which figures it will refuse and why."""
        shown = list(queryset.select_related("metric", "quote__source")[:SHOWN])
        reason = form.data.get("reason", "") if form.is_bound else ""
        refusals = services.review_refusals(
            transition=transition,
            figures=ReportedFigure.objects.filter(pk__in=[f.pk for f in shown]),
            user=request.user,
            reason=reason,
        )
        for figure in shown:
            figure.refusal = refusals.get(figure.pk, "")
        preview = services.review_preview(
            transition=transition, figures=queryset, user=request.user, reason=reason
        )
        context = {
            **self.admin_site.each_context(request),
            "title": PAGE_TITLES[transition.name],
            "action": transition.name,
            "form": form,
            "figures": shown,
            "preview": preview,
            "select_across": request.POST.get("select_across") == "1",
            "selected_count": preview.done + preview.refused_count,
            "shown_count": len(shown),
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/figures/reportedfigure/action_reason.html", context)

    @admin.action(description=_("Submit selected figures for review"))
    def submit_for_review(self, request, queryset):
        return self.take_step(request, queryset, SUBMIT)

    @admin.action(description=_("Return selected figures to draft"))
    def return_to_draft(self, request, queryset):
        return self.take_step(request, queryset, RETURN_TO_DRAFT)

    @admin.action(description=_("Publish selected figures"))
    def publish(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.reason_page(request, queryset, PUBLISH, form)
        return self.take_step(request, queryset, PUBLISH, reason=form.cleaned_data["reason"])

    @admin.action(description=_("Reject selected figures (with a reason)"))
    def reject(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid() and not form.cleaned_data["reason"].strip():
            form.add_error("reason", REJECT.needs_reason)
        if not form.is_valid():
            return self.reason_page(request, queryset, REJECT, form)
        return self.take_step(request, queryset, REJECT, reason=form.cleaned_data["reason"])

    @admin.action(description=_("Rank selected figures (best supported / disputed)"))
    def assess(self, request, queryset):
        form = AssessmentForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.reason_page(request, queryset, ASSESS, form)
        return self.take_step(
            request,
            queryset,
            ASSESS,
            reason=form.cleaned_data["reason"],
            assessment=form.cleaned_data["assessment"],
        )
