"""Read numbers as the Arabic press writes them.

Every figure in ctdb is tied to a verbatim quote; this module finds the
numbers a quote contains so that a figure can be checked against it.
``find_numbers`` returns each number with its offsets in the original text;
``parse_number`` reads a field that must hold exactly one number;
``value_in_text`` tells whether a value is written in a quote.

Digits
    Western, Arabic-Indic (٢١٤) and Persian digits, also when glued to a
    one-letter prefix (لـ2009, بـ214, و2021). "1,600", "١٬٦٠٠" and
    "1.600.000" are thousands groups; "3.5", "٣٫٥" and the French "88,5"
    are decimals. "d.ddd" is ambiguous between a decimal and a thousands
    group; the Moroccan press writes thousands with a dot (French usage) and
    almost never prints a figure with three decimals, so one to three digits,
    a dot and exactly three digits read as thousands ("1.600" = 1600,
    "3.500" = 3500), except after a lone 0 ("0.125"). A dotted run that fits
    neither reading — a law number like "03.03" or a date "12.05.2021" — is
    returned as its separate digit runs. A digit number followed by a scale
    word gives the product ("3 آلاف" = 3000, "1.5 مليون" = 1500000).

Words
    Cardinals from 1 up to the billions in their grammatical forms
    (masculine/feminine, nominative/accusative, duals, construct forms),
    hundreds joined or split (ثلاثمائة, ثلاث مئة), compounds joined with و
    (خمسة وعشرون, ألف ومئتان وخمسة عشر), with prefixes و ف ب ل ك ال on the
    first word. The offsets of a word number leave out that prefix.

Deliberately not numbers
    Vague plurals (عشرات، مئات، آلاف، ملايين without a count), ordinals
    (الثالث عشر، الحادي والعشرون), أحد/إحدى alone ("one of"), الواحد and
    الاثنين alone (adjective "single", Monday), the percent phrase
    في المائة / بالمائة, and words built on number roots (الثلاثاء، عشرية،
    مئوية، ثمانينيات، الألفية). Ordinals written in digits ("الدورة 13") are
    returned: whether a digit run is a year or a rank is decided elsewhere.

Known limits
    Digits split by spaces ("4 304") are two numbers. Fractions and
    approximations (نصف، ربع، نيف، بضعة) and zero written as a word (صفر is
    also a month) are not read. A digit number followed by words
    ("3 آلاف و500") is read as two numbers. ألف also spells the verb
    "authored" and the letter alef; without diacritics it is read as 1000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from .arabic import fold_with_offsets, normalize

__all__ = ["NumberMention", "find_numbers", "parse_number", "value_in_text"]


@dataclass(frozen=True)
class NumberMention:
    """A number found in a text; ``text == original[start:end]``."""

    value: Decimal
    start: int
    end: int
    text: str
    form: str  # "digits" or "words"


# --------------------------------------------------------------------------
# Lexicon of number words, written in ordinary spelling and folded at import
# time so that every spelling variant that ``normalize`` merges is covered.
# --------------------------------------------------------------------------

_UNIT, _TEN, _TENS, _HUNDREDS = "unit", "ten", "tens", "hundreds"
_SCALE, _DUAL, _PLURAL = "scale", "dual", "plural"


@dataclass(frozen=True)
class _Entry:
    kind: str
    value: int  # for the three scale kinds: the scale itself (1000, 10**6…)
    # أحد/إحدى/اثنا…: a number only in 11–19 or before و + tens.
    bound: bool = False


_UNIT_WORDS = {
    1: "واحد واحدة",
    2: "اثنان اثنين اثنتان اثنتين",
    3: "ثلاث ثلاثة",
    4: "أربع أربعة",
    5: "خمس خمسة",
    6: "ست ستة",
    7: "سبع سبعة",
    8: "ثمان ثماني ثمانية",
    9: "تسع تسعة",
}
_BOUND_UNIT_WORDS = {1: "أحد إحدى", 2: "اثنا اثني اثنتا اثنتي"}
_TENS_WORDS = {
    20: "عشرون عشرين",
    30: "ثلاثون ثلاثين",
    40: "أربعون أربعين",
    50: "خمسون خمسين",
    60: "ستون ستين",
    70: "سبعون سبعين",
    80: "ثمانون ثمانين",
    90: "تسعون تسعين",
}
_HUNDRED_WORDS = "مئة مائة"
# مئتا is left out: once folded it is spelt like ميتا, "dead" (accusative).
_TWO_HUNDRED_WORDS = "مئتان مئتين مئتي مائتان مائتين مائتي مائتا"
# Stems that join مئة/مائة: ثلاثمائة, ثمانمئة, ثمانيمائة…
_HUNDREDS_STEMS = {3: "ثلاث", 4: "أربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثمان ثماني", 9: "تسع"}
_SCALE_WORDS = {
    1000: ("ألف ألفا", "ألفان ألفين ألفي", "آلاف ألوف"),
    10**6: ("مليون مليونا", "مليونان مليونين مليوني", "ملايين"),
    10**9: ("مليار مليارا", "ملياران مليارين ملياري", "مليارات"),
}


def _folded(words: str) -> list[str]:
    return [normalize(word) for word in words.split()]


def _build_lexicon() -> dict[str, _Entry]:
    lexicon: dict[str, _Entry] = {}
    for value, words in _UNIT_WORDS.items():
        lexicon.update(dict.fromkeys(_folded(words), _Entry(_UNIT, value)))
    for value, words in _BOUND_UNIT_WORDS.items():
        lexicon.update(dict.fromkeys(_folded(words), _Entry(_UNIT, value, bound=True)))
    lexicon.update(dict.fromkeys(_folded("عشر عشرة"), _Entry(_TEN, 10)))
    for value, words in _TENS_WORDS.items():
        lexicon.update(dict.fromkeys(_folded(words), _Entry(_TENS, value)))
    lexicon.update(dict.fromkeys(_folded(_HUNDRED_WORDS), _Entry(_HUNDREDS, 100)))
    lexicon.update(dict.fromkeys(_folded(_TWO_HUNDRED_WORDS), _Entry(_HUNDREDS, 200)))
    for unit, stems in _HUNDREDS_STEMS.items():
        for stem in _folded(stems):
            for hundred in _folded(_HUNDRED_WORDS):
                lexicon[stem + hundred] = _Entry(_HUNDREDS, unit * 100)
    for scale, (singular, dual, plural) in _SCALE_WORDS.items():
        for kind, words in ((_SCALE, singular), (_DUAL, dual), (_PLURAL, plural)):
            lexicon.update(dict.fromkeys(_folded(words), _Entry(kind, scale)))
    return lexicon


_LEXICON = _build_lexicon()
_HUNDRED = frozenset(_folded(_HUNDRED_WORDS))

# Conjunction, then preposition, then article: و + ب + ال → وبال; ل + ال → لل.
_PREFIXES = sorted(
    {
        conj + prep + article
        for conj in ("", "و", "ف")
        for prep in ("", "ب", "ل", "ك")
        for article in ("", "ال")
    }
    - {"ل" + "ال", "ول" + "ال", "فل" + "ال"}
    | {"لل", "ولل", "فلل"},
    key=len,
)
# Short stems that, behind some prefixes, spell a common non-number word:
# لست/ألست ("I am not"/"am I not"), لتسع ("to hold").
_FORBIDDEN_PREFIXES = {
    normalize("ست"): {"ل", "ول", "فل", "ك", "وك", "فك", "ال", "وال", "فال", "بال", "كال", "لل"},
    normalize("تسع"): {"ل", "ول", "فل"},
}
# Words that turn a following عشر or و + tens into an ordinal or a vague
# count: الثالث عشر, الحادي والعشرون, بضعة عشر, نيف وعشرون.
_ORDINAL_STEMS = frozenset(
    _folded(
        "حادي حادية ثاني ثانية ثالث ثالثة رابع رابعة خامس خامسة سادس سادسة "
        "سابع سابعة ثامن ثامنة تاسع تاسعة عاشر عاشرة بضع بضعة نيف"
    )
)
_ONE_WORDS = frozenset(_folded(_UNIT_WORDS[1]))
_TWO_WORDS = frozenset(_folded(_UNIT_WORDS[2]))
_WA = "و"
_FI = normalize("في")


def _lookup(word: str) -> tuple[str, _Entry] | None:
    """Split ``word`` (folded) into a prefix and a number word, preferring the shortest prefix."""
    for prefix in _PREFIXES:
        if not word.startswith(prefix):
            continue
        stem = word[len(prefix):]
        entry = _LEXICON.get(stem)
        if entry is not None and prefix not in _FORBIDDEN_PREFIXES.get(stem, ()):
            return prefix, entry
    return None


def _split_ordinal(word: str) -> tuple[str, str] | None:
    for prefix in _PREFIXES:
        if word.startswith(prefix) and word[len(prefix):] in _ORDINAL_STEMS:
            return prefix, word[len(prefix):]
    return None


def _has_article(prefix: str) -> bool:
    return prefix.endswith(("ال", "لل"))
