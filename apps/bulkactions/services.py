"""Review steps over selections too large for one web request.

Choosing submit, publish or reject for more than ``BACKGROUND_FIGURES``
figures in the admin (typically "select all" over a filter) records a
``BulkAction`` with the selected ids and queues it; the request ends at once
on the action's page. The worker (``manage.py db_worker``, which ``make run``
and ``make serve`` start) then applies the same set-by-set rules as a large
selection in one request (``figures.services.bulk_*``), ``CHUNK`` figures at
a time so the page can show progress, all in one transaction: every figure
the rules allow changes, or none does. Disagreements are regrouped once, at
the end. Figures deleted since they were selected are reported as refused.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.core.progress import Progress, fail_if_abandoned
from apps.figures import services as review
from apps.figures.models import ReportedFigure
from apps.figures.review import DELETED, TRANSITIONS, Outcome

from .models import BulkAction

logger = logging.getLogger(__name__)

# A selection up to this many figures is changed within the request (a few
# seconds at most); a larger one is handed to the worker.
BACKGROUND_FIGURES = 10_000
CHUNK = 5_000
# The advisory locks of running actions: (WORKER_LOCK, the action's id).
WORKER_LOCK = 7204032

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
            figures_total=len(ids),
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
    progress = Progress(job, done_field="figures_done", total_field="figures_total")
    try:
        # The lock first: a running action without it has lost its worker.
        progress.hold(WORKER_LOCK)
        moved = BulkAction.objects.filter(pk=job.pk, status=Status.QUEUED).update(
            status=Status.RUNNING, updated_at=timezone.now()
        )
        if not moved:
            return BulkAction.objects.get(pk=job.pk).status
        apply(job, progress)
    except (review.WorkflowError, PermissionDenied) as error:
        finish(job, Status.FAILED, message=str(error))
    except Exception as error:
        logger.exception("bulk action %s failed", job.pk)
        finish(job, Status.FAILED, message=f"{type(error).__name__}: {error}")
    finally:
        progress.close()
    return job.status


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
        finish(job, Status.DONE, changed=outcome.done, refused=refused)


def abandon_if_stopped(job: BulkAction) -> BulkAction:
    """A running action whose worker died is marked failed: nothing was changed."""
    if job.status == Status.RUNNING:
        fail_if_abandoned(job, WORKER_LOCK, Q(status=Status.RUNNING))
    return job


def finish(job: BulkAction, status: str, **fields) -> None:
    """Write an outcome on the job (never its list of ids again)."""
    job.refresh_from_db(fields=["figures_done"])
    job.status = status
    job.finished_at = job.updated_at = timezone.now()
    if status == Status.DONE:
        job.figures_done = job.figures_total
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["status", "finished_at", "updated_at", "figures_done", *fields])
