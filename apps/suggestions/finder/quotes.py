"""Quotes: the clause that states each figure.

The sentence containing the number, cut at ، ؛ , ; . ! ? and line breaks,
and at the last conjunction between two figures of the same clause
("حوالي 900 قتيل وأكثر من 4200 جريح", "3 morts et 12 blessés" give two
quotes): a word glued to و in Arabic, "et" or "and" in French and English.
The Arabic cut takes the last word that starts with و, which is a
conjunction almost always but not always (وزارة).
"""

from __future__ import annotations

from .document import CLAUSE_BREAKS, Doc, is_break
from .figures import Figure

__all__ = ["bounds", "quote_spans"]


def bounds(text: str, start: int, end: int, breaks: frozenset[str]) -> tuple[int, int]:
    """Widen [start, end) to the clause (or sentence) around it."""
    while start > 0 and not is_break(text, start - 1, breaks):
        start -= 1
    while end < len(text) and not is_break(text, end, breaks):
        end += 1
    return start, end


def _cut(doc: Doc, previous: Figure, figure: Figure) -> int | None:
    """Where the second of two figures of one clause starts: its last conjunction before it."""
    for index in range(figure.head, previous.anchor, -1):
        token = doc.tokens[index]
        after_space = doc.text[token.start - 1 : token.start].isspace()
        if token.norm in doc.lex.conjunctions or (token.norm.startswith("و") and after_space):
            return token.start
    return None


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def quote_spans(doc: Doc, figures: list[Figure]) -> list[tuple[int, int]]:
    """(start, end) of each figure's quote: its clause, cut from a neighbour's at a conjunction."""
    spans = []
    for position, figure in enumerate(figures):
        first, last = doc.tokens[figure.head].start, doc.tokens[figure.anchor].end
        start, end = bounds(doc.text, first, last, CLAUSE_BREAKS)
        if position > 0 and doc.tokens[figures[position - 1].anchor].end > start:
            start = max(start, _cut(doc, figures[position - 1], figure) or start)
        if position + 1 < len(figures) and doc.tokens[figures[position + 1].head].start < end:
            end = min(end, _cut(doc, figure, figures[position + 1]) or end)
        spans.append(_strip(doc.text, start, end))
    return spans
