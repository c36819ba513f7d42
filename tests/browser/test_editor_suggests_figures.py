"""In a real browser: an Editor pastes a French article into a new Source, leaving its
language to be guessed, opens Suggest figures and turns the figures into drafts without
typing a number."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.figures.models import Metric, ReportedFigure
from apps.sources.models import Source

from .test_editor_reviewer_reader import expect_message, log_in

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

TITLE = "Le BCIJ dresse son bilan"
ARTICLE = (
    "Rabat, le 15 mars 2023 – Le Bureau central d'investigations judiciaires (BCIJ) a "
    "démantelé plus de 60 cellules terroristes depuis 2002, selon un bilan présenté mardi.\n"
    "Quelque 2 300 suspects ont été interpellés, dont sept femmes âgées de 19 à 40 ans, "
    "en vertu de la loi 03-03 et de l'article 218-2 du code pénal.\n"
    "L'attentat de Casablanca avait fait 45 morts et une centaine de blessés."
)


@pytest.fixture
def metrics(transactional_db):
    names = {
        "cells-dismantled": "Terrorist cells dismantled",
        "persons-arrested": "Persons arrested",
        "deaths": "Deaths",
        "injuries": "Injuries",
    }
    for slug, name in names.items():
        Metric.objects.update_or_create(slug=slug, defaults={"name_en": name, "unit_kind": "count"})


def test_an_editor_turns_a_french_article_into_draft_figures(page, editor_account, metrics):
    log_in(page, editor_account)

    page.goto(reverse("admin:sources_source_add"))
    expect(page.locator("#id_language")).to_have_value("")
    page.fill("#id_title", TITLE)
    page.fill("#id_text", ARTICLE)
    page.click("input[name=_continue]")
    expect_message(page, TITLE)
    source = Source.objects.get()
    assert source.language == "fr"

    page.click("text=Suggest figures")
    expect(page.locator("#content h1")).to_have_text("Suggest figures")
    rows = page.locator("table.suggestions tbody tr")
    expect(rows).to_have_count(5)
    quotes = page.locator("table.suggestions td.quote")
    expect(quotes.first).to_have_attribute("dir", "ltr")
    expect(quotes.nth(0)).to_contain_text("plus de 60 cellules terroristes")
    expect(quotes.nth(1)).to_contain_text("Quelque 2 300 suspects ont été interpellés")
    expect(quotes.nth(2)).to_contain_text("dont sept femmes")
    expect(quotes.nth(3)).to_contain_text("45 morts")
    expect(quotes.nth(4)).to_contain_text("une centaine de blessés")
    # The approximation waits for the editor; sept femmes has no metric and stays unticked too.
    expect(rows.nth(4)).to_contain_text("Check before keeping:")
    expect(rows.nth(4).locator("input[name$=-keep]")).not_to_be_checked()

    page.click("text=Create the ticked figures as drafts")
    expect_message(page, "3 draft figure(s) created from the text.")

    figures = ReportedFigure.objects.order_by("value")
    assert [(f.value, f.qualifier, f.metric.slug) for f in figures] == [
        (Decimal("45"), "exact", "deaths"),
        (Decimal("60"), "more_than", "cells-dismantled"),
        (Decimal("2300"), "approximately", "persons-arrested"),
    ]
    for figure in figures:
        assert (figure.status, figure.created_by) == ("draft", editor_account)
        assert figure.value_in_quote
        # The browser sends the text's line breaks as \r\n: the stored text is the reference.
        assert source.text[figure.quote.start : figure.quote.end] == figure.quote.text
