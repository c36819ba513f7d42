"""Reads for the API, over published figures only.

Built on apps.figures.selectors (the public site's reads) and
apps.figures.exports (the export columns), so the API shows exactly what the
site and its exports show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from apps.core.pagination import KeysetPage, Ordering, RankedOrdering, keyset_page
from apps.core.search import WordSearch, any_of
from apps.figures import selectors
from apps.figures.columns import COLUMN_NAMES
from apps.figures.exports import PREFIX, export_rows
from apps.figures.models import NAMING_FIELDS, Disagreement, Metric, ReportedFigure
from apps.registry.models import (
    Cohort,
    Incident,
    Institution,
    Law,
    Programme,
    ProgrammeInstitution,
)
from apps.sources.models import Source

PUBLISHED = ReportedFigure.Status.PUBLISHED


def one_or_404(queryset: QuerySet, **lookup):
    """The one row matching ``lookup``, or a 404 that says no more than "Not found"."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404
    return found


# --- figures -------------------------------------------------------------------


def figure_rows(ids: list[int]) -> list[dict]:
    """The export rows of these published figures, in the order of ``ids``."""
    found = {}
    for row in export_rows(ReportedFigure.objects.published().filter(pk__in=ids)):
        found[row[PREFIX + "id"]] = {name: row[PREFIX + name] for name in COLUMN_NAMES}
    return [found[pk] for pk in ids if pk in found]


def figure_page(
    queryset: QuerySet, ordering: Ordering | RankedOrdering, **page
) -> tuple[KeysetPage, list[dict]]:
    """One keyset page of a filtered queryset, as export rows.

    The page is found on the figures' own columns (one index range), then its
    rows are read with the export's joins: two short queries at any depth.
    """
    keys = queryset.select_related(None).only("id", "value", "period_start")
    found = keyset_page(keys, ordering, **page)
    return found, figure_rows([figure.pk for figure in found.rows])


def published_figure(pk: int) -> ReportedFigure:
    """A published figure, or 404 (drafts, figures in review and rejected ones alike)."""
    return one_or_404(selectors.published_figures(), pk=pk)


def figure_detail(figure: ReportedFigure) -> dict:
    """The export row, with the quote in its paragraph, the source and comparable values."""
    (row,) = figure_rows([figure.pk])
    return {
        **row,
        "quote_detail": figure.quote,
        "source": figure.quote.source,
        "comparable": selectors.comparable_figures(figure),
    }


# --- disagreements ---------------------------------------------------------------


def disagreements(figures: QuerySet) -> QuerySet[Disagreement]:
    """The groups readers see (of published figures alone) with a member among ``figures``."""
    members = figures.filter(public_disagreement__isnull=False).values("public_disagreement_id")
    return Disagreement.objects.filter(public=True, pk__in=members).select_related("metric")


def with_members(groups: list[Disagreement]) -> list[dict]:
    """Each group with its published members, by value."""
    members: dict[int, list[int]] = {group.pk: [] for group in groups}
    figures = (
        ReportedFigure.objects.published()
        .filter(public_disagreement_id__in=list(members))
        .order_by("value", "id")
        .values_list("pk", "public_disagreement_id")
    )
    for pk, group in figures:
        members[group].append(pk)
    rows = {row["id"]: row for row in figure_rows([pk for pks in members.values() for pk in pks])}
    return [
        {"group": group, "figures": [rows[pk] for pk in members[group.pk] if pk in rows]}
        for group in groups
    ]


def disagreement(pk: int) -> dict:
    """One disagreement as listed, or 404."""
    groups = list(disagreements(selectors.published_figures()).filter(pk=pk))
    shown = with_members(groups)
    if not shown:
        raise Http404
    return shown[0]


# --- entities --------------------------------------------------------------------


@dataclass(frozen=True)
class EntityKind:
    """How the API reads one kind of record: its key, search, counts and change feed."""

    model: type
    key: str  # "slug", or "pk" for sources
    words: str  # the stored words a search matches (names and keys; a source's title…)
    figure_links: tuple[str, ...] = ()  # figure fields that name it
    related_history: tuple[tuple[type, str], ...] = ()  # (model, field naming it)

    def queryset(self) -> QuerySet:
        return BASE_QUERYSETS[self.model]()


def cohorts_with_counts() -> QuerySet[Cohort]:
    counted = (
        ReportedFigure.objects.published()
        .filter(cohort=OuterRef("pk"))
        .order_by()
        .values("cohort")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Cohort.objects.annotate(published_count=Coalesce(Subquery(counted), 0))


def programmes() -> QuerySet[Programme]:
    return selectors.with_published_counts(Programme).prefetch_related(
        Prefetch("cohorts", cohorts_with_counts().order_by("number")),
        Prefetch(
            "roles",
            ProgrammeInstitution.objects.select_related("institution").order_by("id"),
        ),
    )


def sources() -> QuerySet[Source]:
    """The public sources without their text, counted by subquery so a page costs only its
    rows."""
    counted = (
        ReportedFigure.objects.published()
        .filter(quote__source=OuterRef("pk"))
        .order_by()
        .values("quote__source")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        selectors.public_sources()
        .defer("text")
        .annotate(published_count=Coalesce(Subquery(counted), 0))
    )


BASE_QUERYSETS = {
    Institution: lambda: selectors.with_published_counts(Institution).select_related("parent"),
    Programme: programmes,
    Law: lambda: selectors.with_published_counts(Law),
    Incident: lambda: selectors.with_published_counts(Incident),
    Metric: lambda: selectors.with_published_counts(Metric),
    Source: sources,
}

INSTITUTIONS = EntityKind(Institution, "slug", "search_names", NAMING_FIELDS["institution"])
PROGRAMMES = EntityKind(
    Programme,
    "slug",
    "search_names",
    ("programme", "cohort__programme"),
    ((Cohort, "programme_id"), (ProgrammeInstitution, "programme_id")),
)
LAWS = EntityKind(Law, "slug", "search_names", NAMING_FIELDS["law"])
INCIDENTS = EntityKind(Incident, "slug", "search_names", NAMING_FIELDS["incident"])
METRICS = EntityKind(Metric, "slug", "search_names", NAMING_FIELDS["metric"])
SOURCES = EntityKind(Source, "pk", "search_text", ("quote__source",))


def search(kind: EntityKind, queryset: QuerySet, q: str) -> QuerySet:
    """Records with any word or phrase of ``q`` in their names (as the figure search reads them)."""
    words = WordSearch.prepare(q, using=queryset.db)
    if not words:
        return queryset
    return queryset.filter(any_of(words.matching(kind.words)))


def changed_since(kind: EntityKind, moment: dt.datetime) -> Q:
    """Records whose own data changed since ``moment``, or whose published figures did.

    A record changed when its history has an entry since then (for a
    programme, also its cohorts and the institutions running it); its
    published figures changed when one naming it was updated or published
    since then, or left publication since then.
    """
    condition = Q(pk__in=kind.model.history.filter(history_date__gte=moment).values("id"))
    for model, field in kind.related_history:
        condition |= Q(pk__in=model.history.filter(history_date__gte=moment).values(field))
    updated = ReportedFigure.objects.published().filter(updated_at__gte=moment)
    withdrawn = ReportedFigure.history.filter(
        id__in=selectors.withdrawn_since(moment), status=PUBLISHED
    )
    for link in kind.figure_links:
        condition |= Q(pk__in=updated.values(link)) | Q(pk__in=withdrawn.values(link))
    return condition


def entities(kind: EntityKind, *, q: str = "", updated_since: dt.datetime | None = None):
    """A kind's records with their published-figure counts, narrowed by search and time."""
    queryset = kind.queryset()
    if q:
        queryset = search(kind, queryset, q)
    if updated_since is not None:
        queryset = queryset.filter(changed_since(kind, updated_since))
    return queryset


def entity(kind: EntityKind, key) -> object:
    """One record by its slug (sources: id), or 404; a source with its text and the
    quotes of its published figures."""
    queryset = kind.queryset()
    if kind.model is Source:
        queryset = queryset.defer(None)
    record = one_or_404(queryset, **{kind.key: key})
    if kind.model is Source:
        record.published_quotes = list(selectors.published_quotes(record))
    return record
