"""Review steps over selections too large for one web request, and how far each has got."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class BulkAction(models.Model):
    """One review step (submit, publish, reject) over a large selection of figures.

    The selection is fixed when the action is chosen: the figures' ids are
    kept here, so the worker acts on exactly what the changelist showed. The
    worker applies the step in one transaction — every figure it allows, or
    none — and keeps what it refused, counted by reason with a few examples.
    """

    class Action(models.TextChoices):
        SUBMIT = "submit", _("submit for review")
        PUBLISH = "publish", _("publish")
        REJECT = "reject", _("reject")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed: nothing was changed")

    action = models.CharField(_("action"), max_length=7, choices=Action.choices)
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_(
            "Why the figures are rejected, or why values missing from their quotes are published."
        ),
    )
    figure_ids = ArrayField(models.BigIntegerField(), verbose_name=_("figures"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bulk_actions",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=7, choices=Status.choices, default=Status.QUEUED
    )
    figures_total = models.PositiveIntegerField(_("figures selected"))
    figures_done = models.PositiveIntegerField(_("figures gone through"), default=0)
    changed = models.PositiveIntegerField(_("figures changed"), default=0)
    refused = models.JSONField(
        _("refused"),
        default=list,
        blank=True,
        help_text=_("Each reason with its number of figures and a few of their ids."),
    )
    updated_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("bulk action")
        verbose_name_plural = _("bulk actions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(figures_done__lte=F("figures_total")),
                name="bulkactions_done_within_total",
                violation_error_message=_("More figures gone through than were selected."),
            ),
            models.CheckConstraint(
                condition=Q(action__in=["submit", "publish", "reject"]),
                name="bulkactions_action_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="bulkactions_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(action="reject") | ~Q(reason=""),
                name="bulkactions_reject_has_reason",
                violation_error_message=_("Say why the figures are rejected."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(action)s %(count)s figures (%(status)s)") % {
            "action": self.get_action_display().capitalize(),
            "count": self.figures_total,
            "status": self.get_status_display(),
        }

    @property
    def running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def percent_done(self) -> int:
        return 100 * self.figures_done // self.figures_total if self.figures_total else 0

    @property
    def refused_count(self) -> int:
        return sum(entry["count"] for entry in self.refused)
