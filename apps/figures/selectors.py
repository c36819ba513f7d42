"""Reads of published figures for the public site, its exports and the API."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from apps.core.pagination import (
    Ordering,
    RankedOrdering,
    parse_date,
    parse_decimal,
    parse_int,
)
from apps.registry.models import Cohort, Incident, Institution, Law, Programme
from apps.sources.models import Source

from .filters import FigureFilter
from .models import NAMING_FIELDS, Metric, ReportedFigure, period_sort_key
from .provenance import SUBJECT_FIELDS, period_bounds

LISTING_RELATIONS = [
    "metric",
    "quote__source",
    "institution",
    "programme",
    "cohort__programme",
    "law",
    "incident",
    "attributed_to_institution",
]

ORDERINGS = {
    "-id": Ordering("id", True, parse_int),
    "id": Ordering("id", False, parse_int),
    "-value": Ordering("value", True, parse_decimal),
    "value": Ordering("value", False, parse_decimal),
    "-period": Ordering("period_key", True, parse_date, period_sort_key()),
    "period": Ordering("period_key", False, parse_date, period_sort_key()),
}
RELEVANCE = "relevance"
SORT_LABELS = {
    RELEVANCE: _("best match"),
    "-id": _("newest first"),
    "id": _("oldest first"),
    "-value": _("largest value"),
    "value": _("smallest value"),
    "-period": _("latest period"),
    "period": _("earliest period"),
}
DEFAULT_SORT = "-id"


def default_sort(params) -> str:
    """Best match first when there is a search, newest first otherwise."""
    return RELEVANCE if (params.get("q") or "").strip() else DEFAULT_SORT


def ordering(sort: str, filterset) -> Ordering | RankedOrdering:
    """The order of a listing; by relevance, figures that match every word or
    phrase of the search come first, then those that match fewer."""
    if sort != RELEVANCE:
        return ORDERINGS[sort]
    conditions = filterset.search_conditions
    if len(conditions) < 2:
        return ORDERINGS[DEFAULT_SORT]  # one word: every figure found matches all of it
    return RankedOrdering(tuple(conditions), every=filterset.every_search_term)


def published_figures() -> QuerySet[ReportedFigure]:
    """Every published figure with what a listing row shows, joined in one query."""
    # A source's full text (21,000 characters on average) is not needed to list it.
    return (
        ReportedFigure.objects.published()
        .select_related(*LISTING_RELATIONS)
        .defer("quote__source__text", "quote__source__search_text", "quote__search_text")
    )


# The registry's small tables, kept in memory per publication version (which
# moves when a name changes): a page's figures are joined with their quote and
# source only, and take their metric, institution… from here. A ten-table join
# costs PostgreSQL more to plan (about 20 ms) than to run.
REGISTRY_LINKS = {
    "metric": Metric,
    "institution": Institution,
    "attributed_to_institution": Institution,
    "programme": Programme,
    "cohort": Cohort,
    "law": Law,
    "incident": Incident,
}
_registry: tuple[tuple, dict] | None = None


def registry_tables(alias: str) -> dict:
    """Every row of the registry's tables by model and id, as of the current version."""
    global _registry
    from .facets import data_version

    version = data_version(alias)
    kept = _registry
    if kept is None or kept[0] != version:
        tables = {
            model: model.objects.using(alias).in_bulk()
            for model in {Metric, Institution, Programme, Law, Incident}
        }
        tables[Cohort] = Cohort.objects.using(alias).select_related("programme").in_bulk()
        kept = _registry = (version, tables)
    return kept[1]


def lean(queryset: QuerySet) -> QuerySet:
    """The same figures joined with their quote and source only (see with_registry)."""
    return queryset.select_related(None).select_related("quote__source")


def with_registry(figures: list[ReportedFigure]) -> list[ReportedFigure]:
    """Give each figure its registry rows from memory instead of a join."""
    if not figures:
        return figures
    tables = registry_tables(figures[0]._state.db)
    for figure in figures:
        for field, model in REGISTRY_LINKS.items():
            pk = getattr(figure, f"{field}_id")
            if pk is not None and pk in tables[model]:
                setattr(figure, field, tables[model][pk])
    return figures


def figure_filter(params, queryset: QuerySet | None = None) -> FigureFilter:
    """The public FilterSet bound to a request's query parameters."""
    base = published_figures() if queryset is None else queryset
    return FigureFilter(params, queryset=base)


CHART_FIELDS = (
    "id",
    "value",
    "value_max",
    "qualifier",
    "unit",
    "as_of",
    "as_of_precision",
    "period_end",
    "period_end_precision",
    "publicly_disputed",
    "assessment",
    "quote__source__title",
)


def chart_figures(metric: Metric, limit: int) -> list[ReportedFigure]:
    """The latest published values of a metric with just what a chart mark shows.

    Two thousand full listing rows would build ten model instances each.
    """
    return list(
        ReportedFigure.objects.published()
        .filter(metric=metric)
        .select_related("quote__source")
        .only(*CHART_FIELDS)
        .order_by("-id")[:limit]
    )


COMPARABLE_LIMIT = 50


def comparable_figures(
    figure: ReportedFigure, limit: int = COMPARABLE_LIMIT
) -> list[ReportedFigure]:
    """Other published values for the same metric, subject and overlapping period.

    The figures it disagrees with come first; at most ``limit`` are returned, so a
    national total among thousands of others stays one bounded query.
    """
    start, end = period_bounds(figure)
    overlapping = Q(period_start__isnull=True) | Q(period_start__lte=end)
    # A month or year end is stored as its first day: compare with the start's first day.
    overlapping &= Q(period_end__isnull=True) | Q(period_end__gte=start.replace(day=1, month=1))
    candidates = (
        lean(published_figures())
        .filter(
            metric_id=figure.metric_id, **dict(zip(SUBJECT_FIELDS, figure.subject, strict=True))
        )
        .exclude(pk=figure.pk)
        .filter(overlapping)
    )
    if figure.disagreement_id:
        candidates = candidates.alias(
            same_group=Case(When(disagreement_id=figure.disagreement_id, then=0), default=1)
        ).order_by("same_group", "value", "id")
    else:
        candidates = candidates.order_by("value", "id")
    found = [other for other in candidates[: limit * 2] if period_bounds(other)[1] >= start]
    return with_registry(found[:limit])


def parse_timestamp(text: str) -> dt.datetime:
    """An ISO 8601 date or date-time; a naive one is read in the site's time zone."""
    from django.utils import timezone
    from django.utils.dateparse import parse_date, parse_datetime

    moment = parse_datetime(text.strip())
    if moment is None:
        day = parse_date(text.strip())
        if day is None:
            raise ValueError(text)
        moment = dt.datetime.combine(day, dt.time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(dt.UTC)


def withdrawn_since(moment: dt.datetime) -> list[int]:
    """Ids of figures that were published and have left publication since ``moment``."""
    history = ReportedFigure.history.model
    touched = set(
        history.objects.filter(history_date__gte=moment)
        .filter(~Q(status=ReportedFigure.Status.PUBLISHED) | Q(history_type="-"))
        .values_list("id", flat=True)
    )
    if not touched:
        return []
    once_published = set(
        history.objects.filter(id__in=touched, status=ReportedFigure.Status.PUBLISHED).values_list(
            "id", flat=True
        )
    )
    still_published = set(
        ReportedFigure.objects.published().filter(pk__in=touched).values_list("pk", flat=True)
    )
    return sorted(once_published - still_published)


def with_published_counts(model) -> QuerySet:
    """Registry rows with how many published figures name them (one subquery, no join fan-out)."""
    condition = Q()
    for field in NAMING_FIELDS[model._meta.model_name]:
        condition |= Q(**{field: OuterRef("pk")})
    counted = (
        ReportedFigure.objects.published()
        .filter(condition)
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(n=Count("id"))
        .values("n")
    )
    return model.objects.annotate(published_count=Coalesce(Subquery(counted), 0))


def sources_with_counts() -> QuerySet:
    published = Q(quotes__figures__status=ReportedFigure.Status.PUBLISHED)
    return Source.objects.defer("text").annotate(
        published_count=Count("quotes__figures", filter=published)
    )
