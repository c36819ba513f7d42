"""Reads of published figures for the public site, its exports and the API."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from apps.core.pagination import (
    Ordering,
    RankedOrdering,
    parse_date,
    parse_decimal,
    parse_int,
)
from apps.registry.models import Area, Cohort, Incident, Institution, Law, Programme
from apps.sources.models import Quote, Source

from .filters import FigureFilter
from .models import NAMING_FIELDS, Disagreement, Metric, ReportedFigure, period_sort_key

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
    "area": Area,
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
            for model in {Metric, Institution, Programme, Law, Incident, Area}
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
    """Other published values for the same metric, subject and area over days that meet.

    The figures it disagrees with come first; at most ``limit`` are returned, so a
    national total among thousands of others stays one bounded query.
    """
    candidates = (
        lean(published_figures()).filter(partition_key=figure.partition_key).exclude(pk=figure.pk)
    )
    if figure.compared_from:
        candidates = candidates.filter(
            Q(compared_to__isnull=True) | Q(compared_to__gte=figure.compared_from)
        )
    if figure.compared_to:
        candidates = candidates.filter(
            Q(compared_from__isnull=True) | Q(compared_from__lte=figure.compared_to)
        )
    if figure.public_disagreement_id:
        candidates = candidates.alias(
            same_group=Case(
                When(public_disagreement_id=figure.public_disagreement_id, then=0), default=1
            )
        ).order_by("same_group", "value", "id")
    else:
        candidates = candidates.order_by("value", "id")
    return with_registry(list(candidates[:limit]))


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


def public_sources() -> QuerySet[Source]:
    """Sources that a published figure quotes: the only ones readers see. A source
    entered for drafts stays unseen until one of its figures is published."""
    quoted = ReportedFigure.objects.published().filter(quote__source=OuterRef("pk"))
    return Source.objects.filter(Exists(quoted))


def sources_with_counts() -> QuerySet:
    published = Q(quotes__figures__status=ReportedFigure.Status.PUBLISHED)
    return (
        Source.objects.defer("text")
        .annotate(published_count=Count("quotes__figures", filter=published))
        .filter(published_count__gt=0)
    )


def published_quotes(source: Source) -> QuerySet[Quote]:
    """The quotes of ``source`` that published figures rest on, in the order of its text."""
    quoted = ReportedFigure.objects.published().filter(quote=OuterRef("pk"))
    return source.quotes.filter(Exists(quoted)).order_by("start")


# --- disagreements readers see -----------------------------------------------


def public_disagreements(params) -> tuple[object, QuerySet]:
    """The groups published figures form, filtered as the reader asks, newest first."""
    from .filters import DisagreementFilter

    groups = (
        Disagreement.objects.filter(public=True)
        .select_related("metric")
        .annotate(size=Count("public_figures"))
        .order_by("-updated_at", "-id")
    )
    filterset = DisagreementFilter(params, queryset=groups)
    return filterset, (filterset.qs if filterset.is_valid() else groups.none())


def disagreement_members(disagreement: Disagreement) -> list[ReportedFigure]:
    """A public group's figures, by value, with what their page shows."""
    members = (
        lean(published_figures())
        .filter(public_disagreement=disagreement)
        .select_related("quote__source")
        .order_by("value", "id")
    )
    return with_registry(list(members))
