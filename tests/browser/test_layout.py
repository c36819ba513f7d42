"""Pages fit their window: the admin a 1400-pixel screen, the public site a phone.

Measured in the browser: a page fits when nothing makes it scroll sideways (its
scroll width is not wider than the window); a wide table scrolls inside itself.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.figures.models import Disagreement, Metric, ReportedFigure
from apps.registry.models import Institution, Programme
from apps.seed.services import load_seed
from apps.sources.models import Source

from .conftest import PASSWORD

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

PHONE = {"width": 390, "height": 844}
EXAMPLE_IMPORT = "fixtures/examples/figures-article-003.xlsx"


@pytest.fixture
def seeded(transactional_db):
    load_seed()
    return get_user_model().objects.create_superuser("boss", password=PASSWORD, first_name="Boss")


def in_language(page, code: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": code, "url": page.url}])


def overflow(page) -> int:
    """How many pixels the page is wider than its window (0 when it fits)."""
    return page.evaluate(
        "Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)"
    )


def too_wide(page, paths) -> dict[str, int]:
    found = {}
    for path in paths:
        assert page.goto(path).status == 200, path
        if overflow(page):
            found[path] = overflow(page)
    return found


def log_in(page, user) -> None:
    page.goto(f"{reverse('admin:login')}?next={reverse('admin:index')}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form#login-form [type=submit]")
    page.wait_for_selector("#user-tools")


def admin_paths() -> list[str]:
    figure = ReportedFigure.objects.order_by("pk").first()
    source = figure.quote.source_id
    return [
        reverse("admin:figures_reportedfigure_changelist"),
        reverse("admin:figures_reportedfigure_change", args=[figure.pk]),
        reverse("admin:sources_source_changelist"),
        reverse("admin:sources_source_change", args=[source]),
        reverse("admin:sources_source_suggest", args=[source]),
        reverse("admin:sources_quote_changelist"),
        reverse("admin:registry_institution_changelist"),
        reverse("admin:figures_disagreement_changelist"),
    ]


def boxes_overlap(page, first: str, second: str) -> bool:
    return page.evaluate(
        """([first, second]) => {
            const a = document.querySelector(first).getBoundingClientRect();
            const b = document.querySelector(second).getBoundingClientRect();
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        }""",
        [first, second],
    )


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_admin_pages_fit_a_1400_pixel_window(page, seeded, language):
    log_in(page, seeded)
    in_language(page, language)
    assert too_wide(page, admin_paths()) == {}
    page.goto(reverse("admin:figures_reportedfigure_changelist"))
    assert not boxes_overlap(page, "#content h1", "#content .object-tools")
    hidden = page.evaluate(
        "(() => { const r = document.querySelector('#changelist .results');"
        " return r.scrollWidth - r.clientWidth; })()"
    )
    assert hidden <= 0  # every column of the figure list in view, none scrolled away


def test_the_import_preview_fits_a_1400_pixel_window(page, seeded):
    log_in(page, seeded)
    page.goto(reverse("admin:figures_reportedfigure_import"))
    page.set_input_files("input[name=import_file]", EXAMPLE_IMPORT)
    page.select_option("select[name=format]", label="xlsx")
    page.click("#content form [type=submit]")
    page.wait_for_selector("table.import-preview")
    assert overflow(page) == 0


def public_paths() -> list[str]:
    figure = ReportedFigure.objects.published().order_by("pk").first()
    metric = Metric.objects.filter(figures__status="published").first()
    institution = Institution.objects.filter(attributed_figures__isnull=False).first()
    programme = Programme.objects.first()
    source = Source.objects.filter(quotes__figures__status="published").first()
    disagreement = Disagreement.objects.filter(public=True).first()
    return [
        "/figures/",
        f"/figures/{figure.pk}/",
        "/disagreements/",
        f"/disagreements/{disagreement.pk}/",
        "/metrics/",
        f"/metrics/{metric.slug}/",
        "/sources/",
        f"/sources/{source.pk}/",
        "/institutions/",
        f"/institutions/{institution.slug}/",
        "/programmes/",
        f"/programmes/{programme.slug}/",
        "/laws/",
        "/incidents/",
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_public_pages_fit_a_phone(page, seeded, language):
    page.set_viewport_size(PHONE)
    page.goto("/figures/")
    in_language(page, language)
    assert too_wide(page, public_paths()) == {}


def test_on_a_phone_the_results_come_before_the_folded_filters(page, seeded):
    page.set_viewport_size(PHONE)
    page.goto("/figures/")
    results = page.evaluate(
        "document.querySelector('section.results h1').getBoundingClientRect().top"
    )
    assert results < PHONE["height"]
    assert not page.locator("aside.filters select[name=metric]").is_visible()
    page.locator("aside.filters summary").click()
    assert page.locator("aside.filters select[name=metric]").is_visible()


def test_the_listing_fits_a_1280_pixel_window(page, seeded):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/figures/")
    assert overflow(page) == 0
    assert page.locator("aside.filters select[name=metric]").is_visible()


def test_a_metric_page_weighs_under_300_kilobytes_with_everything_it_loads(page, seeded):
    sizes = []
    page.on("requestfinished", lambda request: sizes.append(request.sizes()))
    page.goto("/metrics/cells-dismantled/")
    page.wait_for_load_state("networkidle")  # every request finished and counted
    transferred = sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes)
    assert 0 < transferred < 300_000
    assert page.locator("svg.chart-drawing .marks a").count() > 0
