"""Spreadsheet imports too long for one web request, and how far each has got."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.jobs.models import Job


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("checking the file")
    CHECKED = "checked", _("checked: waiting for your confirmation")
    IMPORTING = "importing", _("importing")
    IMPORTED = "imported", _("imported")
    REFUSED = "refused", _("refused: nothing was written")
    FAILED = "failed", _("failed: nothing was written")


class ImportJob(Job):
    """One uploaded file, checked and then imported by the background worker.

    The file waits here (in PostgreSQL, like everything else) until the
    worker has imported it or refused it; then only its name is kept.
    ``done`` and ``total`` count its rows.
    """

    Status = ImportStatus

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (.xlsx)"

    RUNNING = frozenset({Status.CHECKING, Status.IMPORTING})
    DONE = frozenset({Status.CHECKED, Status.IMPORTED})
    STARTED = Q(started_at__isnull=False)
    # The advisory locks of running imports: (LOCK, the job's id).
    LOCK = 7204033

    table = models.CharField(_("table"), max_length=40)
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    data = models.BinaryField(_("file contents"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    totals = models.JSONField(_("rows by outcome"), default=dict, blank=True)
    errors = models.JSONField(
        _("errors"), default=list, blank=True, help_text=_("Each with its row and column.")
    )
    errors_not_listed = models.PositiveIntegerField(_("errors not listed"), default=0)
    preview = models.JSONField(_("first rows"), default=dict, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            *Job.Meta.constraints,
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values),
                name="imports_job_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def finish(self, status: str, **fields) -> None:
        # A finished job no longer needs its file (a checked one waits for its confirmation).
        if status != self.Status.CHECKED:
            fields["data"] = b""
        super().finish(status, **fields)
