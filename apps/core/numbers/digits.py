"""Numbers written in digits, read on the folded text (every digit 0-9, ٫ is "." and ٬ is ",").

Western, Arabic-Indic (٢١٤) and Persian digits, also when glued to a
one-letter prefix (لـ2009, بـ214, و2021). "1,600", "١٬٦٠٠", "1.600.000" and
"2 300" (a space, a no-break space or a narrow no-break space between groups
of three) are thousands groups; "3.5", "٣٫٥" and the French "88,5" are
decimals. "d.ddd" is ambiguous between a decimal and a thousands group; the
Moroccan press writes thousands with a dot (French usage) and almost never
prints a figure with three decimals, so one to three digits, a dot and
exactly three digits read as thousands ("1.600" = 1600), except after a lone
0 ("0.125"). A dotted run that fits neither reading — a law number like
"03.03" or a date "12.05.2021" — is returned as its separate digit runs, and
so are groups split by spaces that are not thousands ("06 12 34 56 78"). A
digit number followed by a scale word gives the product ("3 آلاف" = 3000,
"2,5 millions" = 2500000). Digits with an ordinal ending (7e, 1er, 3ème,
5th, 21st) are ranks and are not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["DigitNumber", "digit_numbers"]

# Thousands groups split by spaces (every kind of space folds to " "), not
# glued to other digit groups, which would make them a phone number.
_SPACED = r"(?<![+0-9.,])(?<![0-9] )[1-9][0-9]{0,2}(?: [0-9]{3})+(?:[.,][0-9]+)?(?![0-9]| [0-9])"
_DIGIT_CLUSTER = re.compile(rf"{_SPACED}|[0-9]+(?:[.,][0-9]+)*")
_DIGIT_RUN = re.compile(r"[0-9]+")
_THOUSANDS_WITH_COMMAS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_THOUSANDS_WITH_DOTS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_DECIMAL_POINT = re.compile(r"(?:0|[1-9][0-9]*)\.[0-9]+")
_DECIMAL_COMMA = re.compile(r"(?:0|[1-9][0-9]*),[0-9]{1,2}")
_SPACED_VALUE = re.compile(r"([0-9]+)(?:[.,]([0-9]+))?")
# 1er, 1re, 1ère, 2e, 2ème, 2nd, 2nde, 3rd, 5th, 21st — folded, so without accents.
_ORDINAL_ENDING = re.compile(r"(?:er|re|ere|eme|e|nde|nd|st|rd|th)(?![^\W\d_])")
_ARABIC_DECIMAL_SEPARATOR = "\u066b"
_ARABIC_THOUSANDS_SEPARATOR = "\u066c"

# (folded end of the number) -> (folded end of its scale word, scale, Arabic word index or None)
ScaleFinder = Callable[[int], "tuple[int, int, int | None] | None"]


@dataclass(frozen=True)
class DigitNumber:
    start: int  # folded offsets
    end: int
    value: Decimal
    scale_word: int | None  # index of the Arabic scale word it took, if any


def _cluster_value(cluster: str, marks: set[str]) -> Decimal | None:
    """The value of a run of digits and separators read as one number, or None.

    ``marks`` are the separators as written in the original text: the Arabic
    ٫ and ٬ say unambiguously which one is the decimal mark.
    """
    if cluster.isdigit():
        return Decimal(cluster)
    if " " in cluster:
        whole, fraction = _SPACED_VALUE.fullmatch(cluster.replace(" ", "")).groups()
        return Decimal(f"{whole}.{fraction}" if fraction else whole)
    if _THOUSANDS_WITH_COMMAS.fullmatch(cluster):
        return Decimal(cluster.replace(",", ""))
    # "1.600" is 1600, not 1.6 (see the module docstring), unless written ١٫٦٠٠.
    if _ARABIC_DECIMAL_SEPARATOR not in marks and _THOUSANDS_WITH_DOTS.fullmatch(cluster):
        return Decimal(cluster.replace(".", "").replace(",", "."))
    if _DECIMAL_POINT.fullmatch(cluster):
        return Decimal(cluster)
    if _ARABIC_THOUSANDS_SEPARATOR not in marks and _DECIMAL_COMMA.fullmatch(cluster):
        return Decimal(cluster.replace(",", "."))
    return None


def _read_cluster(cluster: str, marks: set[str]) -> list[tuple[int, int, Decimal]]:
    """Numbers in a digit cluster as (start, end, value) relative to the cluster."""
    value = _cluster_value(cluster, marks)
    if value is not None:
        return [(0, len(cluster), value)]
    # 03.03 (a law number), 12.05.2021 (a date): each run is its own number.
    return [(run.start(), run.end(), Decimal(run.group())) for run in _DIGIT_RUN.finditer(cluster)]


def digit_numbers(
    text: str, folded: str, origin: list[int], scale_after: ScaleFinder
) -> Iterator[DigitNumber]:
    """Each digit number of the folded text, with the scale word that follows it."""
    for match in _DIGIT_CLUSTER.finditer(folded):
        if _ORDINAL_ENDING.match(folded, match.end()):
            continue
        cluster = match.group()
        marks = {text[origin[match.start() + i]] for i, char in enumerate(cluster) if char in ".,"}
        pieces = _read_cluster(cluster, marks)
        scale = scale_after(match.end()) if len(pieces) == 1 else None
        for start, end, value in pieces:
            if scale is None:
                yield DigitNumber(match.start() + start, match.start() + end, value, None)
            else:
                scale_end, factor, word = scale
                yield DigitNumber(match.start() + start, scale_end, value * factor, word)
