"""The jobs layer: a worker that outlives a database restart, and pages that say
when no worker is there to take a job."""

import threading
import time

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from apps.bulkactions import services as bulk
from apps.bulkactions.models import BulkAction
from apps.figures.models import ReportedFigure
from apps.figures.review import PUBLISH
from apps.figures.services import figure_submit, review_apply
from apps.jobs.management.commands.db_worker import ReconnectingWorker
from apps.jobs.progress import Presence, worker_present


def staff_in(group: str, name: str):
    user = get_user_model().objects.create_user(name, password="pw-for-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def wait_until(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def database_down_for(seconds: float) -> None:
    """What a PostgreSQL restart does to the worker: its connections are cut, and
    new ones are refused for a while (this test's own connection stays)."""
    name = connection.settings_dict["NAME"]
    quoted = connection.ops.quote_name(name)
    params = {**connection.get_connection_params(), "dbname": "postgres", "autocommit": True}
    params.pop("cursor_factory", None)
    with psycopg.connect(**params) as admin, admin.cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {quoted} WITH ALLOW_CONNECTIONS false")
        try:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> %s",
                [name, connection.connection.info.backend_pid],
            )
            time.sleep(seconds)
        finally:
            cursor.execute(f"ALTER DATABASE {quoted} WITH ALLOW_CONNECTIONS true")


@pytest.mark.django_db(transaction=True)
def test_the_worker_takes_up_its_queue_again_after_losing_the_database(
    settings, make_figure, editor
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    boss = get_user_model().objects.create_superuser("boss", password="pw-for-tests-1")
    worker = ReconnectingWorker(
        queue_names=["default"],
        interval=0.1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    try:
        assert wait_until(worker_present), "the worker never said it runs"
        connection.ensure_connection()
        database_down_for(2)
        assert thread.is_alive()
        assert wait_until(worker_present), "the worker never came back"
        figure = make_figure(created_by=editor)
        job = bulk.bulk_action_start(
            action="submit", queryset=ReportedFigure.objects.filter(pk=figure.pk), user=boss
        )
        assert wait_until(lambda: BulkAction.objects.get(pk=job.pk).status == "done", 60)
        assert ReportedFigure.objects.get(pk=figure.pk).status == "in_review"
    finally:
        worker.running = False
        thread.join(30)
    assert not thread.is_alive()
    assert not worker_present()


def waiting_job(user) -> BulkAction:
    return BulkAction.objects.create(action="submit", figure_ids=[1], total=1, created_by=user)


@pytest.mark.django_db(transaction=True)
def test_a_waiting_job_says_when_no_worker_runs(client):
    boss = get_user_model().objects.create_superuser("boss", password="pw-for-tests-1")
    job = waiting_job(boss)
    client.force_login(boss)
    page = client.get(reverse("admin:bulkactions_bulkaction_change", args=[job.pk])).text
    assert "No background worker is running, so this job has not started." in page

    presence = Presence()
    presence.announce()
    try:
        page = client.get(reverse("admin:bulkactions_bulkaction_change", args=[job.pk])).text
    finally:
        presence.withdraw()
    assert "No background worker is running" not in page
    assert "Waiting for the worker." in page


def test_one_selection_in_the_request_and_in_the_worker_ends_the_same(
    client, make_figure, monkeypatch
):
    """The same figures, published once by the request and once by the worker
    (after a rollback): the same figures change, the same are refused, and the
    pages say the same reasons."""
    from django.db import transaction

    from apps.figures.admin import figures as figures_admin

    ed, rita = staff_in("Editor", "ed"), staff_in("Reviewer", "rita")
    first = make_figure(created_by=ed)
    others = [make_figure(quote=first.quote, created_by=ed) for _ in range(3)]
    own = make_figure(quote=first.quote, created_by=rita)
    draft = make_figure(quote=first.quote, created_by=ed)
    for figure in [first, *others]:
        figure_submit(figure=figure, user=ed)
    figure_submit(figure=own, user=rita)
    selection = ReportedFigure.objects.filter(pk__in=[f.pk for f in [first, *others, own, draft]])
    form = {
        "action": "publish",
        "apply": "1",
        "reason": "Checked.",
        "index": "0",
        "_selected_action": [f.pk for f in selection],
    }
    client.force_login(rita)
    changelist = reverse("admin:figures_reportedfigure_changelist")

    with transaction.atomic():
        in_request = review_apply(transition=PUBLISH, figures=selection, user=rita, reason="x")
        response = client.post(changelist, form, follow=True)
        request_messages = {str(m) for m in response.context["messages"]}
        transaction.set_rollback(True)

    monkeypatch.setattr(figures_admin, "BACKGROUND_FIGURES", 2)
    page = client.post(changelist, form, follow=True).text
    job = BulkAction.objects.get()
    assert job.status == "done"
    assert job.changed == in_request.done == 4
    assert {e["reason"]: e["count"] for e in job.refused} == in_request.refused
    assert in_request.refused == {"not_in_review_publish": 1, "created_by_reviewer": 1}
    for code, count in in_request.refused.items():
        from apps.figures.review import REFUSALS

        message = REFUSALS[code].message(count)
        assert message in page
        assert any(message in shown for shown in request_messages)
