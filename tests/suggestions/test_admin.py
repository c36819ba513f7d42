"""From a pasted article to draft figures without typing a number."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.figures.models import Metric, ReportedFigure
from apps.sources.models import Source

ARTICLE = (
    "نجحت الأجهزة الأمنية المغربية في تفكيك أكثر من 200 خلية إرهابية منذ عام 2002.\n"
    "وأسفر هجوم مدريد عن حوالي 191 قتيلا.\n"
    "وقد اعتمد المغرب القانون 03.03 في ماي 2003."
)


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_user("ed", password="pw-for-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def article(db):
    for slug, unit in [("cells-dismantled", "count"), ("deaths", "count")]:
        Metric.objects.create(slug=slug, name_en=slug, unit_kind=unit)
    return Source.objects.create(title="Article", text=ARTICLE)


def suggest_url(source) -> str:
    return reverse("admin:sources_source_suggest", args=[source.pk])


def post_data(page, **changes) -> dict:
    """The formset as the page shows it, with some fields changed."""
    formset = page.context["formset"]
    data = {key: value for key, value in formset.management_form.initial.items()}
    data = {f"form-{key}": value for key, value in data.items()}
    for index, form in enumerate(formset.forms):
        for name in form.fields:
            value = form.initial.get(name)
            if name == "keep":
                if value:
                    data[f"form-{index}-keep"] = "on"
                continue
            data[f"form-{index}-{name}"] = "" if value is None else str(value)
    data.update(changes)
    return data


def test_the_source_page_links_to_suggestions(editor_client, article):
    page = editor_client.get(reverse("admin:sources_source_change", args=[article.pk]))
    assert suggest_url(article) in page.text


def test_candidates_are_listed_with_their_quotes_and_reasons(editor_client, article):
    page = editor_client.get(suggest_url(article))
    rows = page.context["rows"]
    values = [row["form"].initial["value"] for row in rows]
    assert values == [Decimal("200"), Decimal("191")]  # not 2002, 03.03 or 2003
    first = rows[0]
    assert first["form"].initial["qualifier"] == "more_than"
    assert first["form"].initial["metric"] == "cells-dismantled"
    assert "200" in first["form"].quote and "خلية" in first["form"].quote
    assert any("أكثر من" in reason for reason in first["reasons"])


def test_ticked_candidates_become_draft_figures_with_their_quotes(editor_client, article):
    page = editor_client.get(suggest_url(article))
    response = editor_client.post(suggest_url(article), post_data(page))
    assert response.status_code == 302
    figures = ReportedFigure.objects.order_by("value")
    assert [(f.value, f.qualifier, f.metric.slug) for f in figures] == [
        (Decimal("191"), "approximately", "deaths"),
        (Decimal("200"), "more_than", "cells-dismantled"),
    ]
    for figure in figures:
        assert (figure.status, figure.origin, figure.created_by) == (
            "draft",
            "suggestion",
            editor_client.user,
        )
        assert figure.value_in_quote
        assert article.text[figure.quote.start : figure.quote.end] == figure.quote.text


def test_the_editor_corrects_before_creating(editor_client, article):
    page = editor_client.get(suggest_url(article))
    data = post_data(page, **{"form-1-qualifier": "exact"})
    data.pop("form-0-keep")
    editor_client.post(suggest_url(article), data)
    figure = ReportedFigure.objects.get()
    assert (figure.value, figure.qualifier) == (Decimal("191"), "exact")


def test_candidates_already_entered_are_marked_and_never_duplicated(editor_client, article):
    page = editor_client.get(suggest_url(article))
    editor_client.post(suggest_url(article), post_data(page))
    again = editor_client.get(suggest_url(article))
    assert all(row["entered"] is not None for row in again.context["rows"])
    assert "already entered" in again.text
    editor_client.post(suggest_url(article), post_data(page))  # the old page, posted twice
    assert ReportedFigure.objects.count() == 2


def test_a_row_the_model_refuses_creates_nothing_and_says_which(editor_client, article):
    page = editor_client.get(suggest_url(article))
    data = post_data(page, **{"form-0-unit": "percent"})
    response = editor_client.post(suggest_url(article), data)
    assert response.status_code == 200
    assert "Nothing was created. Row 1" in response.text
    assert not ReportedFigure.objects.exists()


def test_people_who_cannot_add_figures_cannot_use_it(client, article):
    viewer = get_user_model().objects.create_user(
        "viewer", password="pw-for-tests-1", is_staff=True
    )
    client.force_login(viewer)
    assert client.get(suggest_url(article)).status_code == 403


# --------------------------------------------------------------------------
# French and English sources
# --------------------------------------------------------------------------

FRENCH_ARTICLE = (
    "Le BCIJ a démantelé plus de 60 cellules terroristes depuis 2002.\n"
    "L'attentat a fait 45 morts et une centaine de blessés, le 16 mai 2003."
)
ENGLISH_ARTICLE = (
    "Between 1,200 and 1,500 attacks were recorded in 2022, killing at least 900 people.\n"
    "Under Law 03.03, three hundred suspects were arrested on 9 October 2020."
)


@pytest.fixture
def metrics(db):
    for slug in ("cells-dismantled", "deaths", "injuries", "attacks", "persons-arrested"):
        Metric.objects.get_or_create(slug=slug, defaults={"name_en": slug, "unit_kind": "count"})


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "fr",
            FRENCH_ARTICLE,
            [
                (Decimal("60"), None, "more_than", "cells-dismantled", True),
                (Decimal("45"), None, "exact", "deaths", True),
                (Decimal("100"), None, "approximately", "injuries", False),
            ],
        ),
        (
            "en",
            ENGLISH_ARTICLE,
            [
                (Decimal("1200"), Decimal("1500"), "range", "attacks", True),
                (Decimal("900"), None, "at_least", "deaths", True),
                (Decimal("300"), None, "exact", "persons-arrested", True),
            ],
        ),
    ],
)
def test_a_french_or_english_source_is_read_in_its_language_left_to_right(
    editor_client, metrics, language, text, expected
):
    source = Source.objects.create(title="Article", text=text, language=language)
    page = editor_client.get(suggest_url(source))
    rows = [row["form"].initial for row in page.context["rows"]]
    assert [
        (row["value"], row["value_max"], row["qualifier"], row["metric"], row["keep"])
        for row in rows
    ] == expected
    assert f'<td dir="ltr" lang="{language}" class="quote">' in page.text
    assert 'dir="rtl"' not in page.text.split('<table class="suggestions">')[1]


def test_an_approximation_is_left_unticked_with_the_reason_shown(editor_client, metrics):
    source = Source.objects.create(title="Article", text=FRENCH_ARTICLE, language="fr")
    page = editor_client.get(suggest_url(source))
    row = page.context["rows"][2]
    assert row["review"] == "approximate: une centaine"
    assert "Check before keeping:" in page.text


def test_an_arabic_source_is_still_shown_right_to_left(editor_client, article):
    page = editor_client.get(suggest_url(article))
    assert '<td dir="rtl" lang="ar" class="quote">' in page.text


def test_a_french_article_becomes_drafts_without_typing_a_number(editor_client, metrics):
    source = Source.objects.create(title="Article", text=FRENCH_ARTICLE, language="fr")
    page = editor_client.get(suggest_url(source))
    editor_client.post(suggest_url(source), post_data(page))
    figures = ReportedFigure.objects.order_by("value")
    assert [(f.value, f.qualifier, f.metric.slug, f.value_in_quote) for f in figures] == [
        (Decimal("45"), "exact", "deaths", True),
        (Decimal("60"), "more_than", "cells-dismantled", True),
    ]


# --------------------------------------------------------------------------
# A source's language: chosen, or guessed from its text
# --------------------------------------------------------------------------


def add_source(client, **fields):
    data = {
        "title": "Article",
        "text": "",
        "language": "",
        "kind": "news_article",
        "published_on_precision": "unknown",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        **fields,
    }
    return client.post(reverse("admin:sources_source_add"), data)


def test_a_new_source_starts_without_a_language(editor_client):
    page = editor_client.get(reverse("admin:sources_source_add"))
    assert page.context["adminform"].form.initial["language"] == ""
    assert "Guess from the text" in page.text


@pytest.mark.parametrize(
    ("text", "chosen", "stored"),
    [
        (FRENCH_ARTICLE, "", "fr"),
        (ENGLISH_ARTICLE, "", "en"),
        ("نجحت الأجهزة الأمنية في تفكيك أكثر من 200 خلية", "", "ar"),
        (FRENCH_ARTICLE, "en", "en"),
    ],
)
def test_a_source_left_without_a_language_gets_the_one_of_its_text(
    editor_client, text, chosen, stored
):
    response = add_source(editor_client, text=text, language=chosen)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Source.objects.get().language == stored
