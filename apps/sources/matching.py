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


# What may cling to a word's ends without being part of the passage.
PUNCTUATION = " \t\n.,;:!?«»()\"'،؛؟"


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
    # Whole words only: the window widens to the spaces around it.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip(PUNCTUATION)
