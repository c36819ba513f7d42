"""A small published world for the API, with a draft, a figure in review and a
rejected one that must never show; and helpers to call the API."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from apps.figures.models import Metric
from apps.registry.models import (
    Cohort,
    Incident,
    Institution,
    Law,
    Programme,
    ProgrammeInstitution,
)
from apps.sources.models import Quote, Source
from tests.stored import stored_figure

TEXT_A = (
    "تمكّنت السلطات المغربية من اعتقال 214 خلية إرهابية، وإجهاض أكثر من 500 مشروع إرهابي.\n"
    "وقال المسؤول إن 4304 أشخاص قدموا أمام العدالة بموجب قانون مكافحة الإرهاب.\n"
    "وفي سنة 2010 فُككت 17 خلية."
)
TEXT_B = (
    "ويؤكد الرقم المعلن، (أكثر من مئتي خلية)، وفق وزارة الداخلية.\n"
    "واستفاد 301 سجينا من برنامج مصالحة."
)
TEXT_C = "L'attentat du 16 mai 2003 à Casablanca a fait 33 morts, selon le bilan officiel."

SINCE_2002 = {"period_start": dt.date(2002, 1, 1), "period_start_precision": "year"}
AS_OF_2010 = {"as_of": dt.date(2010, 1, 1), "as_of_precision": "year"}
PUBLISHED = ("cells_214", "prosecuted", "cells_200", "beneficiaries", "formula", "deaths")
UNPUBLISHED = ("draft", "in_review", "rejected")


@pytest.fixture(autouse=True)
def fresh_rate_limit(db):
    """Each test starts with a clean request count for its client address (the
    counts live in the cache, which may be a database table)."""
    cache.clear()


@pytest.fixture
def rate(settings):
    """Set the API's rate limit for one test, e.g. ``rate("3/min")``."""

    def set_rate(value: str) -> None:
        configured = dict(getattr(settings, "REST_FRAMEWORK", {}))
        configured["DEFAULT_THROTTLE_RATES"] = {"api": value}
        settings.REST_FRAMEWORK = configured

    return set_rate


def build_figure(editor, reviewer):
    """A figure on the words of a source (the quote made when new), published unless told."""

    def figure(source, words, metric, value, status="published", **extra):
        quote = Quote.objects.filter(source=source, text=words).first() or Quote.objects.create(
            source=source, text=words
        )
        fields = {"quote": quote, "metric": metric, "value": value, "created_by": editor}
        if status in ("published", "rejected"):
            fields.update(reviewed_by=reviewer, reviewed_at=timezone.now())
        fields.update(extra)
        return stored_figure(status=status, **fields)

    return figure


def build_world(make_figure) -> dict:
    """Three sources, four metrics, every kind of record, six published figures and
    three that are not (a draft, one in review, one rejected)."""
    dgsn = Institution.objects.create(
        slug="dgsn",
        acronym="DGSN",
        name_en="General Directorate of National Security",
        name_ar="المديرية العامة للأمن الوطني",
    )
    interior = Institution.objects.create(
        slug="interior", name_en="Ministry of the Interior", name_ar="وزارة الداخلية"
    )
    dgapr = Institution.objects.create(
        slug="dgapr", acronym="DGAPR", name_en="Prison administration", name_ar="المندوبية العامة"
    )
    moussalaha = Programme.objects.create(slug="moussalaha", name_en="Moussalaha", name_ar="مصالحة")
    ProgrammeInstitution.objects.create(programme=moussalaha, institution=dgapr, role="lead")
    cohort = Cohort.objects.create(programme=moussalaha, number=13)
    law = Law.objects.create(
        slug="law-03-03",
        number="03.03",
        name_en="Counter-terrorism law",
        name_ar="قانون مكافحة الإرهاب",
    )
    attack = Incident.objects.create(
        slug="casablanca-2003",
        name_en="Casablanca attacks",
        name_ar="أحداث الدار البيضاء",
        occurred_on=dt.date(2003, 5, 16),
        occurred_on_precision="day",
        place="Casablanca",
        country="MA",
    )
    cells = Metric.objects.create(
        slug="cells-dismantled", name_en="Cells dismantled", name_ar="الخلايا المفككة"
    )
    prosecuted = Metric.objects.create(slug="persons-prosecuted", name_en="Persons prosecuted")
    beneficiaries = Metric.objects.create(
        slug="programme-beneficiaries", name_en="Programme beneficiaries"
    )
    deaths = Metric.objects.create(slug="deaths", name_en="Deaths", name_fr="Morts")
    a = Source.objects.create(title="Article A", publisher="Outlet A", text=TEXT_A, language="ar")
    b = Source.objects.create(title="Article B", publisher="Outlet B", text=TEXT_B, language="ar")
    c = Source.objects.create(
        title="Le bilan",
        publisher="Le Journal",
        text=TEXT_C,
        language="fr",
        url="https://example.org/bilan",
        published_on=dt.date(2003, 5, 1),
        published_on_precision="month",
    )
    return {
        "cells_214": make_figure(
            a, "اعتقال 214 خلية إرهابية", cells, 214, attributed_to_institution=dgsn, **SINCE_2002
        ),
        "prosecuted": make_figure(
            a, "إن 4304 أشخاص قدموا أمام العدالة", prosecuted, 4304, institution=dgsn, law=law
        ),
        "cells_200": make_figure(
            b,
            "(أكثر من مئتي خلية)",
            cells,
            200,
            qualifier="more_than",
            attributed_to_institution=interior,
            **SINCE_2002,
        ),
        "beneficiaries": make_figure(
            b,
            "واستفاد 301 سجينا من برنامج مصالحة",
            beneficiaries,
            301,
            programme=moussalaha,
            cohort=cohort,
        ),
        # 17 cells since 2002, as of 2010, beside 214 and "more than 200" since 2002:
        # one count many times the other for nearly the same span, a likely misprint.
        "formula": make_figure(a, "فُككت 17 خلية", cells, 17, **SINCE_2002, **AS_OF_2010),
        "deaths": make_figure(
            c,
            "a fait 33 morts",
            deaths,
            33,
            incident=attack,
            as_of=dt.date(2003, 5, 16),
            as_of_precision="day",
        ),
        "draft": make_figure(
            a, "وإجهاض أكثر من 500 مشروع إرهابي", cells, 500, status="draft", qualifier="more_than"
        ),
        "in_review": make_figure(
            b, "(أكثر من مئتي خلية)", cells, 9999, status="in_review", value_check_override="x"
        ),
        "rejected": make_figure(
            c,
            "a fait 33 morts",
            deaths,
            3300,
            status="rejected",
            incident=attack,
            value_check_override="x",
        ),
        "sources": (a, b, c),
        "dgsn": dgsn,
        "moussalaha": moussalaha,
        "cohort": cohort,
        "law": law,
        "attack": attack,
        "cells": cells,
    }


@pytest.fixture(scope="module")
def world_keys(django_db_setup, django_db_blocker):
    """The world, built once per test module in a transaction rolled back at its end;
    each test runs in a savepoint inside it. Given as (model, pk) pairs."""
    with django_db_blocker.unblock(), transaction.atomic():
        users = get_user_model().objects
        editor = users.create_user("api-editor")
        reviewer = users.create_user("api-reviewer")
        built = build_world(build_figure(editor, reviewer))
        yield {name: keys_of(value) for name, value in built.items()}
        transaction.set_rollback(True)


def keys_of(value):
    if isinstance(value, tuple):
        return tuple(keys_of(item) for item in value)
    return type(value), value.pk


def fetch(keys):
    if isinstance(keys[0], tuple):
        return tuple(fetch(item) for item in keys)
    model, pk = keys
    return model.objects.get(pk=pk)


@pytest.fixture
def world(world_keys, db) -> dict:
    """The module's world, read afresh for each test (a test may change or delete it)."""
    return {name: fetch(keys) for name, keys in world_keys.items()}


@pytest.fixture
def editor(world_keys, db):
    return get_user_model().objects.get(username="api-editor")


@pytest.fixture
def reviewer(world_keys, db):
    return get_user_model().objects.get(username="api-reviewer")


@pytest.fixture
def make_figure(editor, reviewer):
    return build_figure(editor, reviewer)


def ids(world, *names) -> set[int]:
    return {world[name].pk for name in names}


def get(client, path: str, **params):
    """GET an API path (relative to /api/v1/) and return the response."""
    return client.get(f"/api/v1/{path}", params)


def get_json(client, path: str, **params) -> dict:
    response = get(client, path, **params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def walk(client, path: str, **params) -> list[dict]:
    """Every row of a list, following its next links."""
    rows = []
    body = get_json(client, path, **params)
    while True:
        rows.extend(body["results"])
        if not body["next"]:
            return rows
        response = client.get(body["next"])
        assert response.status_code == 200, response.content[:500]
        body = response.json()
