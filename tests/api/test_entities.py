"""Sources, institutions, programmes (with cohorts), laws, incidents and metrics."""

import pytest

from apps.registry.models import Institution

from .conftest import get, get_json, walk


def by_key(rows: list[dict], key: str = "slug") -> dict:
    return {row[key]: row for row in rows}


@pytest.mark.parametrize(
    ("path", "key", "counts"),
    [
        ("metrics/", "slug", {"cells-dismantled": 3, "persons-prosecuted": 1, "deaths": 1}),
        ("institutions/", "slug", {"dgsn": 2, "interior": 1, "dgapr": 0}),
        ("programmes/", "slug", {"moussalaha": 1}),
        ("laws/", "slug", {"law-03-03": 1}),
        ("incidents/", "slug", {"casablanca-2003": 1}),  # its rejected figure is not counted
    ],
)
def test_entity_lists_count_published_figures_only(client, world, path, key, counts):
    rows = by_key(walk(client, path), key)
    assert {name: rows[name]["published_count"] for name in counts} == counts


def test_the_source_list_counts_published_figures_only_and_leaves_the_text_out(client, world):
    a, b, c = world["sources"]
    rows = by_key(walk(client, "sources/"), "id")
    assert {pk: rows[pk]["published_count"] for pk in (a.pk, b.pk, c.pk)} == {
        a.pk: 3,
        b.pk: 2,
        c.pk: 1,
    }
    assert "text" not in rows[a.pk] and rows[a.pk]["text_sha256"] == a.text_sha256


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("institutions/dgsn/", {"slug": "dgsn", "acronym": "DGSN", "published_count": 2}),
        ("programmes/moussalaha/", {"slug": "moussalaha", "name_ar": "مصالحة"}),
        ("laws/law-03-03/", {"number": "03.03", "published_count": 1}),
        (
            "incidents/casablanca-2003/",
            {"occurred_on": "2003-05-16", "place": "Casablanca", "kind": "attack"},
        ),
        ("metrics/deaths/", {"name_fr": "Morts", "unit": "count", "published_count": 1}),
    ],
)
def test_each_record_is_found_by_its_slug(client, world, path, expected):
    body = get_json(client, path)
    assert {name: body[name] for name in expected} == expected


def test_a_source_is_found_by_its_id_with_its_full_text_when_openly_licensed(client, world):
    source = world["sources"][2]
    type(source).objects.filter(pk=source.pk).update(openly_licensed=True)
    body = get_json(client, f"sources/{source.pk}/")
    assert body["text"] == source.text and body["published_on"] == "2003-05"
    assert body["figures_url"] == f"http://testserver/api/v1/figures/?source={source.pk}"
    assert [quote["text"] for quote in body["quotes"]] == ["a fait 33 morts"]


def test_a_programme_lists_its_cohorts_and_the_institutions_running_it(client, world):
    body = get_json(client, "programmes/moussalaha/")
    cohort = world["cohort"]
    assert body["cohorts"] == [
        {
            "published_count": 1,
            "id": cohort.pk,
            "number": 13,
            "starts_on": "",
            "ends_on": "",
            "notes": "",
            "figures_url": f"http://testserver/api/v1/figures/?cohort={cohort.pk}",
        }
    ]
    assert body["institutions"] == [{"institution": "dgapr", "role": "lead"}]


def test_an_institution_names_its_parent(client, world):
    Institution.objects.create(slug="bcij", acronym="BCIJ", name_en="BCIJ", parent=world["dgsn"])
    assert get_json(client, "institutions/bcij/")["parent"] == "dgsn"
    assert get_json(client, "institutions/dgsn/")["parent"] is None


def test_the_figures_link_of_a_record_lists_its_figures(client, world):
    link = get_json(client, "institutions/dgsn/")["figures_url"]
    assert link == "http://testserver/api/v1/figures/?institution=dgsn"
    rows = client.get(link).json()["results"]
    assert {row["id"] for row in rows} == {world["cells_214"].pk, world["prosecuted"].pk}


@pytest.mark.parametrize(
    ("path", "q", "expected"),
    [
        ("institutions/", "الامن الوطني", {"dgsn"}),  # no hamza, article dropped
        ("institutions/", "dgsn", {"dgsn"}),
        ("institutions/", "وزاره", {"interior"}),  # ha for ta marbuta
        ("programmes/", "مُصالحة", {"moussalaha"}),  # with a diacritic
        ("laws/", "03.03", {"law-03-03"}),
        ("incidents/", "البيضاء", {"casablanca-2003"}),
        ("metrics/", "cells", {"cells-dismantled"}),
        ("metrics/", "nothing-like-it", set()),
    ],
)
def test_entity_lists_search_names_the_arabic_aware_way(client, world, path, q, expected):
    assert {row["slug"] for row in walk(client, path, q=q)} == expected


def test_the_source_list_searches_titles_and_publishers(client, world):
    assert {row["title"] for row in walk(client, "sources/", q="journal")} == {"Le bilan"}


def test_entity_lists_page_by_id_without_gaps_or_repeats(client, world):
    rows = walk(client, "institutions/", per_page=1)
    assert [row["slug"] for row in rows] == ["dgsn", "interior", "dgapr"]


@pytest.mark.parametrize(
    "path",
    [
        "institutions/nobody/",
        "programmes/nothing/",
        "laws/no-law/",
        "incidents/none/",
        "metrics/none/",
        "sources/987654321/",
    ],
)
def test_an_unknown_record_is_a_json_404(client, world, path):
    response = get(client, path)
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
