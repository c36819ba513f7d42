"""Imports that run in the background: a file is checked, confirmed, then imported.

A file of more than ``BACKGROUND_ROWS`` rows uploaded in the admin becomes an
``ImportJob`` instead of a preview: the request ends at once, and the worker
(``manage.py db_worker``, which ``make run`` and ``make serve`` start) checks
the file — the same dry run as the admin's preview — then, once the person who
uploaded it confirms, imports it, all rows or none, in one transaction. The
job's page in the admin shows the rows done, the rows by outcome and every
error with its row and column.

The import runs in one transaction, so what it writes is invisible until it
ends; its progress is written through a connection of its own
(``core.progress``), committed as it goes.
"""

from __future__ import annotations

import html
import logging
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from apps.core.imports import CSV, XLSX, ImportFileError
from apps.core.progress import Progress, fail_if_abandoned

from .models import ImportJob

logger = logging.getLogger(__name__)

# Files up to this many rows are previewed and imported within the request,
# well inside the 30 seconds gunicorn gives it; longer ones go to the worker.
BACKGROUND_ROWS = 5000
LISTED_ERRORS = 1000
PREVIEW_ROWS = 100
# The advisory locks of running imports: (WORKER_LOCK, the job's id).
WORKER_LOCK = 7204033
READERS = {ImportJob.Format.CSV: CSV, ImportJob.Format.XLSX: XLSX}

Status = ImportJob.Status


class JobStepError(Exception):
    """A step that the job's state does not allow; the message says why."""


def import_job_start(*, table: str, file_name: str, file_format: str, data: bytes, rows: int, user):
    """Keep an uploaded file and queue its check."""
    with transaction.atomic():
        job = ImportJob.objects.create(
            table=table,
            file_name=file_name,
            file_format=file_format,
            data=data,
            rows_total=rows,
            created_by=user,
        )
        enqueue(job)
    return job


def import_job_confirm(*, job: ImportJob, user) -> ImportJob:
    """Queue the import of a checked file; only the person who uploaded it may."""
    if job.created_by_id != user.pk:
        raise PermissionDenied(_("Only the person who uploaded the file can confirm its import."))
    with transaction.atomic():
        # One confirmation only, however many times the button is pressed.
        moved = ImportJob.objects.filter(pk=job.pk, status=Status.CHECKED).update(
            status=Status.IMPORTING, rows_done=0, message="", started_at=None
        )
        if not moved:
            raise JobStepError(_("This file is not waiting for a confirmation."))
        job.refresh_from_db()
        enqueue(job)
    return job


def enqueue(job: ImportJob) -> None:
    # In the same transaction as the job: the worker sees both, or neither.
    from .tasks import run_import_job

    run_import_job.enqueue(job.pk)


def import_job_run(job_id: int) -> str:
    """Check or import a job's file (as its status says) and write the outcome on the job."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not job.running:
        return job.status
    checking = job.status == Status.CHECKING
    progress = Progress(job)
    try:
        # The lock first: a started job without it has lost its worker.
        progress.hold(WORKER_LOCK)
        started = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            started_at=timezone.now(), rows_done=0
        )
        if not started:
            return ImportJob.objects.get(pk=job.pk).status  # run meanwhile by another worker
        # The rows and the job's outcome commit together, or neither does.
        with transaction.atomic():
            result = import_file(job, dry_run=checking, progress=progress)
            refused = result.has_errors() or result.has_validation_errors()
            done = Status.CHECKED if checking else Status.IMPORTED
            finish(job, Status.REFUSED if refused else done, **outcome(result, preview=checking))
    except ImportFileError as error:
        finish(job, Status.REFUSED, message=str(error))
    except Exception as error:
        logger.exception("import job %s failed", job.pk)
        finish(job, Status.FAILED, message=f"{type(error).__name__}: {error}")
    finally:
        progress.close()
    return job.status


def abandon_if_stopped(job: ImportJob) -> ImportJob:
    """A started job whose worker died is marked failed: nothing was written."""
    if job.running and job.started_at is not None:
        started = Q(status__in=[Status.CHECKING, Status.IMPORTING], started_at__isnull=False)
        fail_if_abandoned(job, WORKER_LOCK, started, data=b"")
    return job


def import_file(job: ImportJob, *, dry_run: bool, progress):
    from apps.figures.spreadsheets import TABLES

    dataset = READERS[job.file_format]().create_dataset(bytes(job.data))
    return TABLES[job.table]().import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=job.created_by,
        progress=progress,
    )


def finish(job: ImportJob, status: str, **fields) -> None:
    """Write a step's outcome; a finished job no longer needs its file."""
    job.status = status
    job.finished_at = job.updated_at = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    if status != Status.CHECKED:
        job.data = b""
    if status in {Status.CHECKED, Status.IMPORTED}:
        job.rows_done = job.rows_total
    job.save()


def outcome(result, *, preview: bool) -> dict:
    """What a job's page shows of an import's result: counts, errors, first rows."""
    errors = [{"row": None, "column": None, "message": str(e.error)} for e in result.base_errors]
    for number, row_errors in result.row_errors():
        errors += [{"row": number, "column": None, "message": str(e.error)} for e in row_errors]
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            column = None if column == "__all__" else column
            errors += [{"row": invalid.number, "column": column, "message": m} for m in messages]
    refused = result.totals.get("invalid", 0) + result.totals.get("error", 0)
    listed_rows = len({error["row"] for error in errors if error["row"]})
    return {
        "totals": {kind: count for kind, count in result.totals.items() if count},
        "errors": errors[:LISTED_ERRORS],
        "errors_not_listed": max(refused - listed_rows, 0) + max(len(errors) - LISTED_ERRORS, 0),
        "preview": first_rows(result) if preview and not errors else {},
    }


def first_rows(result) -> dict:
    """The first rows as they will be stored, as plain text."""
    rows = [
        [row.import_type, *(plain(cell) for cell in row.diff or [])]
        for row in result.valid_rows()[:PREVIEW_ROWS]
    ]
    return {"headers": list(result.diff_headers), "rows": rows}


DELETED = re.compile(r"<del\b[^>]*>.*?</del>", re.DOTALL)


def plain(cell) -> str:
    """A preview cell without its markup: for a changed value, the new one."""
    return html.unescape(strip_tags(DELETED.sub("", str(cell))))
