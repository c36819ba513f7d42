from decimal import Decimal
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q
from django.forms.models import BaseInlineFormSet
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from apps.bulkactions import services as bulk_actions
from apps.core.admin import CtdbModelAdmin, CtdbTabularInline, auto_direction
from apps.core.dates import period_text
from apps.core.largetables import LargeTableMixin
from apps.core.numbers import value_in_text
from apps.imports.admin import BackgroundImportMixin
from apps.sources.admin import PublisherListFilter
from apps.sources.models import Source

from . import exports, services
from .models import Disagreement, Metric, ReportedFigure
from .resources import MetricResource, ReportedFigureResource


@admin.register(Metric)
class MetricAdmin(CtdbModelAdmin):
    resource_classes = [MetricResource]
    list_display = ["slug", "name_en", "name_ar", "name_fr", "unit_kind"]
    list_filter = ["unit_kind"]
    search_fields = ["slug", "name_ar", "name_en", "name_fr"]
    prepopulated_fields = {"slug": ["name_en"]}


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


class PlainDecimalField(forms.DecimalField):
    """Shows 214 rather than 214.00: counts are whole numbers as printed."""

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            value = value.normalize()
            return f"{value:f}"
        return value


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


def selection_size(queryset, limit: int) -> int:
    """The figures selected, counted up to one past ``limit``."""
    return queryset.order_by().values("pk")[: limit + 1].count()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 3, "cols": 80}),
        required=False,
    )


class AssessmentForm(ReasonForm):
    assessment = forms.ChoiceField(label=_("Assessment"), choices=ReportedFigure.Assessment.choices)


@admin.register(ReportedFigure)
class ReportedFigureAdmin(BackgroundImportMixin, LargeTableMixin, CtdbModelAdmin):
    resource_classes = [ReportedFigureResource]
    background_import_table = "figures"
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
        (_("About"), {"fields": ["institution", "programme", "cohort", "law", "incident"]}),
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
    actions = ["submit_for_review", "publish", "reject", "assess"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not services.can_review(request.user):
            for name in ("publish", "reject", "assess"):
                actions.pop(name, None)
        return actions

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in {"value", "value_max"}:
            kwargs["form_class"] = PlainDecimalField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.figure_record_edit(figure=obj, user=request.user)

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

    def report(self, request, outcome, done_message):
        if outcome.done:
            self.message_user(
                request, done_message % {"count": len(outcome.done)}, messages.SUCCESS
            )
        for figure, reason in outcome.refused:
            self.message_user(
                request,
                _("Figure #%(id)s (%(figure)s) refused: %(reason)s")
                % {"id": figure.pk, "figure": figure.display_value(), "reason": reason},
                messages.ERROR,
            )

    def reason_page(self, request, queryset, action, title, form):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "action": action,
            "form": form,
            "figures": queryset.select_related("metric", "quote__source")[:100],
            "select_across": request.POST.get("select_across") == "1",
            "selected_count": queryset.count()
            if selection_size(queryset, services.BULK_THRESHOLD) > services.BULK_THRESHOLD
            else None,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/figures/reportedfigure/action_reason.html", context)

    def report_summary(self, request, summary, done_message):
        """A large selection's outcome: how many were done, and refusals by reason."""
        if summary.done:
            self.message_user(request, done_message % {"count": summary.done}, messages.SUCCESS)
        for reason, count in summary.refused.items():
            examples = ", ".join(f"#{pk}" for pk in summary.examples[reason])
            self.message_user(
                request,
                _("%(count)s figure(s) refused: %(reason)s (e.g. %(examples)s).")
                % {"count": count, "reason": reason, "examples": examples},
                messages.ERROR,
            )

    def apply_step(self, request, queryset, *, action: str, reason: str = "", bulk, each, message):
        """One review step over the selection, as its size allows: figure by
        figure (``each``) up to ``services.BULK_THRESHOLD``, set by set within
        the request (``bulk``) up to ``bulk_actions.BACKGROUND_FIGURES``, and
        beyond that as a bulk action the worker runs, whose page is the answer."""
        limit = bulk_actions.BACKGROUND_FIGURES
        size = selection_size(queryset, limit)
        if size > limit:
            job = bulk_actions.bulk_action_start(
                action=action, queryset=queryset, user=request.user, reason=reason
            )
            self.message_user(
                request,
                _("%(count)s figures are being handled in the background; this page follows them.")
                % {"count": job.figures_total},
                messages.INFO,
            )
            return redirect("admin:bulkactions_bulkaction_change", job.pk)
        if size > services.BULK_THRESHOLD:
            return self.report_summary(request, bulk(queryset=queryset), message)
        self.report(request, services.apply_to_each(queryset, each), message)
        return None

    @admin.action(description=_("Submit selected figures for review"))
    def submit_for_review(self, request, queryset):
        user = request.user
        return self.apply_step(
            request,
            queryset,
            action="submit",
            bulk=partial(services.bulk_submit, user=user),
            each=partial(services.figure_submit, user=user),
            message=_("%(count)s figure(s) submitted for review."),
        )

    @admin.action(description=_("Publish selected figures"))
    def publish(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            title = _("Publish figures")
            return self.reason_page(request, queryset, "publish", title, form)
        reason, reviewer = form.cleaned_data["reason"], request.user
        return self.apply_step(
            request,
            queryset,
            action="publish",
            reason=reason,
            bulk=partial(services.bulk_publish, reviewer=reviewer, override_reason=reason),
            each=partial(services.figure_publish, reviewer=reviewer, override_reason=reason),
            message=_("%(count)s figure(s) published."),
        )

    @admin.action(description=_("Reject selected figures (with a reason)"))
    def reject(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid() and not form.cleaned_data["reason"].strip():
            form.add_error("reason", _("Say why the figures are rejected."))
        if not form.is_valid():
            return self.reason_page(request, queryset, "reject", _("Reject figures"), form)
        reason, reviewer = form.cleaned_data["reason"], request.user
        return self.apply_step(
            request,
            queryset,
            action="reject",
            reason=reason,
            bulk=partial(services.bulk_reject, reviewer=reviewer, reason=reason),
            each=partial(services.figure_reject, reviewer=reviewer, reason=reason),
            message=_("%(count)s figure(s) rejected."),
        )

    @admin.action(description=_("Rank selected figures (best supported / disputed)"))
    def assess(self, request, queryset):
        form = AssessmentForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.reason_page(request, queryset, "assess", _("Rank figures"), form)
        outcome = services.apply_to_each(
            queryset,
            services.figure_assess,
            reviewer=request.user,
            assessment=form.cleaned_data["assessment"],
            reason=form.cleaned_data["reason"],
        )
        self.report(request, outcome, _("%(count)s figure(s) ranked."))


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
        return period_text(*figure.period)

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
    list_display = ["__str__", "metric", "values_column", "size", "detected_at"]
    list_filter = ["metric"]
    list_select_related = ["metric"]
    inlines = [DisagreementFigureInline]
    fields = ["metric", "detected_at", "updated_at", "members"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
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
