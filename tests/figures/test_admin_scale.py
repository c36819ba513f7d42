"""The admin's large-table behaviour: estimated counts, id-first pages, streamed downloads."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.core import largetables
from apps.figures.models import ReportedFigure

CHANGELIST = reverse("admin:figures_reportedfigure_changelist")


@pytest.fixture
def boss(client, db):
    user = get_user_model().objects.create_superuser("boss", password="pw-for-tests-1")
    client.force_login(user)
    return user


@pytest.fixture
def many(make_figure):
    first = make_figure()
    return [first] + [make_figure(quote=first.quote, value="214") for _ in range(11)]


def test_a_large_count_is_an_estimate_and_the_page_says_so(client, boss, many, monkeypatch):
    monkeypatch.setattr(largetables, "EXACT_COUNT_LIMIT", 5)
    page = client.get(CHANGELIST)
    assert page.context["cl"].paginator.is_estimate
    assert (
        "this is PostgreSQL&#x27;s estimate" in page.text
        or "this is PostgreSQL's estimate" in page.text
    )


def test_a_small_count_is_exact(client, boss, many):
    page = client.get(CHANGELIST)
    assert not page.context["cl"].paginator.is_estimate
    assert page.context["cl"].result_count == 12


def test_a_deep_page_shows_the_right_rows_in_order(client, boss, many, monkeypatch):
    from django.contrib import admin

    monkeypatch.setattr(admin.site._registry[ReportedFigure], "list_per_page", 5)
    page = client.get(CHANGELIST, {"p": 3, "o": ""})
    listed = [figure.pk for figure in page.context["cl"].result_list]
    newest_first = sorted((figure.pk for figure in many), reverse=True)
    assert listed == newest_first[10:12]  # twelve figures, five a page: the last two


def test_a_slow_count_gives_way_to_the_estimate(many, monkeypatch):
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    monkeypatch.setattr(largetables, "COUNT_TIMEOUT_MS", 50)
    slow = ReportedFigure.objects.filter(
        RawSQL("pg_sleep(0.1) IS NOT NULL", [], output_field=BooleanField())
    )
    count, is_estimate = largetables.bounded_count(slow)
    assert is_estimate and count >= 1
    assert largetables.bounded_count(ReportedFigure.objects.all()) == (12, False)


def test_pages_are_found_by_id_first(many):
    from apps.figures.models import ReportedFigure as Model

    paginator = largetables.EstimatedCountPaginator(Model.objects.order_by("-id"), 5)
    assert [f.pk for f in paginator.page(2).object_list] == list(
        Model.objects.order_by("-id").values_list("pk", flat=True)[5:10]
    )
    assert list(paginator.page(40).object_list) == []  # past the end: empty, not an error


@pytest.fixture
def paged(world, monkeypatch):
    """The large tables page and estimate as at a million rows: two rows a page,
    and a count above two is PostgreSQL's estimate."""
    from django.contrib import admin

    from apps.sources.models import Quote, Source

    monkeypatch.setattr(largetables, "EXACT_COUNT_LIMIT", 2)
    for model in (ReportedFigure, Quote, Source):
        monkeypatch.setattr(admin.site._registry[model], "list_per_page", 2)
    Source.objects.create(title="Article C", publisher="Outlet C", text="نص ثالث.")


# Every request reads the session and the user. A large table then counts up to
# EXACT_COUNT_LIMIT rows under a time limit (savepoint, limit, count,
# then the savepoint rolled back, which ends the time limit, and released),
# asks for the planner's estimate beyond, reads the ids of its page from the
# index, then those rows with their joins: 8 queries. Its related filters read
# their own small tables: metrics, institutions, programmes, areas; publishers.
@pytest.mark.parametrize(
    ("model", "query", "queries"),
    [
        ("figures_reportedfigure", {}, 2 + 5 + 8),
        ("figures_reportedfigure", {"status__exact": "published"}, 2 + 5 + 8),
        ("figures_reportedfigure", {"quote__source__language__exact": "ar"}, 2 + 5 + 8),
        # A search first turns its words into text search queries, then lists the
        # ids of the quotes that match, if they are few.
        ("figures_reportedfigure", {"q": "خلية"}, 2 + 5 + 1 + 1 + 8),
        ("sources_quote", {}, 2 + 8),
        ("sources_quote", {"source__language__exact": "ar"}, 2 + 8),
        # + the search's queries, + the sources whose title matches
        ("sources_quote", {"q": "خلية"}, 2 + 1 + 1 + 8),
        # Publishers, then the date hierarchy's range and years.
        ("sources_source", {}, 2 + 1 + 8 + 2),
        ("sources_source", {"language__exact": "ar"}, 2 + 1 + 8 + 2),
    ],
)
def test_each_large_changelist_runs_a_pinned_number_of_queries(
    client, boss, paged, model, query, queries, django_assert_num_queries
):
    with django_assert_num_queries(queries) as captured:
        page = client.get(reverse(f"admin:{model}_changelist"), query)
    cl = page.context["cl"]
    assert cl.paginator.is_estimate
    assert len(cl.result_list) == 2
    # A source's full text is never read for a list, not even through a join.
    assert not any('"sources_source"."text"' in q["sql"] for q in captured.captured_queries)


@pytest.fixture
def registry(world):
    from apps.figures.models import Disagreement
    from apps.registry.models import Cohort, Incident, Law, Programme

    Programme.objects.create(slug="hayat", name_en="Hayat", name_ar="حياة")
    for number in (13, 14):
        Cohort.objects.create(programme=world["moussalaha"], number=number)
        Law.objects.create(slug=f"law-{number}", number=f"03.{number}", name_en=f"Law {number}")
        Incident.objects.create(slug=f"attack-{number}", name_en=f"Attack {number}", country="MA")
    lone = Disagreement.objects.create(metric=world["draft"].metric)
    ReportedFigure.objects.filter(pk__in=[world["draft"].pk, world["formula"].pk]).update(
        disagreement=lone
    )


# Small tables keep Django's paginator: it counts twice (the page and the total).
@pytest.mark.parametrize(
    ("model", "queries"),
    [
        ("figures_disagreement", 2 + 1 + 3),  # metrics for the filter
        ("figures_metric", 2 + 3),
        ("registry_institution", 2 + 3 + 1),  # countries for the filter
        ("registry_programme", 2 + 3),
        ("registry_cohort", 2 + 1 + 3),  # programmes for the filter
        ("registry_law", 2 + 3),
        ("registry_incident", 2 + 3 + 3),  # date hierarchy (range, years), countries
    ],
)
def test_each_small_changelist_runs_a_pinned_number_of_queries(
    client, boss, registry, model, queries, django_assert_num_queries
):
    with django_assert_num_queries(queries):
        page = client.get(reverse(f"admin:{model}_changelist"))
    assert len(page.context["cl"].result_list) >= 2


def test_autocomplete_reads_one_page_and_never_counts(
    client, boss, world, monkeypatch, django_assert_num_queries
):
    from django.contrib.admin.views.autocomplete import AutocompleteJsonView

    monkeypatch.setattr(AutocompleteJsonView, "paginate_by", 2)
    ask = {"app_label": "figures", "model_name": "reportedfigure", "field_name": "quote"}
    # Session, user; the search's text search queries, the sources whose title
    # matches; the page's ids, its rows.
    with django_assert_num_queries(2 + 1 + 1 + 2) as captured:
        first = client.get(reverse("admin:autocomplete"), {**ask, "term": "خلية"}).json()
    second = client.get(reverse("admin:autocomplete"), {**ask, "term": "خلية", "page": 2}).json()
    assert not any(q["sql"].startswith("SELECT COUNT") for q in captured.captured_queries)
    assert (len(first["results"]), first["pagination"]["more"]) == (2, True)
    assert (len(second["results"]), second["pagination"]["more"]) == (1, False)
    shown = {r["text"] for r in first["results"] + second["results"]}
    assert shown == {
        "«اعتقال 214 خلية إرهابية»",
        "«(أكثر من مئتي خلية)»",
        '«=HYPERLINK("http://evil") 17 خلية»',
    }


def test_a_disagreement_page_lists_its_first_figures_and_links_to_all(
    client, boss, make_figure, cells, monkeypatch, django_assert_num_queries
):
    from apps.figures.admin import disagreements as figures_admin
    from apps.figures.models import Disagreement

    monkeypatch.setattr(figures_admin, "MEMBERS_SHOWN", 3)
    first = make_figure()
    members = [first] + [make_figure(quote=first.quote) for _ in range(4)]
    disagreement = Disagreement.objects.create(metric=cells)
    ReportedFigure.objects.filter(pk__in=[f.pk for f in members]).update(disagreement=disagreement)
    url = reverse("admin:figures_disagreement_change", args=[disagreement.pk])
    client.get(url)  # warms Django's cache of content types
    # Session, user; the disagreement with its metric and count; its first
    # figures with their quotes and sources.
    with django_assert_num_queries(2 + 1 + 1):
        page = client.get(url)
    assert len(page.context["inline_admin_formsets"][0].formset.forms) == 3
    assert "Only the first 3 of 5 are shown below." in page.text
    link = f"{CHANGELIST}?disagreement={disagreement.pk}"
    assert f'href="{link}"' in page.text
    listed = client.get(link)
    assert sorted(f.pk for f in listed.context["cl"].result_list) == [f.pk for f in members]
    assert f"Disagreement #{disagreement.pk} on Cells dismantled" in listed.text


def test_a_small_disagreement_is_listed_whole(client, boss, make_figure, cells):
    from apps.figures.models import Disagreement

    first = make_figure()
    other = make_figure(quote=first.quote)
    disagreement = Disagreement.objects.create(metric=cells)
    ReportedFigure.objects.filter(pk__in=[first.pk, other.pk]).update(disagreement=disagreement)
    page = client.get(reverse("admin:figures_disagreement_change", args=[disagreement.pk]))
    assert len(page.context["inline_admin_formsets"][0].formset.forms) == 2
    assert "Only the first" not in page.text
    assert "Show them in the list of figures" in page.text


def test_the_changelist_downloads_what_it_shows_in_one_step(client, boss, many, make_figure):
    other = make_figure("أكثر من مئتي خلية", value="200", qualifier="more_than")
    other.status = "in_review"
    other.save()
    page = client.get(CHANGELIST, {"status__exact": "in_review"})
    link = page.context["stream_export_url"] + "format=csv"
    response = client.get(link)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [int(r["id"]) for r in rows] == [other.pk]
    assert rows[0]["status"] == "in_review" and rows[0]["created_by"] == "editor"
    assert response["Content-Disposition"].startswith('attachment; filename="ctdb-figures-staff-')
    xlsx = client.get(page.context["stream_export_url"] + "format=xlsx")
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_downloads_need_permission(client, db, many):
    viewer = get_user_model().objects.create_user(
        "nobody", password="pw-for-tests-1", is_staff=True
    )
    client.force_login(viewer)
    assert client.get(reverse("admin:figures_reportedfigure_download")).status_code == 403


def staff_in(group: str, name: str):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(name, password="pw-for-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_a_selection_across_pages_is_submitted_published_and_rejected_in_one_request_each(
    client, db, make_figure
):
    ed, rita = staff_in("Editor", "ed"), staff_in("Reviewer", "rita")
    first = make_figure(created_by=ed)
    figures = [first] + [make_figure(quote=first.quote, created_by=ed) for _ in range(5)]
    own = make_figure(quote=first.quote, created_by=rita)
    client.force_login(ed)
    everything = {
        "action": "submit_for_review",
        "select_across": "1",
        "index": "0",
        "_selected_action": [first.pk],
    }
    response = client.post(CHANGELIST, everything, follow=True)
    assert "7 figures submitted for review." in [str(m) for m in response.context["messages"]]
    client.force_login(rita)
    confirm = client.post(CHANGELIST, {**everything, "action": "publish"})
    assert 'name="select_across" value="1"' in confirm.text
    response = client.post(
        CHANGELIST, {**everything, "action": "publish", "apply": "1"}, follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    assert "6 figures published." in shown
    assert any(
        f"1 figure refused: you created it: another reviewer must publish it (#{own.pk})" in m
        for m in shown
    )
    assert ReportedFigure.objects.filter(status="published").count() == 6
    assert {h.status for h in figures[2].history.all()} == {"draft", "in_review", "published"}
    assert figures[2].history.latest().history_user == rita
    client.force_login(staff_in("Reviewer", "ravi"))
    response = client.post(
        CHANGELIST,
        {**everything, "action": "reject", "apply": "1", "reason": "Duplicate."},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert "1 figure rejected." in shown  # only `own` was still in review
    assert ReportedFigure.objects.get(pk=own.pk).review_note == "Duplicate."


def test_a_selection_published_together_shows_its_disagreement_to_readers(client, db, make_figure):
    ed, rita = staff_in("Editor", "ed"), staff_in("Reviewer", "rita")
    first = make_figure(created_by=ed, status="in_review")
    figures = [first] + [
        make_figure(quote=first.quote, created_by=ed, status="in_review", value=value)
        for value in ("214", "2009", "2009")
    ]
    assert all(not f.publicly_disputed for f in ReportedFigure.objects.all())
    client.force_login(rita)
    everything = {"select_across": "1", "index": "0", "_selected_action": [first.pk]}
    reason = "The article says 2009 further down."
    client.post(CHANGELIST, {**everything, "action": "publish", "apply": "1", "reason": reason})
    published = ReportedFigure.objects.filter(pk__in=[f.pk for f in figures])
    assert {f.status for f in published} == {"published"}
    assert all(f.publicly_disputed for f in published)
    first.refresh_from_db()
    assert first.disagreement.figures.count() == 4


def test_each_row_has_the_checkbox_the_admin_actions_read(client, boss, many):
    page = client.get(CHANGELIST).text
    figure = many[0]
    assert (
        f'<input type="checkbox" name="_selected_action" value="{figure.pk}" '
        f'class="action-select" aria-label="Select this object for an action - {figure}">'
    ) in page
