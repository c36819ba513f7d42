"""Figures: the kept numbers, alone or paired as ranges, with their qualifiers and units.

Qualifiers are read from the words before the number (أكثر من, plus de,
more than, فاق عددهم…) and, failing that, just after it or its noun
(تقريبا, environ, at least, or more). Two numbers joined as بين … و …,
entre … et …, between … and …, من … إلى …, de … à …, from … to …, "300 à
400", "300 to 400" or "10-15" form one range. A noun of approximation
("une dizaine") is read as "approximately" its round number and flagged
for review; a vague plural ("des dizaines", "dozens of") gives no number and
is proposed, flagged, as "at least" two of its unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from apps.core.arabic import normalize
from apps.core.numbers import NumberMention, find_numbers

from .document import Doc, Mention, has, phrase_at, phrase_before
from .exclusions import exclusion, is_year_shaped, numbers_in_chains
from .nouns import counted_noun, noun_end

__all__ = ["Figure", "sort_numbers"]

_PERCENT_SIGNS = "%٪"


@dataclass
class Figure:
    """A number or a range being read; token indices into the document."""

    low: Mention
    high: Mention | None = None  # the upper end of a range
    range_words: str = ""
    head: int = 0  # first token: the qualifier's, the range cue's or the number's
    tail: int = 0  # last token of the number or of its percent words
    anchor: int = 0  # last token the quote must reach: the counted noun, a trailing تقريبا
    qualifier: str = "exact"
    qualifier_words: str = ""
    percent_words: str = ""
    review: str = ""  # why the editor must check this one before keeping it

    @property
    def top(self) -> Mention:
        return self.high or self.low

    @property
    def value_span(self) -> tuple[int, int]:
        return self.low.number.start, self.top.number.end


def _scaled(mention: Mention) -> bool:
    """Whether a digit number carries a scale word (3 آلاف, 2,5 millions)."""
    return mention.number.form == "digits" and not mention.number.text[-1].isdigit()


def _range_link(doc: Doc, low: Mention, high: Mention) -> str | None:
    """The connective between two numbers if they form a range (بين 5 و10, 5 à 10, 5-10)."""
    if not low.number.value < high.number.value or (_scaled(high) and not _scaled(low)):
        # "بين 1.5 و2.5 مليون": the scale word covers both ends, which the reader cannot say.
        return None
    if "approximate" in (low.number.form, high.number.form):
        return None
    between = normalize(doc.text[low.number.end : high.number.start])
    for percent in doc.lex.percent_words:
        between = between.replace(" ".join(percent), " ")
    between = between.strip(" " + _PERCENT_SIGNS)
    if between in ("-", "–"):
        return "-"
    cue = doc.before(low.first, 1)
    for link in doc.lex.range_links:
        if between not in link.between:
            continue
        if cue and has(doc.norm(cue[0]), link.cues):
            return link.label
        # "in 2022 to 6,701": without a cue, a year and a count are not the ends of one range.
        years = is_year_shaped(low.number) + is_year_shaped(high.number)
        if not link.cues and years != 1:
            return link.label
    return None


def _figures(doc: Doc, mentions: list[Mention]) -> list[Figure]:
    """Group the kept numbers into figures, pairing the two ends of each range."""
    figures: list[Figure] = []
    position = 0
    while position < len(mentions):
        low = mentions[position]
        high = mentions[position + 1] if position + 1 < len(mentions) else None
        link = _range_link(doc, low, high) if high else None
        if link:
            figures.append(Figure(low, high, range_words=link))
            position += 2
        else:
            figures.append(Figure(low))
            position += 1
    return figures


def _qualifier_before(doc: Doc, index: int) -> tuple[int, str, str] | None:
    """(first token, qualifier, spelling) of the qualifier just before token ``index``.

    A count word, and what it counts, may stand between them: فاق عددهم 300,
    تجاوز عدد المعتقلين المغاربة 400; or an article: avoisine les 90 %.
    """
    found = phrase_before(doc, index, doc.lex.qualifiers_before)
    between = doc.lex.count_words | doc.lex.number_articles
    counts = [i for i in doc.before(index, 3) if doc.norm(i) in between]
    if found is None and counts:
        found = phrase_before(doc, counts[0], doc.lex.qualifiers_before)
    if found is None:
        return None
    first, (_, qualifier, spelling) = found
    return first, qualifier, spelling


def _percent_after(doc: Doc, index: int) -> tuple[int, str] | None:
    """(last token, words) of the percent mark of the number ending at token ``index``."""
    if doc.gap(index, index + 1).lstrip()[:1] in tuple(_PERCENT_SIGNS):
        return index, doc.gap(index, index + 1).strip()[:1]
    following = doc.after(index, 2)
    for words in doc.lex.percent_words:
        span = following[: len(words)]
        if phrase_at(doc, span, words):
            return span[-1], doc.words(span[0], span[-1])
    # %30, as some copies of Arabic text write it.
    if doc.gap(index - 1, index).rstrip()[-1:] in tuple(_PERCENT_SIGNS):
        return index, doc.gap(index - 1, index).strip()[-1:]
    return None


def _qualifier_after(doc: Doc, index: int, limit: int) -> tuple[int, str, str] | None:
    """(last token, qualifier, spelling) of تقريبا, environ, at least… within a few words after.

    ``limit`` is the first token of the next figure: its words are not this one's.
    """
    following = [i for i in doc.after(index, 6) if i < limit]
    for skip in range(min(4, len(following))):
        if any(doc.tokens[i].is_digits for i in following[:skip]):
            break
        for words, qualifier, spelling in doc.lex.qualifiers_after:
            window = following[skip : skip + len(words)]
            if phrase_at(doc, window, words) and not _opens_comparison(doc, window[-1]):
                return window[-1], qualifier, spelling
    return None


def _opens_comparison(doc: Doc, index: int) -> bool:
    """Whether token ``index`` is أكثر/plus/more before من/de/than.

    "أو أكثر من 200", "ou plus de 200": the comparison is the next figure's.
    """
    following = doc.after(index, 1)
    comparative = has(doc.norm(index), doc.lex.comparatives)
    return comparative and bool(following) and doc.norm(following[0]) in doc.lex.opens_comparison


def _range_head(doc: Doc, figure: Figure) -> int:
    """The range's first token: its opening word (بين, ما بين, entre, between) if it has one."""
    cue = doc.before(figure.low.first, 2)
    if figure.range_words == "-" or not cue or not has(doc.norm(cue[0]), doc.lex.range_openers):
        return figure.low.first
    with_ma = len(cue) > 1 and doc.norm(cue[1]) == "ما"  # ما بين
    return cue[1] if with_ma else cue[0]


def _read(doc: Doc, figure: Figure) -> None:
    """Fill in the head, tail, percent words and leading qualifier of ``figure``."""
    figure.head = _range_head(doc, figure) if figure.high else figure.low.first
    figure.tail = figure.anchor = figure.top.last
    percent = _percent_after(doc, figure.tail)
    if percent:
        figure.tail = figure.anchor = percent[0]
        figure.percent_words = percent[1]
    if figure.high:
        figure.qualifier = "range"
        return
    form = figure.low.number.form
    if form == "approximate":
        figure.qualifier, figure.qualifier_words = "approximately", figure.low.number.text
        figure.review = f"approximate: {figure.low.number.text}"
    elif form == "vague":
        figure.qualifier, figure.qualifier_words = "at_least", figure.low.number.text
        figure.review = f"no number is written: {figure.low.number.text}"
    before = _qualifier_before(doc, figure.head)
    if before and form != "vague":
        figure.head, figure.qualifier, figure.qualifier_words = before


def _year_reason(doc: Doc, figure: Figure) -> str | None:
    """A year-shaped figure is a year unless counted (2009 خلية) or qualified (حوالي 2050)."""
    ends = [figure.low, figure.high] if figure.high else [figure.low]
    if not all(is_year_shaped(end.number) for end in ends):
        return None
    cue = doc.before(figure.low.first, 1)
    if cue and has(doc.norm(cue[0]), doc.lex.year_cues):
        return f"year: after {doc.word(cue[0])}"
    if figure.percent_words or counted_noun(doc, figure.tail) is not None:
        return None
    if figure.qualifier in ("exact", "range"):
        return "year: no counted noun follows"
    return None


def _finish(doc: Doc, figure: Figure, limit: int) -> None:
    """The trailing qualifier (تقريبا, environ, at least) and the last word the quote must reach.

    ``limit`` is the first token of the next figure.
    """
    after = _qualifier_after(doc, figure.tail, limit)
    if after and figure.qualifier == "exact":
        _, figure.qualifier, figure.qualifier_words = after
    figure.anchor = noun_end(doc, figure.tail, limit)
    if after and figure.qualifier_words == after[2]:
        figure.anchor = max(figure.anchor, after[0])


def _vague_counts(doc: Doc, taken: set[int]) -> list[Mention]:
    """ "des dizaines de", "dozens of", "plusieurs centaines": counts that state no number."""
    found = []
    for index, token in enumerate(doc.tokens):
        unit = doc.lex.vague_counts.get(token.norm)
        if unit is None or index in taken:
            continue
        preceding = doc.before(index, 1)
        following = doc.after(index, 1)
        determined = preceding and doc.norm(preceding[0]) in doc.lex.vague_determiners
        followed = following and doc.norm(following[0]) in doc.lex.of_words
        if not (determined or followed):
            continue
        first = preceding[0] if determined else index
        start = doc.tokens[first].start
        value = Decimal(2 * unit)
        number = NumberMention(value, start, token.end, doc.text[start : token.end], "vague")
        found.append(Mention(number, first, index))
    return found


def _mentions(doc: Doc) -> tuple[list[Mention], list[tuple[NumberMention, str]]]:
    """The numbers of the text that may be counts, and the others with their reason."""
    mentions = [
        Mention(number, doc.index_at(number.start), doc.index_at(number.end - 1))
        for number in find_numbers(doc.text, doc.language)
    ]
    chains = numbers_in_chains(doc.text)
    reasons = [exclusion(doc, mentions, position, chains) for position in range(len(mentions))]
    kept = [mention for mention, reason in zip(mentions, reasons, strict=True) if not reason]
    excluded = [(m.number, reason) for m, reason in zip(mentions, reasons, strict=True) if reason]
    taken = {index for mention in mentions for index in range(mention.first, mention.last + 1)}
    vague = [m for m in _vague_counts(doc, taken) if not _time_unit_follows(doc, m)]
    kept = sorted(kept + vague, key=lambda mention: mention.number.start)
    return kept, excluded


def _time_unit_follows(doc: Doc, mention: Mention) -> bool:
    """ "des dizaines d'années": a vague duration, not a count."""
    following = [i for i in doc.after(mention.last, 2) if doc.norm(i) not in doc.lex.of_words]
    return bool(following) and doc.norm(following[0]) in doc.lex.time_units


def sort_numbers(doc: Doc) -> tuple[list[Figure], list[tuple[NumberMention, str]]]:
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
