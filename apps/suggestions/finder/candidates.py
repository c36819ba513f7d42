"""The finder's public face: candidates built from figures, quotes, metrics and entities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from apps.core.numbers import LANGUAGES, NumberMention

from .arabic import ARABIC
from .document import Doc
from .english import ENGLISH
from .entities import EntityHit, EntityName, entities_near, entity_hits
from .figures import Figure, sort_numbers
from .french import FRENCH
from .lexicon import Lexicon, merged
from .metrics import metric_of
from .nouns import counted_noun
from .quotes import quote_spans

__all__ = ["Candidate", "excluded_numbers", "find_candidates"]

_LEXICONS = {"ar": ARABIC, "fr": FRENCH, "en": ENGLISH}


@dataclass(frozen=True)
class Candidate:
    """One proposed figure; ``quote == text[start:end]`` and states ``value``.

    ``review`` is empty, or says why the editor must check the candidate before
    keeping it (a noun of approximation, a vague count whose value is not written).
    """

    value: Decimal
    value_max: Decimal | None
    qualifier: str  # a ReportedFigure.Qualifier value
    unit: str  # "count" or "percent"
    metric: str | None  # a Metric slug
    quote: str
    start: int
    end: int
    entities: tuple[tuple[str, Any], ...]  # (kind, pk), in order of appearance
    reasons: tuple[str, ...]
    number_start: int  # the number (both numbers of a range) in the text
    number_end: int
    review: str = ""


@cache
def _lexicon(language: str | None) -> Lexicon:
    """The tables of ``language``, or of all three together for None (mixed or unknown texts)."""
    if not language:
        return merged(_LEXICONS[code] for code in LANGUAGES)
    if language not in _LEXICONS:
        raise ValueError(f"Unknown language {language!r}: expected one of {LANGUAGES} or None.")
    return _LEXICONS[language]


def _doc(text: str, language: str | None) -> Doc:
    return Doc(text, _lexicon(language or None), language or None)


def _reasons(figure: Figure, metric_words: str, entity_words: list[str]) -> tuple[str, ...]:
    numbers = [end.number.text for end in (figure.low, figure.high) if end]
    reasons = [f"number: {' … '.join(numbers)}"]
    if figure.range_words:
        reasons.append(f"range: {figure.range_words}")
    if figure.qualifier_words:
        reasons.append(f"qualifier: {figure.qualifier_words}")
    if figure.percent_words:
        reasons.append(f"unit: {figure.percent_words}")
    if metric_words:
        reasons.append(f"metric: {metric_words}")
    reasons += [f"entity: {words}" for words in entity_words]
    return tuple(reasons)


def _nouns(doc: Doc, figures: list[Figure]) -> list[set[int]]:
    """The tokens of each figure's counted noun: "1,135 deaths in 310 incidents" gives 310 no
    metric from the word "deaths", which is the other figure's."""
    nouns = []
    for figure in figures:
        found = counted_noun(doc, figure.tail)
        nouns.append(set(range(found.first, found.last + 1)) if found else set())
    return nouns


def _candidate(
    doc: Doc, figure: Figure, span: tuple[int, int], hits: list[EntityHit], others: set[int]
) -> Candidate:
    start, end = span
    clause = [
        i
        for i in doc.tokens_in(start, end)
        if not figure.head <= i <= figure.tail and i not in others
    ]
    metric, metric_words = metric_of(doc, figure, clause)
    entities, entity_words = entities_near(doc.text, figure.value_span, hits)
    return Candidate(
        value=figure.low.number.value,
        value_max=figure.high.number.value if figure.high else None,
        qualifier=figure.qualifier,
        unit="percent" if figure.percent_words else "count",
        metric=metric,
        quote=doc.text[start:end],
        start=start,
        end=end,
        entities=entities,
        reasons=_reasons(figure, metric_words, entity_words),
        number_start=figure.value_span[0],
        number_end=figure.value_span[1],
        review=figure.review,
    )


def find_candidates(
    text: str, entities: Sequence[EntityName] = (), language: str | None = None
) -> list[Candidate]:
    """Every counted figure ``text`` states, in text order (see the package docstring).

    ``entities`` are (kind, pk, names) triples; those named in a figure's
    sentence are attached to it. ``language`` is "ar", "fr", "en", or None
    to read the text with the tables of all three.
    """
    doc = _doc(text, language)
    figures, _ = sort_numbers(doc)
    hits = entity_hits(doc, entities)
    spans = quote_spans(doc, figures)
    nouns = _nouns(doc, figures)
    candidates = []
    for position, (figure, span) in enumerate(zip(figures, spans, strict=True)):
        others = set().union(*(noun for i, noun in enumerate(nouns) if i != position))
        candidates.append(_candidate(doc, figure, span, hits, others))
    return candidates


def excluded_numbers(text: str, language: str | None = None) -> list[tuple[NumberMention, str]]:
    """The numbers of ``text`` that are not counted figures, each with the reason, in text order."""
    return sort_numbers(_doc(text, language))[1]
