"""Tests for apps.core.numbers on French and English text, and for the language argument."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from apps.core.numbers import find_numbers, guess_language, parse_number, value_in_text


def read(text: str, language: str | None) -> list[tuple[str, Decimal, str]]:
    return [(m.text, m.value, m.form) for m in find_numbers(text, language)]


# --------------------------------------------------------------------------
# Digits as the French and English press write them
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention_text", "value"),
    [
        ("2 300 suspects", "2 300", "2300"),
        ("2\u00a0300 suspects", "2\u00a0300", "2300"),
        ("2\u202f300 suspects", "2\u202f300", "2300"),
        ("1 200 000 dirhams", "1 200 000", "1200000"),
        ("2.300 suspects", "2.300", "2300"),
        ("2,300 suspects", "2,300", "2300"),
        ("1,200,000 dirhams", "1,200,000", "1200000"),
        ("12 345,5 dirhams", "12 345,5", "12345.5"),
        ("88,5 %", "88,5", "88.5"),
        ("2,5 millions de dirhams", "2,5 millions", "2500000"),
        ("2,5 milliards de dirhams", "2,5 milliards", "2500000000"),
        ("3 millions", "3 millions", "3000000"),
        ("1.5 million dirhams", "1.5 million", "1500000"),
        ("2 billion", "2 billion", "2000000000"),
        ("5 thousand", "5 thousand", "5000"),
    ],
)
def test_french_and_english_digits_are_read_with_their_separators_and_scales(
    text: str, mention_text: str, value: str
) -> None:
    assert read(text, None) == [(mention_text, Decimal(value), "digits")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("la 7e édition", []),
        ("le 1er juillet", []),
        ("le 3ème congrès", []),
        ("la 2nde session", []),
        ("the 5th conference", []),
        ("the 21st century", []),
        ("the 2nd and 3rd rounds", []),
        ("06 12 34 56 78", [("06", 6), ("12", 12), ("34", 34), ("56", 56), ("78", 78)]),
        ("+212 537 123 456", [("212", 212), ("537", 537), ("123", 123), ("456", 456)]),
        ("en 2015 2 300 personnes", [("2015", 2015), ("2", 2), ("300", 300)]),
    ],
)
def test_ordinal_endings_and_phone_groups_are_not_thousands(text: str, expected: list) -> None:
    assert [(m.text, m.value) for m in find_numbers(text)] == expected


# --------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------

FRENCH_WORDS = [
    ("un", 1),
    ("une", 1),
    ("deux", 2),
    ("sept", 7),
    ("dix", 10),
    ("onze", 11),
    ("seize", 16),
    ("dix-sept", 17),
    ("vingt", 20),
    ("vingt et un", 21),
    ("vingt-deux", 22),
    ("trente", 30),
    ("soixante", 60),
    ("soixante-dix", 70),
    ("soixante et onze", 71),
    ("quatre-vingts", 80),
    ("quatre-vingt-un", 81),
    ("quatre-vingt-dix", 90),
    ("quatre-vingt-dix-neuf", 99),
    ("cent", 100),
    ("cent un", 101),
    ("deux cents", 200),
    ("trois cent quarante-deux", 342),
    ("mille", 1000),
    ("deux mille", 2000),
    ("deux mille trois cents", 2300),
    ("un million", 1000000),
    ("deux millions", 2000000),
    ("trois milliards", 3000000000),
    ("Sept", 7),
    ("SEPT", 7),
]
ENGLISH_WORDS = [
    ("one", 1),
    ("two", 2),
    ("seven", 7),
    ("eleven", 11),
    ("nineteen", 19),
    ("twenty", 20),
    ("twenty-one", 21),
    ("twenty one", 21),
    ("ninety-nine", 99),
    ("a hundred", 100),
    ("one hundred and twenty-five", 125),
    ("three hundred", 300),
    ("twelve hundred", 1200),
    ("two thousand", 2000),
    ("one million two hundred thousand", 1200000),
    ("Three", 3),
]


@pytest.mark.parametrize(("text", "value"), FRENCH_WORDS)
def test_french_number_words_are_read_in_their_written_forms(text: str, value: int) -> None:
    mentions = find_numbers(text, "fr")
    assert [m.value for m in mentions] == [value]
    assert mentions[0].form == "words"


@pytest.mark.parametrize(("text", "value"), ENGLISH_WORDS)
def test_english_number_words_are_read_in_their_written_forms(text: str, value: int) -> None:
    mentions = find_numbers(text, "en")
    assert [m.value for m in mentions] == [value]
    assert mentions[0].form == "words"


@pytest.mark.parametrize(
    ("language", "text", "mention_text", "value"),
    [
        ("fr", "une dizaine de personnes", "une dizaine", 10),
        ("fr", "une douzaine de suspects", "une douzaine", 12),
        ("fr", "une quinzaine de détenus", "une quinzaine", 15),
        ("fr", "une vingtaine de cellules", "une vingtaine", 20),
        ("fr", "une trentaine de suspects", "une trentaine", 30),
        ("fr", "une quarantaine de morts", "une quarantaine", 40),
        ("fr", "une cinquantaine de blessés", "une cinquantaine", 50),
        ("fr", "une soixantaine de détenus", "une soixantaine", 60),
        ("fr", "une centaine de blessés", "une centaine", 100),
        ("fr", "un millier de détenus", "un millier", 1000),
        ("fr", "une bonne dizaine de personnes", "une bonne dizaine", 10),
        ("fr", "plus d'une dizaine de personnes", "une dizaine", 10),
        ("en", "a dozen people", "a dozen", 12),
        ("en", "one dozen people", "one dozen", 12),
    ],
)
def test_nouns_of_approximation_are_approximate_mentions(
    language: str, text: str, mention_text: str, value: int
) -> None:
    assert read(text, language) == [(mention_text, Decimal(value), "approximate")]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "la troisième édition"),
        ("fr", "le premier ministre"),
        ("fr", "des dizaines de personnes"),
        ("fr", "des centaines de détenus"),
        ("fr", "des milliers de combattants"),
        ("fr", "des millions de dirhams"),
        ("fr", "placé en quarantaine"),
        ("fr", "pour cent"),
        ("en", "the tenth round"),
        ("en", "the second time"),
        ("en", "dozens of people"),
        ("en", "hundreds of fighters"),
        ("en", "thousands of people"),
        ("en", "millions of dollars"),
        ("en", "per cent"),
        ("en", "the UN said"),
    ],
)
def test_ordinals_vague_plurals_and_percent_words_are_not_numbers(language: str, text: str) -> None:
    assert find_numbers(text, language) == []


# --------------------------------------------------------------------------
# The language argument
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "values"),
    [
        ("six morts", None, [6]),
        ("six morts", "fr", [6]),
        ("six dead", "en", [6]),
        ("six morts", "ar", []),
        ("sept membres", "en", []),
        ("seven members", "fr", []),
        ("خمسة وعشرون", None, [25]),
        ("خمسة وعشرون", "fr", []),
        ("2 300 suspects", "ar", [2300]),
        ("اعتقال 214 خلية، sept membres, three hundred suspects", None, [214, 7, 300]),
    ],
)
def test_the_language_chooses_the_words_read_and_none_reads_all(
    text: str, language: str | None, values: list[int]
) -> None:
    assert [m.value for m in find_numbers(text, language)] == values


@pytest.mark.parametrize(
    ("value", "text", "language", "mention_text"),
    [
        (6, "six morts", None, "six"),
        (6, "six morts", "fr", "six"),
        (2300, "quelque 2 300 suspects", None, "2 300"),
        (2300, "quelque 2\u00a0300 suspects", "fr", "2\u00a0300"),
        (300, "three hundred suspects", "en", "three hundred"),
        (80, "quatre-vingts détenus", "fr", "quatre-vingts"),
        (2500000, "2,5 millions de dirhams", "fr", "2,5 millions"),
        (10, "une dizaine de morts", "fr", "une dizaine"),
        (200, "أكثر من مئتي خلية", None, "مئتي"),
    ],
)
def test_the_value_in_quote_check_reads_french_and_english(
    value: int, text: str, language: str | None, mention_text: str
) -> None:
    mention = value_in_text(value, text, language)
    assert mention is not None and mention.text == mention_text


@pytest.mark.parametrize(
    ("value", "text", "language"),
    [
        (6, "six morts", "ar"),
        (20, "des dizaines de personnes", "fr"),
        (3, "la troisième édition", "fr"),
        (100, "30 pour cent", "fr"),
        (7, "la 7e édition", None),
        (1, "the UN said", "en"),
    ],
)
def test_a_value_not_written_in_the_language_read_is_not_found(
    value: int, text: str, language: str | None
) -> None:
    assert value_in_text(value, text, language) is None


def test_an_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="Unknown language 'de'"):
        find_numbers("sechs", "de")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("six", 6),
        ("2 300", 2300),
        ("quatre-vingts", 80),
        ("environ 300", None),
        ("300 morts", None),
    ],
)
def test_a_field_holding_one_french_or_english_number_parses(cell: str, expected) -> None:
    assert parse_number(cell) == expected


# --------------------------------------------------------------------------
# Properties: any number num2words writes, in a sentence, is found.
# --------------------------------------------------------------------------

_SENTENCE = {
    "fr": ("Selon le rapport,", "personnes ont été interpellées."),
    "en": ("According to the report,", "people were arrested."),
}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["fr", "en"]), st.integers(2, 999_999))
def test_any_number_written_in_words_is_found_in_a_sentence(language: str, number: int) -> None:
    before, after = _SENTENCE[language]
    # num2words writes "one thousand, one hundred"; the press writes no comma inside a number.
    words = num2words(number, lang=language).replace(",", "")
    sentence = f"{before} {words} {after}"
    assert [m.value for m in find_numbers(sentence, language)] == [number]
    assert value_in_text(number, sentence, language) is not None


@settings(max_examples=200, deadline=None)
@given(st.integers(1000, 10**9), st.sampled_from([" ", "\u00a0", "\u202f", ".", ","]))
def test_any_number_written_with_thousands_separators_is_found(number: int, separator: str) -> None:
    written = f"{number:,}".replace(",", separator)
    assert value_in_text(number, f"Au total, {written} suspects.") is not None


# --------------------------------------------------------------------------
# A source's language, guessed from its text
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("تمكنت السلطات من تفكيك 214 خلية إرهابية منذ سنة 2002.", "ar"),
        ("Le BCIJ a démantelé 94 cellules terroristes depuis sa création.", "fr"),
        ("The BCIJ has dismantled 94 terrorist cells since it was created.", "en"),
        ("أعلن BCIJ عن تفكيك خلية إرهابية في طنجة", "ar"),
        ("", "ar"),
    ],
)
def test_a_text_s_language_is_guessed(text: str, language: str) -> None:
    assert guess_language(text) == language
