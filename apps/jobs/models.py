"""What every job of the background worker has: whose it is, how far it has got, how it ended.

The kinds of job (spreadsheet imports, bulk review actions) are concrete
models in the apps that know their work; this layer knows none of them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

ABANDONED = gettext_noop("The worker stopped before the end.")


class Job(models.Model):
    """One piece of work the worker does for one person, in one transaction.

    A kind of job declares its statuses (``status`` with its choices), which
    of them mean the worker still has something to do (``RUNNING``), which
    mean the work was done (``DONE``), the failed one (``FAILED``), when a job
    counts as started (``STARTED``, a Q) and the advisory-lock namespace its
    worker holds while it runs (``LOCK``).
    """

    RUNNING: frozenset[str] = frozenset()
    DONE: frozenset[str] = frozenset()
    FAILED = "failed"
    STARTED = Q()
    LOCK = 0

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_jobs",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_at = models.DateTimeField(_("taken by the worker at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")),
                name="%(app_label)s_%(class)s_done_within_total",
                violation_error_message=_("More done than there is to do."),
            ),
        ]

    @property
    def running(self) -> bool:
        """Whether the worker still has something to do with the job."""
        return self.status in self.RUNNING

    @property
    def percent_done(self) -> int:
        return 100 * self.done // self.total if self.total else 0

    def finish(self, status: str, **fields) -> None:
        """Write how the job ended (with ``fields``), in the caller's transaction."""
        if status in self.DONE:
            self.done = self.total
        else:  # as far as the progress written through the worker's own connection says
            self.refresh_from_db(fields=["done"])
        self.status = status
        self.finished_at = self.updated_at = timezone.now()
        for name, value in fields.items():
            setattr(self, name, value)
        self.save()

    def abandon_if_stopped(self, **cleared) -> None:
        """A started job whose worker died (its lock is free) is marked failed.

        Its work ran in one transaction that ended with the worker, so nothing
        was written. The UPDATE checks again that the job is still running, so
        a commit under way at that moment wins; ``cleared`` are more columns to set.
        """
        from .progress import worker_holds

        if not self.running or worker_holds(self.LOCK, self.pk):
            return
        now = timezone.now()
        type(self).objects.filter(self.STARTED, status__in=self.RUNNING, pk=self.pk).update(
            status=self.FAILED, message=ABANDONED, finished_at=now, updated_at=now, **cleared
        )
        self.refresh_from_db(fields=["status", "message", "finished_at", "updated_at"])
