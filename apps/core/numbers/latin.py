"""French and English number words, and nouns of approximation.

Cardinal words are read by ``text2num`` (a maintained library that knows
French and English compounds, "quatre-vingt-dix", "soixante et onze",
"one hundred and twenty-five", plurals such as "deux cents"), fed with the
tokens of the original text so that every number keeps its offsets.

Not numbers: ordinals ("troisième", "tenth"), plural scales alone, which are
vague counts ("des millions de", "hundreds of"), "cent" in "pour cent" /
"per cent" (a percentage), a scale word already read with digits before it
("2,5 millions"), and "UN" written in capitals (the United Nations).

Nouns of approximation after an article ("une dizaine", "une centaine",
"un millier", "a dozen") are returned as approximate mentions of their round
number; "quarantaine" only before "de" ("une quarantaine" alone is a
period of isolation). Their plurals ("des dizaines", "dozens") are not numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from text_to_num import find_numbers as text2num_find_numbers

from apps.core.arabic import normalize

from .tables import LatinLanguage

__all__ = ["LatinWord", "latin_words"]

# Words (of any script, so that Arabic words still separate Latin ones), digit runs, and
# single punctuation marks: text2num reads "quatre", "-", "vingts" as one number.
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class LatinWord:
    start: int  # offsets in the original text
    end: int
    value: Decimal
    form: str  # "words" or "approximate"


class _Token:
    """A token as text2num's protocol wants it: text(), nt_separated(), not_a_number_part()."""

    __slots__ = ("after_break", "end", "folded", "start", "taken", "word")

    def __init__(self, word: str, start: int, end: int, after_break: bool, taken: bool):
        self.word, self.start, self.end = word, start, end
        self.folded = normalize(word)
        self.after_break = after_break
        self.taken = taken

    def text(self) -> str:
        return self.word

    def nt_separated(self, previous: _Token) -> bool:
        return self.after_break

    def not_a_number_part(self) -> bool:
        return self.taken


def _tokens(text: str, taken: list[tuple[int, int]]) -> list[_Token]:
    """The tokens of ``text``; those inside a ``taken`` span (numbers already read) are marked."""
    taken = sorted(taken)
    tokens: list[_Token] = []
    position = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        while position < len(taken) and taken[position][1] <= start:
            position += 1
        inside = position < len(taken) and taken[position][0] < end
        gap = text[tokens[-1].end : start] if tokens else ""
        tokens.append(_Token(match.group(), start, end, "\n" in gap, inside))
    return tokens


def _cardinals(tokens: list[_Token], language: LatinLanguage) -> Iterator[LatinWord]:
    """The cardinal numbers text2num reads in ``tokens``, less those that count nothing."""
    for found in text2num_find_numbers(tokens, language.code, threshold=0):
        words = tokens[found.start : found.end]
        if (
            found.is_ordinal
            or not float(found.value).is_integer()
            or _is_not_a_count(tokens, found.start, words, language)
        ):
            continue
        yield LatinWord(words[0].start, words[-1].end, Decimal(int(found.value)), "words")


def _is_not_a_count(
    tokens: list[_Token], first: int, words: list[_Token], language: LatinLanguage
) -> bool:
    """Whether a one-word number is a vague plural, "UN", or the cent of "pour cent"."""
    if len(words) != 1:
        return False
    word = words[0]
    if word.folded in language.vague_alone or (word.word.isupper() and len(word.word) <= 2):
        return True
    before = tokens[first - 1].folded if first > 0 else ""
    return word.folded in ("cent", "cents") and before in language.percent_before


def _approximations(tokens: list[_Token], language: LatinLanguage) -> Iterator[LatinWord]:
    """ "une dizaine", "une bonne centaine", "a dozen": a noun of approximation after an article."""
    for index, token in enumerate(tokens):
        value = language.approximate.get(token.folded)
        if value is None or token.taken:
            continue
        following = tokens[index + 1].folded if index + 1 < len(tokens) else ""
        if token.folded in language.need_of and following not in language.of:
            continue
        article = index - 1
        if article > 0 and tokens[article].folded in language.intensifiers:
            article -= 1
        if article >= 0 and tokens[article].folded in language.articles:
            yield LatinWord(tokens[article].start, token.end, Decimal(value), "approximate")


def latin_words(
    text: str, languages: Iterable[LatinLanguage], taken: list[tuple[int, int]]
) -> list[LatinWord]:
    """The French and English number words of ``text``, outside the ``taken`` spans.

    Where two languages read overlapping words, the longer reading wins.
    """
    languages = list(languages)
    if not languages or not _LATIN_LETTER.search(text):
        return []
    tokens = _tokens(text, taken)
    found = [
        word
        for language in languages
        for reader in (_cardinals, _approximations)
        for word in reader(tokens, language)
    ]
    found.sort(key=lambda word: (word.start, word.start - word.end))
    kept: list[LatinWord] = []
    for word in found:
        if not kept or word.start >= kept[-1].end:
            kept.append(word)
    return kept
