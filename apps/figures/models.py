"""Metrics and the figures sources report for them.

A ReportedFigure is one number as one source stated it, resting on a Quote of
that source's exact words. Conflicting figures are never merged or deleted:
they are grouped in a Disagreement and can be ranked with reasons.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.dates import (
    PartialDate,
    partial_date_constraint_fields,
    partial_date_constraints,
    partial_date_fields,
)
from apps.core.models import FieldKeyedConstraintsMixin
from apps.core.search import Words
from apps.core.versions import VersionField
from apps.registry.areas import DEFAULT_AREA
from apps.registry.models import NamedEntity, names_for_search
from apps.registry.subjects import SUBJECT_COLUMNS, SUBJECT_NAMES

from . import provenance

# The figure's fields that name a record of each kind: what it is about, and
# for institutions also the body it is attributed to.
NAMING_FIELDS: dict[str, tuple[str, ...]] = {
    "metric": ("metric",),
    **{name: (name,) for name in SUBJECT_NAMES},
    "institution": ("institution", "attributed_to_institution"),
}


def period_sort_key() -> Coalesce:
    """What "sort by period" sorts on: the start, with unknown starts first.

    The listing's ordering and the index that serves it use this one expression,
    so PostgreSQL recognises the index.
    """
    return Coalesce(F("period_start"), Value(dt.date(1, 1, 1)))


class Unit(models.TextChoices):
    COUNT = "count", _("count")
    PERCENT = "percent", _("percent")


class MetricKind(models.TextChoices):
    """What a metric counts, which decides when two of its figures can disagree."""

    EVENTS = "events", _("events over a period (they add up over time)")
    LEVEL = "level", _("a level at a date")
    SHARE = "share", _("a share")


class Metric(NamedEntity):
    Kind = MetricKind

    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("A stable key, e.g. cells-dismantled.")
    )
    unit_kind = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    kind = models.CharField(
        _("what it counts"),
        max_length=10,
        choices=MetricKind.choices,
        default=MetricKind.EVENTS,
        help_text=_(
            "Events over a period (cells dismantled, arrests, attacks, deaths: a longer period "
            "holds more); a level at a date (prisoners held, members of a programme at a date); "
            "or a share (a percentage)."
        ),
    )
    description = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)

    search_names = names_for_search("slug")

    history = HistoricalRecords(excluded_fields=["search_names"])

    CONSTRAINT_FIELDS = {"figures_metric_has_a_name": "name_en"}

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=NamedEntity.has_a_name(),
                name="figures_metric_has_a_name",
                violation_error_message=_("Give at least one name."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MetricKind.values),
                name="figures_metric_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def described(self) -> str:
        """The description in the active language, falling back to the others."""
        language = (get_language() or "en")[:2]
        preferred = {"ar": "description_ar", "fr": "description_fr"}.get(language, "description")
        for field in (preferred, "description", "description_ar", "description_fr"):
            if getattr(self, field):
                return getattr(self, field)
        return ""


class Disagreement(models.Model):
    """Figures for the same metric, subject and area that cannot all be true,
    and why (``disagreements.rule``). Regrouped by the services that change figures.

    Staff see the groups of every figure not rejected; readers see the groups
    formed by published figures alone (``public``), so a draft never shows.
    """

    class Kind(models.TextChoices):
        CONTRADICTION = "contradiction", _("contradiction")
        IMPLAUSIBLE = "implausible", _("implausible (a likely misprint)")

    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="disagreements", verbose_name=_("metric")
    )
    public = models.BooleanField(
        _("among published figures"),
        default=False,
        help_text=_("Formed by published figures alone: the group readers see."),
    )
    kind = models.CharField(
        _("kind"), max_length=15, choices=Kind.choices, default=Kind.CONTRADICTION
    )
    reason_en = models.TextField(_("why (English)"), blank=True)
    reason_ar = models.TextField(_("why (Arabic)"), blank=True)
    reason_fr = models.TextField(_("why (French)"), blank=True)
    detected_at = models.DateTimeField(_("detected at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("disagreement")
        verbose_name_plural = _("disagreements")
        ordering = ["metric", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["contradiction", "implausible"]),
                name="figures_disagreement_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return _("Disagreement #%(id)s on %(metric)s") % {"id": self.pk, "metric": self.metric}

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("public:disagreement_detail", args=[self.pk])

    @property
    def reason(self) -> str:
        """Why the figures cannot all be right, in the reader's language."""
        language = (get_language() or "en")[:2]
        preferred = {"ar": self.reason_ar, "fr": self.reason_fr}.get(language, self.reason_en)
        return preferred or self.reason_en


# Columns only the regrouping writes (``disagreements.regroup``).
GROUPING = frozenset(
    {"disagreement", "public_disagreement", "publicly_disputed", "compared_from", "compared_to"}
)


class ReportedFigureQuerySet(models.QuerySet):
    def published(self) -> ReportedFigureQuerySet:
        """Figures a reviewer has published: the only ones readers see."""
        return self.filter(status=ReportedFigure.Status.PUBLISHED)

    def unresolved_value_check(self) -> ReportedFigureQuerySet:
        """Figures whose value is not in their quote and that carry no override."""
        return self.filter(value_in_quote=False, value_check_override="")


class ReportedFigure(FieldKeyedConstraintsMixin, models.Model):
    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        APPROXIMATELY = "approximately", _("approximately")
        MORE_THAN = "more_than", _("more than")
        AT_LEAST = "at_least", _("at least")
        FEWER_THAN = "fewer_than", _("fewer than")
        AT_MOST = "at_most", _("at most")
        RANGE = "range", _("range")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")

    class Origin(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        IMPORT = "import", _("imported from a file")
        SEED = "seed", _("seed corpus")
        SUGGESTION = "suggestion", _("confirmed suggestion")

    class Assessment(models.TextChoices):
        NONE = "none", _("not assessed")
        BEST_SUPPORTED = "best_supported", _("best supported")
        DISPUTED = "disputed", _("disputed")

    quote = models.ForeignKey(
        "sources.Quote",
        on_delete=models.PROTECT,
        related_name="figures",
        verbose_name=_("quote"),
        help_text=_("The exact words of the source that state this figure."),
    )
    metric = models.ForeignKey(
        Metric, on_delete=models.PROTECT, related_name="figures", verbose_name=_("metric")
    )
    value = models.DecimalField(
        _("value"),
        max_digits=14,
        decimal_places=2,
        help_text=_("As printed in the source; for a range, its lower end."),
    )
    value_max = models.DecimalField(
        _("upper value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Only for ranges: the upper end."),
    )
    qualifier = models.CharField(
        _("qualifier"), max_length=15, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    period_start, period_start_precision = partial_date_fields(
        _("period start"), _("First day the count covers, e.g. 2002 for 'since 2002'.")
    )
    period_end, period_end_precision = partial_date_fields(
        _("period end"), _("Last day the count covers; empty when open or not stated.")
    )
    as_of, as_of_precision = partial_date_fields(
        _("as of"), _("The date the source says the count was true at.")
    )

    institution = models.ForeignKey(
        "registry.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("about institution"),
    )
    programme = models.ForeignKey(
        "registry.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("about programme"),
    )
    cohort = models.ForeignKey(
        "registry.Cohort",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("about cohort"),
    )
    law = models.ForeignKey(
        "registry.Law",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("about law"),
    )
    incident = models.ForeignKey(
        "registry.Incident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("about incident"),
    )
    area = models.ForeignKey(
        "registry.Area",
        on_delete=models.PROTECT,
        default=DEFAULT_AREA,
        related_name="figures",
        verbose_name=_("area"),
        help_text=_(
            "Where the count is about: Morocco unless the source speaks of another country, "
            "a region (Western countries, European partners) or the world."
        ),
    )
    attributed_to_institution = models.ForeignKey(
        "registry.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributed_figures",
        verbose_name=_("attributed to institution"),
        help_text=_("The body the source says the figure comes from."),
    )
    attributed_to_speaker = models.CharField(_("attributed to speaker"), max_length=200, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    origin = models.CharField(
        _("entered as"), max_length=10, choices=Origin.choices, default=Origin.MANUAL
    )
    value_in_quote = models.BooleanField(
        _("value found in quote"),
        default=False,
        editable=False,
        help_text=_("Set by the system: the value appears in the quote in digits or words."),
    )
    value_check_override = models.TextField(
        _("reason for overriding the value check"),
        blank=True,
        help_text=_("Only when the value is not written in the quote: say why it is right."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="figures_created",
        verbose_name=_("created by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures_reviewed",
        verbose_name=_("reviewed by"),
    )
    last_modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures_last_modified",
        verbose_name=_("last changed by"),
        help_text=_("Who last changed what the figure says; they cannot publish it."),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    disagreement = models.ForeignKey(
        Disagreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="figures",
        verbose_name=_("disagreement"),
    )
    public_disagreement = models.ForeignKey(
        Disagreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="public_figures",
        verbose_name=_("disagreement among published figures"),
    )
    publicly_disputed = models.BooleanField(
        _("disputed among published figures"),
        default=False,
        editable=False,
        help_text=_("Set by the system: published figures of other sources contradict it."),
    )
    assessment = models.CharField(
        _("assessment"), max_length=15, choices=Assessment.choices, default=Assessment.NONE
    )
    assessment_reason = models.TextField(_("reason for the assessment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures_assessed",
        verbose_name=_("assessed by"),
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)

    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = VersionField()

    # What the disagreement rule compares (``disagreements.rule``), kept with the
    # figure so that PostgreSQL finds a figure's possible conflicts through an index:
    # the figure's partition (metric, area, what it is about), the bounds of the
    # values it allows (a null upper bound is unbounded) and the last day its
    # period covers, the source's publication date when the period is open.
    partition_key = models.GeneratedField(
        expression=Concat(
            Cast(F("metric"), models.TextField()),
            Value(":"),
            F("area"),
            *[
                piece
                for name in SUBJECT_NAMES
                for piece in (Value(":"), Cast(Coalesce(F(name), 0), models.TextField()))
            ],
            output_field=models.TextField(),
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    value_low = models.GeneratedField(
        expression=Case(
            When(qualifier="approximately", then=F("value") * Value(Decimal("0.9"))),
            When(qualifier__in=["fewer_than", "at_most"], then=Value(Decimal(0))),
            default=F("value"),
            output_field=models.DecimalField(max_digits=20, decimal_places=4),
        ),
        output_field=models.DecimalField(max_digits=20, decimal_places=4),
        db_persist=True,
    )
    value_high = models.GeneratedField(
        expression=Case(
            When(qualifier="approximately", then=F("value") * Value(Decimal("1.1"))),
            When(qualifier__in=["more_than", "at_least"], then=None),
            When(qualifier="range", then=F("value_max")),
            default=F("value"),
            output_field=models.DecimalField(max_digits=20, decimal_places=4),
        ),
        output_field=models.DecimalField(max_digits=20, decimal_places=4),
        db_persist=True,
    )
    compared_from = models.DateField(_("first day compared"), null=True, blank=True, editable=False)
    compared_to = models.DateField(_("last day compared"), null=True, blank=True, editable=False)

    # The speaker's words as the public search matches them, stored and indexed.
    speaker_search = models.GeneratedField(
        expression=Words(F("attributed_to_speaker")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ReportedFigureQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "speaker_search",
            "partition_key",
            "value_low",
            "value_high",
            "compared_from",
            "compared_to",
        ]
    )

    CONSTRAINT_FIELDS = {
        "figures_value_not_negative": "value",
        "figures_upper_value_only_for_ranges": "value_max",
        "figures_range_upper_not_below_value": "value_max",
        "figures_percent_at_most_100": "value",
        "figures_period_ends_after_start": "period_end",
        "figures_published_by_another_reviewer": "reviewed_by",
        "figures_published_by_someone_who_did_not_change_it": "reviewed_by",
        "figures_published_value_checked": "value_check_override",
        "figures_assessment_has_reason": "assessment_reason",
        **partial_date_constraint_fields(
            "figures_reportedfigure", "period_start", "period_end", "as_of"
        ),
    }

    class Meta:
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        ordering = ["metric", "period_start", "id"]
        permissions = [
            ("publish_reportedfigure", _("Can publish or reject reported figures")),
        ]
        indexes = [
            models.Index(fields=["status", "metric"], name="figures_status_metric"),
            models.Index(fields=["updated_at"], name="figures_updated_at"),
            models.Index(fields=["value", "id"], name="figures_value_id"),
            models.Index(fields=["period_start", "id"], name="figures_period_id"),
            models.Index(
                period_sort_key(),
                F("id"),
                name="figures_published_period_key",
                condition=Q(status="published"),
            ),
            # A figure page's other values for the same metric and subject, by value:
            # the subject after the order (PostgreSQL takes no order from IS NULL),
            # where the scan still checks it without reading the table.
            models.Index(
                fields=["metric", "value", "id", *SUBJECT_NAMES],
                name="figures_comparable",
                condition=Q(status="published"),
            ),
            # A figure's possible conflicts, among the figures of its partition.
            models.Index(
                fields=["partition_key", "compared_from"],
                name="figures_rule_partition",
                condition=~Q(status="rejected"),
            ),
            # The public search matches speakers by their words.
            GinIndex(fields=["speaker_search"], name="figures_speaker_words"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="figures_value_not_negative",
                violation_error_message=_("A value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=(Q(qualifier="range") & Q(value_max__isnull=False))
                | (~Q(qualifier="range") & Q(value_max__isnull=True)),
                name="figures_upper_value_only_for_ranges",
                violation_error_message=_("An upper value is given for ranges, and only for them."),
            ),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gte=F("value")),
                name="figures_range_upper_not_below_value",
                violation_error_message=_("The upper value cannot be below the value."),
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent")
                | (Q(value__lte=100) & (Q(value_max__isnull=True) | Q(value_max__lte=100))),
                name="figures_percent_at_most_100",
                violation_error_message=_("A percentage is at most 100."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="figures_period_ends_after_start",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | (
                    Q(reviewed_by__isnull=False)
                    & Q(reviewed_at__isnull=False)
                    & ~Q(reviewed_by=F("created_by"))
                ),
                name="figures_published_by_another_reviewer",
                violation_error_message=_(
                    "A published figure needs a reviewer who is not its creator."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(last_modified_by__isnull=True)
                | ~Q(reviewed_by=F("last_modified_by")),
                name="figures_published_by_someone_who_did_not_change_it",
                violation_error_message=_(
                    "A published figure needs a reviewer who did not last change it."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(value_in_quote=True)
                | ~Q(value_check_override=""),
                name="figures_published_value_checked",
                violation_error_message=_(
                    "The value is not in the quote: a reviewer must give a reason to publish it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(assessment="none") | ~Q(assessment_reason=""),
                name="figures_assessment_has_reason",
                violation_error_message=_("Say why the figure is ranked this way."),
            ),
            *partial_date_constraints("figures_reportedfigure", "period_start"),
            *partial_date_constraints("figures_reportedfigure", "period_end"),
            *partial_date_constraints("figures_reportedfigure", "as_of"),
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.display_value()}"

    def save(self, *args, **kwargs) -> None:
        # What the regrouping writes is never written back from a copy read earlier.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and not field.generated and field.name not in GROUPING
            ]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.metric_id and self.unit != self.metric.unit_kind:
            errors["unit"] = _("%(metric)s is counted in %(unit)s.") % {
                "metric": self.metric,
                "unit": self.metric.get_unit_kind_display(),
            }
        if self.cohort_id and self.programme_id and self.cohort.programme_id != self.programme_id:
            errors["cohort"] = _("This cohort belongs to another programme.")
        if self.quote_id and not self.quote.in_source:
            errors["quote"] = _("This quote is no longer in its source's text.")
        if errors:
            raise ValidationError(errors)

    def display_value(self) -> str:
        return provenance.describe_value(self)

    @property
    def period(self) -> tuple[PartialDate, PartialDate]:
        return PartialDate.of(self, "period_start"), PartialDate.of(self, "period_end")

    @property
    def as_of_partial(self) -> PartialDate:
        return PartialDate.of(self, "as_of")

    @property
    def subject(self) -> tuple:
        """What the figure is about; only figures about the same thing can disagree."""
        return tuple(getattr(self, column) for column in SUBJECT_COLUMNS)

    def provenance_warnings(self) -> list[str]:
        """What a reviewer should look at before publishing."""
        warnings = []
        if not self.quote.in_source:
            warnings.append(str(_("The quote is no longer in its source's text.")))
        if not self.value_in_quote and not self.value_check_override:
            warnings.append(str(_("The value is not written in the quote.")))
        if self.disagreement_id:
            warnings.append(
                str(_("Other sources report conflicting values: %(why)s"))
                % {"why": self.disagreement.reason}
            )
        return warnings
