"""Facet counts: kept until the published figures change, and never a slow page."""

import psycopg
import pytest
from django.db import OperationalError
from django.urls import reverse

from apps.figures import facets
from apps.figures.models import ReportedFigure
from tests.stored import stored_figure

LIST = reverse("public:figure_list")


def version() -> int:
    return facets.publication_version("default")


def test_drafts_come_and_go_without_moving_the_publication_version(world, editor):
    before = version()
    published = world["cells_214"]
    draft = stored_figure(
        quote=published.quote,
        metric=published.metric,
        value=214,
        created_by=editor,
    )
    draft.notes = "checked"
    draft.save()
    draft.delete()
    assert version() == before


def test_publishing_editing_or_withdrawing_a_figure_moves_it(world, reviewer):
    from django.contrib.auth.models import Group

    from apps.figures.services import figure_publish

    Group.objects.get(name="Reviewer").user_set.add(reviewer)
    before = version()
    figure_publish(figure=world["in_review"], reviewer=reviewer)
    assert version() > before
    before = version()
    ReportedFigure.objects.filter(pk=world["cells_214"].pk).update(notes="edited while published")
    assert version() > before
    before = version()
    ReportedFigure.objects.filter(pk=world["cells_214"].pk).delete()
    assert version() > before


def test_a_count_past_its_budget_serves_the_page_and_counts_for_the_next_reader(
    client, world, settings, monkeypatch
):
    settings.FACET_BUDGET_MS = 300
    real_count = facets.run_count
    started = []

    def too_slow(alias, statement, params, budget_ms):
        if budget_ms:
            canceled = psycopg.errors.QueryCanceled("canceling statement due to statement timeout")
            raise OperationalError(str(canceled)) from canceled
        return real_count(alias, statement, params, budget_ms)

    def in_this_thread(key, alias, statement, params):
        # The background thread's work, done here so that it sees the test's data.
        started.append(key)
        facets.caches["facets"].set(key, real_count(alias, statement, params, None))

    monkeypatch.setattr(facets, "run_count", too_slow)
    monkeypatch.setattr(facets, "count_in_background", in_this_thread)

    first = client.get(LIST)
    assert first.status_code == 200
    assert first.context["total"] is None and first.context["facets"] == []
    assert "are being counted; reload the page in a moment" in first.text
    assert len(first.context["figures"]) == 5  # the rows themselves are all there
    assert started == []  # one reader's one-off filters are not counted at any cost

    second = client.get(LIST)  # a reader comes back: now it is worth counting
    assert second.context["total"] is None
    assert len(started) == 1

    third = client.get(LIST)
    assert third.context["total"] == 5
    assert "5 published figures match." in third.text
    assert len(started) == 1


def test_a_page_is_kept_until_something_readers_see_changes(client, world, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.registry.models import Institution

    page = reverse("public:figure_detail", args=[world["cells_214"].pk])
    first = client.get(page)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(page)
    assert again.content == first.content
    assert len(queries) == 1  # the version, nothing else

    # A draft changes nothing a reader sees: the page stays.
    stored_figure(
        quote=world["cells_214"].quote, metric=world["cells_214"].metric, value=3, created_by=editor
    )
    with CaptureQueriesContext(connection) as queries:
        client.get(page)
    assert len(queries) == 1

    # A renamed institution shows at once.
    Institution.objects.filter(slug="dgsn").update(name_en="National Security, renamed")
    assert "National Security, renamed" in client.get(page).text


def test_pages_in_each_language_are_kept_apart(client, world):
    english = client.get(LIST)
    client.cookies["django_language"] = "ar"
    arabic = client.get(LIST)
    assert english.content != arabic.content
    assert 'dir="rtl"' in arabic.text and 'dir="rtl"' not in english.text


def test_a_new_source_and_an_emptied_table_move_the_version(world):
    from django.db import connection

    from apps.sources.models import Source

    before = version()
    Source.objects.create(title="A new article", publisher="Outlet C", text="نص")
    assert version() > before
    before = version()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no checks left pending
        cursor.execute("TRUNCATE figures_disagreement CASCADE")
    assert version() > before


def test_the_same_page_at_another_address_is_kept_apart(client, world):
    page = reverse("public:figure_detail", args=[world["cells_214"].pk])
    here = client.get(page, HTTP_HOST="localhost")
    there = client.get(page, HTTP_HOST="127.0.0.1")
    assert "http://localhost/" in here.text and "http://127.0.0.1/" in there.text


@pytest.mark.django_db(transaction=True)
def test_publishing_transactions_do_not_wait_for_each_other_and_move_it_at_commit(
    make_figure, editor, reviewer
):
    from django.db import connection, connections
    from django.utils import timezone

    published = {
        "created_by": editor,
        "status": "published",
        "reviewed_by": reviewer,
        "reviewed_at": timezone.now(),
        "value_check_override": "checked",
    }
    first = make_figure(**published)
    second = make_figure(quote=first.quote, **published)
    before = version()
    long_one = connections.create_connection("default")
    try:
        long_one.set_autocommit(False)
        with long_one.cursor() as cursor:  # a bulk action under way, not committed
            cursor.execute(
                "UPDATE figures_reportedfigure SET notes = 'long' WHERE id = %s", [first.pk]
            )
        with connection.cursor() as cursor:  # a reviewer's edit meanwhile
            cursor.execute("SET lock_timeout = '2s'")
            cursor.execute(
                "UPDATE figures_reportedfigure SET notes = 'quick' WHERE id = %s", [second.pk]
            )
            cursor.execute("RESET lock_timeout")
        assert version() == before + 1  # the edit committed, and moved it once
        long_one.commit()
        assert version() == before + 2
    finally:
        long_one.close()
