"""Arabic number words, in their grammatical forms.

Cardinals from 1 up to the billions (masculine/feminine, nominative/
accusative, duals, construct forms), hundreds joined or split (ثلاثمائة,
ثلاث مئة), compounds joined with و (خمسة وعشرون, ألف ومئتان وخمسة عشر), with
the prefixes و ف ب ل ك ال on the first word; a mention leaves the prefix out.

Deliberately not numbers: vague plurals (عشرات، مئات، آلاف، ملايين without a
count), ordinals (الثالث عشر، الحادي والعشرون), أحد/إحدى alone ("one of"),
الواحد and الاثنين alone (adjective "single", Monday), the percent phrase
في المائة / بالمائة, and words built on number roots (الثلاثاء، عشرية، مئوية،
ثمانينيات، الألفية).

Known limits: fractions and approximations (نصف، ربع، نيف، بضعة) and zero
written as a word (صفر is also a month) are not read. ألف also spells the
verb "authored" and the letter alef; without diacritics it is read as 1000.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from apps.core.arabic import normalize

__all__ = ["ARABIC_WORD", "PhraseMatch", "Words", "scale_of", "word_numbers"]

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
_TWO_HUNDRED_WORDS = "مئتان مئتين مئتي مئتا مائتان مائتين مائتي مائتا"
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
# Folded, مئتا is spelt like ميتا ("dead"): read only inside a compound (مئتا ألف).
_NOT_ALONE = frozenset(_folded("مئتا"))


def _build_prefixes() -> tuple[str, ...]:
    """Conjunction, preposition, article (و + ب + ال → وبال), shortest first; ل + ال is لل."""
    prefixes = set()
    for conjunction in ("", "و", "ف"):
        for preposition in ("", "ب", "ل", "ك"):
            article = "ل" if preposition == "ل" else "ال"
            prefixes.update({conjunction + preposition, conjunction + preposition + article})
    return tuple(sorted(prefixes, key=len))


_PREFIXES = _build_prefixes()
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


# Words recur from quote to quote: a large import reads the same few thousand again and again.
@lru_cache(maxsize=2**16)
def _lookup(word: str, prefixes: tuple[str, ...] = _PREFIXES) -> tuple[str, _Entry] | None:
    """Split folded ``word`` into one of ``prefixes`` and a number word; first fit wins."""
    for prefix in prefixes:
        if not word.startswith(prefix):
            continue
        stem = word[len(prefix) :]
        entry = _LEXICON.get(stem)
        if entry is not None and prefix not in _FORBIDDEN_PREFIXES.get(stem, ()):
            return prefix, entry
    return None


@lru_cache(maxsize=2**16)
def _split_ordinal(word: str) -> tuple[str, str] | None:
    for prefix in _PREFIXES:
        if word.startswith(prefix) and word[len(prefix) :] in _ORDINAL_STEMS:
            return prefix, word[len(prefix) :]
    return None


def _has_article(prefix: str) -> bool:
    return prefix.endswith(("ال", "لل"))


# --------------------------------------------------------------------------
# Word numbers. The text is folded once; words are runs of Arabic letters in
# the folded text, and offsets are mapped back to the original at the end.
# --------------------------------------------------------------------------

# Arabic letters only: digits, punctuation and marks (dropped by folding) split words.
ARABIC_WORD = re.compile(
    "[\u0621-\u063f\u0641-\u064a"  # basic letters, without tatweel
    "\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff]+"  # extended letters
)


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Atom:
    """One or two words read as a single number: خمسة, خمسة عشر, ثلاث مئة, آلاف."""

    kind: str
    value: int
    last: int  # index of its last word
    bound: bool = False


class Words:
    """The Arabic words of a folded text, with the tests that link neighbours."""

    def __init__(self, folded: str) -> None:
        self.folded = folded
        self.items = [_Word(m.start(), m.end(), m.group()) for m in ARABIC_WORD.finditer(folded)]

    def __len__(self) -> int:
        return len(self.items)

    def text(self, index: int) -> str:
        return self.items[index].text

    def adjacent(self, index: int) -> bool:
        """Whether word ``index`` and the next one are separated by whitespace only."""
        if index + 1 >= len(self.items):
            return False
        gap = self.folded[self.items[index].end : self.items[index + 1].start]
        return gap.isspace()

    def tight_entry(self, index: int) -> _Entry | None:
        """The number word right after word ``index``, if it has no prefix."""
        if not self.adjacent(index):
            return None
        return _LEXICON.get(self.text(index + 1))

    def next_link(self, index: int) -> tuple[int, bool] | None:
        """Index of the word after ``index`` and whether a detached و stands between them."""
        if not self.adjacent(index):
            return None
        if self.text(index + 1) != _WA:
            return index + 1, False
        return (index + 2, True) if self.adjacent(index + 1) else None


def _read_atom(words: Words, index: int, entry: _Entry) -> _Atom:
    """Read the number starting with word ``index`` whose number word is ``entry``."""
    if entry.kind != _UNIT:
        return _Atom(entry.kind, entry.value, index)
    following = words.tight_entry(index)
    if following is not None and following.kind == _TEN:
        return _Atom(_TEN, entry.value + 10, index + 1)
    # ثلاث مئة: a unit 3–9 followed by the word for hundred is one number.
    counts_hundreds = 3 <= entry.value <= 9 and not entry.bound
    if counts_hundreds and following is not None and words.text(index + 1) in _HUNDRED:
        return _Atom(_HUNDREDS, entry.value * 100, index + 1)
    return _Atom(_UNIT, entry.value, index, bound=entry.bound)


# Order inside a group below 1000: hundreds, then a unit or 10–19, then tens
# (تسعمائة وتسعة وتسعون). Each kind lists the stages it may follow.
_STAGE = {_HUNDREDS: 1, _UNIT: 2, _TEN: 3, _TENS: 4}
_MAY_FOLLOW = {_HUNDREDS: {0}, _UNIT: {0, 1}, _TEN: {0, 1}, _TENS: {0, 1, 2}}


class _Phrase:
    """Running value of a compound number: completed scales plus the current group."""

    def __init__(self) -> None:
        self.total = 0
        self.group = 0
        self.stage = 0
        self.last_scale: int | None = None
        self.pending_bound = False
        self.atoms = 0

    @property
    def value(self) -> int:
        return self.total + self.group

    def add(self, atom: _Atom, joined: bool) -> bool:
        """Extend the phrase with ``atom`` (``joined``: preceded by و); False if it does not fit."""
        # إحدى/أحد only count when tens follow: إحدى وعشرون.
        if self.pending_bound and not (atom.kind == _TENS and joined):
            return False
        if atom.kind in _STAGE:
            fits = self._add_small(atom, joined)
        else:
            fits = self._add_scale(atom, joined)
        if fits:
            self.atoms += 1
        return fits

    def _add_small(self, atom: _Atom, joined: bool) -> bool:
        # ثلاثة وخمسة is "three and five", two numbers: the order must fit.
        if (self.atoms and not joined) or self.stage not in _MAY_FOLLOW[atom.kind]:
            return False
        self.group += atom.value
        self.stage = _STAGE[atom.kind]
        self.pending_bound = atom.bound
        return True

    def _add_scale(self, atom: _Atom, joined: bool) -> bool:
        if self._multiplies_total(atom, joined):
            # ألف مليون: "a thousand millions", a billion.
            self.total *= atom.value
            self.last_scale = (self.last_scale or 1) * atom.value
            return True
        if self.last_scale is not None and atom.value >= self.last_scale:
            return False
        if self.group:
            # The counted scale follows its count directly: خمسة آلاف, مائة ألف.
            if joined or atom.kind == _DUAL:
                return False
            multiplier = self.group
        else:
            # آلاف alone means "thousands of", not a number.
            if atom.kind == _PLURAL or (self.atoms and not joined):
                return False
            multiplier = 2 if atom.kind == _DUAL else 1
        self.total += multiplier * atom.value
        self.group, self.stage, self.last_scale = 0, 0, atom.value
        return True

    def _multiplies_total(self, atom: _Atom, joined: bool) -> bool:
        larger = self.last_scale is not None and atom.value > self.last_scale
        return larger and atom.kind == _SCALE and not joined and not self.group


@dataclass(frozen=True)
class PhraseMatch:
    value: int
    first: int  # word indices
    last: int
    prefix: str  # the prefix glued to the first word, left out of the mention
    atoms: int


def _read_phrase(words: Words, index: int) -> PhraseMatch | None:
    """Read the longest number phrase starting at word ``index``."""
    found = _lookup(words.text(index))
    if found is None:
        return None
    prefix, entry = found
    phrase, best = _Phrase(), None
    atom, joined = _read_atom(words, index, entry), False
    while phrase.add(atom, joined):
        if not phrase.pending_bound:
            best = PhraseMatch(phrase.value, index, atom.last, prefix, phrase.atoms)
        step = _next_atom(words, atom.last, definite=_has_article(prefix))
        if step is None:
            break
        atom, joined = step
    return best


def _next_atom(words: Words, last: int, definite: bool) -> tuple[_Atom, bool] | None:
    """The atom after word ``last`` and whether و joins it, if it may continue a phrase."""
    link = words.next_link(last)
    if link is None:
        return None
    index, detached_wa = link
    text = words.text(index)
    # وأحد folds to واحد: inside a compound a leading و is the conjunction.
    # الخمسة والعشرون: a definite compound repeats the article after و.
    joining = ("",) if detached_wa else (_WA, _WA + "ال") if definite else (_WA,)
    found = _lookup(text, joining)
    joined = found is not None
    if found is None and not detached_wa:
        # A scale or عشر follows its count with no و: خمسة آلاف, خمسة عشر.
        found = _lookup(text, ("",))
    if found is None:
        return None
    return _read_atom(words, index, found[1]), joined


def _skip_ordinal(words: Words, index: int) -> int | None:
    """Index just past an ordinal or vague count starting at word ``index``, or None.

    الثالث عشر and الحادي والعشرون are ranks, بضعة عشر and نيف وعشرون are
    vague: their عشر / و + tens must not be read as 10 or 20. Likewise
    الواحد (والعشرين) is an adjective or a rank, not a count.
    """
    text = words.text(index)
    if _split_ordinal(text) is None and not _is_definite_one(text):
        return None
    following = words.tight_entry(index)
    if following is not None and following.kind == _TEN:
        return index + 2
    step = _next_atom(words, index, definite=True)
    if step is not None and step[1] and step[0].kind == _TENS:
        return step[0].last + 1
    return index + 1


def _is_definite_one(word: str) -> bool:
    found = _lookup(word)
    return found is not None and _has_article(found[0]) and word[len(found[0]) :] in _ONE_WORDS


def _is_idiom(words: Words, match: PhraseMatch) -> bool:
    """Whether a one-word phrase is a fixed expression rather than a count."""
    if match.atoms != 1:
        return False
    stem = words.text(match.first)[len(match.prefix) :]
    if stem in _NOT_ALONE:
        return True
    # الاثنين: Monday, or "both".
    if stem in _TWO_WORDS and _has_article(match.prefix):
        return True
    return match.value in (100, 1000) and _is_per_cent(words, match)


def _is_per_cent(words: Words, match: PhraseMatch) -> bool:
    """في المائة / بالمائة (and per mille في الألف) mark a percentage, not 100."""
    if match.prefix in ("بال", "وبال"):
        return True
    before = match.first - 1
    after_fi = before >= 0 and words.text(before) == _FI and words.adjacent(before)
    return match.prefix == "ال" and after_fi


def word_numbers(words: Words, taken: set[int]) -> Iterator[PhraseMatch]:
    """The number phrases of ``words``, skipping the word indices in ``taken`` (scale words
    already read with a count in digits)."""
    index = 0
    while index < len(words):
        if index in taken:
            index += 1
            continue
        after_ordinal = _skip_ordinal(words, index)
        if after_ordinal is not None:
            index = after_ordinal
            continue
        match = _read_phrase(words, index)
        if match is None:
            index += 1
            continue
        if not _is_idiom(words, match):
            yield match
        index = match.last + 1


def scale_of(word: str) -> int | None:
    """The scale a folded word names when it follows a count in digits (3 آلاف, 1.5 مليون)."""
    entry = _LEXICON.get(word)
    return entry.value if entry is not None and entry.kind in (_SCALE, _PLURAL) else None
