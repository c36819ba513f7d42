"""Spreadsheet imports too long for one web request, and how far each has got."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """One uploaded file, checked and then imported by the background worker.

    The file waits here (in PostgreSQL, like everything else) until the
    worker has imported it or refused it; then only its name is kept.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("checking the file")
        CHECKED = "checked", _("checked: waiting for your confirmation")
        IMPORTING = "importing", _("importing")
        IMPORTED = "imported", _("imported")
        REFUSED = "refused", _("refused: nothing was written")
        FAILED = "failed", _("failed: nothing was written")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (.xlsx)"

    table = models.CharField(_("table"), max_length=40)
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    data = models.BinaryField(_("file contents"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    totals = models.JSONField(_("rows by outcome"), default=dict, blank=True)
    errors = models.JSONField(
        _("errors"), default=list, blank=True, help_text=_("Each with its row and column.")
    )
    errors_not_listed = models.PositiveIntegerField(_("errors not listed"), default=0)
    preview = models.JSONField(_("first rows"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_done__lte=F("rows_total")),
                name="imports_job_done_within_total",
                violation_error_message=_("More rows done than the file has."),
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["checking", "checked", "importing", "imported", "refused", "failed"]
                ),
                name="imports_job_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        """Whether the worker still has something to do with the file."""
        return self.status in {self.Status.CHECKING, self.Status.IMPORTING}

    @property
    def percent_done(self) -> int:
        return 100 * self.rows_done // self.rows_total if self.rows_total else 0
