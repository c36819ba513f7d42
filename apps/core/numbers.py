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
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .arabic import fold_with_offsets, normalize

__all__ = ["NumberMention", "find_numbers", "parse_number", "value_in_text"]


@dataclass(frozen=True)
class NumberMention:
    """A number found in a text; ``text == original[start:end]``."""

    value: Decimal
    start: int
    end: int
    text: str
    form: str  # "digits" or "words"; "3 آلاف" counts as digits


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
_ARABIC_WORD = re.compile(
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


class _Words:
    """The Arabic words of a folded text, with the tests that link neighbours."""

    def __init__(self, folded: str) -> None:
        self.folded = folded
        self.items = [_Word(m.start(), m.end(), m.group()) for m in _ARABIC_WORD.finditer(folded)]

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


def _read_atom(words: _Words, index: int, entry: _Entry) -> _Atom:
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
class _PhraseMatch:
    value: int
    first: int  # word indices
    last: int
    prefix: str  # the prefix glued to the first word, left out of the mention
    atoms: int


def _read_phrase(words: _Words, index: int) -> _PhraseMatch | None:
    """Read the longest number phrase starting at word ``index``."""
    found = _lookup(words.text(index))
    if found is None:
        return None
    prefix, entry = found
    phrase, best = _Phrase(), None
    atom, joined = _read_atom(words, index, entry), False
    while phrase.add(atom, joined):
        if not phrase.pending_bound:
            best = _PhraseMatch(phrase.value, index, atom.last, prefix, phrase.atoms)
        step = _next_atom(words, atom.last, definite=_has_article(prefix))
        if step is None:
            break
        atom, joined = step
    return best


def _next_atom(words: _Words, last: int, definite: bool) -> tuple[_Atom, bool] | None:
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


def _skip_ordinal(words: _Words, index: int) -> int | None:
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


def _is_idiom(words: _Words, match: _PhraseMatch) -> bool:
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


def _is_per_cent(words: _Words, match: _PhraseMatch) -> bool:
    """في المائة / بالمائة (and per mille في الألف) mark a percentage, not 100."""
    if match.prefix in ("بال", "وبال"):
        return True
    before = match.first - 1
    after_fi = before >= 0 and words.text(before) == _FI and words.adjacent(before)
    return match.prefix == "ال" and after_fi


def _word_numbers(words: _Words, taken: set[int]) -> Iterator[_PhraseMatch]:
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


# --------------------------------------------------------------------------
# Digit numbers, read on the folded text where every digit is 0-9, ٫ is "."
# and ٬ is ",".
# --------------------------------------------------------------------------

_DIGIT_CLUSTER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_DIGIT_RUN = re.compile(r"[0-9]+")
_THOUSANDS_WITH_COMMAS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_THOUSANDS_WITH_DOTS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_DECIMAL_POINT = re.compile(r"(?:0|[1-9][0-9]*)\.[0-9]+")
_DECIMAL_COMMA = re.compile(r"(?:0|[1-9][0-9]*),[0-9]{1,2}")
_SPACES = re.compile(" *")
_ARABIC_DECIMAL_SEPARATOR = "\u066b"
_ARABIC_THOUSANDS_SEPARATOR = "\u066c"


def _cluster_value(cluster: str, marks: set[str]) -> Decimal | None:
    """The value of a run of digits and separators read as one number, or None.

    ``marks`` are the separators as written in the original text: the Arabic
    ٫ and ٬ say unambiguously which one is the decimal mark.
    """
    if cluster.isdigit():
        return Decimal(cluster)
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


def _scale_after(words: _Words, starts: dict[int, int], end: int) -> tuple[int, int] | None:
    """(word index, scale) of a scale word right after a digit number ending at ``end``."""
    index = starts.get(_SPACES.match(words.folded, end).end())
    if index is None:
        return None
    entry = _LEXICON.get(words.text(index))
    if entry is None or entry.kind not in (_SCALE, _PLURAL):
        return None
    return index, entry.value


def _digit_numbers(
    text: str, origin: list[int], words: _Words
) -> Iterator[tuple[int, int, Decimal, int | None]]:
    """(start, end, value, scale word index) of each digit number, in folded offsets."""
    starts = {word.start: index for index, word in enumerate(words.items)}
    for match in _DIGIT_CLUSTER.finditer(words.folded):
        cluster = match.group()
        marks = {text[origin[match.start() + i]] for i, char in enumerate(cluster) if char in ".,"}
        pieces = _read_cluster(cluster, marks)
        scale = _scale_after(words, starts, match.end()) if len(pieces) == 1 else None
        for start, end, value in pieces:
            if scale is None:
                yield match.start() + start, match.start() + end, value, None
            else:
                yield match.start() + start, words.items[scale[0]].end, value * scale[1], scale[0]


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def _tidy(value: Decimal) -> Decimal:
    # 1.5 × 10**6 gives Decimal("1500000.0"); store integers as integers.
    return Decimal(int(value)) if value == value.to_integral_value() else value


def _mention(
    text: str, origin: list[int], start: int, end: int, value: Decimal, form: str
) -> NumberMention:
    """Build a mention from folded offsets, mapped back onto ``text``."""
    first, last = origin[start], origin[end - 1] + 1
    # Keep the diacritics that follow the last letter (خمسةٌ) inside the mention.
    while last < len(text) and unicodedata.category(text[last]) == "Mn":
        last += 1
    return NumberMention(_tidy(value), first, last, text[first:last], form)


def find_numbers(text: str) -> list[NumberMention]:
    """Every number written in ``text``, in digits or in words, in order of appearance."""
    folded, origin = fold_with_offsets(text)
    words = _Words(folded)
    mentions: list[NumberMention] = []
    scale_words: set[int] = set()
    for start, end, value, scale_word in _digit_numbers(text, origin, words):
        mentions.append(_mention(text, origin, start, end, value, "digits"))
        if scale_word is not None:
            scale_words.add(scale_word)
    for match in _word_numbers(words, scale_words):
        start = words.items[match.first].start + len(match.prefix)
        end = words.items[match.last].end
        mentions.append(_mention(text, origin, start, end, Decimal(match.value), "words"))
    return sorted(mentions, key=lambda mention: mention.start)


@lru_cache(maxsize=2**14)  # the same cells recur; the answer is immutable
def parse_number(text: str) -> Decimal | None:
    """The number a field holds if it holds exactly one number and nothing else, else None.

    "214", "٢١٤", "1,600", "12.5", "مئتين", "ثلاثة آلاف" are read;
    "about 200", "200 خلية", "" and "abc" give None.
    """
    mentions = find_numbers(text)
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    if text[: mention.start].strip() or text[mention.end :].strip():
        return None
    return mention.value


def value_in_text(value: Decimal | int | str | float, text: str) -> NumberMention | None:
    """The first mention in ``text`` whose value equals ``value`` (214 == 214.00), else None."""
    wanted = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return next((mention for mention in find_numbers(text) if mention.value == wanted), None)
