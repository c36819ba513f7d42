"""Submitting, publishing or rejecting a selection too large for one request:
the worker does it, all or nothing, while the action's page shows how far it
has got, then what changed and what was refused and why."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections
from django.urls import reverse

from apps.bulkactions import services
from apps.bulkactions.models import BulkAction
from apps.figures.models import ReportedFigure
from apps.figures.review import PUBLISH
from apps.jobs.progress import worker_holds

CHANGELIST = reverse("admin:figures_reportedfigure_changelist")


def page_of(job) -> str:
    return reverse("admin:bulkactions_bulkaction_change", args=[job.pk])


def staff_in(group: str, name: str):
    user = get_user_model().objects.create_user(name, password="pw-for-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture(autouse=True)
def large_from_four_figures(monkeypatch):
    """More than 3 figures go to the worker, 2 figures at a time."""
    from apps.figures.admin import figures as figures_admin

    monkeypatch.setattr(figures_admin, "BACKGROUND_FIGURES", 3)
    monkeypatch.setattr(services, "CHUNK", 2)


@pytest.fixture
def ed(db):
    return staff_in("Editor", "ed")


@pytest.fixture
def rita(db):
    return staff_in("Reviewer", "rita")


@pytest.fixture
def in_review(make_figure, ed, rita):
    """Five figures in review: four by ed (two of which disagree), one by rita."""
    first = make_figure(created_by=ed, status="in_review")
    figures = [first] + [
        make_figure(quote=first.quote, created_by=ed, status="in_review", value=value)
        for value in ("214", "214", "2009")
    ]
    own = make_figure(quote=first.quote, created_by=rita, status="in_review")
    return figures, own


def select_all(action: str, **fields) -> dict:
    any_figure = ReportedFigure.objects.first()
    return {
        "action": action,
        "select_across": "1",
        "index": "0",
        "_selected_action": [any_figure.pk],
        **fields,
    }


def test_rejecting_a_large_selection_runs_in_the_background_and_reports_refusals(
    client, in_review, rita
):
    _figures, own = in_review
    assert ReportedFigure.objects.filter(disagreement__isnull=False).count() == 5
    client.force_login(rita)
    response = client.post(CHANGELIST, select_all("reject", apply="1", reason="Duplicates."))
    job = BulkAction.objects.get()
    assert response.status_code == 302 and response.url == page_of(job)
    assert (job.action, job.status, job.created_by) == ("reject", "done", rita)
    assert (job.done, job.total, job.changed) == (5, 5, 5)
    assert set(ReportedFigure.objects.values_list("status", flat=True)) == {"rejected"}
    assert ReportedFigure.objects.get(pk=own.pk).review_note == "Duplicates."
    assert not ReportedFigure.objects.filter(disagreement__isnull=False).exists()
    page = client.get(page_of(job)).text
    assert "5 figures changed." in page
    assert 'http-equiv="refresh"' not in page


def test_publishing_a_large_selection_reports_each_refusal_with_examples(client, in_review, rita):
    figures, own = in_review
    client.force_login(rita)
    reason = "The article says 2009 further down."
    response = client.post(CHANGELIST, select_all("publish", apply="1", reason=reason), follow=True)
    job = BulkAction.objects.get()
    assert job.changed == 4
    assert job.refused == [{"reason": "created_by_reviewer", "count": 1, "examples": [own.pk]}]
    published = ReportedFigure.objects.filter(status="published")
    assert set(published.values_list("pk", flat=True)) == {f.pk for f in figures}
    assert published.filter(publicly_disputed=True).count() == 4
    assert "4 figures changed." in response.text
    assert "you created it: another reviewer must publish it" in response.text
    figure_page = reverse("admin:figures_reportedfigure_change", args=[own.pk])
    assert f'href="{figure_page}">#{own.pk}</a>' in response.text
    # Reasons are kept untranslated and shown in the reader's language.
    client.cookies["django_language"] = "ar"
    assert "أنت من أنشأها" in client.get(page_of(job)).text


def test_a_small_selection_is_still_changed_within_the_request(client, in_review, rita):
    client.force_login(rita)
    figures, _own = in_review
    selected = {"action": "reject", "apply": "1", "reason": "Typo.", "index": "0"}
    response = client.post(
        CHANGELIST, {**selected, "_selected_action": [figures[0].pk, figures[1].pk]}, follow=True
    )
    assert not BulkAction.objects.exists()
    assert "2 figures rejected." in [str(m) for m in response.context["messages"]]


def test_a_failure_part_way_changes_nothing_and_says_why(client, in_review, rita, monkeypatch):
    calls = []
    real_step = services.review.review_apply

    def failing_on_the_second_part(**step):
        calls.append(step)
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return real_step(**step)

    monkeypatch.setattr(services.review, "review_apply", failing_on_the_second_part)
    client.force_login(rita)
    response = client.post(
        CHANGELIST, select_all("reject", apply="1", reason="Duplicates."), follow=True
    )
    job = BulkAction.objects.get()
    assert (job.status, job.message) == ("failed", "RuntimeError: the disk is full")
    assert job.done < job.total
    assert set(ReportedFigure.objects.values_list("status", flat=True)) == {"in_review"}
    assert "Nothing was changed." in response.text and "the disk is full" in response.text


def test_figures_deleted_after_the_selection_are_reported_not_lost(in_review, rita):
    figures, own = in_review
    job = BulkAction.objects.create(
        action="reject",
        reason="Duplicates.",
        figure_ids=[f.pk for f in figures] + [own.pk],
        total=5,
        created_by=rita,
    )
    ReportedFigure.objects.filter(pk=own.pk).delete()
    assert services.bulk_action_run(job.pk) == "done"
    job.refresh_from_db()
    assert job.changed == 4
    assert job.refused == [{"reason": "deleted", "count": 1, "examples": [own.pk]}]


def test_an_action_runs_once_however_often_its_task_is_delivered(in_review, rita):
    figures, _own = in_review
    job = BulkAction.objects.create(
        action="reject",
        reason="Duplicates.",
        figure_ids=[figures[0].pk],
        total=1,
        created_by=rita,
    )
    assert services.bulk_action_run(job.pk) == "done"
    ReportedFigure.objects.filter(pk=figures[0].pk).update(status="in_review")
    assert services.bulk_action_run(job.pk) == "done"
    assert ReportedFigure.objects.get(pk=figures[0].pk).status == "in_review"


def test_the_page_of_a_waiting_action_refreshes_itself(client, in_review, rita):
    job = BulkAction.objects.create(
        action="submit", figure_ids=[1, 2, 3, 4], total=4, created_by=rita
    )
    client.force_login(rita)
    page = client.get(page_of(job)).text
    assert 'http-equiv="refresh"' in page
    assert "Waiting for the worker." in page
    assert "0 of 4 figures gone through (0%)" in page


def test_staff_see_only_their_own_actions(client, in_review, rita, ed):
    job = BulkAction.objects.create(
        action="submit", figure_ids=[1, 2, 3, 4], total=4, created_by=rita
    )
    client.force_login(ed)
    assert client.get(page_of(job)).status_code == 404
    listing = client.get(reverse("admin:bulkactions_bulkaction_changelist"))
    assert listing.status_code == 200 and list(listing.context["cl"].result_list) == []


def test_a_rejection_without_a_reason_is_refused_by_the_database(rita):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        BulkAction.objects.create(action="reject", figure_ids=[1], total=1, created_by=rita)


@pytest.fixture
def boss(db):
    return get_user_model().objects.create_superuser("boss", password="pw-for-tests-1")


def read_from_elsewhere(sql: str, params) -> tuple:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_while_the_worker_runs_and_nothing_before_the_end(
    make_figure, editor, boss, monkeypatch
):
    first = make_figure(created_by=editor, status="in_review")
    ids = [first.pk] + [
        make_figure(quote=first.quote, created_by=editor, status="in_review").pk for _ in range(4)
    ]
    job = BulkAction.objects.create(
        action="reject", reason="Duplicates.", figure_ids=ids, total=5, created_by=boss
    )
    seen = []
    real_step = services.review.review_apply

    def watched(**step):
        state = read_from_elsewhere(
            "SELECT j.status, j.done, "
            "(SELECT count(*) FROM figures_reportedfigure WHERE status = 'rejected') "
            "FROM bulkactions_bulkaction j WHERE j.id = %s",
            [job.pk],
        )
        seen.append((*state, worker_holds(BulkAction.LOCK, job.pk)))
        return real_step(**step)

    monkeypatch.setattr(services.review, "review_apply", watched)
    assert services.bulk_action_run(job.pk) == "done"
    # Before each part: running, the parts before it counted, no figure rejected yet.
    assert seen == [("running", 0, 0, True), ("running", 2, 0, True), ("running", 4, 0, True)]
    assert not worker_holds(BulkAction.LOCK, job.pk)
    assert ReportedFigure.objects.filter(status="rejected").count() == 5


@pytest.mark.django_db(transaction=True)
def test_an_action_whose_worker_died_is_shown_as_failed(client, boss):
    job = BulkAction.objects.create(
        action="submit", figure_ids=[1, 2, 3, 4], total=4, created_by=boss, status="running"
    )
    client.force_login(boss)
    page = client.get(page_of(job)).text
    job.refresh_from_db()
    assert job.status == "failed"
    assert "Nothing was changed." in page and "The worker stopped before the end." in page
    assert 'http-equiv="refresh"' not in page


def test_staff_who_may_not_change_figures_cannot_start_an_action(client, in_review, db):
    from django.core.exceptions import PermissionDenied

    viewer = get_user_model().objects.create_user("viewer", is_staff=True)
    with pytest.raises(PermissionDenied):
        services.bulk_action_start(
            action="submit", queryset=ReportedFigure.objects.all(), user=viewer
        )
    assert not BulkAction.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_action_waits_for_a_concurrent_change_and_judges_what_it_committed(
    make_figure, editor, boss
):
    import threading

    from apps.figures import services as review

    figure = make_figure(created_by=editor, status="in_review")
    other = connections.create_connection("default")
    other.inc_thread_sharing()  # committed from a timer's thread below
    other.set_autocommit(False)
    with other.cursor() as cursor:  # another reviewer rejects it, not yet committed
        cursor.execute(
            "UPDATE figures_reportedfigure SET status = 'rejected', reviewed_by_id = %s, "
            "reviewed_at = now(), review_note = 'Duplicate.' WHERE id = %s",
            [boss.pk, figure.pk],
        )
    commit_soon = threading.Timer(0.5, other.commit)
    commit_soon.start()
    try:
        outcome = review.review_apply(
            transition=PUBLISH, figures=ReportedFigure.objects.filter(pk=figure.pk), user=boss
        )
    finally:
        commit_soon.join()
        other.dec_thread_sharing()
        other.close()
    assert outcome.done == 0
    assert outcome.refused == {"not_in_review_publish": 1}
    assert ReportedFigure.objects.get(pk=figure.pk).status == "rejected"
