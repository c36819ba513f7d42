"""What is not a counted figure, and why (``excluded_numbers`` reports each reason).

Dates (16 ماي 2003, 3 juin 2021, le 12, October 9, 2020, 11/03/2004),
years (منذ سنة 2002, en 2021, 2003-2007, عام 1440 للهجرة, 1440 هـ), ranks and
reference numbers (الدورة 13, la 7e édition, article 218-4, loi n° 43-05,
Law 03.03, page 12, resolution 2178), ages (عمره 30 عاما, âgés de 19 à 40
ans, aged 25), durations (20 سنة, dix ans, 20 years), times of day
(الساعة 10, 10 h 30, 10 a.m.), telephone and hotline numbers (0612345678,
+212, الرقم الأخضر 177, numéro vert), identifiers and codes (G5, COVID-19),
and "one" alone (واحد is an adjective far more often than a count; un, une
and one count only before the noun of a metric: un mort, une cellule).
"""

from __future__ import annotations

import re

from apps.core.numbers import NumberMention

from .document import Doc, Mention, has, phrase_before
from .nouns import counted_noun

__all__ = ["exclusion", "is_year_shaped", "numbers_in_chains"]

_CHAIN = re.compile(r"\d+(?:[/.\-–:]\d+)+")
_LATIN = re.compile(r"[A-Za-z]")
# n° 5, No. 5, art. 218, p. 12, pp. 12-15, vol. 3, #5: an abbreviation before a reference number.
_ABBREVIATION = re.compile(
    r"(?:\b(?:n|no|nos|nr|num|art|arts|p|pp|vol|ch|chap|fig|tel|tél|fax)\s*[.°º]|[°º#])\s*$",
    re.IGNORECASE,
)
# 10 h 30, 10 a.m., 10 p.m.: a time of day right after the number.
_CLOCK = re.compile(r"\s*(?:h\s*\d|[ap]\.\s?m\b\.?)", re.IGNORECASE)


def numbers_in_chains(text: str) -> list[tuple[int, int, str]]:
    """11/03/2004, 03.03, 10:30, 218-4: runs of digits joined by separators."""
    return [(m.start(), m.end(), m.group()) for m in _CHAIN.finditer(text)]


def _chain_of(mention: NumberMention, chains) -> tuple[int, int, str] | None:
    for start, end, chain in chains:
        if start <= mention.start < end and (start < mention.start or end > mention.end):
            return start, end, chain
    return None


def _chain_reason(doc: Doc, mention: Mention, chains) -> str | None:
    """11/03/2004, 03.03, 10:30, 1-59-413: part of a longer run of digits and separators."""
    found = _chain_of(mention.number, chains)
    if found is None:
        return None
    start, _, chain = found
    # Article 218-2, loi 86-14: the whole chain names something.
    cue = _reference_cue(doc, doc.index_at(start))
    if cue:
        return cue
    parts = re.split(r"[-–]", chain)
    # 10-15 شخصا is a range of counts; 03-03 (leading zero) and 2003-2007 are not counts.
    if len(parts) == 2 and all(p.isdigit() and p[0] not in "0٠۰" for p in parts):
        return None
    return "date, time or number written with separators"


def _identifier_reason(doc: Doc, mention: NumberMention) -> str | None:
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


def _spaced_reason(doc: Doc, mentions: list[Mention], position: int) -> str | None:
    """06 12 34 56 78: digit groups split by spaces that are not thousands are not a count."""
    for other in (position - 1, position + 1):
        if not 0 <= other < len(mentions):
            continue
        a, b = sorted((mentions[position].number, mentions[other].number), key=lambda m: m.start)
        if a.form == b.form == "digits" and doc.text[a.end : b.start] in (" ", "\u00a0", "\u202f"):
            return "digits split by spaces: a phone number or an identifier"
    return None


def _month_after(doc: Doc, mention: Mention) -> int | None:
    """The month right after a day (16 ماي), also past the other day of a range (3 au 5 juin)."""
    following = doc.after(mention.last, 3)
    norms = [doc.norm(i) for i in following]
    if norms and norms[0] in doc.lex.months:
        return following[0]
    for skip in (1, 2):
        if len(norms) <= skip or norms[skip] not in doc.lex.months:
            continue
        between = norms[:skip]
        days = [n for n in between if n.isdigit()]
        words = [n for n in between if not n.isdigit()]
        if len(days) == 1 and int(days[0]) <= 31 and all(w in doc.lex.range_words for w in words):
            return following[skip]
    return None


def _date_reason(doc: Doc, mention: Mention) -> str | None:
    """Parts of a date: 16 ماي, ماي 2003, 3 et 4 juin, October 9, يوم 13, 1445هـ, 1440 للهجرة."""
    following = doc.after(mention.last, 1)
    if following:
        glued = not doc.gap(mention.last, following[0])
        if glued and doc.norm(following[0]) in doc.lex.eras:
            return f"year: {doc.word(following[0])}"
        if doc.norm(following[0]) in doc.lex.era_words:
            return f"year: {doc.word(following[0])}"
    month = _month_after(doc, mention) if mention.number.value <= 31 else None
    if month is not None:
        return f"date: day before the month {doc.word(month)}"
    preceding = doc.before(mention.first, 2)
    months = [i for i in preceding[:1] if doc.norm(i) in doc.lex.months]
    months += [i for i in preceding[1:] if doc.norm(i) in doc.lex.two_word_months]
    if months:
        return f"date: after the month {doc.word(months[0])}"
    if preceding and has(doc.norm(preceding[0]), doc.lex.day_cues):
        return f"date: after {doc.word(preceding[0])}"
    if preceding and has(doc.norm(preceding[0]), doc.lex.year_cues):
        digits = mention.number.text
        if mention.number.form == "digits" and digits.isdigit() and len(digits) in (3, 4):
            return f"year: after {doc.word(preceding[0])}"
    return None


def _reference_cue(doc: Doc, first: int) -> str | None:
    """Why the number at token ``first`` names something: article 5, n° 5, الرقم الأخضر 177."""
    line_start = doc.text.rfind("\n", 0, doc.tokens[first].start) + 1
    if _ABBREVIATION.search(doc.text, line_start, doc.tokens[first].start):
        return "reference number: after an abbreviation (n°, art., p.)"
    found = phrase_before(doc, first, doc.lex.rank_cues)
    if found is not None:
        return f"ordinal or reference number: after {doc.words(found[0], first - 1)}"
    return None


def _rank_reason(doc: Doc, mention: Mention) -> str | None:
    """الدورة 13, القانون رقم 5, article 218, page 12, الدورة الـ21: a rank or a reference."""
    cue = _reference_cue(doc, mention.first)
    if cue:
        return cue
    preceding = doc.before(mention.first, 1)
    # الـ214 خلية is "the 214 cells"; الـ21 alone is "the 21st".
    after_article = preceding and doc.norm(preceding[0]) in doc.lex.definite_article
    if after_article and counted_noun(doc, mention.last) is None:
        return "ordinal: الـ before the number"
    return None


def _time_reason(doc: Doc, mention: Mention) -> str | None:
    """Times of day, ages, durations (20 سنة, dix ans, بين 10 و15 سنة, السنوات الأربع), and
    how often or what share rather than how many (deux fois, two thirds)."""
    lex = doc.lex
    preceding = doc.before(mention.first, 4)
    following = doc.after(mention.last, 1)
    if preceding and has(doc.norm(preceding[0]), lex.time_cues):
        return "time of day"
    if following and doc.norm(following[0]) in lex.time_of_day:
        return "time of day"
    # The minutes of 10 h 30.
    after_hour = len(preceding) > 1 and doc.tokens[preceding[1]].is_digits
    if after_hour and doc.norm(preceding[0]) in lex.time_of_day:
        return "time of day"
    if _CLOCK.match(doc.text, mention.number.end):
        return "time of day"
    if any(has(doc.norm(i), lex.age_cues) for i in preceding):
        return "age"
    unit = _time_unit_after(doc, mention.last)
    if unit is not None:
        return f"duration: {doc.word(unit)}"
    if preceding and doc.norm(preceding[0]) in lex.time_plurals:
        return f"duration: after {doc.word(preceding[0])}"
    # 24 heures sur 24, 7 jours sur 7: "around the clock".
    if following and doc.norm(following[0]) in lex.not_counts:
        return f"not a count: {doc.word(following[0])}"
    denominator = phrase_before(doc, mention.first, lex.denominators)
    # 3 sur 10, 0.98 out of 10: a number first; "one in five" holds its own.
    numerator = denominator and (
        len(denominator[1]) > 1
        or any(doc.tokens[i].is_digits for i in doc.before(denominator[0], 2))
    )
    if numerator:
        return f"scale of a ratio: {doc.words(denominator[0], mention.last)}"
    around = len(preceding) > 1 and doc.norm(preceding[0]) in lex.time_per
    if around and doc.norm(preceding[1]) in lex.time_units:
        return f"duration: {doc.words(preceding[1], mention.last)}"
    return None


def _time_unit_after(doc: Doc, index: int) -> int | None:
    """The time unit after token ``index``, also past the other end of a range (10 و15 سنة,
    19 à 40 ans), "de" (une dizaine d'années) or an adjective (12 derniers mois)."""
    following = doc.after(index, 3)
    norms = [doc.norm(i) for i in following]
    skippable = doc.lex.range_words | doc.lex.of_words | doc.lex.time_adjectives
    for skip in (0, 1, 2):
        if len(norms) > skip and norms[skip] in doc.lex.time_units:
            return following[skip]
        if len(norms) <= skip or not (norms[skip] in skippable or norms[skip].isdigit()):
            return None
    return None


def _one_reason(doc: Doc, mention: Mention) -> str | None:
    """واحد alone is an adjective; un, une, one count only before the noun of a metric."""
    if mention.number.form != "words" or mention.first != mention.last:
        return None
    word = doc.norm(mention.first)
    if has(word, doc.lex.one_alone):
        return f"{doc.word(mention.first)} alone is an adjective"
    if word in doc.lex.one_before_noun:
        noun = counted_noun(doc, mention.last)
        if noun is None or noun.noun is None:
            return f"{doc.word(mention.first)} alone is an article or a pronoun"
    return None


def _alone_reason(doc: Doc, mention: Mention) -> str | None:
    """A number alone in its clause counts nothing: "Ahmed, 25, was arrested", "1. Introduction"."""
    if doc.before(mention.first, 1) or doc.after(mention.last, 1):
        return None
    if doc.text[mention.number.end : mention.number.end + 2].strip()[:1] in ("%", "٪"):
        return None
    return "alone in its clause: an age after a name, or a list number"


def exclusion(doc: Doc, mentions: list[Mention], position: int, chains) -> str | None:
    """Why the number at ``position`` is not a counted figure, or None."""
    mention = mentions[position]
    return (
        _identifier_reason(doc, mention.number)
        or _chain_reason(doc, mention, chains)
        or _spaced_reason(doc, mentions, position)
        or _date_reason(doc, mention)
        or _rank_reason(doc, mention)
        or _time_reason(doc, mention)
        or _one_reason(doc, mention)
        or _alone_reason(doc, mention)
    )


def is_year_shaped(mention: NumberMention) -> bool:
    return (
        mention.form == "digits"
        and len(mention.text) == 4
        and mention.text.isdigit()
        and 1900 <= mention.value <= 2099
    )
