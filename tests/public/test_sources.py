"""A source is public once one of its figures is published; readers see its published
quotes in their paragraphs, and its full text only when it is openly licensed."""

import pytest
from django.utils import timezone

from apps.figures.models import Metric, ReportedFigure
from apps.sources.models import Quote, Source
from tests.stored import stored_figure

PUBLISHED_WORDS = "فككت المصالح الأمنية 12 خلية"
DRAFT_WORDS = "وأوقفت 40 شخصا"
TEXT = (
    "أعلنت الوزارة أن المصالح الأمنية فككت المصالح الأمنية 12 خلية خلال السنة.\n"
    "وأضاف البلاغ أنها وأوقفت 40 شخصا في عمليات متفرقة.\n"
    "ولم يذكر البلاغ تفاصيل أخرى عن المتابعين."
)


@pytest.fixture
def report(world, editor, reviewer):
    """A source with one published figure (first paragraph) and one draft (second)."""
    source = Source.objects.create(title="Communiqué", text=TEXT, language="ar")
    metric = Metric.objects.get(slug="cells-dismantled")
    published = Quote.objects.create(source=source, text=PUBLISHED_WORDS)
    draft = Quote.objects.create(source=source, text=DRAFT_WORDS)
    stored_figure(
        quote=published,
        metric=metric,
        value=12,
        created_by=editor,
        status="published",
        reviewed_by=reviewer,
        reviewed_at=timezone.now(),
    )
    stored_figure(quote=draft, metric=metric, value=40, created_by=editor)
    return source


@pytest.fixture
def drafts_only(world, editor):
    """A source entered only for a draft figure."""
    source = Source.objects.create(title="Draft-only article", text=TEXT, language="ar")
    quote = Quote.objects.create(source=source, text=DRAFT_WORDS)
    stored_figure(
        quote=quote, metric=Metric.objects.get(slug="cells-dismantled"), value=40, created_by=editor
    )
    return source


def test_a_source_with_no_published_figure_is_nowhere_public(client, drafts_only):
    assert "Draft-only article" not in client.get("/sources/").text
    assert client.get(f"/sources/{drafts_only.pk}/").status_code == 404
    listed = client.get("/api/v1/sources/").json()["results"]
    assert drafts_only.pk not in [row["id"] for row in listed]
    assert client.get(f"/api/v1/sources/{drafts_only.pk}/").status_code == 404


def test_a_source_becomes_public_when_one_of_its_figures_is_published(
    client, drafts_only, reviewer
):
    ReportedFigure.objects.filter(quote__source=drafts_only).update(
        status="published", reviewed_by=reviewer, reviewed_at=timezone.now()
    )
    assert "Draft-only article" in client.get("/sources/").text
    assert client.get(f"/sources/{drafts_only.pk}/").status_code == 200
    assert client.get(f"/api/v1/sources/{drafts_only.pk}/").status_code == 200


def test_a_press_source_shows_its_published_quotes_in_their_paragraphs_only(client, report):
    page = client.get(f"/sources/{report.pk}/").text
    assert f'<mark class="quote">{PUBLISHED_WORDS}</mark>' in page
    assert "خلال السنة." in page  # the rest of its paragraph
    assert DRAFT_WORDS not in page and "في عمليات متفرقة" not in page
    assert "تفاصيل أخرى" not in page  # no full text
    body = client.get(f"/api/v1/sources/{report.pk}/").json()
    assert body["text"] is None and body["openly_licensed"] is False
    assert [quote["text"] for quote in body["quotes"]] == [PUBLISHED_WORDS]
    assert body["quotes"][0]["paragraph_after"] == " خلال السنة."
    assert DRAFT_WORDS not in str(body)


def test_an_openly_licensed_source_shows_its_full_text(client, report):
    Source.objects.filter(pk=report.pk).update(openly_licensed=True)
    page = client.get(f"/sources/{report.pk}/").text
    assert "تفاصيل أخرى" in page
    body = client.get(f"/api/v1/sources/{report.pk}/").json()
    assert body["text"] == TEXT and body["openly_licensed"] is True


def test_staff_mark_a_source_openly_licensed_in_the_admin_and_it_starts_unticked(admin_client, db):
    from django.urls import reverse

    form = admin_client.get(reverse("admin:sources_source_add")).context["adminform"].form
    assert form["openly_licensed"].value() is False
