"""Accessibility, checked by axe-core (WCAG 2.1 A and AA rules) inside the browser.

axe-core comes with the axe-playwright-python package (a dev dependency): it is
injected into each page from the installed files, never fetched while the tests
run. No page may have a violation axe rates serious or critical.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.figures.models import Metric, ReportedFigure
from apps.registry.models import Institution
from apps.seed.services import load_seed
from apps.sources.models import Source

from .conftest import PASSWORD

axe_playwright = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
)

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
GRAVE = {"serious", "critical"}


@pytest.fixture
def seeded(transactional_db):
    load_seed()
    return get_user_model().objects.create_superuser("boss", password=PASSWORD)


def grave_violations(page, path: str) -> list[str]:
    """Each serious or critical violation on ``path``: its rule and the elements it names."""
    assert page.goto(path).status == 200, path
    page.wait_for_load_state("load")
    results = axe_playwright.Axe().run(page, options=WCAG_21_AA).response
    return [
        f"{path} {violation['id']} ({violation['impact']}): "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in GRAVE
    ]


def in_language(page, code: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": code, "url": page.url}])


def public_paths() -> list[str]:
    figure = ReportedFigure.objects.published().filter(disagreement__isnull=False).first()
    metric = Metric.objects.filter(figures__status="published").order_by("pk").first()
    source = Source.objects.filter(quotes__figures__status="published").first()
    institution = Institution.objects.filter(attributed_figures__isnull=False).first()
    return [
        "/figures/",
        "/figures/?metric=cells-dismantled&period_from=2000",
        f"/figures/{figure.pk}/",
        f"/metrics/{metric.slug}/",
        "/metrics/",
        f"/sources/{source.pk}/",
        f"/institutions/{institution.slug}/",
        "/laws/",
        "/api/v1/docs/",
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_public_pages_have_no_serious_accessibility_violation(page, seeded, language):
    page.goto("/figures/")
    in_language(page, language)
    found = [line for path in public_paths() for line in grave_violations(page, path)]
    assert found == [], "\n".join(found)


def admin_paths() -> list[str]:
    figure = ReportedFigure.objects.order_by("pk").first()
    return [
        reverse("admin:index"),
        reverse("admin:figures_reportedfigure_changelist"),
        reverse("admin:figures_reportedfigure_change", args=[figure.pk]),
        reverse("admin:figures_reportedfigure_add"),
        reverse("admin:sources_source_change", args=[figure.quote.source_id]),
        reverse("admin:sources_quote_changelist"),
        reverse("admin:registry_institution_changelist"),
    ]


def test_the_main_admin_pages_have_no_serious_accessibility_violation(page, seeded):
    assert grave_violations(page, reverse("admin:login")) == []
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("form#login-form [type=submit]")
    page.wait_for_selector("#user-tools")
    found = [line for path in admin_paths() for line in grave_violations(page, path)]
    assert found == [], "\n".join(found)
