"""Arabic (and French) text folding for search and comparison.

``normalize`` gives the form in which two spellings of the same Arabic text
compare equal. The Moroccan press, and the web pages it is copied from, spell
the same word in several ways, so the folded form erases the differences that
carry no meaning for a search:

* Unicode NFKC first, which turns Arabic presentation forms (ﺧﻠﻴﺔ, ligatures
  such as ﻻ) and full-width characters into ordinary letters.
* Diacritics (harakat U+064B–U+065F, superscript alef U+0670, Quranic marks
  U+06D6–U+06ED) and tatweel U+0640 are dropped: they are optional in print
  and appear only in some copies of a quote.
* Hamza seats are unified (أ إ آ ٱ → ا, ؤ → و, ئ → ي) and ى → ي, because
  writers and OCR confuse them constantly (اعتقال/إعتقال, مئة/مائة).
* Ta marbuta is merged with ha (ة → ه). Web text very often writes final ة as
  ه (خليه for خلية); merging costs a few rare collisions between unrelated
  words, which is cheaper for a search than missing every ه-spelt copy.
* Arabic-Indic and Persian digits become 0-9, the Arabic decimal separator
  ٫ becomes "." and the Arabic thousands separator ٬ becomes ",".
* The Persian letters ی and ک, which Persian keyboards insert into Arabic
  text, become ي and ك.
* Latin text (French quotes, agency names) is casefolded and stripped of its
  accents, so "Sûreté" and "SURETE" meet.
* Invisible formatting characters pasted from web pages (bidi marks,
  zero-width joiners, soft hyphens) are dropped; runs of whitespace collapse
  to one space.

No stemming is applied. The ``arabic`` snowball stemmer turns خلية (cell)
into خل (vinegar) and conflates many short roots, which would make searches
for the very terms this database is about return noise. Prefix handling
(و، ب، ال…) is left to the code that needs it (see ``apps.core.numbers``).

``fold_with_offsets`` applies the same folding character by character and
keeps, for each folded character, the index of the source character it came
from, so that a match found in the folded text can be shown in the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold_with_offsets", "normalize", "strip_diacritics", "to_western_digits"]

_WESTERN_DIGITS = "0123456789"
_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"

_DIGIT_TABLE = str.maketrans(
    _ARABIC_INDIC_DIGITS + _PERSIAN_DIGITS, _WESTERN_DIGITS + _WESTERN_DIGITS
)


def _code_points(*ranges: tuple[int, int]) -> list[int]:
    return [point for first, last in ranges for point in range(first, last + 1)]


_ARABIC_DIACRITICS = _code_points((0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED))
_TATWEEL = 0x0640
# The combining blocks used by Latin, Greek and Cyrillic accents; Arabic marks
# are listed separately above so that other scripts keep their vowel signs.
_LATIN_ACCENTS = _code_points(
    (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F)
)
_INVISIBLE = _code_points(
    (0x00AD, 0x00AD),
    (0x061C, 0x061C),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x2069),
    (0xFEFF, 0xFEFF),
)

_LETTER_FOLDS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ئ": "ي",
    "ی": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ک": "ك",
    "٫": ".",
    "٬": ",",
}

_STRIP_TABLE = dict.fromkeys([*_ARABIC_DIACRITICS, _TATWEEL])
_FOLD_TABLE = {
    **dict.fromkeys([*_ARABIC_DIACRITICS, _TATWEEL, *_LATIN_ACCENTS, *_INVISIBLE]),
    **{ord(source): target for source, target in _LETTER_FOLDS.items()},
    **_DIGIT_TABLE,
}

_WHITESPACE_RUN = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Return the search/comparison form of ``text`` (see the module docstring).

    Idempotent: ``normalize(normalize(x)) == normalize(x)``.
    """
    # Casefolding can produce characters that NFKC would rewrite again, hence
    # NFKC before casefold and a final composition after the accents are gone.
    folded = unicodedata.normalize("NFKC", text).casefold()
    # NFD splits é into e + U+0301 and أ into ا + U+0654, so one table drops
    # both Latin accents and hamza marks.
    folded = unicodedata.normalize("NFD", folded).translate(_FOLD_TABLE)
    folded = unicodedata.normalize("NFKC", folded)
    return _WHITESPACE_RUN.sub(" ", folded).strip()


def to_western_digits(text: str) -> str:
    """Replace Arabic-Indic (٠-٩) and Persian (۰-۹) digits with 0-9; nothing else changes.

    The result has the same length as ``text``, so offsets stay valid.
    """
    return text.translate(_DIGIT_TABLE)


def strip_diacritics(text: str) -> str:
    """Remove Arabic diacritics (harakat, superscript alef, Quranic marks) and tatweel.

    Letters, hamza forms and Latin accents are kept: this is the light
    clean-up for display, ``normalize`` is the one for comparison.
    """
    return text.translate(_STRIP_TABLE)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` like ``normalize``, one character at a time, keeping a map to the source.

    Returns ``(folded, origin)`` where ``origin[i]`` is the index in ``text`` of
    the character that produced ``folded[i]``. Unlike ``normalize`` every
    whitespace character becomes exactly one space and nothing is stripped, so
    word boundaries stay where they were.
    """
    pieces = list(map(_fold_char_or_space, text))
    folded = "".join(pieces)
    if list(map(len, pieces)).count(1) == len(text):
        return folded, list(range(len(text)))  # one character for one: the usual case
    return folded, [index for index, piece in enumerate(pieces) for _ in piece]


@lru_cache(maxsize=4096)
def _fold_char_or_space(char: str) -> str:
    return " " if char.isspace() else _fold_char(char)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return normalize(char)
