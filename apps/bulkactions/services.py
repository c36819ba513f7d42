"""Review steps over selections too large for one web request.

Choosing a review step for more than ``figures.admin.figures.BACKGROUND_FIGURES``
figures in the admin (typically "select all" over a filter) records a
``BulkAction`` with the selected ids and queues it; the request ends at once
on the action's page. The worker (``manage.py db_worker``, which ``make run``
and ``make serve`` start) then takes the same step as a request would
(``figures.services.review_apply``), ``CHUNK`` figures at a time so the page
can show progress, all in one transaction: every figure the rules allow
changes, or none does. Figures deleted since they were selected are reported
as refused.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.figures import services as review
from apps.figures.models import ReportedFigure
from apps.figures.review import DELETED, TRANSITIONS, Outcome
from apps.jobs.runner import run_job

from .models import BulkAction

logger = logging.getLogger(__name__)

CHUNK = 5_000

Action = BulkAction.Action
Status = BulkAction.Status


def bulk_action_start(*, action: str, queryset, user, reason: str = "") -> BulkAction:
    """Keep the selection's ids and queue the action."""
    transition = TRANSITIONS[action]
    if not review.may_take(transition, user):
        raise PermissionDenied(transition.denied)
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        job = BulkAction.objects.create(
            action=action,
            reason=reason.strip(),
            figure_ids=ids,
            total=len(ids),
            created_by=user,
        )
        # In the same transaction as the action: the worker sees both, or neither.
        from .tasks import run_bulk_action

        run_bulk_action.enqueue(job.pk)
    return job


def bulk_action_run(job_id: int) -> str:
    """Apply a queued action to its figures and write the outcome on it."""
    job = BulkAction.objects.select_related("created_by").get(pk=job_id)
    if job.status != Status.QUEUED:
        return job.status  # already run (a task may be delivered twice)

    def claim() -> bool:
        now = timezone.now()
        return bool(
            BulkAction.objects.filter(pk=job.pk, status=Status.QUEUED).update(
                status=Status.RUNNING, started_at=now, updated_at=now
            )
        )

    return run_job(
        job,
        lambda progress: apply(job, progress),
        claim=claim,
        refusals=(review.WorkflowError, PermissionDenied),
    )


def apply(job: BulkAction, progress) -> None:
    """The step over every figure, and the outcome written on the job, in one transaction."""
    transition = TRANSITIONS[job.action]
    outcome = Outcome(transition)
    with transaction.atomic():
        for start in range(0, len(job.figure_ids), CHUNK):
            chunk = job.figure_ids[start : start + CHUNK]
            figures = ReportedFigure.objects.filter(pk__in=chunk)
            found = set(figures.values_list("pk", flat=True))
            outcome.refuse(DELETED.code, [pk for pk in chunk if pk not in found])
            outcome.add(
                review.review_apply(
                    transition=transition, figures=figures, user=job.created_by, reason=job.reason
                )
            )
            progress(start + len(chunk))
        # Done only if the figures changed: both commit together, or neither does.
        refused = [
            {"reason": code, "count": count, "examples": outcome.examples[code]}
            for code, count in outcome.refused.items()
        ]
        job.finish(Status.DONE, changed=outcome.done, refused=refused)
