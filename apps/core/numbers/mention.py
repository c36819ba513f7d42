"""The record every reader returns: a number found in a text, with its offsets."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class NumberMention:
    """A number found in a text; ``text == original[start:end]``.

    ``form`` is "digits" ("3 آلاف" and "2,5 millions" count as digits),
    "words", or "approximate" for a noun of approximation ("une dizaine",
    "a dozen"), whose value is the round number it stands near.
    """

    value: Decimal
    start: int
    end: int
    text: str
    form: str


def tidy(value: Decimal) -> Decimal:
    """1.5 × 10**6 gives Decimal("1500000.0"): integers are stored as integers."""
    return Decimal(int(value)) if value == value.to_integral_value() else value


def mention_at(text: str, start: int, end: int, value: Decimal, form: str) -> NumberMention:
    """The mention of ``text[start:end]``, with the combining marks that follow its last letter."""
    while end < len(text) and unicodedata.category(text[end]) == "Mn":
        end += 1
    return NumberMention(tidy(value), start, end, text[start:end], form)


def folded_mention(
    text: str, origin: list[int], start: int, end: int, value: Decimal, form: str
) -> NumberMention:
    """The mention of folded offsets [start, end), mapped back onto ``text``."""
    return mention_at(text, origin[start], origin[end - 1] + 1, value, form)
