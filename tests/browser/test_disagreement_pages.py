"""A reader opens the seed's disagreement in English, Arabic and French, from the
page of one of its figures, and reads why its values cannot all be right."""

import pytest

from apps.figures.models import Disagreement
from apps.seed.services import load_seed

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

# What each language says of the cells dismantled since 2002.
SAID = {
    "en": ("Disagreement #", "cannot both be right", "The figures, side by side"),
    "ar": ("التعارض رقم", "لا يمكن أن يصح", "الأرقام جنبًا إلى جنب"),
    "fr": ("Désaccord n°", "ne peuvent pas être justes tous les deux", "Les chiffres côte à côte"),
}


@pytest.fixture
def seeded(transactional_db):
    load_seed()


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_a_reader_follows_a_figure_to_its_disagreement(page, seeded, language):
    disagreement = Disagreement.objects.get(public=True)
    member = disagreement.public_figures.order_by("value").first()
    page.goto("/")
    root = page.url.split("/figures/")[0] + "/"  # the site's cookie, for every path
    page.context.add_cookies([{"name": "django_language", "value": language, "url": root}])
    page.goto(f"/figures/{member.pk}/")
    page.click(f"a[href='/disagreements/{disagreement.pk}/']")
    page.wait_for_url(f"**/disagreements/{disagreement.pk}/")
    title, reason, side_by_side = SAID[language]
    assert title in page.inner_text("h1")
    assert reason in page.inner_text("p.warning")
    assert side_by_side in page.inner_text("article")
    cards = page.locator(".side-by-side .member")
    assert cards.count() == disagreement.public_figures.count() == 4
    assert page.locator("figure.timeline svg rect").count() >= 3  # the dated ones
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
