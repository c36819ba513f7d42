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
    list does not name gets no metric. An entity is matched by one of its
    names written in full (clitics such as و، ب، ال allowed), not by a
    shortened form. Numbers the reader does not know (نصف، بضعة، "4 304")
    are not proposed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
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

_PERCENT_SIGNS = "%٪"
_PERCENT_WORDS = _phrases(["في المائة", "في المئة", "في المية", "بالمائة", "بالمئة", "بالمية"])

_MONTHS = _words(
    "يناير فبراير مارس أبريل إبريل ماي مايو يونيو يونيه يوليو يوليوز غشت أغسطس سبتمبر "
    "أكتوبر نوفمبر دجنبر ديسمبر كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين "
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre"
)
_DAY_CUES = _words("يوم يومي ليلة ليلتي بتاريخ تاريخ")
_YEAR_CUES = _words("عام عامي سنة سنتي")
_ORDINAL_CUES = _words(
    "دورة الدورة دورتها رقم الرقم مادة المادة الفصل الفقرة فقرة البند بند النسخة نسخة الطبعة "
    "طبعة المرتبة الرتبة الجلسة جلسة الحلقة حلقة القرار قرار القانون قانون الظهير ظهير "
    "المرسوم مرسوم الصفحة صفحة الآية الفوج فوج الدفعة المرحلة الفئة الصنف"
)
_ARTICLE = normalize("الـ")
_TIME_CUES = _words("الساعة ساعة")
_TIME_OF_DAY = _words("صباحا مساء مساءا ليلا زوالا ظهرا عصرا فجرا")
_AGE_CUES = _words("العمر عمر عمره عمرها عمرهم أعمار أعمارهم أعمارهن سنه البالغ البالغة")
_TIME_UNITS = _words(
    "سنة سنوات سنين سنتين عام عاما أعوام شهر شهرا أشهر شهور يوم يوما أيام أسبوع أسبوعا "
    "أسابيع ساعة ساعات دقيقة دقائق ثانية ثوان عقد عقود قرن قرون ربيعا"
)
# السنوات الأربع, العقود الثلاثة: the number follows a definite time noun.
_TIME_PLURALS = _words("السنوات الأعوام السنين الأشهر الشهور الأيام الأسابيع الساعات العقود القرون")
_ONE_WORDS = _words("واحد واحدة")


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

_EVENTS = (
    ("prisoners-released", _words("أفرج أفرجت الإفراج إفراج سراح")),
    ("pardons", _words("عفو عفا")),
    ("persons-prosecuted", _words("محاكمة محاكمتهم محاكمته حوكم حوكموا")),
    ("persons-arrested", _words("اعتقل اعتقلت اعتقال اعتقالهم توقيف توقيفهم أوقف أوقفت إيقاف قبض")),
    ("deaths", _words("مقتل")),
    ("injuries", _words("إصابة")),
)
_WEAK = (
    (
        "programme-beneficiaries",
        _words("سجين سجينا سجناء مستفيد مستفيدا مستفيدين مستفيدون استفاد استفادوا نزيل نزلاء"),
    ),
    ("foreign-fighters", _words("التحق التحقوا التحاق الملتحقين")),
)
_CELL_WORDS = _COUNTED_NOUNS[0].nouns
_ISIS = _words("داعش")
_PROGRAMME_WORDS = _WEAK[0][1] | _words("برنامج البرنامج")
_COUNT_WORD = normalize("عدد")

# Any of these after a year-shaped number makes it a count (2009 خلية).
_PEOPLE_AND_THINGS = _words(
    "شخص أشخاص شخصا فرد أفراد فردا معتقل معتقلين معتقلا متهم متهمين متهما مشتبه مشتبها "
    "عنصر عناصر عنصرا إرهابي إرهابيين إرهابيا ضحية ضحايا طفل أطفال طفلا امرأة نساء مواطن "
    "مواطنين مواطنا شاب شابا شباب قاصر قاصرين مهاجر مهاجرين مهاجرا قضية قضايا ملف ملفات "
    "حكم أحكام سلاح أسلحة قطعة درهم دولار يورو أورو كيلوغرام طن حالة حالات"
)
_COUNTED = frozenset().union(
    _PEOPLE_AND_THINGS, *(noun.nouns for noun in _COUNTED_NOUNS), *(w for _, w in _WEAK)
)

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

    def joined(self, left: int, right: int, breaks: frozenset[str] = _CLAUSE_BREAKS) -> bool:
        """Whether tokens ``left`` and ``right`` are in the same clause."""
        start = self.tokens[left].end
        return not any(
            _is_break(self.text, i, breaks) for i in range(start, self.tokens[right].start)
        )

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
    """Whether the tokens ``indices`` (in text order) spell ``words``; clitics allowed on the first."""
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
    following = doc.after(mention.last, 1)
    if following and mention.number.value <= 31 and doc.tokens[following[0]].norm in _MONTHS:
        return f"date: day before the month {doc.word(following[0])}"
    preceding = doc.before(mention.first, 2)
    if preceding and doc.tokens[preceding[0]].norm in _MONTHS:
        return f"date: year after the month {doc.word(preceding[0])}"
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
    preceding = doc.before(mention.first, 4)
    following = doc.after(mention.last, 1)
    if preceding and _has(doc.tokens[preceding[0]].norm, _TIME_CUES):
        return "time of day"
    if following and doc.tokens[following[0]].norm in _TIME_OF_DAY:
        return "time of day"
    if any(_has(doc.tokens[i].norm, _AGE_CUES) for i in preceding):
        return "age"
    if following and doc.tokens[following[0]].norm in _TIME_UNITS:
        return f"duration: {doc.word(following[0])}"
    if preceding and doc.tokens[preceding[0]].norm in _TIME_PLURALS:
        return f"duration: after {doc.word(preceding[0])}"
    return None


def _exclusion(doc: _Doc, mentions: list[_Mention], position: int, chains: list) -> str | None:
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
    return mention.number.form == "words" and doc.tokens[mention.first].norm in _ONE_WORDS


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
    low: _Mention
    high: _Mention | None = None  # the upper end of a range
    range_words: str = ""
    head: int = 0  # first token: the qualifier's or the range cue's
    qualifier: str = "exact"
    qualifier_words: str = ""
    percent_words: str = ""
    anchor: int = 0  # last token of the number, its percent words or its noun
    metric: str | None = None
    metric_words: str = ""

    @property
    def top(self) -> _Mention:
        return self.high or self.low


def _range_link(doc: _Doc, low: _Mention, high: _Mention) -> str | None:
    """The connective between two numbers if they form a range (بين 5 و10, من 5 إلى 10, 5-10)."""
    if not low.number.value < high.number.value:
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
    """(last token, words) of the percent mark after token ``index``: %, في المائة, بالمئة."""
    gap = doc.gap(index, index + 1)
    if any(sign in gap for sign in _PERCENT_SIGNS) and not any(b in gap for b in _CLAUSE_BREAKS):
        return index, gap.strip()
    following = doc.after(index, 2)
    for words in _PERCENT_WORDS:
        if _phrase_at(doc, following[: len(words)], words):
            return following[len(words) - 1], doc.words(following[0], following[len(words) - 1])
    gap_before = doc.gap(index - 1, index)
    if gap_before.rstrip().endswith(tuple(_PERCENT_SIGNS)) and not gap_before.strip()[:-1]:
        return index, gap_before.strip()  # %30, as some copies write it
    return None


def _qualifier_after(doc: _Doc, index: int, limit: int) -> tuple[int, str, str] | None:
    """(last token, qualifier, spelling) of تقريبا, على الأقل… within three words after ``index``."""
    following = [i for i in doc.after(index, 5) if i < limit]
    for skip in range(4):
        if skip and doc.tokens[following[skip - 1]].is_digits if skip <= len(following) else True:
            break
        for words, qualifier, spelling in _AFTER:
            window = following[skip : skip + len(words)]
            if not _phrase_at(doc, window, words):
                continue
            rest = doc.after(window[-1], 1)
            if not (rest and doc.tokens[rest[0]].norm in _OPENS_COMPARISON):
                return window[-1], qualifier, spelling
    return None


def _counted_noun(doc: _Doc, index: int) -> _Noun | str | None:
    """The counted noun right after token ``index``: a metric's noun, another counted word, or None."""
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


