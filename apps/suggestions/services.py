"""From a source's text to draft figures: the candidates, then the editor's choice."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from apps.figures.models import Metric, ReportedFigure
from apps.figures.services import figure_prepare_edit, figures_changed
from apps.sources.models import Quote, Source

from .finder import Candidate, find_candidates
from .selectors import registry_entities


class SuggestionRowError(Exception):
    """A chosen candidate that the data model refuses; nothing was created."""

    def __init__(self, index: int, error):
        super().__init__(f"row {index + 1}: {error}")
        self.index = index
        self.error = error


@dataclass
class Suggestion:
    candidate: Candidate
    metric: Metric | None
    already_entered: ReportedFigure | None


def entered_figure(source: Source, start: int, end: int, value: Decimal) -> ReportedFigure | None:
    """A figure of this source with the same value on overlapping words, if one exists."""
    return (
        ReportedFigure.objects.filter(quote__source=source, value=value)
        .filter(Q(quote__start__lt=end) & Q(quote__end__gt=start))
        .first()
    )


def suggestions_for(source: Source) -> list[Suggestion]:
    """Every candidate figure in the source's text, read in its language, marked when entered."""
    metrics = {metric.slug: metric for metric in Metric.objects.all()}
    return [
        Suggestion(
            candidate=candidate,
            metric=metrics.get(candidate.metric or ""),
            already_entered=entered_figure(source, candidate.start, candidate.end, candidate.value),
        )
        for candidate in find_candidates(source.text, registry_entities(), source.language)
    ]


@transaction.atomic
def figures_from_suggestions(*, source: Source, user, choices: list[dict]) -> list[ReportedFigure]:
    """Create the chosen candidates as draft figures with their quotes, in one step.

    Each choice holds start, end, value, value_max, qualifier, unit and metric.
    A candidate already entered for this source is skipped, never duplicated.
    """
    created = []
    for index, choice in enumerate(choices):
        start, end = choice["start"], choice["end"]
        if entered_figure(source, start, end, choice["value"]):
            continue
        quote, _ = Quote.objects.get_or_create(
            source=source, start=start, end=end, defaults={"text": source.text[start:end]}
        )
        figure = ReportedFigure(
            quote=quote,
            metric=choice["metric"],
            value=choice["value"],
            value_max=choice.get("value_max"),
            qualifier=choice["qualifier"],
            unit=choice["unit"],
            origin=ReportedFigure.Origin.SUGGESTION,
        )
        try:
            figure_prepare_edit(figure, user)
        except ValidationError as error:
            raise SuggestionRowError(choice.get("row", index), error) from error
        figure.save()
        created.append(figure)
    figures_changed([figure.pk for figure in created])
    return created
