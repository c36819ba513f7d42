"""Tests for apps.core.arabic: the folded form that Arabic and French texts are compared in."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.core.arabic import fold_with_offsets, normalize, strip_diacritics, to_western_digits


@pytest.mark.parametrize(
    ("variant", "folded"),
    [
        # hamza seats and alef forms
        ("أحداث", "احداث"),
        ("إرهاب", "ارهاب"),
        ("آلاف", "الاف"),
        ("ٱلله", "الله"),
        ("إعتقال", "اعتقال"),
        ("مسؤول", "مسوول"),
        ("مئة", "ميه"),
        ("مائة", "مايه"),
        # alef maqsura and ya
        ("إلى", "الي"),
        ("مستشفى", "مستشفي"),
        ("فى", "في"),
        # ta marbuta and ha
        ("خلية", "خليه"),
        ("خليه", "خليه"),
        ("الدار البيضاء", "الدار البيضاء"),
        # diacritics, shadda, superscript alef, Quranic marks, tatweel
        ("مكّنت", "مكنت"),
        ("خَلِيَّةٌ إِرْهَابِيَّةٌ", "خليه ارهابيه"),
        ("هٰذا", "هذا"),
        ("الرَّحِيمِۖ", "الرحيم"),
        ("خليـــة", "خليه"),
        # presentation forms and ligatures
        ("ﺧﻠﻴﺔ", "خليه"),
        ("ﻻ", "لا"),
        # digits and separators
        ("٢١٤", "214"),
        ("۲۱۴", "214"),
        ("١٬٦٠٠", "1,600"),
        ("٣٫٥", "3.5"),
        ("２０２１", "2021"),
        # Persian letters typed into Arabic text
        ("کتاب", "كتاب"),
        ("ی", "ي"),
        # French: case and accents
        ("Sûreté", "surete"),
        ("DGST", "dgst"),
        ("Général", "general"),
        ("Œuvre ÇA", "œuvre ca"),
        # whitespace and invisible characters
        ("  خلية \t\n إرهابية  ", "خليه ارهابيه"),
        ("خلية\u00a0إرهابية", "خليه ارهابيه"),
        ("\u200fخلية\u200c", "خليه"),
        ("", ""),
    ],
)
def test_spelling_variants_fold_to_one_search_form(variant: str, folded: str) -> None:
    assert normalize(variant) == folded


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("إعتقال", "اعتقال"),
        ("مِئَتَيْ خليّة", "مئتى خليه"),
        ("أكثر من ألف", "اكثر من الف"),
        ("مُسْتَشْفَى", "مستشفي"),
        ("Sûreté Nationale", "SURETE NATIONALE"),
        ("٢٠٢١", "2021"),
    ],
)
def test_two_spellings_of_the_same_text_compare_equal(first: str, second: str) -> None:
    assert normalize(first) == normalize(second)


@settings(max_examples=500)
@given(st.text())
def test_normalizing_twice_changes_nothing(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("٢١٤ خلية", "214 خلية"),
        ("۱۴۰۰", "1400"),
        ("سنة ٢٠٠٢ و2021", "سنة 2002 و2021"),
        ("١٬٦٠٠ و٣٫٥", "1٬600 و3٫5"),
        ("أَلْف", "أَلْف"),
    ],
)
def test_western_digits_replace_only_the_digits(text: str, expected: str) -> None:
    converted = to_western_digits(text)
    assert converted == expected
    assert len(converted) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("خَلِيَّةٌ", "خلية"),
        ("هٰذا", "هذا"),
        ("خليـــة", "خلية"),
        ("أَحْدَاث", "أحداث"),
        ("Sûreté", "Sûreté"),
    ],
)
def test_stripping_diacritics_keeps_letters_and_hamza(text: str, expected: str) -> None:
    assert strip_diacritics(text) == expected


@pytest.mark.parametrize(
    ("text", "folded", "origin"),
    [
        ("لـ٢٠٠٩", "ل2009", [0, 2, 3, 4, 5]),
        ("ﻻ ب", "لا ب", [0, 0, 1, 2]),
        ("خَمسة", "خمسه", [0, 2, 3, 4]),
        ("a  b", "a  b", [0, 1, 2, 3]),
    ],
)
def test_folding_with_offsets_maps_each_folded_character_to_its_source(
    text: str, folded: str, origin: list[int]
) -> None:
    assert fold_with_offsets(text) == (folded, origin)


_ARABIC_SAMPLE = st.text(
    alphabet=st.sampled_from(list("خليةإرهابيأآؤئىـًٌٍَُِّْٰ٠١٢٣٤٥٦٧٨٩٫٬0123456789 \t\n")),
    max_size=60,
)


@given(_ARABIC_SAMPLE)
def test_folding_with_offsets_agrees_with_normalize_on_arabic_text(text: str) -> None:
    folded, origin = fold_with_offsets(text)
    assert " ".join(folded.split()) == normalize(text)
    assert len(origin) == len(folded)
    assert origin == sorted(origin)
    assert all(0 <= index < len(text) for index in origin)
