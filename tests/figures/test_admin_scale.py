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


def test_a_deep_page_shows_the_right_rows_in_order(client, boss, many):
    page = client.get(CHANGELIST, {"p": 3, "o": ""})
    listed = [figure.pk for figure in page.context["cl"].result_list]
    expected = list(ReportedFigure.objects.order_by("-id").values_list("pk", flat=True))
    per_page = page.context["cl"].list_per_page
    assert listed == expected[2 * per_page : 3 * per_page] if len(expected) > 2 * per_page else True


def test_pages_are_found_by_id_first(many):
    from apps.figures.models import ReportedFigure as Model

    paginator = largetables.EstimatedCountPaginator(Model.objects.order_by("-id"), 5)
    assert [f.pk for f in paginator.page(2).object_list] == list(
        Model.objects.order_by("-id").values_list("pk", flat=True)[5:10]
    )
    assert list(paginator.page(40).object_list) == []  # past the end: empty, not an error


@pytest.mark.parametrize(
    ("url_name", "size"),
    [
        ("admin:figures_reportedfigure_changelist", 12),
        ("admin:sources_quote_changelist", 1),
        ("admin:sources_source_changelist", 1),
    ],
)
def test_each_changelist_runs_a_fixed_number_of_queries(
    client, boss, many, url_name, size, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        page = client.get(reverse(url_name))
    assert len(page.context["cl"].result_list) == size


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


@pytest.fixture
def large(monkeypatch):
    from apps.figures import services

    monkeypatch.setattr(services, "BULK_THRESHOLD", 3)


def staff_in(group: str, name: str):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(name, password="pw-for-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_a_large_selection_is_submitted_published_and_rejected_in_one_request_each(
    client, db, make_figure, large
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
    assert "7 figure(s) submitted for review." in [str(m) for m in response.context["messages"]]
    client.force_login(rita)
    confirm = client.post(CHANGELIST, {**everything, "action": "publish"})
    assert 'name="select_across" value="1"' in confirm.text
    response = client.post(
        CHANGELIST, {**everything, "action": "publish", "apply": "1"}, follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    assert "6 figure(s) published." in shown
    assert any(f"1 figure(s) refused: you created them (e.g. #{own.pk})" in m for m in shown)
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
    assert "1 figure(s) rejected." in shown  # only `own` was still in review
    assert ReportedFigure.objects.get(pk=own.pk).review_note == "Duplicate."
