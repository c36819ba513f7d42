"""The text being read: its tokens, its clauses, and the tests that relate neighbouring tokens."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from apps.core.arabic import normalize
from apps.core.numbers import NumberMention

from .lexicon import TOKEN, Lexicon, Phrase

__all__ = [
    "CLAUSE_BREAKS",
    "SENTENCE_BREAKS",
    "Doc",
    "Mention",
    "Token",
    "bare",
    "has",
    "is_break",
    "phrase_at",
    "phrase_before",
    "starts",
]

CLAUSE_BREAKS = frozenset("،,؛;.!?؟\n…")
SENTENCE_BREAKS = frozenset(".!?؟\n…")
_DECIMAL_MARKS = frozenset(".,٫٬")
_DASHES = frozenset("–—")


def _build_clitics() -> tuple[str, ...]:
    """Conjunction + preposition + article glued to an Arabic word (وبال، لل…), longest first."""
    clitics = set()
    for conjunction in ("", "و", "ف"):
        for preposition in ("", "ب", "ل", "ك"):
            article = "ل" if preposition == "ل" else "ال"
            clitics.update({conjunction + preposition, conjunction + preposition + article})
    clitics.discard("")
    return tuple(sorted(clitics, key=len, reverse=True))


_CLITICS = _build_clitics()


@lru_cache(maxsize=8192)
def bare(word: str) -> frozenset[str]:
    """A folded word and what remains of it without each clitic it may start with."""
    forms = {word}
    for clitic in _CLITICS:
        rest = word[len(clitic) :]
        if word.startswith(clitic) and len(rest) >= 2:
            forms.add(rest)
            if clitic.endswith("لل"):
                forms.add("ال" + rest)  # للعلماء is ل + العلماء
    return frozenset(forms)


def has(word: str, vocabulary: frozenset[str]) -> bool:
    return not bare(word).isdisjoint(vocabulary)


def starts(word: str, stems: frozenset[str]) -> bool:
    """Whether ``word``, with or without its clitics, begins with one of ``stems``."""
    return any(form.startswith(stem) for form in bare(word) for stem in stems)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    norm: str

    @property
    def is_digits(self) -> bool:
        return self.norm.isdigit()


@dataclass(frozen=True)
class Mention:
    """A number with the indices of its first and last tokens."""

    number: NumberMention
    first: int
    last: int


def is_break(text: str, index: int, breaks: frozenset[str]) -> bool:
    """Whether ``text[index]`` ends a clause; "1.600" and "88,5" are not breaks.

    A dash with a space beside it ("Rabat, 2 mars – Le BCIJ") ends a clause; "10–15" does not.
    """
    char = text[index]
    if char in _DASHES and breaks is CLAUSE_BREAKS:
        return text[index - 1 : index].isspace() or text[index + 1 : index + 2].isspace()
    if char not in breaks:
        return False
    between_digits = 0 < index < len(text) - 1 and text[index - 1].isdigit()
    return not (char in _DECIMAL_MARKS and between_digits and text[index + 1].isdigit())


class Doc:
    """The text with its tokens, the language's tables, and the tests that relate tokens."""

    def __init__(self, text: str, lex: Lexicon, language: str | None) -> None:
        self.text = text
        self.lex = lex
        self.language = language
        self.tokens = [
            Token(m.start(), m.end(), normalize(m.group())) for m in TOKEN.finditer(text)
        ]
        self.starts = [token.start for token in self.tokens]

    def index_at(self, offset: int) -> int:
        """Index of the token containing (or, between tokens, preceding) ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1

    def norm(self, index: int) -> str:
        return self.tokens[index].norm

    def gap(self, left: int, right: int) -> str:
        """The text between token ``left`` and token ``right`` (-1: the start of the text)."""
        start = self.tokens[left].end if left >= 0 else 0
        end = self.tokens[right].start if right < len(self.tokens) else len(self.text)
        return self.text[start:end]

    def joined(self, left: int, right: int) -> bool:
        """Whether tokens ``left`` and ``right`` are in the same clause."""
        start, end = self.tokens[left].end, self.tokens[right].start
        return not any(is_break(self.text, i, CLAUSE_BREAKS) for i in range(start, end))

    def before(self, index: int, count: int) -> list[int]:
        """Up to ``count`` tokens before token ``index`` in its clause, nearest first."""
        found: list[int] = []
        while len(found) < count and index - 1 >= 0 and self.joined(index - 1, index):
            index -= 1
            found.append(index)
        return found

    def after(self, index: int, count: int) -> list[int]:
        """Up to ``count`` tokens after token ``index`` in its clause, nearest first."""
        found: list[int] = []
        while len(found) < count and index + 1 < len(self.tokens) and self.joined(index, index + 1):
            index += 1
            found.append(index)
        return found

    def word(self, index: int) -> str:
        token = self.tokens[index]
        return self.text[token.start : token.end]

    def words(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last].end]

    def tokens_in(self, start: int, end: int) -> range:
        """Indices of the tokens starting in [start, end)."""
        return range(bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end))


def phrase_at(doc: Doc, indices: list[int], words: Phrase) -> bool:
    """Whether tokens ``indices`` (in text order) spell ``words``; the first may carry clitics."""
    if len(indices) != len(words):
        return False
    first, *rest = indices
    if words[0] not in bare(doc.tokens[first].norm):
        return False
    return all(doc.tokens[i].norm == word for i, word in zip(rest, words[1:], strict=True))


def phrase_before(doc: Doc, index: int, table) -> tuple[int, tuple] | None:
    """(first token, row) of the first row of ``table`` whose phrase ends just before ``index``.

    ``table`` rows are phrases, or tuples whose first item is the phrase.
    """
    for row in table:
        words = row[0] if isinstance(row[0], tuple) else row
        preceding = doc.before(index, len(words))
        if phrase_at(doc, preceding[::-1], words):
            return preceding[-1], row
    return None
