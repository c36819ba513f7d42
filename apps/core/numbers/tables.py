"""What the French and English readers need to know of each language, beside its number words.

The number words themselves (un … vingt, soixante-dix, quatre-vingt(s),
cent(s), mille; one … nineteen, twenty … ninety, hundred, thousand, with
"et", "and" and hyphens) are read by the ``text2num`` library. These tables
hold what it does not decide: scale words after digits, nouns of
approximation, and the words that make a number word something else.
All words are written folded (casefolded, without accents).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ENGLISH", "FRENCH", "LatinLanguage"]


@dataclass(frozen=True)
class LatinLanguage:
    code: str
    # After a number in digits: "2,5 millions", "1.5 million".
    scales: dict[str, int]
    # "une dizaine", "a dozen": the noun, after one of ``articles``.
    approximate: dict[str, int]
    articles: frozenset[str]
    # "une bonne dizaine", "une petite centaine": words allowed between article and noun.
    intensifiers: frozenset[str]
    # Nouns that are numbers only before "de": "une quarantaine de" (not "en quarantaine").
    need_of: frozenset[str]
    of: frozenset[str]
    # A plural scale alone is a vague count ("des millions de", "hundreds of"), not a number.
    vague_alone: frozenset[str]
    # "pour cent", "per cent": cent after these words marks a percentage.
    percent_before: frozenset[str]


FRENCH = LatinLanguage(
    code="fr",
    scales={
        "mille": 1000,
        "million": 10**6,
        "millions": 10**6,
        "milliard": 10**9,
        "milliards": 10**9,
    },
    approximate={
        "dizaine": 10,
        "douzaine": 12,
        "quinzaine": 15,
        "vingtaine": 20,
        "trentaine": 30,
        "quarantaine": 40,
        "cinquantaine": 50,
        "soixantaine": 60,
        "centaine": 100,
        "millier": 1000,
    },
    articles=frozenset({"un", "une"}),
    intensifiers=frozenset({"bonne", "petite", "grosse", "large"}),
    need_of=frozenset({"quarantaine"}),
    of=frozenset({"de", "d"}),
    vague_alone=frozenset({"cents", "millions", "milliards"}),
    percent_before=frozenset({"pour"}),
)

ENGLISH = LatinLanguage(
    code="en",
    scales={
        "thousand": 1000,
        "million": 10**6,
        "millions": 10**6,
        "billion": 10**9,
        "billions": 10**9,
        "bn": 10**9,
    },
    approximate={"dozen": 12},
    articles=frozenset({"a", "one"}),
    intensifiers=frozenset({"good"}),
    need_of=frozenset(),
    of=frozenset({"of"}),
    vague_alone=frozenset({"hundreds", "thousands", "millions", "billions"}),
    percent_before=frozenset({"per"}),
)
