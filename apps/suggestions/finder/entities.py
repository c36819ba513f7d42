"""Registry entities named in the sentence of a figure.

An entity is matched by one of its names written in full, in any of the
three languages, or its acronym; Arabic clitics (و، ب، ال…) may precede
the first word, and case and accents do not matter. A name with a closing
parenthesis, "Islamic State (ISIS/Daesh)", is also matched without it and
by each name inside it ("ISIS", "Daesh"), unless that holds digits (a year).
A shortened form of a name is not matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from apps.core.arabic import normalize

from .document import SENTENCE_BREAKS, Doc, bare
from .lexicon import TOKEN
from .quotes import bounds

__all__ = ["EntityHit", "EntityName", "entities_near", "entity_hits"]

_CLOSING_PARENTHESIS = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


class EntityName(NamedTuple):
    """A registry record the engine may find named: its kind, primary key and names."""

    kind: str  # "institution", "programme", "law", "incident"
    pk: Any
    names: Sequence[str]  # names in any language, acronyms, a law's number


@dataclass(frozen=True)
class EntityHit:
    start: int
    end: int
    key: tuple[str, Any]
    words: str


def _spellings(name: str) -> Iterator[str]:
    """A name, and for "Name (Other/Alias)" also "Name", "Other" and "Alias"."""
    yield name
    match = _CLOSING_PARENTHESIS.match(name)
    if match is None:
        return
    yield match.group(1)
    if not re.search(r"\d", match.group(2)):
        yield from (alias.strip() for alias in match.group(2).split("/"))


def _name_index(entities: Iterable[EntityName]) -> dict[str, list[tuple[tuple[str, ...], Any]]]:
    """Folded names by their first word: {first word: [(words, (kind, pk))]}."""
    index: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
    for kind, pk, names in entities:
        for name in names:
            for spelling in _spellings(name or ""):
                words = tuple(TOKEN.findall(normalize(spelling)))
                if words and len("".join(words)) >= 2:
                    index.setdefault(words[0], []).append((words, (kind, pk)))
    return index


def entity_hits(doc: Doc, entities: Iterable[EntityName]) -> list[EntityHit]:
    """Every place an entity is named; clitics (وال، ب، لل…) may precede the first word."""
    index = _name_index(entities)
    hits = []
    for position, token in enumerate(doc.tokens):
        for form in bare(token.norm):
            for words, key in index.get(form, ()):
                following = doc.after(position, len(words) - 1)
                rest = [doc.tokens[i].norm for i in following]
                if rest == list(words[1:]):
                    last = following[-1] if following else position
                    end, written = doc.tokens[last].end, doc.words(position, last)
                    hits.append(EntityHit(token.start, end, key, written))
    return hits


def entities_near(
    text: str, span: tuple[int, int], hits: list[EntityHit]
) -> tuple[tuple[tuple[str, Any], ...], list[str]]:
    """The entities named in the sentence of ``span``, each once, in order of appearance."""
    start, end = bounds(text, span[0], span[1], SENTENCE_BREAKS)
    keys: dict[tuple[str, Any], str] = {}
    for hit in sorted(hits, key=lambda hit: hit.start):
        if start <= hit.start and hit.end <= end:
            keys.setdefault(hit.key, hit.words)
    return tuple(keys), list(keys.values())
