"""Find the counted figures a source text states, by rules that can be explained.

``find_candidates(text, entities)`` proposes every figure an editor may want
to record: its value (and upper value for a range), qualifier, unit, a metric
where the words make it clear, the clause that states it as the proposed
quote (a verbatim slice of the text), the registry entities named in the same
sentence, and ``reasons``: the words each choice rests on. Nothing here
touches the database, so the engine can run on any text.

Numbers
    ``apps.core.numbers.find_numbers`` reads digits in every script, thousands
    separators, scale words and Arabic number words. This module decides
    which of those numbers are counted figures.

Left out (``excluded_numbers`` says why for each)
    Dates (16 ماي 2003, 11/03/2004, يوم 13), years (منذ سنة 2002, بين 2002
    و2021, 2003-2007, عامي 2005 و2007), ordinals and session numbers
    (الدورة 13, الدورة الـ21), law and article numbers (03.03, 03-03, رقم 5),
    ages (عمره 30 عاما), durations (20 سنة, السنوات الأربع), times of day,
    phone numbers and identifiers (leading zeros, +212, long digit runs,
    digits split by spaces, codes such as G5), and واحد alone, which is an
    adjective ("single") far more often than a count. A four-digit number
    from 1900 to 2099 is a year unless a counted noun follows it (2009 خلية)
    or a qualifier precedes it (حوالي 2050 جريحا); after عام or سنة it is a
    year whatever follows.

Qualifiers
    Read from the words before the number (أكثر من, أزيد من, ما يزيد عن,
    حوالي, نحو, قرابة, زهاء, ما لا يقل عن, أقل من, لا يتجاوز…) and, failing
    that, just after it or its noun (تقريبا, على الأقل, على الأكثر, أو أكثر).
    Two numbers joined as بين … و …, من … إلى … or "10-15" form one range.

Metrics, in order of trust
    1. the counted noun right after the number (خلية → cells-dismantled,
       قتيل → deaths, هجوم → attacks, or plots-foiled after إحباط/إجهاض…),
       or the noun after عدد earlier in the clause (عدد الهجمات … 15);
    2. an event word in the clause when the noun is a person (اعتقل →
       persons-arrested, محاكمة → persons-prosecuted, أفرج → prisoners-released,
       عفو → pardons), the nearest one before the number first;
    3. weaker words (سجين, مستفيد → programme-beneficiaries; التحق →
       foreign-fighters), the nearest one.
    Percentages get a share metric only when the clause says what of.

Quotes
    The sentence containing the number, cut at ، ؛ . ! ? and line breaks, and
    at the last " و" between two figures of the same clause ("حوالي 900 قتيل
    وأكثر من 4200 جريح" gives two quotes).

Known limits
    Metrics come from a short keyword list, so a figure about something the
    list does not name gets no metric, and a person noun falls back on the
    nearest event or weak word (حوالي 270 كانوا سجناء سابقين reads as
    programme-beneficiaries). An entity is matched by one of its names
    written in full (clitics such as و، ب، ال allowed), not by a shortened
    form. Numbers the reader does not know (نصف، بضعة، "4 304") are not
    proposed, and "بين 1.5 و2.5 مليون" gives 1.5 and 2500000 apart, since
    1500000 is not written in the quote. The " و" cut takes the last word
    that starts with و before the second figure, which is a conjunction
    almost always but not always (وزارة).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from apps.core.arabic import normalize
from apps.core.numbers import NumberMention, find_numbers

__all__ = ["Candidate", "EntityName", "excluded_numbers", "find_candidates"]


class EntityName(NamedTuple):
    """A registry record the engine may find named: its kind, primary key and names."""

    kind: str  # "institution", "programme", "law", "incident"
    pk: Any
    names: Sequence[str]  # names in any language, acronyms, a law's number


@dataclass(frozen=True)
class Candidate:
    """One proposed figure; ``quote == text[start:end]`` and states ``value``."""

    value: Decimal
    value_max: Decimal | None
    qualifier: str  # a ReportedFigure.Qualifier value
    unit: str  # "count" or "percent"
    metric: str | None  # a Metric slug
    quote: str
    start: int
    end: int
    entities: tuple[tuple[str, Any], ...]  # (kind, pk), in order of appearance
    reasons: tuple[str, ...]
    number_start: int  # the number (both numbers of a range) in the text
    number_end: int


# --------------------------------------------------------------------------
# Lexicon. Written in ordinary spelling and folded with ``normalize`` at
# import, so every spelling variant it merges (أ/ا, ة/ه, ى/ي…) is covered.
# --------------------------------------------------------------------------


def _words(spelling: str) -> frozenset[str]:
    return frozenset(normalize(word) for word in spelling.split())


def _phrases(spellings: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Folded word tuples, longest first so that ما لا يقل عن wins over يقل عن."""
    return tuple(sorted((tuple(normalize(s).split()) for s in spellings), key=len, reverse=True))


def _build_clitics() -> tuple[str, ...]:
    """Conjunction + preposition + article glued to a word (وبال، لل…), longest first."""
    clitics = set()
    for conjunction in ("", "و", "ف"):
        for preposition in ("", "ب", "ل", "ك"):
            article = "ل" if preposition == "ل" else "ال"
            clitics.update({conjunction + preposition, conjunction + preposition + article})
    clitics.discard("")
    return tuple(sorted(clitics, key=len, reverse=True))


_CLITICS = _build_clitics()


@lru_cache(maxsize=8192)
def _bare(word: str) -> frozenset[str]:
    """A folded word and what remains of it without each clitic it may start with."""
    forms = {word}
    for clitic in _CLITICS:
        rest = word[len(clitic) :]
        if word.startswith(clitic) and len(rest) >= 2:
            forms.add(rest)
            if clitic.endswith("لل"):
                forms.add("ال" + rest)  # للعلماء is ل + العلماء
    return frozenset(forms)


def _has(word: str, vocabulary: frozenset[str]) -> bool:
    return not _bare(word).isdisjoint(vocabulary)


def _starts(word: str, stems: frozenset[str]) -> bool:
    """Whether ``word``, with or without its clitics, begins with one of ``stems``."""
    return any(form.startswith(stem) for form in _bare(word) for stem in stems)


_QUALIFIERS_BEFORE = {
    "more_than": "أكثر من|أزيد من|ما يزيد عن|ما يزيد على|يزيد عن|يزيد على|ما يفوق|يفوق|"
    "ما يربو على|ما يربو عن|يربو على|يتجاوز|ما يتجاوز|تجاوز",
    "approximately": "حوالي|حوالى|نحو|ما يقارب|يقارب|قرابة|زهاء|تقريبا|ما يناهز|يناهز|"
    "ما يقرب من|يقرب من|في حدود",
    "at_least": "على الأقل|ما لا يقل عن|لا يقل عن|ما لا يقل على|على أقل تقدير",
    "fewer_than": "أقل من|ما يقل عن|يقل عن",
    "at_most": "على الأكثر|ما لا يزيد عن|ما لا يزيد على|لا يزيد عن|لا يزيد على|لا يتجاوز|"
    "ما لا يتجاوز|لا يتعدى|ما لا يتعدى|على أقصى تقدير",
}
_QUALIFIERS_AFTER = {
    "approximately": "تقريبا",
    "at_least": "على الأقل|على أقل تقدير|أو أكثر|فأكثر|فما فوق|وما فوق",
    "at_most": "على الأكثر|على أقصى تقدير|أو أقل|فأقل|فما دون|وما دون",
}


def _qualifier_table(table: dict[str, str]) -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """(folded words, qualifier, spelling) triples, longest phrase first."""
    rows = [
        (tuple(normalize(spelling).split()), qualifier, spelling)
        for qualifier, spellings in table.items()
        for spelling in spellings.split("|")
    ]
    return tuple(sorted(rows, key=lambda row: len(row[0]), reverse=True))


_BEFORE = _qualifier_table(_QUALIFIERS_BEFORE)
_AFTER = _qualifier_table(_QUALIFIERS_AFTER)
# "أو أكثر من 200" opens the next figure's qualifier; it does not close this one.
_OPENS_COMPARISON = _words("من عن على")
_COMPARATIVES = _words("أكثر أقل")

_PERCENT_SIGNS = "%٪"
_PERCENT_WORDS = _phrases(["في المائة", "في المئة", "في المية", "بالمائة", "بالمئة", "بالمية"])

_MONTHS = _words(
    "يناير فبراير مارس أبريل إبريل ماي مايو يونيو يونيه يوليو يوليوز غشت أغسطس سبتمبر "
    "أكتوبر نوفمبر دجنبر ديسمبر كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين "
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre"
)
# كانون الثاني 2020: the month's first word is two words before the year.
_TWO_WORD_MONTHS = _words("كانون تشرين")
_DAY_CUES = _words("يوم يومي ليلة ليلتي بتاريخ تاريخ")
# 2021م, 1445هـ: a year of the Gregorian or the Hijri calendar.
_ERAS = _words("م هـ ه")
_YEAR_CUES = _words("عام عامي سنة سنتي")
_ORDINAL_CUES = _words(
    "دورة الدورة دورتها رقم الرقم مادة المادة الفصل الفقرة فقرة البند بند النسخة نسخة الطبعة "
    "طبعة المرتبة الرتبة الجلسة جلسة الحلقة حلقة القرار قرار القانون قانون الظهير ظهير "
    "المرسوم مرسوم الصفحة صفحة الآية الفوج فوج الدفعة المرحلة الفئة الصنف"
)
_ARTICLE = normalize("الـ")
_TIME_CUES = _words("الساعة ساعة")
_TIME_OF_DAY = _words("صباحا مساء مساءا ليلا زوالا ظهرا عصرا فجرا")
_AGE_CUES = _words("العمر عمر عمره عمرها عمرهم أعمار أعمارهم أعمارهن")
_TIME_UNITS = _words(
    "سنة سنوات سنين سنتين عام عاما أعوام شهر شهرا أشهر شهور يوم يوما أيام أسبوع أسبوعا "
    "أسابيع ساعة ساعات دقيقة دقائق ثانية ثوان عقد عقود قرن قرون ربيعا"
)
# السنوات الأربع, العقود الثلاثة: the number follows a definite time noun.
_TIME_PLURALS = _words("السنوات الأعوام السنين الأشهر الشهور الأيام الأسابيع الساعات العقود القرون")
_ONE_WORDS = _words("واحد واحدة")
_RANGE_WORDS = _words("و إلى حتى")


@dataclass(frozen=True)
class _Noun:
    """Counted nouns of a metric; an adjective may be required (مشروع إرهابي)."""

    slug: str
    nouns: frozenset[str]
    adjectives: frozenset[str] = frozenset()


_TERRORIST = "إرهابي إرهابيا إرهابية إرهابيين تخريبي تخريبيا تخريبية تخريبيين"
_COUNTED_NOUNS = (
    _Noun("cells-dismantled", _words("خلية خلايا خليتين خليتان شبكة شبكات")),
    _Noun("plots-foiled", _words("مؤامرة مؤامرات مخطط مخططا مخططات")),
    _Noun("plots-foiled", _words("مشروع مشروعا مشاريع"), _words(_TERRORIST)),
    _Noun("deaths", _words("قتيل قتيلا قتلى")),
    _Noun("injuries", _words("جريح جريحا جرحى مصاب مصابا مصابين مصابون")),
    _Noun("attacks", _words("هجوم هجوما هجمات اعتداء اعتداءات تفجير تفجيرات")),
    _Noun("attacks", _words("عملية عمليات"), _words(_TERRORIST + " انتحارية")),
    _Noun("foreign-fighters", _words("مقاتل مقاتلا مقاتلين مقاتلون")),
    _Noun("returnees", _words("عائد عائدا عائدين عائدون")),
    _Noun("targeted-sites", _words("مناطق مواقع أماكن أهداف")),
)
# Attacks that were foiled are plots: إحباط 5 عمليات إرهابية.
_FOILING = _words("إحباط أحبط أحبطت إجهاض أجهض أجهضت إفشال أفشل أفشلت")
# Places count as targets only when the clause says they were targeted.
_TARGETING = _words("استهدف استهدفت استهدفوا استهداف")

# Event and weak words are stems: اعتقل covers اعتقلت, اعتقلوا, اعتقال, الاعتقالات.
_EVENTS = (
    ("prisoners-released", _words("أفرج إفراج سراح")),
    ("pardons", _words("عفو عفا")),
    ("persons-prosecuted", _words("محاكم حوكم")),
    ("persons-arrested", _words("اعتقل اعتقال توقيف أوقف إيقاف قبض موقوف")),
    ("deaths", _words("مقتل قتل حتف توفي توفوا مصرع")),
    ("injuries", _words("إصاب أصيب")),
)
_WEAK = (
    ("programme-beneficiaries", _words("سجين سجناء مستفيد استفاد نزيل نزلاء")),
    ("foreign-fighters", _words("التحق التحاق ملتحق")),
)
_CELL_WORDS = _COUNTED_NOUNS[0].nouns
_ISIS = _words("داعش")
_PROGRAMME_STEMS = _WEAK[0][1] | _words("برنامج")
_COUNT_WORD = normalize("عدد")

# Any of these after a year-shaped number makes it a count (2009 خلية).
_PEOPLE_AND_THINGS = _words(
    "شخص أشخاص شخصا فرد أفراد فردا معتقل معتقلين معتقلا متهم متهمين متهما مشتبه مشتبها "
    "عنصر عناصر عنصرا إرهابي إرهابيين إرهابيا ضحية ضحايا طفل أطفال طفلا امرأة نساء مواطن "
    "مواطنين مواطنا شاب شابا شباب قاصر قاصرين مهاجر مهاجرين مهاجرا قضية قضايا ملف ملفات "
    "حكم أحكام سلاح أسلحة قطعة درهم دولار يورو أورو كيلوغرام طن حالة حالات سجين سجينا سجناء "
    "مستفيد مستفيدا مستفيدين نزيل نزيلا نزلاء"
)
_COUNTED = frozenset().union(_PEOPLE_AND_THINGS, *(noun.nouns for noun in _COUNTED_NOUNS))

_CLAUSE_BREAKS = frozenset("،,؛;.!?؟\n…")
_SENTENCE_BREAKS = frozenset(".!?؟\n…")
_DECIMAL_MARKS = frozenset(".,٫٬")


# --------------------------------------------------------------------------
# Tokens: runs of letters (with their diacritics) and runs of digits, each
# with its folded form. Digits and letters are separate tokens, so لـ2009
# and الـ21 give the clitic and the number apart.
# --------------------------------------------------------------------------

_TOKEN = re.compile(r"\d+|(?:[^\W\d_]|[\u064b-\u065f\u0670\u06d6-\u06ed])+")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    norm: str

    @property
    def is_digits(self) -> bool:
        return self.norm.isdigit()


def _is_break(text: str, index: int, breaks: frozenset[str]) -> bool:
    """Whether ``text[index]`` ends a clause; "1.600" and "88,5" are not breaks."""
    char = text[index]
    if char not in breaks:
        return False
    between_digits = 0 < index < len(text) - 1 and text[index - 1].isdigit()
    return not (char in _DECIMAL_MARKS and between_digits and text[index + 1].isdigit())


class _Doc:
    """The text with its tokens and the tests that relate neighbouring tokens."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [
            _Token(m.start(), m.end(), normalize(m.group())) for m in _TOKEN.finditer(text)
        ]
        self.starts = [token.start for token in self.tokens]

    def index_at(self, offset: int) -> int:
        """Index of the token containing (or, between tokens, preceding) ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1

    def gap(self, left: int, right: int) -> str:
        """The text between token ``left`` and token ``right`` (-1: the start of the text)."""
        start = self.tokens[left].end if left >= 0 else 0
        end = self.tokens[right].start if right < len(self.tokens) else len(self.text)
        return self.text[start:end]

    def joined(self, left: int, right: int) -> bool:
        """Whether tokens ``left`` and ``right`` are in the same clause."""
        start, end = self.tokens[left].end, self.tokens[right].start
        return not any(_is_break(self.text, i, _CLAUSE_BREAKS) for i in range(start, end))

    def before(self, index: int, count: int) -> list[int]:
        """Up to ``count`` tokens before token ``index`` in its clause, nearest first."""
        found: list[int] = []
        while len(found) < count and index - 1 >= 0 and self.joined(index - 1, index):
            index -= 1
            found.append(index)
        return found

    def after(self, index: int, count: int) -> list[int]:
        """Up to ``count`` tokens after token ``index`` in its clause, nearest first."""
        found: list[int] = []
        while len(found) < count and index + 1 < len(self.tokens) and self.joined(index, index + 1):
            index += 1
            found.append(index)
        return found

    def word(self, index: int) -> str:
        token = self.tokens[index]
        return self.text[token.start : token.end]

    def words(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last].end]


def _phrase_at(doc: _Doc, indices: list[int], words: tuple[str, ...]) -> bool:
    """Whether tokens ``indices`` (in text order) spell ``words``; the first may carry clitics."""
    if len(indices) != len(words):
        return False
    first, *rest = indices
    if words[0] not in _bare(doc.tokens[first].norm):
        return False
    return all(doc.tokens[i].norm == word for i, word in zip(rest, words[1:], strict=True))


# --------------------------------------------------------------------------
# What is not a counted figure.
# --------------------------------------------------------------------------

_CHAIN = re.compile(r"\d+(?:[/.\-–:]\d+)+")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class _Mention:
    """A number with the indices of its first and last tokens."""

    number: NumberMention
    first: int
    last: int


def _chains(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _CHAIN.finditer(text)]


def _chain_reason(mention: NumberMention, chains: list[tuple[int, int, str]]) -> str | None:
    """11/03/2004, 03.03, 10:30, 1-59-413: part of a longer run of digits and separators."""
    for start, end, chain in chains:
        if start <= mention.start < end and (start < mention.start or end > mention.end):
            parts = re.split(r"[-–]", chain)
            # 10-15 شخصا is a range of counts; 03-03 (leading zero) and 2003-2007 are not counts.
            if len(parts) == 2 and all(p.isdigit() and p[0] not in "0٠۰" for p in parts):
                return None
            return "date, time or number written with separators"
    return None


def _identifier_reason(doc: _Doc, mention: NumberMention) -> str | None:
    """Phone numbers, identifiers and codes: 0612345678, +212, 12345678, G5, COVID-19."""
    text, digits = doc.text, mention.text
    if mention.form != "digits":
        return None
    if len(digits) > 1 and digits[0] in "0٠۰" and digits[1].isdigit():
        return "leading zero: an identifier, a day or a month"
    if digits.isdigit() and len(digits) >= 8:
        return "long run of digits: a phone number or an identifier"
    before = text[max(0, mention.start - 2) : mention.start]
    if before.endswith("+") or _LATIN.search(before[-1:]) or re.fullmatch(r"[A-Za-z]-", before):
        return "code or phone number (G5, COVID-19, +212)"
    if _LATIN.match(text[mention.end : mention.end + 1]):
        return "code (5G)"
    return None


def _spaced_reason(doc: _Doc, mentions: list[_Mention], position: int) -> str | None:
    """06 12 34 56 78, 4 304: digit groups split by spaces are not one reliable count."""
    for other in (position - 1, position + 1):
        if not 0 <= other < len(mentions):
            continue
        a, b = sorted((mentions[position].number, mentions[other].number), key=lambda m: m.start)
        if a.form == b.form == "digits" and doc.text[a.end : b.start] in (" ", "\u00a0"):
            return "digits split by spaces: a phone number or a spaced thousands group"
    return None


def _date_reason(doc: _Doc, mention: _Mention) -> str | None:
    """16 ماي, ماي 2003, يوم 13, 1445هـ: parts of a date."""
    following = doc.after(mention.last, 1)
    glued = following and not doc.gap(mention.last, following[0])
    if glued and doc.tokens[following[0]].norm in _ERAS:
        return f"year: {doc.word(following[0])}"
    if following and mention.number.value <= 31 and doc.tokens[following[0]].norm in _MONTHS:
        return f"date: day before the month {doc.word(following[0])}"
    preceding = doc.before(mention.first, 2)
    months = [i for i in preceding[:1] if doc.tokens[i].norm in _MONTHS]
    months += [i for i in preceding[1:] if doc.tokens[i].norm in _TWO_WORD_MONTHS]
    if months:
        return f"date: year after the month {doc.word(months[0])}"
    if preceding and _has(doc.tokens[preceding[0]].norm, _DAY_CUES):
        return f"date: after {doc.word(preceding[0])}"
    return None


def _rank_reason(doc: _Doc, mention: _Mention) -> str | None:
    """الدورة 13, القانون رقم 5, الدورة الـ21: a rank or a number that names something."""
    preceding = doc.before(mention.first, 1)
    if not preceding:
        return None
    word = doc.tokens[preceding[0]].norm
    if _has(word, _ORDINAL_CUES):
        return f"ordinal or reference number: after {doc.word(preceding[0])}"
    # الـ214 خلية is "the 214 cells"; الـ21 alone is "the 21st".
    if word == _ARTICLE and _counted_noun(doc, mention.last) is None:
        return "ordinal: الـ before the number"
    return None


def _time_reason(doc: _Doc, mention: _Mention) -> str | None:
    """Times of day, ages and durations (20 سنة, بين 10 و15 سنة, السنوات الأربع)."""
    preceding = doc.before(mention.first, 4)
    following = doc.after(mention.last, 1)
    if preceding and _has(doc.tokens[preceding[0]].norm, _TIME_CUES):
        return "time of day"
    if following and doc.tokens[following[0]].norm in _TIME_OF_DAY:
        return "time of day"
    if any(_has(doc.tokens[i].norm, _AGE_CUES) for i in preceding):
        return "age"
    unit = _time_unit_after(doc, mention.last)
    if unit is not None:
        return f"duration: {doc.word(unit)}"
    if preceding and doc.tokens[preceding[0]].norm in _TIME_PLURALS:
        return f"duration: after {doc.word(preceding[0])}"
    return None


def _time_unit_after(doc: _Doc, index: int) -> int | None:
    """The time unit after token ``index``, also past the other end of a range (10 و15 سنة)."""
    following = doc.after(index, 3)
    norms = [doc.tokens[i].norm for i in following]
    for skip in (0, 1, 2):
        if len(norms) > skip and norms[skip] in _TIME_UNITS:
            return following[skip]
        if len(norms) <= skip or not (norms[skip] in _RANGE_WORDS or norms[skip].isdigit()):
            return None
    return None


def _exclusion(
    doc: _Doc, mentions: list[_Mention], position: int, chains: list[tuple[int, int, str]]
) -> str | None:
    """Why the number at ``position`` is not a counted figure, or None."""
    mention = mentions[position]
    return (
        _identifier_reason(doc, mention.number)
        or _chain_reason(mention.number, chains)
        or _spaced_reason(doc, mentions, position)
        or _date_reason(doc, mention)
        or _rank_reason(doc, mention)
        or _time_reason(doc, mention)
        or ("واحد alone is an adjective" if _is_lone_one(doc, mention) else None)
    )


def _is_lone_one(doc: _Doc, mention: _Mention) -> bool:
    return mention.number.form == "words" and _has(doc.tokens[mention.first].norm, _ONE_WORDS)


def _is_year_shaped(mention: NumberMention) -> bool:
    return (
        mention.form == "digits"
        and len(mention.text) == 4
        and mention.text.isdigit()
        and 1900 <= mention.value <= 2099
    )


# --------------------------------------------------------------------------
# Figures: one number or a range of two.
# --------------------------------------------------------------------------


@dataclass
class _Figure:
    """A number or a range being read; token indices into the document."""

    low: _Mention
    high: _Mention | None = None  # the upper end of a range
    range_words: str = ""
    head: int = 0  # first token: the qualifier's, the range cue's or the number's
    tail: int = 0  # last token of the number or of its percent words
    anchor: int = 0  # last token the quote must reach: the counted noun, a trailing تقريبا
    qualifier: str = "exact"
    qualifier_words: str = ""
    percent_words: str = ""

    @property
    def top(self) -> _Mention:
        return self.high or self.low

    @property
    def value_span(self) -> tuple[int, int]:
        return self.low.number.start, self.top.number.end


def _range_link(doc: _Doc, low: _Mention, high: _Mention) -> str | None:
    """The connective between two numbers if they form a range (بين 5 و10, من 5 إلى 10, 5-10)."""
    if not low.number.value < high.number.value or (_scaled(high) and not _scaled(low)):
        # "بين 1.5 و2.5 مليون": the scale word covers both ends, which the reader cannot say.
        return None
    between = normalize(doc.text[low.number.end : high.number.start])
    for percent in _PERCENT_WORDS:
        between = between.replace(" ".join(percent), " ")
    between = between.strip(" " + _PERCENT_SIGNS)
    cue = doc.before(low.first, 2)
    cue_words = [doc.tokens[i].norm for i in cue]
    if between in ("-", "–"):
        return "-"
    if between == "و" and cue_words and _has(cue_words[0], _words("بين")):
        return "بين … و"
    if between in ("الي", "حتي") and cue_words and _has(cue_words[0], _words("من بين")):
        return "من … إلى"
    return None


def _scaled(mention: _Mention) -> bool:
    """Whether a digit number carries a scale word (3 آلاف, 2.5 مليون)."""
    return mention.number.form == "digits" and not mention.number.text[-1].isdigit()


def _figures(doc: _Doc, mentions: list[_Mention]) -> list[_Figure]:
    """Group the kept numbers into figures, pairing the two ends of each range."""
    figures: list[_Figure] = []
    position = 0
    while position < len(mentions):
        low = mentions[position]
        high = mentions[position + 1] if position + 1 < len(mentions) else None
        link = _range_link(doc, low, high) if high else None
        if link:
            figures.append(_Figure(low, high, range_words=link))
            position += 2
        else:
            figures.append(_Figure(low))
            position += 1
    return figures


def _qualifier_before(doc: _Doc, index: int) -> tuple[int, str, str] | None:
    """(first token, qualifier, spelling) of the qualifier just before token ``index``."""
    for words, qualifier, spelling in _BEFORE:
        preceding = doc.before(index, len(words))
        if _phrase_at(doc, preceding[::-1], words):
            return preceding[-1], qualifier, spelling
    return None


def _percent_after(doc: _Doc, index: int) -> tuple[int, str] | None:
    """(last token, words) of the percent mark of the number ending at token ``index``."""
    if doc.gap(index, index + 1).lstrip()[:1] in tuple(_PERCENT_SIGNS):
        return index, doc.gap(index, index + 1).strip()[:1]
    following = doc.after(index, 2)
    for words in _PERCENT_WORDS:
        span = following[: len(words)]
        if _phrase_at(doc, span, words):
            return span[-1], doc.words(span[0], span[-1])
    # %30, as some copies of Arabic text write it.
    if doc.gap(index - 1, index).rstrip()[-1:] in tuple(_PERCENT_SIGNS):
        return index, doc.gap(index - 1, index).strip()[-1:]
    return None


def _qualifier_after(doc: _Doc, index: int, limit: int) -> tuple[int, str, str] | None:
    """(last token, qualifier, spelling) of تقريبا, على الأقل… within three words after ``index``.

    ``limit`` is the first token of the next figure: its words are not this one's.
    """
    following = [i for i in doc.after(index, 6) if i < limit]
    for skip in range(min(4, len(following))):
        if any(doc.tokens[i].is_digits for i in following[:skip]):
            break
        for words, qualifier, spelling in _AFTER:
            window = following[skip : skip + len(words)]
            if _phrase_at(doc, window, words) and not _opens_comparison(doc, window[-1]):
                return window[-1], qualifier, spelling
    return None


def _opens_comparison(doc: _Doc, index: int) -> bool:
    """Whether token ``index`` is أكثر/أقل before من: "أو أكثر من 200" is the next figure's."""
    following = doc.after(index, 1)
    comparative = _has(doc.tokens[index].norm, _COMPARATIVES)
    return comparative and bool(following) and doc.tokens[following[0]].norm in _OPENS_COMPARISON


def _counted_noun(doc: _Doc, index: int) -> _Noun | str | None:
    """The counted noun after token ``index``: a metric's noun, another counted word, or None."""
    following = doc.after(index, 2)
    if not following:
        return None
    word = doc.tokens[following[0]].norm
    for noun in _COUNTED_NOUNS:
        if _has(word, noun.nouns):
            if not noun.adjectives:
                return noun
            if len(following) > 1 and doc.tokens[following[1]].norm in noun.adjectives:
                return noun
    return doc.word(following[0]) if _has(word, _COUNTED) else None


def _noun_end(doc: _Doc, index: int, limit: int) -> int:
    """Last token of the counted noun after token ``index`` (or the next word), within ``limit``."""
    following = [i for i in doc.after(index, 2) if i < limit]
    if not following or doc.tokens[following[0]].is_digits or doc.tokens[following[0]].norm == "و":
        return index
    noun = _counted_noun(doc, index)
    two_words = isinstance(noun, _Noun) and bool(noun.adjectives) and len(following) > 1
    return following[1] if two_words else following[0]


# --------------------------------------------------------------------------
# Reading each figure
# --------------------------------------------------------------------------


def _read(doc: _Doc, figure: _Figure) -> None:
    """Fill in the head, tail, percent words and leading qualifier of ``figure``."""
    figure.head = figure.low.first
    cue = doc.before(figure.low.first, 2)
    if figure.high and figure.range_words != "-" and cue:
        with_ma = len(cue) > 1 and doc.tokens[cue[1]].norm == "ما"  # ما بين
        figure.head = cue[1] if with_ma else cue[0]
    figure.tail = figure.anchor = figure.top.last
    percent = _percent_after(doc, figure.tail)
    if percent:
        figure.tail = figure.anchor = percent[0]
        figure.percent_words = percent[1]
    if figure.high:
        figure.qualifier = "range"
        return
    before = _qualifier_before(doc, figure.head)
    if before:
        figure.head, figure.qualifier, figure.qualifier_words = before


def _year_reason(doc: _Doc, figure: _Figure) -> str | None:
    """A year-shaped figure is a year unless counted (2009 خلية) or qualified (حوالي 2050)."""
    ends = [figure.low, figure.high] if figure.high else [figure.low]
    if not all(_is_year_shaped(end.number) for end in ends):
        return None
    cue = doc.before(figure.low.first, 1)
    if cue and _has(doc.tokens[cue[0]].norm, _YEAR_CUES):
        return f"year: after {doc.word(cue[0])}"
    if figure.percent_words or _counted_noun(doc, figure.tail) is not None:
        return None
    if figure.qualifier in ("exact", "range"):
        return "year: no counted noun follows"
    return None


def _finish(doc: _Doc, figure: _Figure, limit: int) -> None:
    """The trailing qualifier (تقريبا, على الأقل) and the last word the quote must reach.

    ``limit`` is the first token of the next figure.
    """
    after = _qualifier_after(doc, figure.tail, limit)
    if after and figure.qualifier == "exact":
        _, figure.qualifier, figure.qualifier_words = after
    figure.anchor = _noun_end(doc, figure.tail, limit)
    if after and figure.qualifier_words == after[2]:
        figure.anchor = max(figure.anchor, after[0])


def _mentions(doc: _Doc) -> tuple[list[_Mention], list[tuple[NumberMention, str]]]:
    """The numbers of the text that may be counts, and the others with their reason."""
    mentions = [
        _Mention(number, doc.index_at(number.start), doc.index_at(number.end - 1))
        for number in find_numbers(doc.text)
    ]
    chains = _chains(doc.text)
    reasons = [_exclusion(doc, mentions, position, chains) for position in range(len(mentions))]
    kept = [mention for mention, reason in zip(mentions, reasons, strict=True) if not reason]
    excluded = [(m.number, reason) for m, reason in zip(mentions, reasons, strict=True) if reason]
    return kept, excluded


def _sort_numbers(doc: _Doc) -> tuple[list[_Figure], list[tuple[NumberMention, str]]]:
    """The counted figures of the text, and every other number with the reason it is left out."""
    kept, excluded = _mentions(doc)
    figures = []
    for figure in _figures(doc, kept):
        _read(doc, figure)
        reason = _year_reason(doc, figure)
        if reason:
            excluded += [(end.number, reason) for end in (figure.low, figure.high) if end]
        else:
            figures.append(figure)
    limits = [following.head for following in figures[1:]] + [len(doc.tokens)]
    for figure, limit in zip(figures, limits, strict=False):
        _finish(doc, figure, limit)
    return figures, sorted(excluded, key=lambda item: item[0].start)


# --------------------------------------------------------------------------
# Quotes: the clause that states each figure.
# --------------------------------------------------------------------------


def _bounds(text: str, start: int, end: int, breaks: frozenset[str]) -> tuple[int, int]:
    """Widen [start, end) to the clause (or sentence) around it."""
    while start > 0 and not _is_break(text, start - 1, breaks):
        start -= 1
    while end < len(text) and not _is_break(text, end, breaks):
        end += 1
    return start, end


def _cut(doc: _Doc, previous: _Figure, figure: _Figure) -> int | None:
    """Where the second of two figures of one clause starts: its last " و" word before it."""
    for index in range(figure.head, previous.anchor, -1):
        token = doc.tokens[index]
        if token.norm.startswith("و") and doc.text[token.start - 1 : token.start].isspace():
            return token.start
    return None


def _quote_spans(doc: _Doc, figures: list[_Figure]) -> list[tuple[int, int]]:
    """(start, end) of each figure's quote: its clause, split at " و" from a neighbour's."""
    spans = []
    for position, figure in enumerate(figures):
        first, last = doc.tokens[figure.head].start, doc.tokens[figure.anchor].end
        start, end = _bounds(doc.text, first, last, _CLAUSE_BREAKS)
        if position > 0 and doc.tokens[figures[position - 1].anchor].end > start:
            start = max(start, _cut(doc, figures[position - 1], figure) or start)
        if position + 1 < len(figures) and doc.tokens[figures[position + 1].head].start < end:
            end = min(end, _cut(doc, figure, figures[position + 1]) or end)
        spans.append(_strip(doc.text, start, end))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _tokens_in(doc: _Doc, start: int, end: int) -> range:
    first = bisect.bisect_left(doc.starts, start)
    last = bisect.bisect_left(doc.starts, end)
    return range(first, last)


# --------------------------------------------------------------------------
# Metrics, from the words of the quote.
# --------------------------------------------------------------------------


def _noun_metric(doc: _Doc, figure: _Figure, clause: list[int]) -> tuple[str | None, str] | None:
    """Tier 1: the counted noun after the number, or the noun after عدد earlier in the clause."""
    noun = _counted_noun(doc, figure.tail)
    if isinstance(noun, _Noun):
        following = doc.after(figure.tail, 2)[: 2 if noun.adjectives else 1]
        return _refine(doc, noun.slug, clause), doc.words(following[0], following[-1])
    counts = [i for i in clause if i + 1 < figure.head and doc.tokens[i].norm == _COUNT_WORD]
    for index in counts:
        for candidate in _COUNTED_NOUNS:
            if not candidate.adjectives and _has(doc.tokens[index + 1].norm, candidate.nouns):
                return _refine(doc, candidate.slug, clause), doc.words(index, index + 1)
    return None


def _refine(doc: _Doc, slug: str, clause: list[int]) -> str | None:
    """Foiled attacks are plots; places are sites only when the clause says they were targeted."""
    words = [doc.tokens[i].norm for i in clause]
    if slug == "attacks" and any(_has(word, _FOILING) for word in words):
        return "plots-foiled"
    if slug == "targeted-sites" and not any(_has(word, _TARGETING) for word in words):
        return None
    return slug


def _nearest(
    doc: _Doc,
    figure: _Figure,
    clause: list[int],
    table: tuple[tuple[str, frozenset[str]], ...],
    before_first: bool,
) -> tuple[str, str] | None:
    """The metric of the table word nearest the number (a word before it first if asked)."""
    hits = [
        (index, slug)
        for index in clause
        for slug, stems in table
        if _starts(doc.tokens[index].norm, stems)
    ]

    def distance(hit: tuple[int, str]) -> tuple[bool, int]:
        after = hit[0] > figure.tail
        gap = hit[0] - figure.tail if after else figure.head - hit[0]
        return (after and before_first, gap)

    if not hits:
        return None
    index, slug = min(hits, key=distance)
    return slug, doc.word(index)


def _percent_metric(doc: _Doc, clause: list[int]) -> tuple[str, str] | None:
    """A share metric only when the clause says what the percentage is of."""
    words = [(doc.tokens[i].norm, doc.word(i)) for i in clause]
    cells = next((word for norm, word in words if _has(norm, _CELL_WORDS)), None)
    isis = next((word for norm, word in words if _has(norm, _ISIS)), None)
    if cells and isis:
        return "share-of-cells-linked-to-isis", f"{cells} … {isis}"
    programme = next((word for norm, word in words if _starts(norm, _PROGRAMME_STEMS)), None)
    if programme:
        return "programme-beneficiaries-share", programme
    return None


def _metric(doc: _Doc, figure: _Figure, clause: list[int]) -> tuple[str | None, str]:
    """(slug, the words it rests on), or (None, "") when the words do not make it clear."""
    if figure.percent_words:
        found = _percent_metric(doc, clause)
    else:
        found = (
            _noun_metric(doc, figure, clause)
            or _nearest(doc, figure, clause, _EVENTS, before_first=True)
            or _nearest(doc, figure, clause, _WEAK, before_first=False)
        )
    return found if found and found[0] else (None, "")


# --------------------------------------------------------------------------
# Entities named in the sentence of a figure.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _EntityHit:
    start: int
    end: int
    key: tuple[str, Any]
    words: str


def _name_index(entities: Iterable[EntityName]) -> dict[str, list[tuple[tuple[str, ...], Any]]]:
    """Folded names by their first word: {first word: [(words, (kind, pk))]}."""
    index: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
    for kind, pk, names in entities:
        for name in names:
            words = tuple(_TOKEN.findall(normalize(name or "")))
            if words and len("".join(words)) >= 2:
                index.setdefault(words[0], []).append((words, (kind, pk)))
    return index


def _entity_hits(doc: _Doc, entities: Iterable[EntityName]) -> list[_EntityHit]:
    """Every place an entity is named; clitics (وال، ب، لل…) may precede the first word."""
    index = _name_index(entities)
    hits = []
    for position, token in enumerate(doc.tokens):
        for form in _bare(token.norm):
            for words, key in index.get(form, ()):
                following = doc.after(position, len(words) - 1)
                rest = [doc.tokens[i].norm for i in following]
                if rest == list(words[1:]):
                    last = following[-1] if following else position
                    end, written = doc.tokens[last].end, doc.words(position, last)
                    hits.append(_EntityHit(token.start, end, key, written))
    return hits


def _entities_near(
    text: str, span: tuple[int, int], hits: list[_EntityHit]
) -> tuple[tuple[tuple[str, Any], ...], list[str]]:
    """The entities named in the sentence of ``span``, each once, in order of appearance."""
    start, end = _bounds(text, span[0], span[1], _SENTENCE_BREAKS)
    keys: dict[tuple[str, Any], str] = {}
    for hit in sorted(hits, key=lambda hit: hit.start):
        if start <= hit.start and hit.end <= end:
            keys.setdefault(hit.key, hit.words)
    return tuple(keys), list(keys.values())


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def _reasons(figure: _Figure, metric_words: str, entity_words: list[str]) -> tuple[str, ...]:
    numbers = [end.number.text for end in (figure.low, figure.high) if end]
    reasons = [f"number: {' … '.join(numbers)}"]
    if figure.range_words:
        reasons.append(f"range: {figure.range_words}")
    if figure.qualifier_words:
        reasons.append(f"qualifier: {figure.qualifier_words}")
    if figure.percent_words:
        reasons.append(f"unit: {figure.percent_words}")
    if metric_words:
        reasons.append(f"metric: {metric_words}")
    reasons += [f"entity: {words}" for words in entity_words]
    return tuple(reasons)


def _candidate(
    doc: _Doc, figure: _Figure, span: tuple[int, int], hits: list[_EntityHit]
) -> Candidate:
    start, end = span
    clause = [i for i in _tokens_in(doc, start, end) if not figure.head <= i <= figure.tail]
    metric, metric_words = _metric(doc, figure, clause)
    entities, entity_words = _entities_near(doc.text, figure.value_span, hits)
    return Candidate(
        value=figure.low.number.value,
        value_max=figure.high.number.value if figure.high else None,
        qualifier=figure.qualifier,
        unit="percent" if figure.percent_words else "count",
        metric=metric,
        quote=doc.text[start:end],
        start=start,
        end=end,
        entities=entities,
        reasons=_reasons(figure, metric_words, entity_words),
        number_start=figure.value_span[0],
        number_end=figure.value_span[1],
    )


def find_candidates(text: str, entities: Sequence[EntityName] = ()) -> list[Candidate]:
    """Every counted figure ``text`` states, in text order (see the module docstring).

    ``entities`` are (kind, pk, names) triples; those named in a figure's
    sentence are attached to it.
    """
    doc = _Doc(text)
    figures, _ = _sort_numbers(doc)
    hits = _entity_hits(doc, entities)
    spans = _quote_spans(doc, figures)
    pairs = zip(figures, spans, strict=True)
    return [_candidate(doc, figure, span, hits) for figure, span in pairs]


def excluded_numbers(text: str) -> list[tuple[NumberMention, str]]:
    """The numbers of ``text`` that are not counted figures, each with the reason, in text order."""
    return _sort_numbers(_Doc(text))[1]
