"""Fixtures shared by the whole suite: people, a source with quotes, metrics."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from apps.figures.models import Metric, ReportedFigure
from apps.sources.models import Quote, Source
from ctdb import localdb
from tests.stored import stored_figure

ARTICLE = (
    "تمكّنت السلطات المغربية من اعتقال 214 خلية إرهابية، وإجهاض أكثر من 500 مشروع إرهابي، "
    "منذ سنة 2002 حتى اليوم.\n"
    "ويؤكد الرقم المعلن، (أكثر من مئتي خلية)، على القدرة العالية للأجهزة الأمنية.\n"
    "وإن 88 في المائة من الخلايا ارتبطت بتنظيم داعش."
)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The local cluster is started before the test database is made: the
    settings only describe it."""
    localdb.start_when_used()


@pytest.fixture(autouse=True)
def facets_counted_in_the_request(settings):
    """Facet counts are made in the request, never in a background thread, and
    counts and pages kept in memory by one test are not another test's."""
    from django.core.cache import caches

    settings.FACET_BUDGET_MS = None
    settings.PUBLIC_PAGE_CACHE = True
    caches["facets"].clear()
    caches["pages"].clear()
    from apps.figures import selectors

    selectors._registry = None


@pytest.fixture(autouse=True)
def version_moves_at_each_statement(request):
    """The publication version moves when a transaction commits (figures
    migration 0010); a test's transaction never commits, so it moves at the
    end of each statement instead."""
    marker = request.node.get_closest_marker("django_db")
    if "db" not in request.fixturenames and marker is None:
        return
    request.getfixturevalue("db")
    from django.db import connection

    if connection.in_atomic_block:  # transactional tests commit each statement
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS figures_version_moves_at_commit IMMEDIATE")


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English: a request in another language leaves it active."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", password="editor-pass-1")


@pytest.fixture
def reviewer(db):
    return get_user_model().objects.create_user("reviewer", password="reviewer-pass-1")


@pytest.fixture
def source(db):
    return Source.objects.create(title="Test article", publisher="Test outlet", text=ARTICLE)


@pytest.fixture
def make_quote(source):
    def make(words: str, **extra) -> Quote:
        return Quote.objects.create(source=extra.pop("source", source), text=words, **extra)

    return make


@pytest.fixture
def cells(db):
    return Metric.objects.create(slug="cells-dismantled", name_en="Cells dismantled")


@pytest.fixture
def share(db):
    return Metric.objects.create(
        slug="share-isis", name_en="Share linked to ISIS", unit_kind="percent"
    )


@pytest.fixture
def make_figure(make_quote, cells, editor):
    def make(words: str = "اعتقال 214 خلية إرهابية", value="214", **extra) -> ReportedFigure:
        fields = {
            "quote": extra.pop("quote", None) or make_quote(words),
            "metric": cells,
            "value": Decimal(value),
            "created_by": editor,
            "period_start": dt.date(2002, 1, 1),
            "period_start_precision": "year",
        }
        fields.update(extra)
        return stored_figure(**fields)

    return make


from tests.world import world  # noqa: E402, F401  (the published world, for every test package)
