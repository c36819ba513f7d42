"""What staff and readers read: in their language, and as people write it."""

import datetime as dt

import pytest
from django.urls import reverse

from apps.figures.models import Metric, ReportedFigure


def in_language(client, code: str):
    client.cookies["django_language"] = code
    return client


@pytest.mark.parametrize(
    ("language", "label"),
    [("ar", "دقة بداية الفترة"), ("fr", "Précision (début de la période)")],
)
def test_date_precision_labels_are_translated_in_the_admin(admin_client, db, language, label):
    page = in_language(admin_client, language).get(reverse("admin:figures_reportedfigure_add"))
    assert f'for="id_period_start_precision">{label}' in page.text


def test_the_admin_writes_import_without_a_hamza(admin_client, db):
    page = in_language(admin_client, "ar").get(reverse("admin:figures_metric_changelist"))
    assert "استيراد" in page.text and "إستيراد" not in page.text


@pytest.mark.parametrize(("language", "header"), [("ar", "الرقم"), ("fr", "N°"), ("en", "No.")])
def test_the_id_column_has_a_header_in_the_staffs_language(admin_client, world, language, header):
    page = in_language(admin_client, language).get(
        reverse("admin:figures_reportedfigure_changelist")
    )
    assert f">{header}</a>" in page.text
    assert ">ID</a>" not in page.text


def test_an_empty_quote_row_shows_no_found_in_source_tick(admin_client, db):
    page = admin_client.get(reverse("admin:sources_source_add"))
    row = page.text[page.text.index('id="quotes-0"') :]
    row = row[: row.index("</tr>")]
    assert "icon-yes" not in row


@pytest.mark.parametrize(
    ("language", "description"),
    [
        ("en", "Number of terrorist cells dismantled."),
        ("ar", "عدد الخلايا الإرهابية المفككة."),
        ("fr", "Nombre de cellules terroristes démantelées."),
    ],
)
def test_a_metric_page_describes_it_in_the_readers_language(client, world, language, description):
    Metric.objects.filter(slug="cells-dismantled").update(
        description="Number of terrorist cells dismantled.",
        description_ar="عدد الخلايا الإرهابية المفككة.",
        description_fr="Nombre de cellules terroristes démantelées.",
    )
    page = in_language(client, language).get("/metrics/cells-dismantled/")
    assert description in page.text


@pytest.mark.parametrize(
    ("language", "everything"), [("en", "All"), ("ar", "الكل"), ("fr", "Tous")]
)
def test_the_listings_choices_start_with_all(client, world, language, everything):
    page = in_language(client, language).get("/figures/")
    form = page.context["filter"].form
    for name in ("metric", "institution", "language", "qualifier", "disputed"):
        assert str(next(iter(form.fields[name].widget.choices))[1]) == everything, name
    assert "---------" not in page.text and "Unknown" not in page.text


def test_a_single_year_period_is_written_once(client, world):
    figure = world["formula"]
    one_year = {"period_start": dt.date(2010, 1, 1), "period_end": dt.date(2010, 1, 1)}
    one_year |= {"period_start_precision": "year", "period_end_precision": "year"}
    ReportedFigure.objects.filter(pk=figure.pk).update(**one_year)  # 2010 to 2010
    page = client.get(f"/figures/{figure.pk}/")
    assert "2010 – 2010" not in page.text
    assert "<dd>2010</dd>" in page.text


def test_arabic_inside_the_api_docs_code_keeps_its_own_direction(client, db):
    page = in_language(client, "ar").get("/api/v1/docs/")
    assert '<bdi dir="rtl">أدخل رقماً.</bdi>' in page.text
