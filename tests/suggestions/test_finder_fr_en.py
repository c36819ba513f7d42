"""Tests for apps.suggestions.finder on French and English press text, and on the articles
written for the project in the three languages.

Pure tests: no database. The articles in tests/suggestions/articles/ were
written for these tests; each has a YAML file with the figures a reader
would record, the numbers that are not figures, and the candidates that must
be flagged for review.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.core.numbers import find_numbers, value_in_text
from apps.suggestions.finder import Candidate, EntityName, excluded_numbers, find_candidates

ARTICLES = Path(__file__).resolve().parent / "articles"


def only(text: str, language: str | None, entities=()) -> Candidate:
    candidates = find_candidates(text, entities, language)
    assert len(candidates) == 1, [c.quote for c in candidates]
    return candidates[0]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --------------------------------------------------------------------------
# Numbers in every form the press uses
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "value", "unit"),
    [
        ("fr", "quelque 2 300 suspects", "2300", "count"),
        ("fr", "quelque 2\u00a0300 suspects", "2300", "count"),
        ("fr", "quelque 2\u202f300 suspects", "2300", "count"),
        ("fr", "quelque 2.300 suspects", "2300", "count"),
        ("fr", "1 200 000 dirhams saisis", "1200000", "count"),
        ("fr", "2,5 millions de dirhams", "2500000", "count"),
        ("fr", "3 milliards de dirhams", "3000000000", "count"),
        ("fr", "sept membres", "7", "count"),
        ("fr", "deux femmes", "2", "count"),
        ("fr", "vingt et un suspects", "21", "count"),
        ("fr", "soixante-dix personnes", "70", "count"),
        ("fr", "quatre-vingts détenus", "80", "count"),
        ("fr", "quatre-vingt-dix-neuf cellules", "99", "count"),
        ("fr", "deux cents combattants", "200", "count"),
        ("fr", "trois cent quarante-deux détenus", "342", "count"),
        ("fr", "deux mille trois cents suspects", "2300", "count"),
        ("fr", "30 % des détenus", "30", "percent"),
        ("fr", "30 pour cent des détenus", "30", "percent"),
        ("fr", "12,5 % des détenus", "12.5", "percent"),
        ("en", "some 2,300 suspects", "2300", "count"),
        ("en", "some 2 300 suspects", "2300", "count"),
        ("en", "1.5 million dirhams", "1500000", "count"),
        ("en", "2 billion dirhams", "2000000000", "count"),
        ("en", "three hundred suspects", "300", "count"),
        ("en", "one hundred and twenty-five cells", "125", "count"),
        ("en", "seventy-one people", "71", "count"),
        ("en", "twelve hundred people", "1200", "count"),
        ("en", "40 per cent of the prisoners", "40", "percent"),
        ("en", "40 percent of the prisoners", "40", "percent"),
        ("en", "40% of the prisoners", "40", "percent"),
    ],
)
def test_french_and_english_numbers_are_read_in_every_form(
    language: str, text: str, value: str, unit: str
) -> None:
    candidate = only(text, language)
    assert (candidate.value, candidate.unit) == (Decimal(value), unit)
    assert candidate.review == ""


@pytest.mark.parametrize(
    ("language", "text", "value", "qualifier"),
    [
        ("fr", "une dizaine de personnes", "10", "approximately"),
        ("fr", "une trentaine de suspects", "30", "approximately"),
        ("fr", "une centaine de blessés", "100", "approximately"),
        ("fr", "un millier de détenus", "1000", "approximately"),
        ("fr", "une bonne vingtaine de cellules", "20", "approximately"),
        ("fr", "plus d'une dizaine de personnes", "10", "more_than"),
        ("fr", "près d'une centaine de morts", "100", "approximately"),
        ("en", "a dozen people", "12", "approximately"),
        ("en", "more than a dozen people", "12", "more_than"),
    ],
)
def test_nouns_of_approximation_are_approximations_flagged_for_review(
    language: str, text: str, value: str, qualifier: str
) -> None:
    candidate = only(text, language)
    assert (candidate.value, candidate.qualifier) == (Decimal(value), qualifier)
    assert candidate.review.startswith("approximate: ")
    assert value_in_text(candidate.value, candidate.quote, language) is not None


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("fr", "des dizaines de personnes", "20"),
        ("fr", "plusieurs centaines de détenus", "200"),
        ("fr", "des milliers de combattants", "2000"),
        ("en", "dozens of people", "24"),
        ("en", "hundreds of fighters", "200"),
        ("en", "thousands of people", "2000"),
    ],
)
def test_vague_counts_are_proposed_as_at_least_and_flagged(
    language: str, text: str, value: str
) -> None:
    candidate = only(text, language)
    assert (candidate.value, candidate.qualifier) == (Decimal(value), "at_least")
    assert candidate.review.startswith("no number is written: ")
    assert value_in_text(candidate.value, candidate.quote, language) is None


@pytest.mark.parametrize(
    ("language", "text", "qualifier", "words"),
    [
        ("fr", "plus de 60 cellules", "more_than", "plus de"),
        ("fr", "plus d'un millier de détenus", "more_than", "plus d'"),
        ("fr", "au moins 900 personnes", "at_least", "au moins"),
        ("fr", "pas moins de 900 personnes", "at_least", "pas moins de"),
        ("fr", "près de 700 détenus", "approximately", "près de"),
        ("fr", "environ 700 détenus", "approximately", "environ"),
        ("fr", "700 détenus environ", "approximately", "environ"),
        ("fr", "quelque 2 300 suspects", "approximately", "quelque"),
        ("fr", "autour de 300 personnes", "approximately", "autour de"),
        ("fr", "moins de 50 attentats", "fewer_than", "moins de"),
        ("fr", "jusqu'à 200 personnes", "at_most", "jusqu'à"),
        ("fr", "au plus 200 personnes", "at_most", "au plus"),
        ("fr", "le chiffre ne dépasse pas 40 personnes", "at_most", "ne dépasse pas"),
        ("fr", "300 personnes au moins", "at_least", "au moins"),
        ("fr", "300 personnes ou plus", "at_least", "ou plus"),
        ("en", "more than 200 cells", "more_than", "more than"),
        ("en", "over 200 cells", "more_than", "over"),
        ("en", "at least 900 people", "at_least", "at least"),
        ("en", "no fewer than 900 people", "at_least", "no fewer than"),
        ("en", "nearly 300 people", "approximately", "nearly"),
        ("en", "almost 300 people", "approximately", "almost"),
        ("en", "about 300 people", "approximately", "about"),
        ("en", "around 300 people", "approximately", "around"),
        ("en", "some 300 people", "approximately", "some"),
        ("en", "approximately 300 people", "approximately", "approximately"),
        ("en", "fewer than 50 attacks", "fewer_than", "fewer than"),
        ("en", "less than 50 attacks", "fewer_than", "less than"),
        ("en", "up to 200 people", "at_most", "up to"),
        ("en", "no more than 200 people", "at_most", "no more than"),
        ("en", "200 people or more", "at_least", "or more"),
        ("en", "200 people at least", "at_least", "at least"),
    ],
)
def test_french_and_english_qualifiers_are_read(
    language: str, text: str, qualifier: str, words: str
) -> None:
    candidate = only(text, language)
    assert candidate.qualifier == qualifier
    assert f"qualifier: {words}" in candidate.reasons


@pytest.mark.parametrize(
    ("language", "text", "value", "value_max", "unit"),
    [
        ("fr", "entre 1 200 et 1 500 attentats", "1200", "1500", "count"),
        ("fr", "entre 300 et 400 personnes", "300", "400", "count"),
        ("fr", "de 300 à 400 personnes", "300", "400", "count"),
        ("fr", "300 à 400 personnes", "300", "400", "count"),
        ("fr", "entre 20 % et 30 % des détenus", "20", "30", "percent"),
        ("fr", "10-15 cellules", "10", "15", "count"),
        ("fr", "entre deux et trois cents personnes", "2", "300", "count"),
        ("en", "between 1,200 and 1,500 attacks", "1200", "1500", "count"),
        ("en", "from 300 to 400 people", "300", "400", "count"),
        ("en", "300 to 400 people", "300", "400", "count"),
        ("en", "between 20 and 30 per cent of the prisoners", "20", "30", "percent"),
        ("en", "between ten and twenty people", "10", "20", "count"),
    ],
)
def test_french_and_english_ranges_are_one_candidate(
    language: str, text: str, value: str, value_max: str, unit: str
) -> None:
    candidate = only(text, language)
    assert candidate.qualifier == "range"
    assert (candidate.value, candidate.value_max) == (Decimal(value), Decimal(value_max))
    assert candidate.unit == unit
    assert value_in_text(candidate.value_max, candidate.quote, language)


# --------------------------------------------------------------------------
# What is not a counted figure
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # dates in every written form
        ("fr", "Le 3 juin 2021, la police est intervenue."),
        ("fr", "Le 1er juillet, la police est intervenue."),
        ("fr", "Les 3 et 4 juin, la police est intervenue."),
        ("fr", "Du 3 au 5 juin, la police est intervenue."),
        ("fr", "Le lundi 12, la police est intervenue."),
        ("fr", "Le 03/06/2021, la police est intervenue."),
        ("fr", "En juin 2022, la police est intervenue."),
        ("en", "On 9 October 2020, police moved in."),
        ("en", "On October 9, 2020, police moved in."),
        ("en", "On 9-10 October, police moved in."),
        ("en", "On 03/06/2021, police moved in."),
        ("en", "On Monday 12, police moved in."),
        # years
        ("fr", "depuis 2002, les services veillent"),
        ("fr", "entre 2002 et 2021, les services veillent"),
        ("fr", "de 2002 à 2021, les services veillent"),
        ("en", "since 2002, the services have watched"),
        ("en", "between 2015 and 2020, the services watched"),
        ("en", "in the year 2015, the services watched"),
        # ages
        ("fr", "des suspects âgés de 19 à 40 ans"),
        ("fr", "un suspect âgé de 25 ans"),
        ("en", "suspects aged 19 to 40"),
        ("en", "a 25-year-old suspect"),
        ("en", "Ahmed Benali, 25, was arrested in Tangier."),
        # ordinals
        ("fr", "la 7e édition du forum"),
        ("fr", "le 3e congrès du parti"),
        ("fr", "la troisième édition du forum"),
        ("en", "the 5th conference"),
        ("en", "the tenth round of talks"),
        ("en", "the 21st century"),
        # law, article and reference numbers
        ("fr", "la loi 03-03 relative au terrorisme"),
        ("fr", "la loi n° 43-05 relative au blanchiment"),
        ("fr", "l'article 218-4 du code pénal"),
        ("fr", "l'article 218 du code pénal"),
        ("fr", "la résolution 2178 du Conseil de sécurité"),
        ("en", "Law 03.03 on terrorism"),
        ("en", "Law No. 43-05 on money laundering"),
        ("en", "Article 218-4 of the penal code"),
        ("en", "resolution 2178 of the Security Council"),
        # times, telephone and page numbers
        ("fr", "à 10 h 30, la police est intervenue"),
        ("fr", "à 22 heures, la police est intervenue"),
        ("en", "at 10 a.m., police moved in"),
        ("en", "at 10:30, police moved in"),
        ("fr", "appelez le 05 37 12 34 56"),
        ("fr", "appelez le +212 537 123 456"),
        ("fr", "le numéro vert 177 est gratuit"),
        ("en", "call the hotline 177"),
        ("en", "dial 0800 123 456"),
        ("fr", "voir la page 12 du rapport"),
        ("fr", "voir p. 12 du rapport"),
        ("en", "see page 12 of the report"),
        # durations, how often, what share, un and one alone
        ("fr", "condamné à 20 ans de prison"),
        ("en", "sentenced to 20 years in prison"),
        ("fr", "au cours des 12 derniers mois, la police a enquêté"),
        ("en", "over the past two decades, police have watched"),
        ("fr", "joignable 24 heures sur 24"),
        ("fr", "renouvelable deux fois"),
        ("en", "three times a week"),
        ("en", "two thirds of the attacks"),
        ("fr", "un quart des détenus"),
        ("fr", "un responsable a indiqué"),
        ("en", "one of the suspects fled"),
        ("en", "the UN said"),
    ],
)
def test_dates_years_ages_ordinals_references_and_times_are_left_out(
    language: str, text: str
) -> None:
    assert find_candidates(text, language=language) == []
    assert find_candidates(text) == []  # read with every language's tables too


@pytest.mark.parametrize(
    ("language", "text", "reason"),
    [
        ("fr", "Le 3 juin 2021, la police est intervenue.", "date"),
        ("fr", "des suspects âgés de 19 à 40 ans", "age"),
        ("fr", "l'article 218-4 du code pénal", "article"),
        ("fr", "la loi n° 43-05", "abbreviation"),
        ("fr", "le numéro vert 177", "numéro vert"),
        ("en", "On October 9, 2020, police moved in.", "date"),
        ("en", "suspects aged 19 to 40", "age"),
        ("en", "see page 12", "page"),
    ],
)
def test_each_number_left_out_says_why(language: str, text: str, reason: str) -> None:
    reasons = [why for _, why in excluded_numbers(text, language)]
    assert reasons and reason in reasons[0]


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("fr", "2009 cellules démantelées depuis 2002", "2009"),
        ("fr", "environ 2050 blessés", "2050"),
        ("en", "2009 cells dismantled since 2002", "2009"),
        ("fr", "un mort", "1"),
        ("fr", "une cellule terroriste", "1"),
        ("en", "one attack", "1"),
    ],
)
def test_a_year_shaped_number_or_one_before_a_counted_noun_is_a_count(
    language: str, text: str, value: str
) -> None:
    assert only(text, language).value == Decimal(value)


# --------------------------------------------------------------------------
# Metrics and entities
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "metric"),
    [
        ("fr", "le démantèlement de 94 cellules", "cells-dismantled"),
        ("fr", "94 réseaux terroristes démantelés", "cells-dismantled"),
        ("fr", "500 projets d'attentats", "plots-foiled"),
        ("fr", "12 attentats déjoués", "plots-foiled"),
        ("fr", "12 complots", "plots-foiled"),
        ("fr", "45 morts", "deaths"),
        ("fr", "45 personnes ont été tuées", "deaths"),
        ("fr", "45 victimes", "deaths"),
        ("en", "claiming 65 lives", "deaths"),
        ("fr", "100 blessés", "injuries"),
        ("fr", "12 attentats", "attacks"),
        ("fr", "12 attaques", "attacks"),
        ("fr", "12 personnes ont été interpellées", "persons-arrested"),
        ("fr", "12 personnes ont été arrêtées", "persons-arrested"),
        ("fr", "12 personnes ont été poursuivies", "persons-prosecuted"),
        ("fr", "217 détenus ont été libérés", "prisoners-released"),
        ("fr", "217 détenus ont été graciés", "pardons"),
        ("fr", "700 détenus", "programme-beneficiaries"),
        ("fr", "300 bénéficiaires du programme", "programme-beneficiaries"),
        ("fr", "1 600 combattants", "foreign-fighters"),
        ("fr", "300 revenants", "returnees"),
        ("fr", "88 % des cellules étaient liées à Daech", "share-of-cells-linked-to-isis"),
        ("fr", "le nombre de cellules s'élève à 214", "cells-dismantled"),
        ("fr", "21 pays ont signé", None),
        ("en", "94 cells", "cells-dismantled"),
        ("en", "five terrorist cells", "cells-dismantled"),
        ("en", "500 terrorist plots", "plots-foiled"),
        ("en", "12 attacks were foiled", "plots-foiled"),
        ("en", "45 deaths", "deaths"),
        ("en", "45 people were killed", "deaths"),
        ("en", "100 injured", "injuries"),
        ("en", "100 people were wounded", "injuries"),
        ("en", "12 attacks", "attacks"),
        ("en", "12 bombings", "attacks"),
        ("en", "12 people were arrested", "persons-arrested"),
        ("en", "12 people were prosecuted", "persons-prosecuted"),
        ("en", "217 prisoners were released", "prisoners-released"),
        ("en", "217 prisoners were pardoned", "pardons"),
        ("en", "700 prisoners", "programme-beneficiaries"),
        ("en", "1,600 foreign fighters", "foreign-fighters"),
        ("en", "300 returnees", "returnees"),
        ("en", "88% of the cells were linked to ISIS", "share-of-cells-linked-to-isis"),
        ("en", "the number of attacks rose to 214", "attacks"),
        ("en", "killing 45 people in 21 countries", "deaths"),
    ],
)
def test_french_and_english_words_propose_the_metric(
    language: str, text: str, metric: str | None
) -> None:
    assert find_candidates(text, language=language)[0].metric == metric


ENTITIES = [
    EntityName(
        "institution",
        5,
        (
            "المكتب المركزي للأبحاث القضائية",
            "Central Bureau of Judicial Investigations",
            "Bureau central d'investigations judiciaires",
            "BCIJ",
        ),
    ),
    EntityName("institution", 7, ("Islamic State (ISIS/Daesh)", "État islamique (Daech)")),
    EntityName("incident", 3, ("Invasion of Iraq (2003)",)),
]


@pytest.mark.parametrize(
    ("language", "text", "entities", "words"),
    [
        ("fr", "Le BCIJ a démantelé 3 cellules.", (("institution", 5),), "BCIJ"),
        (
            "fr",
            "Le Bureau central d'investigations judiciaires a démantelé 3 cellules.",
            (("institution", 5),),
            "Bureau central d'investigations judiciaires",
        ),
        (
            "en",
            "The Central Bureau of Judicial Investigations dismantled 3 cells.",
            (("institution", 5),),
            "Central Bureau of Judicial Investigations",
        ),
        ("en", "The bcij dismantled 3 cells.", (("institution", 5),), "bcij"),
        ("en", "3 cells linked to Daesh were dismantled.", (("institution", 7),), "Daesh"),
        ("fr", "3 cellules liées à l'État islamique.", (("institution", 7),), "État islamique"),
    ],
)
def test_entities_are_found_by_their_french_and_english_names_and_acronyms(
    language: str, text: str, entities: tuple, words: str
) -> None:
    candidate = only(text, language, ENTITIES)
    assert candidate.entities == entities
    assert f"entity: {words}" in candidate.reasons


def test_a_year_in_parentheses_is_not_a_name() -> None:
    assert only("In 2003 alone, 3 cells were dismantled.", "en", ENTITIES).entities == ()


# --------------------------------------------------------------------------
# Quotes and languages
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "quotes"),
    [
        (
            "fr",
            "L'attentat a fait 45 morts et une centaine de blessés.",
            ["L'attentat a fait 45 morts", "et une centaine de blessés"],
        ),
        (
            "en",
            "The attack killed 12 and injured 30.",
            ["The attack killed 12", "and injured 30"],
        ),
        (
            "fr",
            "Rabat, le 15 mars 2023 – Le BCIJ a démantelé 94 cellules.",
            ["Le BCIJ a démantelé 94 cellules"],
        ),
    ],
)
def test_a_clause_of_two_figures_gives_two_quotes(
    language: str, text: str, quotes: list[str]
) -> None:
    assert [c.quote for c in find_candidates(text, language=language)] == quotes


def test_a_mixed_text_is_read_in_every_language_when_none_is_given() -> None:
    text = "اعتقال 214 خلية، et sept membres, and three hundred suspects."
    assert [c.value for c in find_candidates(text)] == [214, 7, 300]
    assert [c.value for c in find_candidates(text, language="ar")] == [214]


def test_an_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="Unknown language 'de'"):
        find_candidates("12 Zellen", language="de")


# --------------------------------------------------------------------------
# The articles written for these tests: every figure found, nothing else.
# --------------------------------------------------------------------------


def load_articles() -> list[tuple[str, str, dict]]:
    return [
        (
            path.stem,
            path.with_suffix(".txt").read_text(encoding="utf-8"),
            yaml.safe_load(path.read_text(encoding="utf-8")),
        )
        for path in sorted(ARTICLES.glob("*.yaml"))
    ]


def expected_span(text: str, figure: dict) -> tuple[int, int]:
    start = text.find(figure["quote"])
    assert start >= 0, figure["quote"]
    return start, start + len(figure["quote"])


def matches(candidate: Candidate, figure: dict, span: tuple[int, int]) -> bool:
    value_max = figure.get("value_max")
    return (
        candidate.value == Decimal(str(figure["value"]))
        and candidate.value_max == (None if value_max is None else Decimal(str(value_max)))
        and candidate.qualifier == figure["qualifier"]
        and candidate.unit == figure["unit"]
        and overlaps((candidate.number_start, candidate.number_end), span)
    )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    load_articles(),
    ids=lambda x: x if isinstance(x, str) and len(x) < 20 else "",
)
def test_every_quote_of_an_article_is_verbatim_and_states_its_value(
    name: str, text: str, expected: dict
) -> None:
    candidates = find_candidates(text, language=expected["language"])
    assert candidates
    for candidate in candidates:
        assert text[candidate.start : candidate.end] == candidate.quote
        assert candidate.start <= candidate.number_start < candidate.number_end <= candidate.end
        assert candidate.quote == candidate.quote.strip()
        if not candidate.review.startswith("no number"):
            assert value_in_text(candidate.value, candidate.quote, expected["language"])


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    load_articles(),
    ids=lambda x: x if isinstance(x, str) and len(x) < 20 else "",
)
def test_no_date_age_ordinal_or_reference_of_an_article_is_proposed(
    name: str, text: str, expected: dict
) -> None:
    proposed = [
        (c.number_start, c.number_end) for c in find_candidates(text, language=expected["language"])
    ]
    for snippet in expected["not_figures"]:
        start = text.find(snippet)
        assert start >= 0, f"{snippet!r} is not in {name}"
        for number in find_numbers(snippet, expected["language"]):
            span = (start + number.start, start + number.end)
            assert not any(overlaps(span, p) for p in proposed), (name, snippet, number.text)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    load_articles(),
    ids=lambda x: x if isinstance(x, str) and len(x) < 20 else "",
)
def test_approximations_of_an_article_are_flagged_for_review(
    name: str, text: str, expected: dict
) -> None:
    flagged = [c for c in find_candidates(text, language=expected["language"]) if c.review]
    for snippet in expected["review"]:
        assert any(snippet in c.quote for c in flagged), (name, snippet)


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_recall_and_noise_on_the_articles(language: str) -> None:
    found = total = same_metric = proposed = 0
    misses, noise = [], []
    for name, text, expected in load_articles():
        if expected["language"] != language:
            continue
        candidates = find_candidates(text, language=language)
        spans = [expected_span(text, figure) for figure in expected["figures"]]
        for figure, span in zip(expected["figures"], spans, strict=True):
            hits = [c for c in candidates if matches(c, figure, span)]
            total += 1
            found += bool(hits)
            same_metric += any(c.metric == figure["metric"] for c in hits)
            if not hits:
                misses.append(f"{name}: {figure['quote']}")
        proposed += len(candidates)
        noise += [
            f"{name}: {c.quote}"
            for c in candidates
            if not c.review and not any(overlaps((c.number_start, c.number_end), s) for s in spans)
        ]
    print(f"\n{language} recall: {found}/{total}  (same metric: {same_metric}/{total})")
    print(f"{language} noise: {len(noise)}/{proposed} candidates are no expected figure: {noise}")
    print(f"{language} missed: {misses}")
    assert found / total >= 0.9, misses
    assert same_metric / total >= 0.7
    assert len(noise) <= 0.1 * proposed, noise


# Fragments that meet at every kind of boundary, in French and English.
FRAGMENTS = [
    "2 300", "2\u00a0300", "1.600", "1,600", "2,5", "millions", "million", "03-03", "10-15",
    "11/03/2004", "2009", "sept", "deux", "cent", "quatre-vingts", "three", "hundred", "une",
    "dizaine", "dizaines", "a", "dozen", "dozens", "of", "de", "d'", "plus", "more than",
    "au moins", "at least", "entre", "between", "et", "and", "à", "to", "%", "pour cent",
    "per cent", "juin", "June", "1er", "7e", "5th", "loi", "article", "n°", "page", "ans",
    "years", "âgés", "aged", "cellules", "cells", "morts", "killed", "BCIJ", "-", ",", ".",
    "\n", "(", ")",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["fr", "en", None]),
    st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(["", " "])), max_size=25),
)
def test_any_french_or_english_text_gives_verbatim_quotes_that_state_their_values(
    language: str | None, pieces: list
) -> None:
    text = "".join(fragment + space for fragment, space in pieces)
    candidates = find_candidates(text, ENTITIES, language)
    assert [c.number_start for c in candidates] == sorted(c.number_start for c in candidates)
    for candidate in candidates:
        assert text[candidate.start : candidate.end] == candidate.quote
        assert candidate.start <= candidate.number_start < candidate.number_end <= candidate.end
        if not candidate.review.startswith("no number"):
            assert value_in_text(candidate.value, candidate.quote, language) is not None
        if candidate.value_max is not None:
            assert value_in_text(candidate.value_max, candidate.quote, language) is not None
    listed = {c.number_start for c in candidates}
    assert not any(number.start in listed for number, _ in excluded_numbers(text, language))
