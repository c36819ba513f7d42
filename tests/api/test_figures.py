"""/api/v1/figures/: the public listing's filters, the export's columns, cursor pages."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.figures.columns import COLUMN_NAMES
from apps.figures.filters import FigureFilter

from .conftest import PUBLISHED, get, get_json, ids, walk


def listed(client, **params) -> set[int]:
    return {row["id"] for row in walk(client, "figures/", **params)}


def test_the_figure_list_shows_published_figures_only(client, world):
    assert listed(client) == ids(world, *PUBLISHED)


def test_figure_rows_have_the_export_columns_in_the_export_order(client, world):
    (row,) = get_json(client, "figures/", metric="deaths")["results"]
    assert list(row) == COLUMN_NAMES


def test_a_figure_row_carries_its_values_as_the_export_writes_them(client, world):
    (row,) = get_json(client, "figures/", metric="deaths")["results"]
    source = world["sources"][2]
    assert row["id"] == world["deaths"].pk
    assert row["value"] == 33 and row["value_max"] is None
    assert row["metric"] == "deaths" and row["metric_name_fr"] == "Morts"
    assert row["as_of"] == "2003-05-16" and row["period_start"] == ""
    assert row["quote"] == "a fait 33 morts"
    assert source.text[row["quote_start"] : row["quote_end"]] == "a fait 33 morts"
    assert row["source_id"] == source.pk and row["source_published_on"] == "2003-05"
    assert row["source_language"] == "fr" and row["source_url"] == "https://example.org/bilan"
    assert row["incident"] == "casablanca-2003" and row["incident_name_en"] == "Casablanca attacks"
    assert row["institution"] is None and row["cohort"] == ""
    assert row["updated_at"].endswith("Z")


def test_a_figure_row_names_its_programme_cohort_and_law(client, world):
    rows = {row["id"]: row for row in walk(client, "figures/")}
    beneficiaries = rows[world["beneficiaries"].pk]
    assert beneficiaries["programme"] == "moussalaha" and beneficiaries["cohort"] == "moussalaha#13"
    prosecuted = rows[world["prosecuted"].pk]
    assert prosecuted["law"] == "03.03" and prosecuted["institution"] == "dgsn"
    assert rows[world["cells_214"].pk]["attributed_to"] == "DGSN"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"metric": "cells-dismantled"}, ("cells_214", "cells_200", "formula")),
        ({"institution": "dgsn"}, ("cells_214", "prosecuted")),  # attributed to, or about
        ({"programme": "moussalaha"}, ("beneficiaries",)),
        ({"law": "law-03-03"}, ("prosecuted",)),
        ({"incident": "casablanca-2003"}, ("deaths",)),
        ({"publisher": "Outlet B"}, ("cells_200", "beneficiaries")),
        ({"language": "fr"}, ("deaths",)),
        ({"language": "ar"}, ("cells_214", "prosecuted", "cells_200", "beneficiaries", "formula")),
        ({"qualifier": "more_than"}, ("cells_200",)),
        ({"value_min": "300"}, ("prosecuted", "beneficiaries")),
        ({"value_max": "200"}, ("cells_200", "formula", "deaths")),
        ({"value_min": "200", "value_max": "301"}, ("cells_214", "cells_200", "beneficiaries")),
        (
            {"period_from": "2011-06-01"},
            ("cells_214", "cells_200", "prosecuted", "beneficiaries", "formula", "deaths"),
        ),
        ({"period_to": "2001-12-31"}, ("prosecuted", "beneficiaries", "deaths")),
        ({"period_from": "2010-06-01", "period_to": "2010-06-30"}, PUBLISHED),
        ({"disputed": "true"}, ("cells_214", "cells_200", "formula")),
        ({"disputed": "false"}, ("prosecuted", "beneficiaries", "deaths")),
        (
            {"metric": "cells-dismantled", "value_min": "100", "sort": "value"},
            ("cells_214", "cells_200"),
        ),
    ],
)
def test_each_filter_narrows_the_list_as_on_the_site(client, world, params, expected):
    assert listed(client, **params) == ids(world, *expected)


def test_the_cohort_and_source_filters_take_ids(client, world):
    assert listed(client, cohort=world["cohort"].pk) == ids(world, "beneficiaries")
    source_b = world["sources"][1]
    assert listed(client, source=source_b.pk) == ids(world, "cells_200", "beneficiaries")


def test_updated_since_keeps_the_figures_changed_since_then(client, world):
    figure = world["formula"]
    later = figure.updated_at.isoformat()
    world["deaths"].notes = "checked again"
    world["deaths"].save()
    assert world["deaths"].pk in listed(client, updated_since=later)
    assert listed(client, updated_since="2999-01-01T00:00:00Z") == set()


@pytest.mark.parametrize(
    "query",
    [
        "إرهابية",  # as printed
        "ارهابيه",  # without hamza, ha for ta marbuta
        "إرْهَابِيَّة",  # with diacritics
        "إرهـــابية",  # with tatweel
        "٢١٤",  # Arabic-Indic digits
        '"214 خلية"',  # a phrase
        "DGSN",  # the acronym of the institution it is attributed to
        "الأمن الوطني",  # that institution's name, article and all
    ],
)
def test_the_arabic_search_matches_every_spelling(client, world, query):
    assert world["cells_214"].pk in listed(client, q=query)


def test_the_search_finds_figures_by_the_names_of_what_they_name(client, world):
    assert listed(client, q="مصالحه") == ids(world, "beneficiaries")
    assert listed(client, q="Casablanca") == ids(world, "deaths")


def test_the_search_never_reveals_unpublished_figures(client, world):
    assert listed(client, q="مشروع") == set()  # only the draft's quote says it


def test_every_public_filter_is_accepted_by_the_api(client, world):
    valid = {
        "q": "خلية",
        "metric": "cells-dismantled",
        "institution": "dgsn",
        "programme": "moussalaha",
        "cohort": world["cohort"].pk,
        "law": "law-03-03",
        "incident": "casablanca-2003",
        "source": world["sources"][0].pk,
        "publisher": "Outlet A",
        "language": "ar",
        "qualifier": "exact",
        "period_from": "2000-01-01",
        "period_to": "2020-01-01",
        "value_min": "0",
        "value_max": "100000",
        "updated_since": "2000-01-01T00:00:00Z",
        "disputed": "false",
        "area": "MA",
        "disagreement": world["cells_214"].public_disagreement_id,
    }
    assert set(valid) == set(FigureFilter.base_filters)
    for name, value in valid.items():
        page = client.get(reverse("public:figure_list"), {name: value})
        on_the_page = {row.pk for row in page.context["figures"]}
        assert {row["id"] for row in walk(client, "figures/", **{name: value})} == on_the_page, name


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("-id", lambda row: -row["id"]),
        ("id", lambda row: row["id"]),
        ("value", lambda row: (Decimal(str(row["value"])), row["id"])),
        ("-value", lambda row: (-Decimal(str(row["value"])), -row["id"])),
    ],
)
def test_pages_follow_the_sort_without_gaps_or_repeats(client, world, sort, key):
    rows = walk(client, "figures/", sort=sort, per_page=2)
    assert [row["id"] for row in rows] == [row["id"] for row in sorted(rows, key=key)]
    assert sorted(row["id"] for row in rows) == sorted(ids(world, *PUBLISHED))


@pytest.mark.parametrize("sort", ["period", "-period"])
def test_period_pages_hold_every_figure_once(client, world, sort):
    seen = [row["id"] for row in walk(client, "figures/", sort=sort, per_page=1)]
    assert sorted(seen) == sorted(ids(world, *PUBLISHED))


def test_the_default_page_is_newest_first_with_no_links_when_everything_fits(client, world):
    body = get_json(client, "figures/")
    assert [row["id"] for row in body["results"]] == sorted(ids(world, *PUBLISHED), reverse=True)
    assert body["next"] is None and body["previous"] is None


def test_the_previous_link_leads_back_to_the_same_page(client, world):
    first = get_json(client, "figures/", per_page=2, metric="cells-dismantled")
    second = client.get(first["next"]).json()
    assert "metric=cells-dismantled" in first["next"]
    back = client.get(second["previous"]).json()
    assert [r["id"] for r in back["results"]] == [r["id"] for r in first["results"]]


def test_the_number_of_queries_does_not_grow_with_the_page(client, world):
    counts = []
    for per_page in (1, 200):
        with CaptureQueriesContext(connection) as queries:
            get_json(client, "figures/", per_page=per_page)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12


def test_a_figure_in_detail_has_its_quote_offsets_paragraph_and_source(client, world):
    figure = world["cells_214"]
    body = get_json(client, f"figures/{figure.pk}/")
    source = world["sources"][0]
    assert set(COLUMN_NAMES) <= set(body)
    quote = body["quote_detail"]
    assert quote["text"] == "اعتقال 214 خلية إرهابية" and quote["in_source"] is True
    assert source.text[quote["start"] : quote["end"]] == quote["text"]
    assert (quote["start"], quote["end"]) == (body["quote_start"], body["quote_end"])
    assert quote["paragraph_before"] == "تمكّنت السلطات المغربية من "
    assert quote["paragraph_after"].startswith("، وإجهاض")
    assert "\n" not in quote["paragraph_after"]
    assert body["source"] == {
        "id": source.pk,
        "title": "Article A",
        "publisher": "Outlet A",
        "author": "",
        "url": "",
        "published_on": "",
        "language": "ar",
        "kind": "news_article",
        "text_sha256": source.text_sha256,
        "retrieved_at": None,
        "updated_at": body["source"]["updated_at"],
        "notes": "",
    }


def test_a_figure_in_detail_lists_the_other_published_values_for_the_same_thing(client, world):
    body = get_json(client, f"figures/{world['cells_214'].pk}/")
    others = {other["id"]: other for other in body["comparable"]}
    assert set(others) == ids(world, "cells_200", "formula")
    assert others[world["cells_200"].pk]["qualifier"] == "more_than"
    assert others[world["formula"].pk]["as_of"] == "2010"
    assert others[world["formula"].pk]["disagreement_id"] == body["disagreement_id"] is not None


def test_a_figure_detail_for_a_missing_id_is_a_json_404(client, world):
    response = get(client, "figures/987654321/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
