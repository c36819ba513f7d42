"""Tests for apps.suggestions.finder: candidate figures read from Arabic press text (French and
English in test_finder_fr_en.py).

Pure tests: no database. The seed articles and fixtures/seed/figures.yaml are
read from disk to measure recall against the reviewed seed figures.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.core.numbers import find_numbers, value_in_text
from apps.suggestions.finder import Candidate, EntityName, excluded_numbers, find_candidates

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FIGURES = ROOT / "fixtures" / "seed" / "figures.yaml"


def only(text: str, entities: Sequence = ()) -> Candidate:
    candidates = find_candidates(text, entities)
    assert len(candidates) == 1, [c.quote for c in candidates]
    return candidates[0]


def article(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --------------------------------------------------------------------------
# Numbers in every form the press uses
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("اعتقال 214 خلية", "214", "count"),
        ("اعتقال ٢١٤ خلية", "214", "count"),
        ("اعتقال ۲۱۴ خلية", "214", "count"),
        ("تفكيك بـ214 خلية", "214", "count"),
        ("بعد تفكيك المغرب لـ 2009 خلية إرهابية", "2009", "count"),
        ("توقيف 1,600 شخص", "1600", "count"),
        ("توقيف 1.600 شخص", "1600", "count"),
        ("توقيف ١٬٦٠٠ شخص", "1600", "count"),
        ("اعتقال 3 آلاف شخص", "3000", "count"),
        ("حجز 1.5 مليون درهم", "1500000", "count"),
        ("تفكيك أربع خلايا إرهابية", "4", "count"),
        ("أكثر من مئتي خلية", "200", "count"),
        ("تفكيك ثلاثمائة خلية", "300", "count"),
        ("تفكيك ثلاث مئة خلية", "300", "count"),
        ("سقط خمسة وعشرون قتيلا", "25", "count"),
        ("سقط اثنا عشر جريحا", "12", "count"),
        ("اعتقال ألفي شخص", "2000", "count"),
        ("بلغ عددها حوالي أربعين هجوما", "40", "count"),
        ("88 في المائة من الخلايا", "88", "percent"),
        ("88 في المئة من الخلايا", "88", "percent"),
        ("88 بالمائة من الخلايا", "88", "percent"),
        ("88% من الخلايا", "88", "percent"),
        ("٨٨٪ من الخلايا", "88", "percent"),
        ("نسبة %88 من الخلايا", "88", "percent"),
        ("ثلاثين بالمئة من السجناء", "30", "percent"),
        ("3.5 في المائة من السجناء", "3.5", "percent"),
        ("88,5 في المائة من السجناء", "88.5", "percent"),
    ],
)
def test_numbers_are_read_in_every_form(text: str, value: str, unit: str) -> None:
    candidate = only(text)
    assert (candidate.value, candidate.unit) == (Decimal(value), unit)


@pytest.mark.parametrize(
    ("text", "qualifier", "words"),
    [
        ("اعتقال 214 خلية", "exact", None),
        ("تفكيك أكثر من 200 خلية", "more_than", "أكثر من"),
        ("وأكثر من 4200 جريح", "more_than", "أكثر من"),
        ("إجهاض أزيد من 500 مشروع إرهابي", "more_than", "أزيد من"),
        ("توقيف ما يزيد عن 300 شخص", "more_than", "ما يزيد عن"),
        ("توقيف ما يزيد على 300 شخص", "more_than", "ما يزيد على"),
        ("توقيف ما يفوق 300 شخص", "more_than", "ما يفوق"),
        ("ذهب ضحيتها حوالي 900 قتيل", "approximately", "حوالي"),
        ("ذهب ضحيتها حوالى 900 قتيل", "approximately", "حوالي"),
        ("خلف 191 قتيلا وحوالي 2050 جريحا", "approximately", "حوالي"),
        ("يشكلون نحو 30 في المائة من السجناء", "approximately", "نحو"),
        ("من مجموع 1600 تقريبا من الشباب", "approximately", "تقريبا"),
        ("توقيف 200 شخص تقريبا", "approximately", "تقريبا"),
        ("توقيف تقريبا 200 شخص", "approximately", "تقريبا"),
        ("أصيب ما يقارب 50 شخصا", "approximately", "ما يقارب"),
        ("سقط قرابة 20 قتيلا", "approximately", "قرابة"),
        ("قتل زهاء ثلاثمائة شخص", "approximately", "زهاء"),
        ("اعتقال ما يناهز 70 شخصا", "approximately", "ما يناهز"),
        ("اعتقال أقل من 10 أشخاص", "fewer_than", "أقل من"),
        ("توقيف 12 شخصا على الأقل", "at_least", "على الأقل"),
        ("توقيف على الأقل 12 شخصا", "at_least", "على الأقل"),
        ("توقيف ما لا يقل عن 12 شخصا", "at_least", "ما لا يقل عن"),
        ("توقيف 20 شخصا أو أكثر", "at_least", "أو أكثر"),
        ("تفكيك 5 خلايا على الأكثر", "at_most", "على الأكثر"),
        ("تفكيك ما لا يزيد عن 5 خلايا", "at_most", "ما لا يزيد عن"),
        ("عدد لا يتجاوز 5 خلايا", "at_most", "لا يتجاوز"),
        # negated comparisons
        ("عدد الموقوفين لم يتعدَّ 30 شخصا", "at_most", "لم يتعد"),
        ("عدد الخلايا لم يتخطَّ 12 خلية", "at_most", "لم يتخط"),
        ("عدد الموقوفين لم يتجاوز 30 شخصا", "at_most", "لم يتجاوز"),
        ("عدد الضحايا لم يزد عن 60 شخصا", "at_most", "لم يزد عن"),
        # verbs of exceeding, also with the count between verb and number
        ("فاق عددهم 300 مقاتل", "more_than", "فاق"),
        ("يربو على 500 شخص", "more_than", "يربو على"),
        ("تخطى عدد المعتقلين 400 شخص", "more_than", "تخطى"),
        ("تجاوز عدد المعتقلين 400 شخص", "more_than", "تجاوز"),
    ],
)
def test_qualifiers_are_read_before_and_after_the_number(
    text: str, qualifier: str, words: str | None
) -> None:
    candidate = find_candidates(text)[-1]
    assert candidate.qualifier == qualifier
    if words:
        assert f"qualifier: {words}" in candidate.reasons


@pytest.mark.parametrize(
    ("text", "value", "value_max", "unit"),
    [
        ("تراوح عدد الموقوفين بين 150 و200 شخص", "150", "200", "count"),
        ("ما بين 150 و200 شخص", "150", "200", "count"),
        ("اعتقل من 10 إلى 15 شخصا", "10", "15", "count"),
        ("اعتقل من 10 الى 15 شخصا", "10", "15", "count"),
        ("تم تفكيك 10-15 خلية", "10", "15", "count"),
        ("بين عشرة وعشرين شخصا", "10", "20", "count"),
        ("ما بين 20 و30 في المائة من السجناء", "20", "30", "percent"),
        ("بين 20 في المائة و30 في المائة من السجناء", "20", "30", "percent"),
    ],
)
def test_two_numbers_joined_as_a_range_are_one_candidate(
    text: str, value: str, value_max: str, unit: str
) -> None:
    candidate = only(text)
    assert candidate.qualifier == "range"
    assert (candidate.value, candidate.value_max) == (Decimal(value), Decimal(value_max))
    assert candidate.unit == unit
    assert value_in_text(candidate.value_max, candidate.quote)


# --------------------------------------------------------------------------
# What is not a counted figure
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("منذ سنة 2002 حتى اليوم", "year"),
        ("بدأ تفكيكها في عام 2013.", "year"),
        ("التحقوا بسوريا منذ 2013، نجد", "year"),
        ("خطير بين 2002 و2021.", "year"),
        ("خلال الفترة ما بين 2003-2007 إصلاحات", "year"),
        ("ومكناس عامي 2005 و2007 بمراكش", "year"),
        ("في سنة 2021م", "year"),
        ("في 1445هـ", "year"),
        ("في عام 1440 للهجرة", "year"),
        ("في 1440 هـ", "year"),
        ("في 10 رمضان 1440", "date"),
        ("في 16 مايو 2003", "date"),
        ("في 16 ماي 2003", "date"),
        ("في 16 مايو/ أيار 2003", "date"),
        ("في كانون الثاني 2020", "date"),
        ("اعتداءات 11/03/2004 في مدريد", "date"),
        ("في 12.05.2021", "date"),
        ("مساء يوم 13 من الشهر", "date"),
        ("وقع يومي 17 و18/8/2017", "date"),
        ("الدورة 13 من البرنامج", "ordinal"),
        ("الدورة الـ21 للجنة التنسيقية", "ordinal"),
        ("المادة 218 من القانون الجنائي", "ordinal"),
        ("القانون رقم 03.03 المتعلق بمكافحة الإرهاب", "leading zero"),
        ("قانون الإرهاب 03-03 بعد أسبوعين", "leading zero"),
        ("يبلغ من العمر 25 سنة", "age"),
        ("عمره 30 عاما", "age"),
        ("تتراوح أعمارهم بين 20 و30 سنة", "age"),
        ("حكم عليه بالسجن 20 سنة", "duration"),
        ("بعد مرور عشرين سنة على الأحداث", "duration"),
        ("سجن ما بين 10 و15 سنة", "duration"),
        ("خلال السنوات الأربع الماضية", "duration"),
        ("على الساعة 10 صباحا", "time"),
        ("على الساعة 10:30", "time"),
        ("اتصلوا على الرقم 0612345678", "leading zero"),
        ("اتصلوا على الرقم الأخضر 177", "الرقم الأخضر"),
        ("عبر الخط الأخضر 5757", "الخط الأخضر"),
        ("الهاتف 06 12 34 56 78", "leading zero"),
        ("الهاتف +212537000000", "long run"),
        ("الرقم التسلسلي 12345678", "long run"),
        ("مجموعة G5 الساحل", "code"),
        ("جائحة COVID-19 في المغرب", "code"),
        ("في آن واحد", "واحد"),
    ],
)
def test_years_dates_ordinals_and_identifiers_are_left_out(text: str, reason: str) -> None:
    assert find_candidates(text) == []
    reasons = [why for _, why in excluded_numbers(text)]
    assert reasons
    assert reason in reasons[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("فككت 2009 خلية إرهابية منذ عام 2002", "2009"),
        ("هجوم خلف حوالي 2050 جريحا", "2050"),
        ("اعتقال حوالي 2000 من المشتبه بهم", "2000"),
        ("قتل الـ214 شخصا", "214"),
        ("اعتقل 2000 شخص سنة 2015", "2000"),
    ],
)
def test_a_year_shaped_number_with_a_counted_noun_or_a_qualifier_is_a_count(
    text: str, value: str
) -> None:
    assert only(text).value == Decimal(value)


# Every year, date, ordinal and law number of the seed articles (and the
# durations and idioms that look like counts): each snippet occurs in its
# article and none of the numbers it contains may be proposed.
SEED_NON_FIGURES = {
    "000": [
        "منذ سنة 2002",
        "بين 2002 و2021",
        "في عام 2013",
        "16 مايو/ أيار 2003",
        "11 سبتمبر/ أيلول 2001",
        "في عام 2017",
        "السنوات الأربع",
    ],
    "001": [
        "في 16 ماي 2003",
        "أحداث 16 ماي الإرهابية",
        "لاستحضار أحداث 16 ماي 2003",
        "من سبتمبر 2001",
        "أن عام 2003",
        "19 مارس 2003",
        "شهر ماي 2003",
        "أن عام 2004",
        "القانون رقم 03.03",
        "قانون الإرهاب 03-03",
        "فبعد أحداث 16 ماي",
        "بتاريخ 18 ماي 2005",
        "أزمة أحداث 16 ماي",
        "ما بين 2003-2007",
        "لعام 2003",
        "“مصالحة” عام 2017",
        "ما بين 2003-2011",
        "عامي 2005 و2007",
        "بمراكش عام 2011",
        "بإملشيل عام 2018",
        "منذ 2022",
        "الدورة الـ21",
        "هجمات 11 سبتمبر 2001",
        "في عام 1998",
        "في عام 2004",
        "11/03/2004",
        "يوم 13/11/2015",
        "بتاريخ 18/11/2015",
        "منذ عام 2014",
        "يومي 17 و18/8/2017",
        "ليلة 08 إلى 09/10/2019",
        "في مايو 2020",
        "في 21/04/2019",
        "الغربية عام 2022",
        "منذ 2013",
        "عشرين سنة",
        "في آن واحد",
        "السنوات العشر",
    ],
    "002": ["منذ عام 2002", "في عام 2003"],
    "003": [
        "إطلاقه عام 2017",
        "الدورة 13",
        "الدورة 14",
        "منذ 2016",
        "في 2017،",
        "للعام 2021",
    ],
    "004": ["منذ عام 2002", "البيضاء عام 2003", "في عام 2017"],
}


@pytest.mark.parametrize("prefix", sorted(SEED_NON_FIGURES))
def test_no_candidate_for_the_years_dates_ordinals_and_law_numbers_of_the_seed_articles(
    prefix: str,
) -> None:
    text = article(prefix)
    proposed = [(c.number_start, c.number_end) for c in find_candidates(text)]
    for snippet in SEED_NON_FIGURES[prefix]:
        starts = [i for i in range(len(text)) if text.startswith(snippet, i)]
        assert starts, f"{snippet!r} is not in article {prefix}"
        for start in starts:
            for number in find_numbers(snippet):
                span = (start + number.start, start + number.end)
                assert not any(overlaps(span, p) for p in proposed), (prefix, snippet, number)


# --------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("اعتقال 214 خلية إرهابية", "cells-dismantled"),
        ("تفكيك 3 شبكات", "cells-dismantled"),
        ("عدد الخلايا المفككة بلغ 214", "cells-dismantled"),
        ("إجهاض أكثر من 500 مشروع إرهابي", "plots-foiled"),
        ("وأجهض حوالي 500 مؤامرة إرهابية", "plots-foiled"),
        ("أحبطت الأجهزة 3 عمليات إرهابية", "plots-foiled"),
        ("انتهت بمحاكمة 4304 أشخاص", "persons-prosecuted"),
        ("كما اعتقل المغرب 3535 شخصا", "persons-arrested"),
        ("تم توقيف 12 شخصا", "persons-arrested"),
        ("اعتقال 1.600 شخص", "persons-arrested"),
        ("وقال إن 20 شخصا اعتقلوا", "persons-arrested"),
        ("ذهب ضحيتها حوالي 900 قتيل", "deaths"),
        ("هجوم مدريد الذي خلف 191 قتيلا", "deaths"),
        ("قتل 10 أشخاص", "deaths"),
        ("وأكثر من 4200 جريح", "injuries"),
        ("وأصيب 20 آخرون بجروح", "injuries"),
        ("بلغ عددها حوالي أربعين هجوما", "attacks"),
        ("نفذ 5 عمليات إرهابية", "attacks"),
        ("استفاد 74 سجينا من العفو الملكي", "pardons"),
        ("أن الإدارة أفرجت عن 217 سجينا", "prisoners-released"),
        ("فقد أفرج عن ما مجموعه 217 أغلبهم بعفو ملكي", "prisoners-released"),
        ("الإفراج عن 20 معتقلا", "prisoners-released"),
        ("أكثر من 160 سجيناً متهماً بقضايا التطرف", "programme-beneficiaries"),
        ("300 مستفيد من البرنامج", "programme-beneficiaries"),
        ("نحو 1600 مقاتل أجنبي", "foreign-fighters"),
        ("1600 من الشباب الذين التحقوا بسوريا", "foreign-fighters"),
        ("عودة 200 عائد من بؤر التوتر", "returnees"),
        ("استهدفت ست مناطق بالعاصمة", "targeted-sites"),
        ("وإن 88 في المائة من الخلايا ارتبطت بتنظيم داعش", "share-of-cells-linked-to-isis"),
        ("نحو 30 في المائة من مجموع سجناء التطرف", "programme-beneficiaries-share"),
        ("30 في المائة من المغاربة", None),
        ("زارت ست مناطق", None),
        ("ويرتكز على محاور ثلاثة", None),
    ],
)
def test_the_metric_comes_from_the_words_of_the_quote(text: str, metric: str | None) -> None:
    candidate = only(text)
    assert candidate.metric == metric
    assert any(r.startswith("metric: ") for r in candidate.reasons) == (metric is not None)


def test_reasons_name_the_words_each_choice_rests_on() -> None:
    assert only("تفكيك أكثر من 200 خلية").reasons == (
        "number: 200",
        "qualifier: أكثر من",
        "metric: خلية",
    )
    assert only("يشكلون نحو 30 في المائة من مجموع سجناء التطرف").reasons == (
        "number: 30",
        "qualifier: نحو",
        "unit: في المائة",
        "metric: سجناء",
    )
    assert only("بين 150 و200 شخص").reasons == ("number: 150 … 200", "range: بين … و")


# --------------------------------------------------------------------------
# Quotes
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        (
            "تمكّنت السلطات من اعتقال 214 خلية إرهابية، وإجهاض أكثر من 500 مشروع إرهابي، "
            "منذ سنة 2002.",
            ["تمكّنت السلطات من اعتقال 214 خلية إرهابية", "وإجهاض أكثر من 500 مشروع إرهابي"],
        ),
        (
            "وذهب ضحيتها حوالي 900 قتيل وأكثر من 4200 جريح من دول مثل روسيا",
            ["وذهب ضحيتها حوالي 900 قتيل", "وأكثر من 4200 جريح من دول مثل روسيا"],
        ),
        (
            "هجوم مدريد الذي خلف 191 قتيلا وحوالي 2050 جريحا.",
            ["هجوم مدريد الذي خلف 191 قتيلا", "وحوالي 2050 جريحا"],
        ),
        (
            "بلغ عددها حوالي أربعين هجوما وذهب ضحيتها حوالي 900 قتيل",
            ["بلغ عددها حوالي أربعين هجوما", "وذهب ضحيتها حوالي 900 قتيل"],
        ),
        ("ويؤكد الرقم المعلن، (أكثر من مئتي خلية)، على القدرة", ["(أكثر من مئتي خلية)"]),
        ("عنوان\nاعتقال 1.600 شخص. وفي اليوم التالي", ["اعتقال 1.600 شخص"]),
        ("فمن مجموع 1600 تقريبا من الشباب؛ نجد", ["فمن مجموع 1600 تقريبا من الشباب"]),
    ],
)
def test_the_quote_is_the_clause_that_states_the_figure(text: str, quotes: list[str]) -> None:
    assert [c.quote for c in find_candidates(text)] == quotes


SEED_PREFIXES = ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_every_quote_is_verbatim_and_states_its_value(prefix: str) -> None:
    text = article(prefix)
    candidates = find_candidates(text)
    assert candidates
    assert [c.number_start for c in candidates] == sorted(c.number_start for c in candidates)
    for candidate in candidates:
        assert text[candidate.start : candidate.end] == candidate.quote
        assert candidate.start <= candidate.number_start < candidate.number_end <= candidate.end
        assert value_in_text(candidate.value, candidate.quote) is not None
        if candidate.value_max is not None:
            assert value_in_text(candidate.value_max, candidate.quote) is not None
        assert candidate.quote == candidate.quote.strip()


def test_candidates_are_frozen_and_an_empty_text_has_none() -> None:
    candidate = only("اعتقال 214 خلية")
    with pytest.raises(dataclasses.FrozenInstanceError):
        candidate.value = Decimal(1)  # type: ignore[misc]
    assert find_candidates("") == []
    assert find_candidates("لا أرقام هنا، ولا عشرات ولا مئات.") == []


# --------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------

ENTITIES = [
    EntityName("institution", 5, ("المكتب المركزي للأبحاث القضائية", "BCIJ")),
    EntityName("institution", 9, ("المندوبية العامة لإدارة السجون",)),
    ("programme", 1, ("برنامج مصالحة", "Moussalaha")),
    ("law", 2, ("القانون رقم 03.03", "03.03")),
]


@pytest.mark.parametrize(
    ("text", "entities", "words"),
    [
        (
            "أعلن المكتب المركزي للأبحاث القضائية عن تفكيك 3 خلايا",
            (("institution", 5),),
            "المكتب المركزي للأبحاث القضائية",
        ),
        ("وأعلن BCIJ مؤخرًا تفكيك 3 خلايا", (("institution", 5),), "BCIJ"),
        ("وأعلن لـBCIJ تفكيك 3 خلايا", (("institution", 5),), "لـBCIJ"),
        ("وأعلن bcij تفكيك 3 خلايا", (("institution", 5),), "bcij"),
        (
            "وأعلن المكتب المركزي للأبحاث القضائية (BCIJ) تفكيك 3 خلايا",
            (("institution", 5),),
            "المكتب المركزي للأبحاث القضائية",
        ),
        (
            "وقالت المندوبيه العامه لاداره السجون إن 217 سجينا أفرج عنهم",
            (("institution", 9),),
            "المندوبيه العامه لاداره السجون",
        ),
        ('استفاد منه 300 سجين ضمن برنامج "مصالحة"', (("programme", 1),), 'برنامج "مصالحة'),
        (
            "وبالمكتب المركزي للأبحاث القضائية أحيل 20 شخصا على المحاكمة وفق القانون رقم 03.03",
            (("institution", 5), ("law", 2)),
            "وبالمكتب المركزي للأبحاث القضائية",
        ),
    ],
)
def test_entities_named_in_the_sentence_are_attached(
    text: str, entities: tuple, words: str
) -> None:
    candidate = only(text, ENTITIES)
    assert candidate.entities == entities
    assert f"entity: {words}" in candidate.reasons


def test_entities_of_another_sentence_or_a_partial_name_are_not_attached() -> None:
    assert only("أعلن BCIJ ذلك. واعتقل 20 شخصا.", ENTITIES).entities == ()
    assert only("أعلن المكتب المركزي عن تفكيك 3 خلايا", ENTITIES).entities == ()
    assert only("BCIJX فكك 3 خلايا", ENTITIES).entities == ()


# Fragments that meet at every kind of boundary: numbers in all forms, qualifiers,
# range cues, dates, clitics, punctuation, counted nouns and entity names.
FRAGMENTS = [
    "214", "٢١٤", "1.600", "1,600", "03.03", "11/03/2004", "2003-2007", "10-15", "2009",
    "0612", "3 آلاف", "مليون", "أربعين", "خمسة وعشرون", "مئتي", "واحد", "خلية", "خلايا",
    "قتيل", "جريحا", "سجينا", "العفو", "اعتقل", "أكثر من", "حوالي", "تقريبا", "على الأقل",
    "أو أكثر", "بين", "ما بين", "و", "من", "إلى", "في المائة", "%", "٪", "عام", "سنة", "ماي",
    "الدورة", "الـ", "لـ", "هـ", "BCIJ", "G", "-", "+", "،", ".", "\n", "؛", "(", ")", '"',
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(["", " "])), max_size=25))
def test_any_text_gives_verbatim_quotes_that_state_their_values(pieces: list) -> None:
    text = "".join(fragment + space for fragment, space in pieces)
    candidates = find_candidates(text, ENTITIES)
    assert [c.number_start for c in candidates] == sorted(c.number_start for c in candidates)
    for candidate in candidates:
        assert text[candidate.start : candidate.end] == candidate.quote
        assert candidate.start <= candidate.number_start < candidate.number_end <= candidate.end
        assert value_in_text(candidate.value, candidate.quote) is not None
        if candidate.value_max is not None:
            assert value_in_text(candidate.value_max, candidate.quote) is not None
    listed = {c.number_start for c in candidates}
    assert not any(number.start in listed for number, _ in excluded_numbers(text))


# --------------------------------------------------------------------------
# Recall against the reviewed seed figures
# --------------------------------------------------------------------------


def _seed_span(text: str, figure: dict) -> tuple[int, int]:
    start = -1
    for _ in range(figure.get("occurrence") or 1):
        start = text.find(figure["quote"], start + 1)
    assert start >= 0, figure["quote"]
    return start, start + len(figure["quote"])


def _matches(candidate: Candidate, figure: dict, span: tuple[int, int]) -> bool:
    value_max = figure.get("value_max")
    return (
        candidate.value == Decimal(str(figure["value"]))
        and candidate.value_max == (None if value_max is None else Decimal(str(value_max)))
        and candidate.qualifier == figure["qualifier"]
        and candidate.unit == figure["unit"]
        and overlaps((candidate.start, candidate.end), span)
    )


def test_recall_on_the_seed_figures() -> None:
    figures = yaml.safe_load(FIGURES.read_text(encoding="utf-8"))
    texts = {
        name: (SEEDS / name).read_text(encoding="utf-8") for name in {f["source"] for f in figures}
    }
    candidates = {name: find_candidates(text) for name, text in texts.items()}
    spans = {name: [] for name in texts}
    found, misses, same_metric = 0, [], 0
    for figure in figures:
        span = _seed_span(texts[figure["source"]], figure)
        spans[figure["source"]].append(span)
        hits = [c for c in candidates[figure["source"]] if _matches(c, figure, span)]
        found += bool(hits)
        same_metric += any(c.metric == figure["metric"] for c in hits)
        if not hits:
            misses.append(f"{figure['source']}: {figure['value']} {figure['qualifier']}")
    noise = [
        candidate.quote
        for name, listed in candidates.items()
        for candidate in listed
        if not any(overlaps((candidate.start, candidate.end), span) for span in spans[name])
    ]
    total = sum(len(listed) for listed in candidates.values())
    print(f"\nrecall: {found}/{len(figures)}  (same metric: {same_metric}/{len(figures)})")
    print(f"noise: {len(noise)}/{total} candidates overlap no seed figure: {noise}")
    assert found / len(figures) >= 0.9, f"missed: {misses}"
