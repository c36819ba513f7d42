"""Tests for apps.core.numbers: numbers as the Arabic press writes them."""

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.core.numbers import NumberMention, find_numbers, parse_number, value_in_text


def values(text: str) -> list[Decimal]:
    return [mention.value for mention in find_numbers(text)]


# --------------------------------------------------------------------------
# A small number-to-words writer (1–1000), independent of the reader, with
# the spelling choices a journalist has.
# --------------------------------------------------------------------------

_UNITS = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
_TENS = ["", "عشر", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
_HUNDRED_STEMS = ["", "", "", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثمان", "تسع"]


def _accusative(word: str, accusative: bool) -> str:
    return word[:-2] + "ين" if accusative and word.endswith("ون") else word


def _below_hundred(number: int, accusative: bool) -> str:
    tens, unit = divmod(number, 10)
    if tens == 0:
        return "اثنين" if accusative and unit == 2 else _UNITS[unit]
    if tens == 1:
        special = {0: "عشرة", 1: "أحد عشر", 2: "اثني عشر" if accusative else "اثنا عشر"}
        return special.get(unit, _UNITS[unit] + " عشر")
    tens_word = _accusative(_TENS[tens], accusative)
    return f"{_below_hundred(unit, accusative)} و{tens_word}" if unit else tens_word


def _hundreds(count: int, hundred: str, joined: bool, accusative: bool) -> str:
    if count == 1:
        return hundred
    if count == 2:
        return hundred[:-1] + ("تين" if accusative else "تان")
    return _HUNDRED_STEMS[count] + ("" if joined else " ") + hundred


def write_in_words(
    number: int, hundred: str = "مائة", joined: bool = True, accusative: bool = False
) -> str:
    """1–1000 in Arabic words: 999 → تسعمائة وتسعة وتسعون."""
    if number == 1000:
        return "ألف"
    count, rest = divmod(number, 100)
    parts = [_hundreds(count, hundred, joined, accusative)] if count else []
    if rest:
        parts.append(_below_hundred(rest, accusative))
    return " و".join(parts)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (7, "سبعة"),
        (12, "اثنا عشر"),
        (25, "خمسة وعشرون"),
        (200, "مائتان"),
        (305, "ثلاثمائة وخمسة"),
        (999, "تسعمائة وتسعة وتسعون"),
    ],
)
def test_the_test_writer_spells_numbers_as_the_press_does(number: int, words: str) -> None:
    assert write_in_words(number) == words


# --------------------------------------------------------------------------
# Digits
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("214", ["214"]),
        ("٢١٤", ["214"]),
        ("۲۱۴", ["214"]),
        ("0", ["0"]),
        ("1,600", ["1600"]),
        ("1.600", ["1600"]),
        ("١٬٦٠٠", ["1600"]),
        ("1.600.000", ["1600000"]),
        ("1,600,000", ["1600000"]),
        ("1,600.5", ["1600.5"]),
        ("1.600,5", ["1600.5"]),
        ("3.5", ["3.5"]),
        ("٣٫٥", ["3.5"]),
        ("١٫٦٠٠", ["1.6"]),
        ("12.50", ["12.5"]),
        ("0.125", ["0.125"]),
        ("88,5", ["88.5"]),
        ("88 %", ["88"]),
        ("88%", ["88"]),
        ("٨٨٪", ["88"]),
        ("لـ 2009", ["2009"]),
        ("لـ2009", ["2009"]),
        ("بـ214", ["214"]),
        ("و2021", ["2021"]),
        ("الـ21", ["21"]),
        ("بين 2002 و2021.", ["2002", "2021"]),
        ("3 آلاف", ["3000"]),
        ("3آلاف", ["3000"]),
        ("1.5 مليون", ["1500000"]),
        ("١٫٥ مليون", ["1500000"]),
        ("200 ألف", ["200000"]),
        ("2 مليار", ["2000000000"]),
        ("5 ملايين", ["5000000"]),
        ("الدورة 13", ["13"]),
    ],
)
def test_digit_numbers_are_read_in_every_script_and_format(text: str, expected: list[str]) -> None:
    assert values(text) == [Decimal(value) for value in expected]
    assert all(mention.form == "digits" for mention in find_numbers(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("القانون 03.03", [3, 3]),
        ("12.05.2021", [12, 5, 2021]),
        ("2002,2021", [2002, 2021]),
        ("11/03/2004", [11, 3, 2004]),
        ("2003-2007", [2003, 2007]),
        ("١٬٥", [1, 5]),
        ("06 12 34 56 78", [6, 12, 34, 56, 78]),
        ("+212 537 123 456", [212, 537, 123, 456]),
    ],
)
def test_dotted_identifiers_and_dates_are_read_as_separate_digit_runs(
    text: str, expected: list[int]
) -> None:
    assert values(text) == expected


# --------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------

NUMBER_WORDS = [
    # units, both genders, both cases
    ("واحد", 1),
    ("واحدة", 1),
    ("اثنان", 2),
    ("اثنين", 2),
    ("اثنتان", 2),
    ("اثنتين", 2),
    ("إثنان", 2),
    ("ثلاث", 3),
    ("ثلاثة", 3),
    ("أربع", 4),
    ("أربعة", 4),
    ("خمس", 5),
    ("خمسة", 5),
    ("ست", 6),
    ("ستة", 6),
    ("سبع", 7),
    ("سبعة", 7),
    ("ثمان", 8),
    ("ثماني", 8),
    ("ثمانى", 8),
    ("ثمانية", 8),
    ("تسع", 9),
    ("تسعة", 9),
    ("عشر", 10),
    ("عشرة", 10),
    # teens
    ("أحد عشر", 11),
    ("إحدى عشرة", 11),
    ("اثنا عشر", 12),
    ("اثني عشر", 12),
    ("اثنى عشر", 12),
    ("اثنتا عشرة", 12),
    ("اثنتي عشرة", 12),
    ("ثلاثة عشر", 13),
    ("ثلاث عشرة", 13),
    ("خمسة عشر", 15),
    ("ثماني عشرة", 18),
    ("تسعة عشر", 19),
    # tens, nominative and accusative/genitive
    ("عشرون", 20),
    ("عشرين", 20),
    ("ثلاثون", 30),
    ("أربعون", 40),
    ("أربعين", 40),
    ("خمسين", 50),
    ("ستون", 60),
    ("سبعين", 70),
    ("ثمانون", 80),
    ("تسعين", 90),
    # compounds with و
    ("واحد وعشرون", 21),
    ("إحدى وعشرين", 21),
    ("اثنان وثلاثون", 32),
    ("خمسة وعشرين", 25),
    ("خمسة و عشرون", 25),
    ("سبعة وتسعون", 97),
    # hundreds
    ("مئة", 100),
    ("مائة", 100),
    ("مئه", 100),
    ("مائتان", 200),
    ("مئتان", 200),
    ("مئتين", 200),
    ("مئتي", 200),
    ("مائتي", 200),
    ("مائتين", 200),
    ("ثلاثمائة", 300),
    ("ثلاثمئة", 300),
    ("ثلاث مائة", 300),
    ("ثلاث مئة", 300),
    ("أربعمائه", 400),
    ("خمسمئة", 500),
    ("ستمائة", 600),
    ("سبعمئة", 700),
    ("ثمانمائة", 800),
    ("ثمانيمائة", 800),
    ("تسعمائة", 900),
    ("مائة وخمسون", 150),
    ("مئة وخمسة عشر", 115),
    ("ثلاثمائة وواحد", 301),
    ("تسعمائة وتسعة وتسعون", 999),
    # thousands, millions, billions
    ("ألف", 1000),
    ("ألفا", 1000),
    ("ألفين", 2000),
    ("ألفان", 2000),
    ("ألفي", 2000),
    ("ثلاثة آلاف", 3000),
    ("عشرة آلاف", 10000),
    ("أحد عشر ألفا", 11000),
    ("خمسة وعشرون ألف", 25000),
    ("مائة ألف", 100000),
    ("مائتا ألف", 200000),
    ("مائتان وخمسون ألفا", 250000),
    ("ألف ومئتان وخمسة عشر", 1215),
    ("ثلاثة آلاف وخمسمائة", 3500),
    ("مليون", 1000000),
    ("مليونين", 2000000),
    ("ثلاثة ملايين", 3000000),
    ("مليون ومئتا ألف", 1200000),
    ("مليار", 1000000000),
    # prefixes on the first word
    ("وأربعين", 40),
    ("بأربعين", 40),
    ("بـأربعين", 40),
    ("الخمسين", 50),
    ("والعشرين", 20),
    ("للعشرين", 20),
    ("لخمسة", 5),
    ("فثلاثة", 3),
    ("كعشرة", 10),
    ("وبثلاثة", 3),
    ("لألف", 1000),
    ("الخمسة والعشرين", 25),
    # diacritics, tatweel, presentation forms
    ("خَمْسَةٌ وَعِشْرُونَ", 25),
    ("مِئَتَيْ", 200),
    ("خمســة", 5),
    ("ﺧﻤﺴﺔ", 5),
]


@pytest.mark.parametrize(("text", "value"), NUMBER_WORDS)
def test_number_words_are_read_in_their_grammatical_forms(text: str, value: int) -> None:
    mentions = find_numbers(text)
    assert [mention.value for mention in mentions] == [value]
    assert mentions[0].form == "words"


@pytest.mark.parametrize(
    ("text", "mention_text"),
    [
        ("بأربعين", "أربعين"),
        ("والعشرين", "عشرين"),
        ("الخمسين", "خمسين"),
        ("بـأربعين", "أربعين"),
        ("وخمسة وعشرون", "خمسة وعشرون"),
        ("خَمْسَةٌ", "خَمْسَةٌ"),
    ],
)
def test_a_word_number_mention_leaves_out_the_prefix_and_keeps_its_diacritics(
    text: str, mention_text: str
) -> None:
    [mention] = find_numbers(text)
    assert mention.text == mention_text
    assert text[mention.start : mention.end] == mention_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بين ثلاثة وخمسة", [3, 5]),
        ("عشرين وثلاثين", [20, 30]),
        ("مائة ومائتين", [100, 200]),
        ("ثلاثة أو أربعة", [3, 4]),
        ("خمسة، وعشرون", [5, 20]),
        ("عشرة وعشرين", [10, 20]),
    ],
)
def test_numbers_that_do_not_form_a_compound_are_read_separately(
    text: str, expected: list[int]
) -> None:
    assert values(text) == expected


TRAPS = [
    # days of the week
    ("يوم الثلاثاء", []),
    ("يوم الأحد", []),
    ("يوم الاثنين", []),
    ("يوم الأربعاء", []),
    ("يوم الخميس", []),
    # words built on number roots
    ("العشرية السوداء", []),
    ("الذكرى المئوية", []),
    ("في الثمانينيات", []),
    ("خمسينيات القرن الماضي", []),
    ("مطلع الألفية", []),
    ("مسيرة مليونية", []),
    ("الأربعينية", []),
    ("ثلاثية", []),
    ("ثلث المعتقلين", []),
    ("ربع الخلايا", []),
    ("ثمن باهظ", []),
    ("تسعى الأجهزة", []),
    # vague counts
    ("عشرات الخلايا", []),
    ("مئات المقاتلين", []),
    ("آلاف الأشخاص", []),
    ("مئات الآلاف", []),
    ("عشرات الآلاف", []),
    ("ملايين الدراهم", []),
    ("بضعة عشر شخصا", []),
    ("نيف وعشرون", []),
    ("بضعة آلاف", []),
    # ordinals
    ("المرتبة الأولى", []),
    ("الدورة الثالثة عشرة", []),
    ("الفصل الحادي عشر", []),
    ("القرن الحادي والعشرين", []),
    ("القرن الواحد والعشرين", []),
    ("الذكرى الخامسة والعشرون", []),
    ("الدورة 13", [13]),
    # one, two and hundred in fixed expressions
    ("الحزب الواحد", []),
    ("أحد المتهمين", []),
    ("إحدى الخلايا", []),
    ("دفعة واحدة", [1]),
    ("بنسبة 88 في المائة", [88]),
    ("30 بالمئة", [30]),
    ("في المئة", []),
    ("عثر عليه ميتا", []),
    ("مئتا", []),
    # short number words hidden in other words
    ("لست أدري", []),
    ("ألست محقا", []),
    ("السنوات العشر الأخيرة", [10]),
]


@pytest.mark.parametrize(("text", "expected"), TRAPS)
def test_common_words_that_look_like_numbers_are_not_read_as_numbers(
    text: str, expected: list[int]
) -> None:
    assert values(text) == expected


# --------------------------------------------------------------------------
# Real sentences
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "مكّنت من اعتقال 214 خلية إرهابية، وإجهاض أزيد من 500 مشروع إرهابي خطير بين 2002 و2021",
            [(214, "214"), (500, "500"), (2002, "2002"), (2021, "2021")],
        ),
        ("بعد تفكيك المغرب لـ 2009 خلية إرهابية", [(2009, "2009")]),
        ("ويؤكد الرقم المعلن، (أكثر من مئتي خلية)", [(200, "مئتي")]),
        (
            "انتهت بمحاكمة 4304 أشخاص أمام العدالة، وإن 88 في المائة من الخلايا ارتبطت بتنظيم داعش",
            [(4304, "4304"), (88, "88")],
        ),
        ("تعديل القانون رقم 03.03 المتعلق بمكافحة الإرهاب", [(3, "03"), (3, "03")]),
        ("خلال السنوات الأربع الماضية، اليوم الثلاثاء", [(4, "أربع")]),
        ("بلغ عددها حوالي أربعين هجوما", [(40, "أربعين")]),
        ("في أشغال الدورة الـ21 للجنة", [(21, "21")]),
        ("اعتقال أكثر من ١٬٦٠٠ شخص و٣ آلاف مشتبه", [(1600, "١٬٦٠٠"), (3000, "٣ آلاف")]),
        ("بعد مرور عشرين سنة على أحداث 16 ماي 2003", [(20, "عشرين"), (16, "16"), (2003, "2003")]),
    ],
)
def test_press_sentences_give_their_figures_with_exact_offsets(
    sentence: str, expected: list[tuple[int, str]]
) -> None:
    mentions = find_numbers(sentence)
    assert [(mention.value, mention.text) for mention in mentions] == expected
    for mention in mentions:
        assert sentence[mention.start : mention.end] == mention.text


def test_the_first_press_sentence_places_each_figure_where_it_is_written() -> None:
    sentence = (
        "مكّنت من اعتقال 214 خلية إرهابية، وإجهاض أزيد من 500 مشروع إرهابي خطير بين 2002 و2021"
    )
    starts = [mention.start for mention in find_numbers(sentence)]
    assert starts == [sentence.index(figure) for figure in ("214", "500", "2002", "2021")]


_MIXED_TEXT = st.lists(
    st.sampled_from(
        [
            *"خمسةعشرونمئتيألفآلافوبلالثلاثاءـًٌَُِّْ٠١٢٣٤٥٦٧٨٩۰۵0123456789.,٫٬% ،\n",
            *["ﺧﻤﺴﺔ", "ﻷ", "ﻻ", "e\u0301", "\u200f", "ثلاث مائة", "خمسة و عشرين"],
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300)
@given(_MIXED_TEXT)
def test_offsets_always_slice_the_original_text_to_the_mention(text: str) -> None:
    mentions = find_numbers(text)
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.form in ("digits", "words")
    assert [mention.start for mention in mentions] == sorted(mention.start for mention in mentions)


# --------------------------------------------------------------------------
# parse_number and value_in_text
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("214", Decimal("214")),
        (" 214 ", Decimal("214")),
        ("٢١٤", Decimal("214")),
        ("1,600", Decimal("1600")),
        ("١٬٦٠٠", Decimal("1600")),
        ("12.5", Decimal("12.5")),
        ("٣٫٥", Decimal("3.5")),
        ("مئتين", Decimal("200")),
        ("ثلاثة آلاف", Decimal("3000")),
        ("خمسة وعشرون", Decimal("25")),
        ("about 200", None),
        ("", None),
        ("   ", None),
        ("abc", None),
        ("200 خلية", None),
        ("أكثر من 200", None),
        ("200-300", None),
        ("وأربعين", None),
        ("آلاف", None),
    ],
)
def test_a_field_parses_only_when_it_holds_exactly_one_number(
    cell: str, expected: Decimal | None
) -> None:
    assert parse_number(cell) == expected


@pytest.mark.parametrize(
    ("value", "text", "mention_text"),
    [
        (214, "اعتقال 214 خلية", "214"),
        (Decimal("214.00"), "اعتقال ٢١٤ خلية", "٢١٤"),
        ("200", "أكثر من مئتي خلية", "مئتي"),
        (3000, "اعتقال 3 آلاف شخص", "3 آلاف"),
        (1600, "1.600 شخص", "1.600"),
        (3.5, "بنسبة ٣٫٥", "٣٫٥"),
        (2021, "بين 2002 و2021", "2021"),
    ],
)
def test_a_value_is_found_in_a_quote_whatever_its_spelling(
    value: object, text: str, mention_text: str
) -> None:
    mention = value_in_text(value, text)
    assert mention is not None
    assert mention.text == mention_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (21, "اعتقال 214 خلية"),
        (4, "اعتقال 214 خلية"),
        (5, "خمسة وعشرون"),
        (20, "خمسة وعشرون"),
        (1000, "آلاف الأشخاص"),
        (100, "88 في المائة"),
        (3, "يوم الثلاثاء"),
        (1, "0.125"),
    ],
)
def test_a_value_that_is_not_written_in_the_quote_is_not_found(value: int, text: str) -> None:
    assert value_in_text(value, text) is None


def test_a_number_mention_is_an_immutable_record() -> None:
    mention = NumberMention(Decimal(1), 0, 1, "1", "digits")
    with pytest.raises(dataclasses.FrozenInstanceError):
        mention.value = Decimal(2)  # type: ignore[misc]


# --------------------------------------------------------------------------
# Properties: any number written in a sentence is found, and only it.
# --------------------------------------------------------------------------

_NEUTRAL_WORDS = [
    "اعتقال",
    "خلية",
    "إرهابية",
    "المغرب",
    "تفكيك",
    "أكثر",
    "من",
    "عناصر",
    "مشروع",
    "الأمن",
    "بين",
    "سنة",
    "أعلن",
    "المكتب",
    "المركزي",
    "للأبحاث",
    "القضائية",
    "حوالي",
    "شخصا",
    "في",
    "عن",
    "الدخيسي",
    "،",
    "(",
    ")",
]
_SENTENCE_PART = st.lists(st.sampled_from(_NEUTRAL_WORDS), max_size=6)
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[int, str]:
    """A number and one way the press could write it."""
    style = draw(st.sampled_from(["western", "arabic-indic", "words"]))
    if style == "words":
        number = draw(st.integers(1, 1000))
        text = write_in_words(
            number,
            hundred=draw(st.sampled_from(["مائة", "مئة"])),
            joined=draw(st.booleans()),
            accusative=draw(st.booleans()),
        )
        return number, draw(st.sampled_from(["", "و"])) + text
    number = draw(st.integers(0, 10**7))
    digits = str(number) if style == "western" else str(number).translate(_ARABIC_INDIC)
    return number, draw(st.sampled_from(["", "لـ", "بـ", "و", "لـ "])) + digits


@settings(max_examples=400)
@given(written_numbers(), _SENTENCE_PART, _SENTENCE_PART, st.integers(0, 10**7))
def test_any_number_written_in_a_sentence_is_found_and_no_other(
    written: tuple[int, str], before: list[str], after: list[str], other: int
) -> None:
    number, spelling = written
    sentence = " ".join([*before, spelling, *after])
    assert values(sentence) == [number]
    assert value_in_text(number, sentence) is not None
    if other != number:
        assert value_in_text(other, sentence) is None


@given(st.integers(1, 1000), st.sampled_from(["مائة", "مئة"]), st.booleans(), st.booleans())
def test_every_number_from_one_to_a_thousand_parses_from_its_words(
    number: int, hundred: str, joined: bool, accusative: bool
) -> None:
    assert parse_number(write_in_words(number, hundred, joined, accusative)) == number
