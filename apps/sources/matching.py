"""Locating a quote's exact words inside its source's text."""

from __future__ import annotations

from difflib import SequenceMatcher


def find_span(text: str, words: str, near: int | None = None) -> tuple[int, int] | None:
    """The (start, end) of ``words`` in ``text``, preferring the occurrence at ``near``."""
    if not words:
        return None
    if near is not None and text[near : near + len(words)] == words:
        return near, near + len(words)
    start = text.find(words)
    if start < 0:
        return None
    return start, start + len(words)


def nearest_passage(text: str, words: str) -> str:
    """The passage of ``text`` that most resembles ``words``, for error messages.

    Anchors on the longest block the two share, then takes a window of the
    quote's length around it; cheap enough for long articles.
    """
    if not text or not words:
        return ""
    matcher = SequenceMatcher(None, text, words, autojunk=False)
    block = matcher.find_longest_match(0, len(text), 0, len(words))
    if block.size == 0:
        return ""
    start = max(0, block.a - block.b)
    end = min(len(text), start + len(words))
    return text[start:end]


def find_spans_in_sources(wanted: list[tuple[int, str]]) -> list[tuple[int, int] | None]:
    """``find_span`` for many (source id, words) pairs at once, run by PostgreSQL.

    The texts stay in the database: a large import names thousands of sources,
    and reading them all into Python would cost more than searching them there.
    PostgreSQL's ``strpos`` counts characters as Python does.
    """
    from django.db import connection

    from .models import Source

    # PostgreSQL text cannot hold NUL, so no source text contains it.
    asked = [index for index, (_, words) in enumerate(wanted) if words and "\x00" not in words]
    spans: list[tuple[int, int] | None] = [None] * len(wanted)
    if not asked:
        return spans
    # Each text is read (and decompressed) once, not once per quote looked for in it.
    sql = (
        "WITH w AS (SELECT * FROM unnest(%s::bigint[], %s::text[]) WITH ORDINALITY "
        "AS w(source_id, words, n)), "
        f"t AS MATERIALIZED (SELECT id, text || '' AS text FROM {Source._meta.db_table} "
        "WHERE id IN (SELECT source_id FROM w)) "
        "SELECT strpos(t.text, w.words) FROM w LEFT JOIN t ON t.id = w.source_id ORDER BY w.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [[wanted[i][0] for i in asked], [wanted[i][1] for i in asked]])
        for index, (position,) in zip(asked, cursor.fetchall(), strict=True):
            if position:
                spans[index] = (position - 1, position - 1 + len(wanted[index][1]))
    return spans
