"""Every number of a text, in the languages asked for, and the checks built on them."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from apps.core.arabic import fold_with_offsets

from . import arabic
from .digits import digit_numbers
from .latin import latin_words
from .mention import NumberMention, folded_mention, mention_at
from .tables import ENGLISH, FRENCH

__all__ = ["LANGUAGES", "find_numbers", "parse_number", "value_in_text"]

LANGUAGES = ("ar", "fr", "en")
_LATIN = {"fr": FRENCH, "en": ENGLISH}
_SPACES = re.compile(" *")
_LATIN_WORD = re.compile(r"[a-z]+(?![^\W\d_])")


def _languages(language: str | None) -> tuple[str, ...]:
    """The languages to read: the one given, or all three for None (mixed or unknown texts)."""
    if not language:
        return LANGUAGES
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}: expected one of {LANGUAGES} or None.")
    return (language,)


def _scale_finder(folded: str, words: arabic.Words | None, scales: dict[str, int]):
    """A function giving the scale word right after a digit number ending at a folded offset."""
    starts = {word.start: index for index, word in enumerate(words.items)} if words else {}

    def scale_after(end: int) -> tuple[int, int, int | None] | None:
        position = _SPACES.match(folded, end).end()
        index = starts.get(position)
        if index is not None:
            scale = arabic.scale_of(words.text(index))
            return (words.items[index].end, scale, index) if scale else None
        latin = _LATIN_WORD.match(folded, position)
        if latin and latin.group() in scales:
            return latin.end(), scales[latin.group()], None
        return None

    return scale_after


def find_numbers(text: str, language: str | None = None) -> list[NumberMention]:
    """Every number written in ``text``, in digits or in words, in order of appearance.

    ``language`` is "ar", "fr" or "en" to read the words of that language
    only, or None to read the words of all three (digits are read in every
    case). An unknown language is a ValueError.
    """
    languages = _languages(language)
    folded, origin = fold_with_offsets(text)
    words = arabic.Words(folded) if "ar" in languages else None
    latin = [_LATIN[code] for code in languages if code in _LATIN]
    scales = {word: scale for table in latin for word, scale in table.scales.items()}
    mentions: list[NumberMention] = []
    scale_words: set[int] = set()
    for number in digit_numbers(text, folded, origin, _scale_finder(folded, words, scales)):
        mentions.append(
            folded_mention(text, origin, number.start, number.end, number.value, "digits")
        )
        if number.scale_word is not None:
            scale_words.add(number.scale_word)
    if words is not None:
        for match in arabic.word_numbers(words, scale_words):
            start = words.items[match.first].start + len(match.prefix)
            end = words.items[match.last].end
            mentions.append(folded_mention(text, origin, start, end, Decimal(match.value), "words"))
    taken = [(mention.start, mention.end) for mention in mentions]
    for word in latin_words(text, latin, taken):
        mentions.append(mention_at(text, word.start, word.end, word.value, word.form))
    return sorted(mentions, key=lambda mention: mention.start)


@lru_cache(maxsize=2**14)  # the same cells recur; the answer is immutable
def parse_number(text: str, language: str | None = None) -> Decimal | None:
    """The number a field holds if it holds exactly one number and nothing else, else None.

    "214", "٢١٤", "1,600", "2 300", "12.5", "مئتين", "ثلاثة آلاف", "six" are
    read; "about 200", "200 خلية", "" and "abc" give None.
    """
    mentions = find_numbers(text, language)
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    if text[: mention.start].strip() or text[mention.end :].strip():
        return None
    return mention.value


def value_in_text(
    value: Decimal | int | str | float, text: str, language: str | None = None
) -> NumberMention | None:
    """The first mention in ``text`` whose value equals ``value`` (214 == 214.00), else None.

    ``language`` as for ``find_numbers``: None reads every language.
    """
    wanted = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    mentions = find_numbers(text, language)
    return next((mention for mention in mentions if mention.value == wanted), None)
