"""The counted noun that follows a number: "214 خلية", "sept membres", "five terrorist cells"."""

from __future__ import annotations

from dataclasses import dataclass

from .document import Doc, has
from .lexicon import Noun

__all__ = ["CountedNoun", "counted_noun", "noun_end"]

# At most this many "de" / modifiers between a number and its noun.
_MAX_SKIPPED = 3


@dataclass(frozen=True)
class CountedNoun:
    noun: Noun | None  # None: a counted word with no metric of its own (شخص, personnes, people)
    first: int  # its tokens, the adjective a metric requires included
    last: int


def _skipped(doc: Doc, following: list[int]) -> int:
    """How many of the ``following`` tokens are "de" or modifiers before the noun."""
    skipped = 0
    while skipped < min(_MAX_SKIPPED, len(following)):
        norm = doc.norm(following[skipped])
        if norm not in doc.lex.of_words and norm not in doc.lex.modifiers:
            break
        skipped += 1
    return skipped


def _adjective(doc: Doc, noun: Noun, before: list[int], after: list[int]) -> int | None:
    """Last token of the phrase if the adjective ``noun`` requires is there, else None.

    Arabic and French put it after the noun (خلية إرهابية, projets d'attentats),
    English before (terrorist plots).
    """
    if after and doc.norm(after[0]) in doc.lex.of_words:
        after = after[1:]
    if after and doc.norm(after[0]) in noun.adjectives:
        return after[0]
    if any(doc.norm(index) in noun.adjectives for index in before):
        return -1
    return None


def counted_noun(doc: Doc, index: int) -> CountedNoun | None:
    """The counted noun after token ``index``: a metric's noun, another counted word, or None."""
    following = doc.after(index, _MAX_SKIPPED + 3)
    skipped = _skipped(doc, following)
    if skipped >= len(following):
        return None
    position = following[skipped]
    word = doc.norm(position)
    for noun in doc.lex.counted_nouns:
        if not has(word, noun.nouns):
            continue
        if not noun.adjectives:
            return CountedNoun(noun, position, position)
        last = _adjective(doc, noun, following[:skipped], following[skipped + 1 :])
        if last is not None:
            return CountedNoun(noun, position, position if last < 0 else last)
    if has(word, doc.lex.counted):
        return CountedNoun(None, position, position)
    return None


def noun_end(doc: Doc, index: int, limit: int) -> int:
    """Last token of the counted noun after token ``index`` (or the next word), before ``limit``."""
    following = [i for i in doc.after(index, 1) if i < limit]
    if not following or doc.tokens[following[0]].is_digits:
        return index
    if doc.norm(following[0]) in doc.lex.conjunctions or doc.norm(following[0]) == "و":
        return index
    noun = counted_noun(doc, index)
    if noun is not None and noun.last < limit:
        return noun.last
    return following[0]
