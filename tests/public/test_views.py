"""The public listing and pages: published figures only, found however they are spelt."""

import copy
import datetime as dt
import re

import pytest
from django.urls import reverse

from apps.figures.models import ReportedFigure
from apps.figures.services import figures_changed
from tests.stored import stored_figure

LIST = reverse("public:figure_list")


def listed(client, **params) -> set[int]:
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content[:500]
    return {row.pk for row in response.context["figures"]}


def ids(world, *names) -> set[int]:
    return {world[name].pk for name in names}


PUBLISHED = ("cells_214", "prosecuted", "cells_200", "beneficiaries", "formula")


def test_the_home_page_leads_to_the_listing(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == LIST


def test_the_listing_shows_published_figures_only(client, world):
    assert listed(client) == ids(world, *PUBLISHED)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"metric": "cells-dismantled"}, ("cells_214", "cells_200", "formula")),
        ({"institution": "dgsn"}, ("cells_214", "prosecuted")),  # attributed to, or about
        ({"programme": "moussalaha"}, ("beneficiaries",)),
        ({"publisher": "Outlet B"}, ("cells_200", "beneficiaries")),
        ({"language": "ar"}, PUBLISHED),
        ({"qualifier": "more_than"}, ("cells_200",)),
        ({"value_min": "300"}, ("prosecuted", "beneficiaries")),
        ({"value_max": "200"}, ("cells_200", "formula")),
        ({"value_min": "200", "value_max": "301"}, ("cells_214", "cells_200", "beneficiaries")),
        (
            {"period_from": "2011-06-01"},
            ("cells_214", "cells_200", "prosecuted", "beneficiaries", "formula"),
        ),
        ({"period_to": "2001-12-31"}, ("prosecuted", "beneficiaries")),
        ({"period_from": "2010-06-01", "period_to": "2010-06-30"}, PUBLISHED),
        ({"disputed": "true"}, ("cells_214", "cells_200", "formula")),
    ],
)
def test_each_filter_narrows_the_listing(client, world, params, expected):
    assert listed(client, **params) == ids(world, *expected)


def test_the_source_filter_takes_a_source_id(client, world):
    source_b = world["sources"][1]
    assert listed(client, source=source_b.pk) == ids(world, "cells_200", "beneficiaries")


@pytest.mark.parametrize(
    "query",
    [
        "إرهابية",  # as printed
        "ارهابيه",  # without hamza, ha for ta marbuta
        "إرْهَابِيَّة",  # with diacritics
        "إرهـــابية",  # with tatweel
        "٢١٤",  # Arabic-Indic digits
        '"214 خلية"',  # a phrase
        "DGSN",  # the name of the institution it is attributed to
        "الأمن الوطني",
    ],
)
def test_arabic_search_matches_every_spelling(client, world, query):
    assert world["cells_214"].pk in listed(client, q=query)


def test_search_for_a_programme_name_finds_its_figures(client, world):
    assert listed(client, q="مصالحه") == ids(world, "beneficiaries")


@pytest.mark.parametrize("query", ["إرهابية", "DGSN", '"214 خلية"', "مصالحه", "zzz"])
def test_a_common_and_a_rare_term_are_searched_alike(client, world, monkeypatch, query):
    from django.core.cache import caches

    from apps.figures import filters

    # A rare term fetches its quotes first; a common one checks each figure's quote
    # in listing order. Both must find the same figures.
    rare = listed(client, q=query)
    monkeypatch.setattr(filters, "COMMON_TERM_QUOTES", -1)
    caches["pages"].clear()  # the same address: build the page again
    assert listed(client, q=query) == rare


def test_search_never_reveals_drafts(client, world):
    assert listed(client, q="مشروع") == set()


def test_facets_count_figures_under_the_current_filters(client, world):
    response = client.get(LIST, {"publisher": "Outlet A"})
    facets = {facet.parameter: facet.rows for facet in response.context["facets"]}
    assert ("cells-dismantled", "Cells dismantled", 2) in facets["metric"]
    assert ("persons-prosecuted", "Persons prosecuted", 1) in facets["metric"]
    assert response.context["total"] == 3
    assert "3 published figures match." in response.text


def test_institution_counts_sit_beside_the_listing_and_agree_with_its_filter(client, world):
    from apps.registry.models import Institution

    interior = Institution.objects.get(slug="interior")
    # Subject and source of one figure at once: counted once for it.
    world["prosecuted"].attributed_to_institution = world["dgsn"]
    world["prosecuted"].save()
    response = client.get(LIST)
    facets = {facet.parameter: facet.rows for facet in response.context["facets"]}
    assert facets["institution"] == [
        ("dgsn", str(world["dgsn"]), 2),
        ("interior", str(interior), 1),
    ]
    for slug, _label, count in facets["institution"]:
        assert len(listed(client, institution=slug)) == count
    assert "<h3>Institution</h3>" in response.text


def test_malformed_filters_get_a_400_that_names_them(client, world):
    response = client.get(LIST, {"value_min": "lots", "period_from": "yesterday"})
    assert response.status_code == 400
    assert "value_min" in response.text and "period_from" in response.text


INVALID = "Some filters are not valid."


@pytest.mark.parametrize(
    ("params", "message", "named"),
    [
        ({"metric": "no-such-metric"}, INVALID, "metric"),
        ({"value_min": "1e400"}, INVALID, "value_min"),
        ({"value_min": "-5"}, INVALID, "value_min"),
        ({"q": "x" * 500}, INVALID, "q"),
        ({"sort": "password"}, "Unknown sort order or page size.", "sort"),
        ({"per_page": "100000"}, "Unknown sort order or page size.", "per_page"),
        ({"after": "not-a-cursor"}, "This page link is not valid any more; start again.", None),
        ({"format": "pdf"}, "Unknown export format: use csv, xlsx or json.", None),
        ({"updated_since": "last week"}, INVALID, "updated_since"),
    ],
)
def test_garbage_parameters_are_refused_not_crashed_on(client, world, params, message, named):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert f"<p>{message}</p>" in response.text
    assert list(response.context["errors"]) == ([named] if named else [])
    if named:
        assert f"<li><code>{named}</code>: " in response.text


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"updated_since": "0001-01-01T00:00:00+01:00"}, "updated_since"),
        ({"updated_since": "9999-12-31T23:59:59-01:00"}, "updated_since"),
        ({"per_page": "\u00b2"}, "per_page"),  # a superscript two
        ({"per_page": "\u2461"}, "per_page"),  # a circled two
        ({"per_page": "2\u2075"}, "per_page"),
        ({"per_page": "1_00"}, "per_page"),
        ({"per_page": "+50"}, "per_page"),
        ({"per_page": "60"}, "per_page"),
    ],
)
def test_the_listing_and_the_api_refuse_the_same_input_naming_it(client, world, params, named):
    site = client.get(LIST, params)
    api = client.get("/api/v1/figures/", params)
    assert site.status_code == 400
    assert f"<code>{named}</code>" in site.text
    assert api.status_code == 400 or named == "per_page"  # the API takes any size up to 200
    if api.status_code == 400:
        assert named in api.json()["errors"]


@pytest.mark.parametrize(
    ("per_page", "rows"),
    [("25", 25), ("\u0662\u0665", 25), ("\u06f1\u06f0\u06f0", 100), ("\uff15\uff10", 50)],
)
def test_a_page_size_in_any_script_of_digits_is_read(client, world, per_page, rows):
    from apps.figures.models import ReportedFigure

    first = world["cells_214"]
    copies = []
    for _ in range(120):
        first.pk = None
        copies.append(copy.copy(first))
    ReportedFigure.objects.bulk_create(copies)
    assert ReportedFigure.objects.published().count() > 100
    response = client.get(LIST, {"per_page": per_page})
    assert response.status_code == 200
    assert len(response.context["figures"]) == rows


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"period_from": "2011"},
            {"cells_214", "cells_200", "prosecuted", "beneficiaries", "formula"},
        ),
        (
            {"period_from": "2010"},
            {"cells_214", "cells_200", "prosecuted", "beneficiaries", "formula"},
        ),
        (
            {"period_from": "2010-12"},
            {"cells_214", "cells_200", "prosecuted", "beneficiaries", "formula"},
        ),
        (
            {"period_to": "2009"},
            {"cells_214", "cells_200", "prosecuted", "beneficiaries", "formula"},
        ),
        (
            {"period_to": "2009-12"},
            {"cells_214", "cells_200", "prosecuted", "beneficiaries", "formula"},
        ),
        (
            {"period_to": "2010"},
            {"cells_214", "cells_200", "prosecuted", "beneficiaries", "formula"},
        ),
        (
            {"period_from": "2010-06", "period_to": "٢٠١٠-٠٦"},
            {"cells_214", "cells_200", "prosecuted", "beneficiaries", "formula"},
        ),
        (
            {"period_from": "2010-06-15", "period_to": "2010-06-15"},
            {"cells_214", "cells_200", "prosecuted", "beneficiaries", "formula"},
        ),
    ],
)
def test_period_filters_take_a_year_a_month_or_a_day_on_the_site_and_in_the_api(
    client, world, params, expected
):
    assert listed(client, **params) == ids(world, *expected)
    rows = client.get("/api/v1/figures/", params).json()["results"]
    assert {row["id"] for row in rows} == ids(world, *expected)


@pytest.mark.parametrize("value", ["2003-13", "2003-02-30", "20003", "2003-5-", "03", "²⁰⁰³"])
def test_a_period_that_is_no_year_month_or_day_is_refused_by_name(client, world, value):
    site = client.get(LIST, {"period_from": value})
    assert site.status_code == 400 and "<code>period_from</code>" in site.text
    assert "period_from" in client.get("/api/v1/figures/", {"period_from": value}).json()["errors"]


def test_the_period_fields_say_what_they_take(client, world):
    page = client.get(LIST).text
    hint = "A year, a month or a day: 2003, 2003-05 or 2003-05-16."
    assert f'<p class="help" id="id_period_from_helptext">{hint}</p>' in page
    assert 'aria-describedby="id_period_from_helptext"' in page


def test_pages_follow_each_other_without_gaps_or_repeats(client, world):
    response = client.get(LIST, {"per_page": 25, "sort": "value"})
    assert [row.figure.value for row in response.context["figures"]] == sorted(
        row.figure.value for row in response.context["figures"]
    )

    # Page through two at a time by cursor, in every order (periods are partly unknown).
    from apps.core.pagination import keyset_page
    from apps.figures.selectors import ORDERINGS, published_figures

    for ordering in ORDERINGS.values():
        seen, cursor = [], None
        while True:
            page = keyset_page(published_figures(), ordering, after=cursor, size=2)
            seen.extend(figure.pk for figure in page.rows)
            if not page.next_cursor:
                break
            cursor = page.next_cursor
        whole = [figure.pk for figure in ordering.apply(published_figures())]
        assert seen == whole and sorted(seen) == sorted(ids(world, *PUBLISHED))


def test_next_and_previous_links_lead_back_to_the_same_page(client, world):
    first = client.get(LIST, {"per_page": 25, "sort": "value"})
    assert "after=" not in first.text  # five rows fit on one page
    from apps.core.pagination import keyset_page
    from apps.figures.selectors import ORDERINGS, published_figures

    page_one = keyset_page(published_figures(), ORDERINGS["-id"], size=2)
    page_two = keyset_page(
        published_figures(), ORDERINGS["-id"], after=page_one.next_cursor, size=2
    )
    back = keyset_page(
        published_figures(), ORDERINGS["-id"], before=page_two.previous_cursor, size=2
    )
    assert [f.pk for f in back.rows] == [f.pk for f in page_one.rows]


def test_the_number_of_queries_does_not_grow_with_the_page(client, world):
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.figures import selectors

    def queries(params, *, counted_before: bool) -> int:
        # Built afresh (no page kept in memory), with or without the counts kept.
        caches["pages"].clear()
        selectors._registry = None
        if not counted_before:
            caches["facets"].clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST, params)
        assert response.status_code == 200
        return len(captured)

    for counted_before in (False, True):
        counts = [
            queries({"per_page": 25, "metric": "cells-dismantled"}, counted_before=counted_before),
            queries({"per_page": 200, "metric": "cells-dismantled"}, counted_before=counted_before),
        ]
        assert counts[0] == counts[1] <= 27
    # The facet counts of a filter set are kept: asking again costs no count.
    first = queries({"per_page": 25}, counted_before=False)
    again = queries({"per_page": 25}, counted_before=True)
    assert again < first


def test_facet_counts_follow_a_publication(client, world, reviewer):
    from django.contrib.auth.models import Group

    from apps.figures.services import figure_publish

    Group.objects.get(name="Reviewer").user_set.add(reviewer)
    assert "5 published figures match." in client.get(LIST).text
    assert "5 published figures match." in client.get(LIST).text  # kept in memory
    figure_publish(figure=world["in_review"], reviewer=reviewer)
    assert "6 published figures match." in client.get(LIST).text


def test_facet_counts_follow_a_withdrawal(client, world):
    from apps.figures.models import ReportedFigure

    before = client.get(LIST, {"metric": "cells-dismantled"}).context["total"]
    ReportedFigure.objects.get(pk=world["cells_200"].pk).delete()
    assert client.get(LIST, {"metric": "cells-dismantled"}).context["total"] == before - 1


def test_the_filters_stay_in_the_links(client, world):
    response = client.get(LIST, {"metric": "cells-dismantled", "sort": "value"})
    assert "metric=cells-dismantled&amp;sort=value&amp;format=csv" in response.text


def test_a_figure_page_shows_its_quote_in_its_paragraph_with_the_value_marked(client, world):
    figure = world["cells_214"]
    response = client.get(reverse("public:figure_detail", args=[figure.pk]))
    html = response.text
    assert (
        '<mark class="quote">اعتقال <strong class="value">214</strong> خلية إرهابية</mark>' in html
    )
    assert "تمكّنت السلطات المغربية من" in html  # the rest of the paragraph
    assert "Article A" in html and "Outlet A" in html
    assert "DGSN" in html


def test_a_figure_page_shows_the_other_values_and_the_disagreement(client, world):
    response = client.get(reverse("public:figure_detail", args=[world["cells_214"].pk]))
    others = {row.pk for row in response.context["others"]}
    assert others == ids(world, "cells_200", "formula")
    assert "Sources disagree" in response.text


def test_a_figure_page_offers_a_citation(client, world):
    figure = world["cells_214"]
    response = client.get(reverse("public:figure_detail", args=[figure.pk]))
    citation = response.context["citation"]
    assert citation.startswith("«اعتقال 214 خلية إرهابية». Article A. Outlet A. date unknown.")
    assert f"figure {figure.pk}, http://testserver/figures/{figure.pk}/" in citation


@pytest.mark.parametrize("name", ["draft", "in_review"])
def test_unpublished_figures_are_not_found_by_id(client, world, name):
    response = client.get(reverse("public:figure_detail", args=[world[name].pk]))
    assert response.status_code == 404
    assert "There is no published record at this address." in response.text
    assert world[name].quote.text not in response.text


def test_entity_pages_list_only_published_figures(client, world):
    source_a = world["sources"][0]
    response = client.get(reverse("public:source_detail", args=[source_a.pk]))
    assert {row.pk for row in response.context["figures"]} == ids(
        world, "cells_214", "prosecuted", "formula"
    )
    programme = client.get(reverse("public:programme_detail", args=["moussalaha"]))
    assert {row.pk for row in programme.context["figures"]} == ids(world, "beneficiaries")
    institution = client.get(reverse("public:institution_detail", args=["dgsn"]))
    assert {row.pk for row in institution.context["figures"]} == ids(
        world, "cells_214", "prosecuted"
    )


def test_directories_count_published_figures_only(client, world):
    response = client.get(reverse("public:metric_list"))
    counts = {entry.slug: entry.published_count for entry in response.context["entries"]}
    assert counts["cells-dismantled"] == 3


def test_the_metric_page_charts_dated_values_and_tables_them_all(client, world):
    response = client.get(reverse("public:metric_detail", args=["cells-dismantled"]))
    chart = response.context["chart"]
    points = [p for series in chart["series"] for p in series["points"]]
    assert [(p["id"], p["x"], p["symbol"]) for p in points] == [
        (world["formula"].pk, "2010-12-31", "circle")
    ]
    assert {figure["id"] for figure in chart["undated"]} == ids(world, "cells_214", "cells_200")
    assert "<script" not in response.text  # drawn on the server: no charting library
    assert len(response.context["figures"]) == 3


def add_dated(world, value: int, year: int, **extra):
    from apps.figures.models import ReportedFigure

    figure = copy.copy(world["formula"])
    figure.pk = None
    figure.value, figure.period_start, figure.period_end = (
        value,
        dt.date(year, 1, 1),
        dt.date(year, 1, 1),
    )
    figure.period_start_precision = figure.period_end_precision = "year"
    figure.as_of, figure.as_of_precision = None, "unknown"
    for name, field_value in extra.items():
        setattr(figure, name, field_value)
    ReportedFigure.objects.bulk_create([figure])
    return figure


@pytest.mark.parametrize(("language", "earliest_on_the"), [("en", "left"), ("ar", "right")])
def test_the_metric_chart_is_an_svg_drawn_on_the_server_with_a_link_per_value(
    client, world, language, earliest_on_the
):
    early = add_dated(world, 40, 2004)
    late = add_dated(world, 90, 2019, qualifier="more_than")
    client.cookies["django_language"] = language
    page = client.get(reverse("public:metric_detail", args=["cells-dismantled"])).text
    svg = page[page.index("<svg") : page.index("</svg>")]
    marks = re.findall(
        r'<a href="/figures/(\d+)/" tabindex="-1"><title>[^<]*</title>(<circle[^>]*|<path[^>]*)',
        svg,
    )
    assert {int(pk) for pk, _shape in marks} == {world["formula"].pk, early.pk, late.pk}
    x_of = {}
    for pk, shape in marks:
        numbers = [float(n) for n in re.findall(r"(?:cx=\"|M)([0-9.]+)", shape)]
        x_of[int(pk)] = numbers[0]
    assert (x_of[early.pk] < x_of[late.pk]) == (earliest_on_the == "left")
    assert "<path" in dict(marks)[str(late.pk)]  # "more than" is a triangle, not a dot
    assert "plotly" not in page.lower()


def test_the_interface_switches_to_arabic_right_to_left(client, world):
    client.cookies["django_language"] = "ar"
    response = client.get(LIST)
    assert re.search(r'<html lang="ar" dir="rtl">', response.text)


def test_a_forged_cursor_with_a_huge_number_is_refused(client, world):
    import base64
    import json as json_module

    cursor = base64.urlsafe_b64encode(json_module.dumps(["1e999999", 1]).encode()).decode()
    response = client.get(LIST, {"sort": "value", "after": cursor.rstrip("=")})
    assert response.status_code == 400
    assert "This page link is not valid any more; start again." in response.text


@pytest.mark.parametrize(
    ("moment", "names"),
    [
        ("2020-01-01T00:00:00+17:02", PUBLISHED),  # an offset PostgreSQL would refuse
        ("9999-12-31T00:00:00-16:00", ()),
    ],
)
def test_a_change_feed_from_any_time_zone_is_answered(client, world, moment, names):
    assert listed(client, updated_since=moment) == ids(world, *names)


def test_a_conflict_with_an_unpublished_figure_is_never_shown_to_readers(client, world, editor):

    # A draft of 9 people prosecuted over the same period conflicts with the published
    # 4,304 only in the staff's view; readers must not learn that it exists.
    prosecuted = world["prosecuted"]
    period = {"period_start": dt.date(2002, 1, 1), "period_start_precision": "year"}
    period |= {"period_end": dt.date(2021, 1, 1), "period_end_precision": "year"}
    ReportedFigure.objects.filter(pk=prosecuted.pk).update(**period)
    figures_changed([prosecuted.pk])
    stored_figure(
        quote=prosecuted.quote,
        metric=prosecuted.metric,
        value=9,
        created_by=editor,
        institution=prosecuted.institution,
        value_check_override="x",
        **period,
    )
    prosecuted.refresh_from_db()
    assert prosecuted.disagreement_id is not None and not prosecuted.publicly_disputed
    assert world["prosecuted"].pk not in listed(client, disputed="true")
    page = client.get(reverse("public:figure_detail", args=[prosecuted.pk]))
    assert "Sources disagree: these values" not in page.text
    assert '<span class="badge"' not in page.text


@pytest.mark.parametrize("path", ["/figures/", "/figures/?q=خلية&period_from=2002", "/metrics/"])
def test_every_described_by_and_skip_link_points_at_something_on_the_page(client, world, path):
    page = client.get(path).text
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    described = {
        ref for refs in re.findall(r'aria-describedby="([^"]+)"', page) for ref in refs.split()
    }
    assert described <= ids
    (target,) = re.findall(r'<a class="skip-link" href="#([^"]+)"', page)
    assert target in ids


def test_the_skip_link_of_the_listing_leads_past_the_filters_to_the_results(client, world):
    page = client.get("/figures/").text
    assert '<a class="skip-link" href="#results">Skip to the results</a>' in page
    assert '<section class="results" id="results"' in page


def test_the_metric_chart_has_a_legend_of_sources_and_lists_what_it_cannot_draw(client, world):
    from apps.figures.models import ReportedFigure

    add_dated(world, 90, 2019)
    b_figure = copy.copy(world["cells_200"])
    b_figure.pk, b_figure.period_end = None, dt.date(2015, 1, 1)
    b_figure.period_end_precision = "year"
    ReportedFigure.objects.bulk_create([b_figure])
    page = client.get(reverse("public:metric_detail", args=["cells-dismantled"])).text

    legend = page[
        page.index('<ul class="chart-legend"') : page.index(
            "</ul>", page.index('<ul class="chart-legend"')
        )
    ]
    assert re.findall(r'<li><svg[^>]*><circle class="(s\d)"', legend) == ["s0", "s1"]
    assert "Article A" in legend and "Article B" in legend

    undated = page[page.index('<aside class="undated"') : page.index("</aside>")]
    assert "2 figures are not on the chart: they have no date." in undated
    for name in ("cells_214", "cells_200"):
        assert f'href="/figures/{world[name].pk}/"' in undated
