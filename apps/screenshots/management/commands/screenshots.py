"""Screenshots of the admin and the public pages, as staff and readers see them.

Drives Debian's Chromium (never a downloaded browser) through Playwright
against a running server: ``make run`` in one terminal, then
``python manage.py screenshots --password ...`` in another.
"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from apps.bulkactions.models import BulkAction
from apps.figures.models import ReportedFigure

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def admin_pages() -> list[tuple[str, str]]:
    figure = ReportedFigure.objects.order_by("pk").first()
    pages = [
        ("admin-figure-list", reverse("admin:figures_reportedfigure_changelist")),
        ("admin-source-list", reverse("admin:sources_source_changelist")),
        ("admin-disagreements", reverse("admin:figures_disagreement_changelist")),
    ]
    if figure:
        pages.append(
            ("admin-figure-form", reverse("admin:figures_reportedfigure_change", args=[figure.pk]))
        )
        pages.append(
            (
                "admin-source-form",
                reverse("admin:sources_source_change", args=[figure.quote.source_id]),
            )
        )
        source_id = figure.quote.source_id
        pages.append(("admin-suggest", reverse("admin:sources_source_suggest", args=[source_id])))
        if figure.disagreement_id:
            pages.append(
                (
                    "admin-disagreement",
                    reverse("admin:figures_disagreement_change", args=[figure.disagreement_id]),
                )
            )
    action = BulkAction.objects.order_by("-pk").first()
    if action:
        pages.append(
            ("admin-bulk-action", reverse("admin:bulkactions_bulkaction_change", args=[action.pk]))
        )
    return pages


def public_pages() -> list[tuple[str, str]]:
    figure = ReportedFigure.objects.published().order_by("pk").first()
    pages = [("public-listing", reverse("public:figure_list"))]
    if figure:
        pages.append(("public-figure", reverse("public:figure_detail", args=[figure.pk])))
        pages.append(("public-metric", reverse("public:metric_detail", args=[figure.metric.slug])))
    return pages


class Command(BaseCommand):
    help = "Screenshots of the public pages and the admin in each language (Debian's Chromium)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default=os.environ.get("CTDB_ADMIN_PASSWORD", ""))
        parser.add_argument("--out", default="screenshots")
        parser.add_argument("--languages", default="en,ar")

    def handle(self, *args, base_url, username, password, out, languages, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise CommandError("Install the dev extras: pip install -e '.[dev]'") from error
        if not Path(CHROMIUM).exists():
            raise CommandError("Install Debian's chromium: apt-get install chromium")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        pages = admin_pages()
        public = public_pages()  # database reads stay outside Playwright's event loop
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for language in languages.split(","):
                context = browser.new_context(
                    locale=language, viewport={"width": 1400, "height": 1000}
                )
                context.add_cookies(
                    [{"name": "django_language", "value": language, "url": base_url}]
                )
                page = context.new_page()
                for name, path in public:
                    page.goto(base_url + path)
                    target = folder / f"{name}-{language}.png"
                    page.screenshot(path=str(target), full_page=True)
                    self.stdout.write(str(target))
                page.goto(f"{base_url}/admin/login/")
                page.fill("#id_username", username)
                page.fill("#id_password", password)
                page.click("input[type=submit]")
                for name, path in pages:
                    page.goto(base_url + path)
                    target = folder / f"{name}-{language}.png"
                    page.screenshot(path=str(target), full_page=True)
                    self.stdout.write(str(target))
                context.close()
            browser.close()
