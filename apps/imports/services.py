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
(``jobs.progress``), committed as it goes.
"""

from __future__ import annotations

import html
import logging
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from apps.core.imports import CSV, XLSX, ImportFileError
from apps.jobs.runner import run_job

from .models import ImportJob

logger = logging.getLogger(__name__)

# Files up to this many rows are previewed and imported within the request,
# well inside the 30 seconds gunicorn gives it; longer ones go to the worker.
BACKGROUND_ROWS = 5000
LISTED_ERRORS = 1000
PREVIEW_ROWS = 100
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
            total=rows,
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
            status=Status.IMPORTING, done=0, message="", started_at=None
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

    def claim() -> bool:
        # Another delivery of the same task may have taken it meanwhile.
        return bool(
            ImportJob.objects.filter(pk=job.pk, status=job.status).update(
                started_at=timezone.now(), done=0
            )
        )

    def work(progress) -> None:
        # The rows and the job's outcome commit together, or neither does.
        with transaction.atomic():
            result = import_file(job, dry_run=checking, progress=progress)
            refused = result.has_errors() or result.has_validation_errors()
            done = Status.CHECKED if checking else Status.IMPORTED
            job.finish(Status.REFUSED if refused else done, **outcome(result, preview=checking))

    return run_job(
        job, work, claim=claim, refusals=(ImportFileError,), refused_status=Status.REFUSED
    )


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
