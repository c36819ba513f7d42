"""Files too long for one web request: checked, then imported once confirmed, by the
background worker, with a page that shows how far it has got."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connections, transaction
from django.urls import reverse

from apps.figures import resources
from apps.figures.models import ReportedFigure
from apps.imports import services
from apps.imports.models import ImportJob
from apps.jobs.progress import Progress
from apps.sources.models import Quote
from tests.spreadsheets import clause, csv_file, row

IMPORT_URL = reverse("admin:figures_reportedfigure_import")


def job_url(job) -> str:
    return reverse("admin:imports_importjob_change", args=[job.pk])


def staff(username: str):
    user = get_user_model().objects.create_user(username, password="pw-for-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def importer(client, db):
    user = staff("importer")
    client.force_login(user)
    return user


@pytest.fixture(autouse=True)
def long_files_from_20_rows(monkeypatch):
    """Files of more than 20 rows go to the worker (more than 10 are imported in batches)."""
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 20)
    monkeypatch.setattr(resources, "BULK_IMPORT_ROWS", 10)


def upload(client, rows):
    data = io.BytesIO(csv_file(rows))
    data.name = "figures.csv"
    return client.post(IMPORT_URL, {"format": "0", "import_file": data, "resource": "0"})


def test_a_long_file_is_checked_in_the_background_then_imported_once_confirmed(
    client, importer, report
):
    response = upload(client, [row(n) for n in range(1, 31)])
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == job_url(job)
    assert (job.status, job.done, job.total) == ("checked", 30, 30)
    assert job.totals == {"new": 30} and job.errors == []
    assert not ReportedFigure.objects.exists() and not Quote.objects.exists()

    page = client.get(job_url(job))
    assert "Checked: waiting for your confirmation" in page.text
    assert "30 of 30 rows (100%)" in page.text and 'http-equiv="refresh"' not in page.text
    assert clause(1) in page.text  # the first rows, as they will be stored
    assert "Confirm import" in page.text

    client.post(reverse("admin:imports_importjob_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.done, job.data) == ("imported", 30, b"")
    figures = ReportedFigure.objects.all()
    assert figures.count() == 30
    assert {(f.status, f.origin, f.created_by) for f in figures} == {("draft", "import", importer)}
    assert "Every row was written." in client.get(job_url(job)).text


def test_a_bad_row_in_a_long_file_is_named_by_row_and_column_and_nothing_is_written(
    client, importer, report
):
    rows = [row(n) for n in range(1, 31)]
    rows[17] = row(18, value="lots")
    upload(client, rows)
    job = ImportJob.objects.get()
    assert job.status == "refused"
    assert job.errors == [{"row": 18, "column": "value", "message": "“lots” is not a number."}]
    page = client.get(job_url(job))
    assert "Nothing was written." in page.text and "“lots” is not a number." in page.text
    assert "Confirm import" not in page.text
    assert not ReportedFigure.objects.exists() and not Quote.objects.exists()


def test_a_failed_import_writes_nothing_and_says_why(
    client,
    importer,
    report,
    monkeypatch,
):
    upload(client, [row(n) for n in range(1, 31)])
    job = ImportJob.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("apps.figures.disagreements.regroup.Regrouping.run", broken)
    client.post(reverse("admin:imports_importjob_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "RuntimeError: the disk is full")
    assert not ReportedFigure.objects.exists() and not Quote.objects.exists()
    assert "the disk is full" in client.get(job_url(job)).text


def test_a_file_the_request_can_handle_is_previewed_as_before(
    client,
    importer,
    report,
):
    page = upload(client, [row(n) for n in range(1, 11)])
    assert page.status_code == 200 and page.context["confirm_form"] is not None
    assert not ImportJob.objects.exists()


def test_the_form_says_which_files_go_to_the_background(client, importer):
    page = client.get(IMPORT_URL)
    assert "A file of more than 20 rows is checked and imported in the background" in page.text


def test_a_file_imported_in_batches_within_the_request_previews_its_first_rows(
    client, importer, report, monkeypatch
):
    monkeypatch.setattr("apps.figures.bulkimport.PREVIEW_ROWS", 5)
    page = upload(client, [row(n) for n in range(1, 16)])
    assert "15 rows: 15 new, 0 updated, 0 unchanged. The first 5 are shown below." in page.text
    assert clause(5) in page.text and clause(6) not in page.text
    form = page.context["confirm_form"]
    client.post(
        reverse("admin:figures_reportedfigure_process_import"),
        {name: form.initial.get(name, field.initial) for name, field in form.fields.items()},
    )
    assert ReportedFigure.objects.count() == 15 and not ImportJob.objects.exists()


def test_the_page_of_a_running_import_shows_its_progress_and_refreshes_itself(client, importer):
    job = ImportJob.objects.create(
        table="figures",
        file_name="figures.csv",
        file_format="csv",
        data=b"",
        created_by=importer,
        status="importing",
        total=100000,
        done=40000,
    )
    page = client.get(job_url(job))
    assert '<meta http-equiv="refresh" content="2">' in page.text
    assert '<progress max="100000" value="40000">' in page.text
    assert "40000 of 100000 rows (40%)" in page.text
    assert "Confirm import" not in page.text


def test_only_the_uploader_follows_and_confirms_an_import(
    client,
    importer,
    report,
):
    upload(client, [row(n) for n in range(1, 31)])
    job = ImportJob.objects.get()
    client.force_login(staff("someone-else"))
    assert client.get(job_url(job)).status_code == 404
    assert client.post(reverse("admin:imports_importjob_confirm", args=[job.pk])).status_code == 404
    listed = client.get(reverse("admin:imports_importjob_changelist"))
    assert "figures.csv" not in listed.text
    job.refresh_from_db()
    assert job.status == "checked" and not ReportedFigure.objects.exists()


def test_an_import_is_confirmed_once_however_often_the_button_is_pressed(
    client,
    importer,
    report,
):
    upload(client, [row(n) for n in range(1, 31)])
    job = ImportJob.objects.get()
    confirm = reverse("admin:imports_importjob_confirm", args=[job.pk])
    client.post(confirm)
    again = client.post(confirm, follow=True)
    assert "This file is not waiting for a confirmation." in again.text
    assert ReportedFigure.objects.count() == 30


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_outside_the_import_while_it_runs(
    report,
    editor,
):
    job = ImportJob.objects.create(
        table="figures", file_name="f.csv", file_format="csv", created_by=editor, total=100
    )
    progress = Progress(job)
    with transaction.atomic():
        progress(40, 100)
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("SELECT done FROM imports_importjob WHERE id = %s", [job.pk])
            assert cursor.fetchone() == (40,)
        other.close()
        transaction.set_rollback(True)  # the import fails: its progress stays
    progress.close()
    job.refresh_from_db()
    assert job.done == 40


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_checks_a_queued_file(
    report,
    editor,
    settings,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = services.import_job_start(
        table="figures",
        file_name="figures.csv",
        file_format="csv",
        data=csv_file([row(n) for n in range(1, 31)]),
        rows=30,
        user=editor,
    )
    job.refresh_from_db()
    assert (job.status, job.done) == ("checking", 0)  # queued, not run
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.done, job.totals) == ("checked", 30, {"new": 30})


@pytest.mark.django_db(transaction=True)
def test_a_started_import_whose_worker_died_is_shown_as_failed(client, report, editor):
    from django.utils import timezone

    client.force_login(get_user_model().objects.create_superuser("boss", password="pw-1-boss"))
    waiting, started = (
        ImportJob.objects.create(
            table="figures",
            file_name=name,
            file_format="csv",
            created_by=editor,
            total=100,
            status="importing",
            started_at=started_at,
        )
        for name, started_at in (("waiting.csv", None), ("started.csv", timezone.now()))
    )
    client.get(job_url(waiting))
    page = client.get(job_url(started)).text
    waiting.refresh_from_db()
    started.refresh_from_db()
    assert waiting.status == "importing"  # not started yet: waiting for the worker
    assert (started.status, started.message) == ("failed", "The worker stopped before the end.")
    assert "Nothing was written." in page and 'http-equiv="refresh"' not in page
