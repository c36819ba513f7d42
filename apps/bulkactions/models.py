"""Review steps over selections too large for one web request, and how far each has got."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.jobs.models import Job


class BulkActionKind(models.TextChoices):
    SUBMIT = "submit", _("submit for review")
    PUBLISH = "publish", _("publish")
    REJECT = "reject", _("reject")
    RETURN_TO_DRAFT = "return_to_draft", _("return to draft")


class BulkActionStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed: nothing was changed")


class BulkAction(Job):
    """One review step (submit, publish, reject, return to draft) over a large selection.

    The selection is fixed when the action is chosen: the figures' ids are
    kept here, so the worker acts on exactly what the changelist showed. The
    worker applies the step in one transaction — every figure it allows, or
    none — and keeps what it refused, counted by reason with a few examples.
    ``done`` and ``total`` count the selected figures gone through.
    """

    Action = BulkActionKind
    Status = BulkActionStatus

    RUNNING = frozenset({Status.QUEUED, Status.RUNNING})
    DONE = frozenset({Status.DONE})
    STARTED = Q(status="running")
    # The advisory locks of running actions: (LOCK, the action's id).
    LOCK = 7204032

    action = models.CharField(_("action"), max_length=15, choices=Action.choices)
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_(
            "Why the figures are rejected, or why values missing from their quotes are published."
        ),
    )
    figure_ids = ArrayField(models.BigIntegerField(), verbose_name=_("figures"), editable=False)
    status = models.CharField(
        _("status"), max_length=7, choices=Status.choices, default=Status.QUEUED
    )
    changed = models.PositiveIntegerField(_("figures changed"), default=0)
    refused = models.JSONField(
        _("refused"),
        default=list,
        blank=True,
        help_text=_("Each reason with its number of figures and a few of their ids."),
    )

    class Meta(Job.Meta):
        verbose_name = _("bulk action")
        verbose_name_plural = _("bulk actions")
        constraints = [
            *Job.Meta.constraints,
            models.CheckConstraint(
                condition=Q(action__in=BulkActionKind.values),
                name="bulkactions_action_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=BulkActionStatus.values),
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
            "count": self.total,
            "status": self.get_status_display(),
        }

    @property
    def refused_count(self) -> int:
        return sum(entry["count"] for entry in self.refused)
