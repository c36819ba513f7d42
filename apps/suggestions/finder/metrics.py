"""Metrics, from the words of the quote, in order of trust.

1. the counted noun after the number (خلية, cellules, cells → cells-dismantled;
   قتيل, morts, killed → deaths; هجوم, attentats, attacks → attacks, or
   plots-foiled when the clause says they were foiled: إحباط, déjoués,
   foiled), or the noun after عدد / nombre / number earlier in the clause;
2. an event word in the clause when the noun is a person (اعتقل, interpellés,
   arrested → persons-arrested; محاكمة, poursuivis, prosecuted →
   persons-prosecuted; أفرج, libérés, released → prisoners-released; عفو,
   graciés, pardoned → pardons), the nearest one before the number first;
3. weaker words (سجين, détenus, prisoners, مستفيد, bénéficiaires →
   programme-beneficiaries; التحق, rejoint, joined → foreign-fighters), the
   nearest one.

Percentages get a share metric only when the clause says what of. Metrics
come from short keyword lists, so a figure about something the lists do
not name gets no metric, and a person noun falls back on the nearest event
or weak word (حوالي 270 كانوا سجناء سابقين reads as programme-beneficiaries).
"""

from __future__ import annotations

from .document import Doc, has, starts
from .figures import Figure
from .nouns import counted_noun

__all__ = ["metric_of"]


def _noun_metric(doc: Doc, figure: Figure, clause: list[int]) -> tuple[str | None, str] | None:
    """Tier 1: the counted noun after the number, or the noun after عدد / nombre in the clause."""
    found = counted_noun(doc, figure.tail)
    if found is not None and found.noun is not None:
        return _refine(doc, found.noun.slug, clause), doc.words(found.first, found.last)
    # عدد الهجمات … 15, le nombre de cellules … 12, porte à 12 le nombre de cellules, and
    # لم يتعد عدد العائدين 270, where the count stands inside the qualifier's words.
    words = [*clause, *range(figure.head, figure.low.first)]
    counts = [i for i in words if i + 1 < len(doc.tokens) and doc.norm(i) in doc.lex.count_words]
    for index in counts:
        noun_index = index + 1
        if doc.norm(noun_index) in doc.lex.of_words and noun_index + 1 < len(doc.tokens):
            noun_index += 1
        if noun_index not in words:
            continue
        for candidate in doc.lex.counted_nouns:
            if not candidate.adjectives and has(doc.norm(noun_index), candidate.nouns):
                return _refine(doc, candidate.slug, clause), doc.words(index, noun_index)
    return None


def _refine(doc: Doc, slug: str, clause: list[int]) -> str | None:
    """Foiled attacks are plots; places are sites only when the clause says they were targeted."""
    words = [doc.norm(i) for i in clause]
    if slug == "attacks" and any(has(word, doc.lex.foiling) for word in words):
        return "plots-foiled"
    if slug == "targeted-sites" and not any(has(word, doc.lex.targeting) for word in words):
        return None
    return slug


def _nearest(
    doc: Doc,
    figure: Figure,
    clause: list[int],
    table: tuple[tuple[str, frozenset[str]], ...],
    before_first: bool,
) -> tuple[str, str] | None:
    """The metric of the table word nearest the number (a word before it first if asked)."""
    hits = [
        (index, slug) for index in clause for slug, stems in table if starts(doc.norm(index), stems)
    ]

    def distance(hit: tuple[int, str]) -> tuple[bool, int]:
        after = hit[0] > figure.tail
        gap = hit[0] - figure.tail if after else figure.head - hit[0]
        return (after and before_first, gap)

    if not hits:
        return None
    index, slug = min(hits, key=distance)
    return slug, doc.word(index)


def _percent_metric(doc: Doc, clause: list[int]) -> tuple[str, str] | None:
    """A share metric only when the clause says what the percentage is of."""
    words = [(doc.norm(i), doc.word(i)) for i in clause]
    cells = next((word for norm, word in words if has(norm, doc.lex.cell_words)), None)
    isis = next((word for norm, word in words if has(norm, doc.lex.isis)), None)
    if cells and isis:
        return "share-of-cells-linked-to-isis", f"{cells} … {isis}"
    programme = next((word for norm, word in words if starts(norm, doc.lex.programme_stems)), None)
    if programme:
        return "programme-beneficiaries-share", programme
    return None


def _counts_no_one(doc: Doc, figure: Figure) -> bool:
    """Whether the number counts things no event word applies to (21 pays, 21 countries)."""
    following = doc.after(figure.tail, 1)
    return bool(following) and doc.norm(following[0]) in doc.lex.not_people


def metric_of(doc: Doc, figure: Figure, clause: list[int]) -> tuple[str | None, str]:
    """(slug, the words it rests on), or (None, "") when the words do not make it clear.

    ``clause`` holds the quote's tokens, less the figure's own and the nouns of the others.
    """
    if figure.percent_words:
        found = _percent_metric(doc, clause)
    elif _counts_no_one(doc, figure):
        found = None
    else:
        found = (
            _noun_metric(doc, figure, clause)
            or _nearest(doc, figure, clause, doc.lex.events, before_first=True)
            or _nearest(doc, figure, clause, doc.lex.weak, before_first=False)
        )
    return found if found and found[0] else (None, "")
