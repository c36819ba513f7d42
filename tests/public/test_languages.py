"""Arabic, English and French: chosen by the reader, remembered, and searchable."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

LIST = reverse("public:figure_list")


def choose(client, language):
    """Pick a language as a reader does: a link in the header."""
    response = client.get(reverse("choose_language", args=[language]), {"next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST


@pytest.mark.parametrize(
    ("language", "title", "direction"),
    [
        ("en", "Reported figures", "ltr"),
        ("ar", "الأرقام المُعلَنة", "rtl"),
        ("fr", "Chiffres rapportés", "ltr"),
    ],
)
def test_the_listing_speaks_the_chosen_language_and_remembers_it(
    client, world, language, title, direction
):
    choose(client, language)
    page = client.get(LIST)
    assert f'<html lang="{language}" dir="{direction}">' in page.text
    assert f"<h1>{title}</h1>" in page.text
    assert client.get(LIST).text.count(f'lang="{language}" dir="{direction}"') == 1  # still chosen


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "In the source's words"),
        ("ar", "بكلمات المصدر الحرفية"),
        ("fr", "Dans les termes de la source"),
    ],
)
def test_a_figure_page_is_translated(client, world, language, heading):
    choose(client, language)
    page = client.get(reverse("public:figure_detail", args=[world["cells_214"].pk]))
    assert heading in page.text


def test_entity_names_follow_the_language(client, world):
    choose(client, "ar")
    page = client.get(reverse("public:figure_detail", args=[world["cells_214"].pk]))
    assert "الخلايا المفككة" in page.text  # the metric's Arabic name


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "4,304"), ("fr", "4\u202f304"), ("ar", "4304")]
)
def test_numbers_are_formatted_for_the_language(client, world, language, expected):
    choose(client, language)
    page = client.get(reverse("public:figure_detail", args=[world["prosecuted"].pk]))
    assert page.context["row"].value.replace("\xa0", "\u202f") in {
        expected,
        expected.replace(",", ""),
    }


@pytest.mark.parametrize("query", ["surete", "Sûreté nationale", "SURETE NATIONALE"])
def test_a_french_name_finds_its_figures_with_or_without_accents(client, world, query):
    dgsn = world["dgsn"]
    dgsn.name_fr = "Direction générale de la sûreté nationale"
    dgsn.save()
    response = client.get(LIST, {"q": query})
    assert {row.pk for row in response.context["figures"]} == {
        world["cells_214"].pk,
        world["prosecuted"].pk,
    }


def test_exports_carry_names_in_three_languages(client, world):
    import csv
    import io

    world["dgsn"].name_fr = "Direction générale de la sûreté nationale"
    world["dgsn"].save()
    body = b"".join(client.get(LIST, {"format": "csv", "institution": "dgsn"}).streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    prosecuted = next(r for r in rows if r["metric"] == "persons-prosecuted")
    assert prosecuted["institution"] == "dgsn"
    assert prosecuted["institution_name_en"] == "General Directorate of National Security"
    assert prosecuted["institution_name_ar"] == "المديرية العامة للأمن الوطني"
    assert prosecuted["institution_name_fr"] == "Direction générale de la sûreté nationale"
    cells = next(r for r in rows if r["metric"] == "cells-dismantled")
    assert (cells["metric_name_en"], cells["metric_name_ar"]) == (
        "Cells dismantled",
        "الخلايا المفككة",
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Staff back-office"),
        ("ar", "الفضاء الإداري للموظفين"),
        ("fr", "Espace de gestion interne"),
    ],
)
def test_the_admin_is_translated(client, db, language, text):
    admin = get_user_model().objects.create_superuser("boss", password="pw-for-tests-1")
    client.force_login(admin)
    client.cookies["django_language"] = language
    page = client.get(reverse("admin:index"))
    assert text in page.text
    if language == "ar":
        assert 'dir="rtl"' in page.text
