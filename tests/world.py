"""A small published world shared by the public, API and production tests."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.figures.models import Metric
from apps.registry.models import Institution, Programme
from apps.sources.models import Quote, Source
from tests.stored import stored_figure

TEXT_A = (
    "تمكّنت السلطات المغربية من اعتقال 214 خلية إرهابية، وإجهاض أكثر من 500 مشروع إرهابي.\n"
    "وقال المسؤول إن 4304 أشخاص قدموا أمام العدالة.\n"
    '=HYPERLINK("http://evil") 17 خلية.'
)
TEXT_B = (
    "ويؤكد الرقم المعلن، (أكثر من مئتي خلية)، وفق وزارة الداخلية.\n"
    "واستفاد 301 سجينا من برنامج مصالحة."
)


@pytest.fixture
def world(db, editor, reviewer):
    """Two sources, three metrics, published figures and one draft."""
    dgsn = Institution.objects.create(
        slug="dgsn",
        acronym="DGSN",
        name_en="General Directorate of National Security",
        name_ar="المديرية العامة للأمن الوطني",
    )
    interior = Institution.objects.create(
        slug="interior", name_en="Ministry of the Interior", name_ar="وزارة الداخلية"
    )
    moussalaha = Programme.objects.create(slug="moussalaha", name_en="Moussalaha", name_ar="مصالحة")
    cells = Metric.objects.create(
        slug="cells-dismantled", name_en="Cells dismantled", name_ar="الخلايا المفككة"
    )
    prosecuted = Metric.objects.create(slug="persons-prosecuted", name_en="Persons prosecuted")
    beneficiaries = Metric.objects.create(
        slug="programme-beneficiaries", name_en="Programme beneficiaries"
    )
    a = Source.objects.create(title="Article A", publisher="Outlet A", text=TEXT_A, language="ar")
    b = Source.objects.create(title="Article B", publisher="Outlet B", text=TEXT_B, language="ar")

    def figure(source, words, metric, value, status="published", **extra):
        quote = Quote.objects.filter(source=source, text=words).first() or Quote.objects.create(
            source=source, text=words
        )
        fields = {"quote": quote, "metric": metric, "value": value, "created_by": editor}
        if status == "published":
            fields.update(reviewed_by=reviewer, reviewed_at=timezone.now())
        fields.update(extra)
        return stored_figure(status=status, **fields)

    since_2002 = {"period_start": dt.date(2002, 1, 1), "period_start_precision": "year"}
    return {
        "cells_214": figure(
            a, "اعتقال 214 خلية إرهابية", cells, 214, attributed_to_institution=dgsn, **since_2002
        ),
        "prosecuted": figure(
            a, "إن 4304 أشخاص قدموا أمام العدالة", prosecuted, 4304, institution=dgsn
        ),
        "cells_200": figure(
            b,
            "(أكثر من مئتي خلية)",
            cells,
            200,
            qualifier="more_than",
            attributed_to_institution=interior,
            **since_2002,
        ),
        "beneficiaries": figure(
            b, "واستفاد 301 سجينا من برنامج مصالحة", beneficiaries, 301, programme=moussalaha
        ),
        "formula": figure(
            a,
            '=HYPERLINK("http://evil") 17 خلية',
            cells,
            17,  # since 2002, as of 2010: beside 214 and "more than 200", a likely misprint
            as_of=dt.date(2010, 1, 1),
            as_of_precision="year",
            **since_2002,
        ),
        "draft": figure(
            a, "وإجهاض أكثر من 500 مشروع إرهابي", cells, 500, status="draft", qualifier="more_than"
        ),
        "in_review": figure(
            b, "(أكثر من مئتي خلية)", cells, 9999, status="in_review", value_check_override="x"
        ),
        "sources": (a, b),
        "dgsn": dgsn,
        "moussalaha": moussalaha,
    }
