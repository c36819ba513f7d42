"""The shape of a language's tables, and how the tables of several languages are read together.

Every word is written in ordinary spelling and folded with ``normalize`` at
import, so every spelling variant it merges (أ/ا, ة/ه, é/e, capitals) is
covered. Phrases are split into tokens the way a text is ("jusqu'à" is
jusqu + a), so that they can be matched token by token.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from apps.core.arabic import normalize

__all__ = [
    "TOKEN",
    "Lexicon",
    "Noun",
    "Phrase",
    "RangeLink",
    "merged",
    "phrases",
    "qualifier_table",
    "tokens_of",
    "words",
]

# Runs of letters (with their Arabic diacritics) and runs of digits: لـ2009 and
# الـ21 give the clitic and the number apart, "d'une" gives d and une.
TOKEN = re.compile(r"\d+|(?:[^\W\d_]|[\u064b-\u065f\u0670\u06d6-\u06ed])+")

Phrase = tuple[str, ...]


def words(spelling: str) -> frozenset[str]:
    """The folded words of a space-separated list."""
    return frozenset(normalize(word) for word in spelling.split())


def tokens_of(spelling: str) -> Phrase:
    return tuple(TOKEN.findall(normalize(spelling)))


def phrases(spellings: str) -> tuple[Phrase, ...]:
    """Folded phrases of a "|"-separated list, longest first (ما لا يقل عن before يقل عن)."""
    return tuple(sorted({tokens_of(s) for s in spellings.split("|")}, key=len, reverse=True))


def qualifier_table(table: Mapping[str, str]) -> tuple[tuple[Phrase, str, str], ...]:
    """(folded words, qualifier, spelling) triples, longest phrase first."""
    rows = [
        (tokens_of(spelling), qualifier, spelling)
        for qualifier, spellings in table.items()
        for spelling in spellings.split("|")
    ]
    return tuple(sorted(rows, key=lambda row: len(row[0]), reverse=True))


@dataclass(frozen=True)
class Noun:
    """Counted nouns of a metric; an adjective may be required (مشروع إرهابي, projet terroriste)."""

    slug: str
    nouns: frozenset[str]
    adjectives: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RangeLink:
    """Two numbers form a range when ``between`` separates them and a ``cue`` comes first.

    No cues: the link alone makes a range ("300 à 400 personnes", "300 to 400 people").
    """

    between: frozenset[str]
    cues: frozenset[str]
    label: str


@dataclass(frozen=True)
class Lexicon:
    """What the finder knows of one language (or, merged, of several)."""

    # Qualifiers before and after the number, and the words that make أكثر / plus / more
    # open the next figure's comparison ("أو أكثر من 200", "ou plus de 200").
    qualifiers_before: tuple[tuple[Phrase, str, str], ...] = ()
    qualifiers_after: tuple[tuple[Phrase, str, str], ...] = ()
    comparatives: frozenset[str] = frozenset()
    opens_comparison: frozenset[str] = frozenset()
    # A word between a qualifier and its number: فاق عددهم 300.
    count_words: frozenset[str] = frozenset()
    # An article between a qualifier and its number: avoisine les 90 %.
    number_articles: frozenset[str] = frozenset()
    # "3 sur 10", "0.98 out of 10": the second number is the scale, not a count.
    denominators: tuple[Phrase, ...] = ()
    percent_words: tuple[Phrase, ...] = ()
    # Ranges: how two numbers are joined, and the words that open one (بين, entre, between).
    range_links: tuple[RangeLink, ...] = ()
    range_openers: frozenset[str] = frozenset()
    range_words: frozenset[str] = frozenset()  # و, à, to: skipped to reach a time unit
    # Dates, years, ranks, times, ages, durations.
    months: frozenset[str] = frozenset()
    two_word_months: frozenset[str] = frozenset()
    day_cues: frozenset[str] = frozenset()
    eras: frozenset[str] = frozenset()  # glued to a year: 2021م, 1445هـ
    era_words: frozenset[str] = frozenset()  # after a year: هـ, للهجرة
    year_cues: frozenset[str] = frozenset()
    rank_cues: tuple[Phrase, ...] = ()
    definite_article: frozenset[str] = frozenset()  # الـ21 is "the 21st"
    time_cues: frozenset[str] = frozenset()
    time_of_day: frozenset[str] = frozenset()
    age_cues: frozenset[str] = frozenset()
    time_units: frozenset[str] = frozenset()
    time_plurals: frozenset[str] = frozenset()
    time_per: frozenset[str] = frozenset()  # sur: 24 heures sur 24
    time_adjectives: frozenset[str] = frozenset()  # les 12 derniers mois, 2 full years
    # "deux fois", "three times" (how often), "two thirds", "un quart" (a share): not counts.
    not_counts: frozenset[str] = frozenset()
    # One: واحد alone is an adjective; un, une, one count only before a counted noun.
    one_alone: frozenset[str] = frozenset()
    one_before_noun: frozenset[str] = frozenset()
    # "une dizaine de", "2,5 millions de": words between a number and its noun.
    of_words: frozenset[str] = frozenset()
    # "five terrorist cells": words that may stand between a number and its noun.
    modifiers: frozenset[str] = frozenset()
    # "des dizaines de", "dozens of": vague plural counts, each with its unit.
    vague_counts: Mapping[str, int] = field(default_factory=dict)
    vague_determiners: frozenset[str] = frozenset()
    conjunctions: frozenset[str] = frozenset()  # et, and: where a clause of two figures is cut
    # Metrics.
    counted_nouns: tuple[Noun, ...] = ()
    foiling: frozenset[str] = frozenset()
    targeting: frozenset[str] = frozenset()
    events: tuple[tuple[str, frozenset[str]], ...] = ()
    weak: tuple[tuple[str, frozenset[str]], ...] = ()
    cell_words: frozenset[str] = frozenset()
    isis: frozenset[str] = frozenset()
    programme_stems: frozenset[str] = frozenset()
    people_and_things: frozenset[str] = frozenset()
    # Counted things that are not people: no event word gives them a metric (21 pays, 21 countries).
    not_people: frozenset[str] = frozenset()

    @cached_property
    def counted(self) -> frozenset[str]:
        """Any word after a year-shaped number that makes it a count (2009 خلية, 2009 cellules)."""
        return frozenset().union(
            self.people_and_things, *(noun.nouns for noun in self.counted_nouns)
        )


_LONGEST_FIRST = {
    "qualifiers_before",
    "qualifiers_after",
    "percent_words",
    "rank_cues",
    "denominators",
}


def _length(row) -> int:
    return len(row[0]) if isinstance(row[0], tuple) else len(row)


def merged(lexicons: Iterable[Lexicon]) -> Lexicon:
    """One lexicon holding every word of ``lexicons``: sets joined, tables put end to end."""
    lexicons = list(lexicons)
    values = {}
    for item in dataclasses.fields(Lexicon):
        parts = [getattr(lexicon, item.name) for lexicon in lexicons]
        if isinstance(parts[0], frozenset):
            values[item.name] = frozenset().union(*parts)
        elif isinstance(parts[0], tuple):
            rows = tuple(row for part in parts for row in part)
            if item.name in _LONGEST_FIRST:
                rows = tuple(sorted(rows, key=_length, reverse=True))
            values[item.name] = rows
        else:
            values[item.name] = {key: value for part in parts for key, value in part.items()}
    return Lexicon(**values)
