"""Workflows that change figures: edits, review steps, deletions.

Each review step (``review.TRANSITIONS``) runs through ``review_apply`` over a
queryset: a single figure is a queryset of one, a large selection is the same
call run by the background worker a chunk at a time. What must follow a
change — the value check, regrouping disagreements — is called here,
explicitly, on the figures the change touched; nothing of it hides in
``ReportedFigure.save()``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.history import CHANGED, write_history

from . import disagreements, provenance, review
from .models import ReportedFigure
from .review import ASSESS, PUBLISH, REJECT, RETURN_TO_DRAFT, SUBMIT, Outcome, Transition

Status = ReportedFigure.Status
PUBLISH_PERMISSION = review.PUBLISH_PERMISSION
CHANGE_PERMISSION = review.CHANGE_PERMISSION


class WorkflowError(Exception):
    """A step of the review workflow that is not allowed; the message says why."""


def can_review(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def may_take(transition: Transition, user) -> bool:
    return user.has_perm(transition.permission)


# --- Edits ------------------------------------------------------------------


@transaction.atomic
def figure_record_edit(*, figure: ReportedFigure, user) -> ReportedFigure:
    """Save an edit of what a figure says (or a new figure), then regroup its disagreements."""
    figure_prepare_edit(figure, user)
    figure.save()
    figures_changed([figure.pk])
    return figure


def figure_prepare_edit(figure: ReportedFigure, user) -> None:
    """What an edit does to the figure itself, before it is saved: its place in
    the workflow, its value checked against its quote, its fields validated."""
    move_back_on_edit(figure, user)
    provenance.check_value(figure)
    figure.full_clean()


def figures_changed(ids) -> None:
    """What must follow a change of what figures say, once for all of them."""
    disagreements.regroup_figures(ids)


def move_back_on_edit(figure: ReportedFigure, user) -> None:
    """What an edit does to a figure's place in the workflow (imports save it themselves)."""
    if figure.pk is None:
        figure.created_by = user
        figure.status = Status.DRAFT
    elif figure.status == Status.REJECTED:
        figure.status = Status.DRAFT
    elif figure.status == Status.PUBLISHED:
        figure.status = Status.IN_REVIEW
        figure.reviewed_by = None
        figure.reviewed_at = None
    figure.last_modified_by = user


@transaction.atomic
def figures_delete(*, figures) -> int:
    """Delete figures, then regroup the disagreements they leave behind."""
    ids = list(figures.order_by().values_list("pk", flat=True))
    neighbours = disagreements.touching(ids)
    deleted, _ = ReportedFigure.objects.filter(pk__in=ids).delete()
    figures_changed(neighbours)
    return deleted


# --- Review steps -----------------------------------------------------------


def review_apply(
    *, transition: Transition, figures, user, reason: str = "", assessment: str = ""
) -> Outcome:
    """Take one review step over a queryset of figures: the figures each refusal
    selects are counted under it and left as they are; the others change."""
    if not may_take(transition, user):
        raise PermissionDenied(transition.denied)
    step = review.Step(user=user, reason=reason.strip(), assessment=assessment)
    if transition.needs_reason and not step.reason:
        raise WorkflowError(transition.needs_reason)
    if transition is ASSESS:
        check_assessment(step)
    with transaction.atomic():
        outcome = Outcome(transition)
        allowed = sort_out(transition, step, locked(figures), outcome)
        ids = list(allowed.values_list("pk", flat=True))
        if ids:
            changes = transition.changes(step)
            ReportedFigure.objects.filter(pk__in=ids).update(updated_at=timezone.now(), **changes)
            write_history(
                ReportedFigure,
                ids,
                user=user,
                history_type=CHANGED,
                reason=transition.history(step),
            )
            if transition.regroups:
                figures_changed(ids)
        outcome.done, outcome.done_ids = len(ids), ids
    return outcome


def review_preview(*, transition: Transition, figures, user, reason: str = "") -> Outcome:
    """What ``review_apply`` would refuse, and why, without changing anything."""
    step = review.Step(user=user, reason=reason.strip())
    outcome = Outcome(transition)
    outcome.done = sort_out(transition, step, figures.order_by(), outcome).count()
    return outcome


def sort_out(transition: Transition, step: review.Step, selected, outcome: Outcome):
    """Count the selection's refused figures under their first reason; the rest are allowed."""
    for refusal in transition.refusals:
        refused = selected.filter(refusal.condition(step))
        count = refused.count()
        if count:
            outcome.refuse(refusal.code, examples(refused), count)
            selected = selected.exclude(pk__in=refused.values("pk"))
    return selected


def review_refusals(*, transition: Transition, figures, user, reason: str = "") -> dict[int, str]:
    """Each figure the step would refuse, with the reason, in the reader's language."""
    step = review.Step(user=user, reason=reason.strip())
    refused: dict[int, str] = {}
    for refusal in transition.refusals:
        for pk in figures.filter(refusal.condition(step)).values_list("pk", flat=True):
            refused.setdefault(pk, refusal.message(1))
    return refused


def restore_refusals(*, figures) -> dict[int, str]:
    """Why the published figures among ``figures`` could not have been published by
    their reviewers (a restore keeps the review, not the rules): by figure id."""
    from django.contrib.auth import get_user_model

    published = figures.filter(status=Status.PUBLISHED)
    refused: dict[int, str] = {}
    for reviewer_id in published.values_list("reviewed_by", flat=True).distinct():
        refused |= review_refusals(
            transition=review.RESTORED_PUBLICATION,
            figures=published.filter(reviewed_by=reviewer_id),
            user=get_user_model()(pk=reviewer_id),
        )
    return refused


def check_assessment(step: review.Step) -> None:
    if step.assessment not in ReportedFigure.Assessment.values:
        raise WorkflowError(_("Choose an assessment."))
    if step.assessment != ReportedFigure.Assessment.NONE and not step.reason:
        raise WorkflowError(_("Say why the figure is ranked this way."))


def examples(refused) -> list[int]:
    return list(refused.order_by("pk").values_list("pk", flat=True)[: Outcome.EXAMPLES])


def locked(queryset):
    """The selection's figures, locked in id order until the transaction ends.

    The rules are then checked against what is committed now, not against
    what a concurrent action (say, a worker's) is changing, and two actions
    over the same figures take their locks in the same order and wait for
    each other rather than deadlock.
    """
    selected = ReportedFigure.objects.filter(pk__in=queryset.order_by().values("pk"))
    ids = list(selected.select_for_update().order_by("pk").values_list("pk", flat=True))
    return ReportedFigure.objects.filter(pk__in=ids).order_by("pk")


def figure_step(
    transition: Transition, *, figure: ReportedFigure, user, reason: str = "", assessment=""
) -> ReportedFigure:
    """One figure through ``review_apply``: a refusal is raised as a WorkflowError."""
    outcome = review_apply(
        transition=transition,
        figures=ReportedFigure.objects.filter(pk=figure.pk),
        user=user,
        reason=reason,
        assessment=assessment,
    )
    if outcome.refused:
        code = next(iter(outcome.refused))
        raise WorkflowError(review.REFUSALS[code].message(1))
    figure.refresh_from_db()
    return figure


def figure_submit(*, figure: ReportedFigure, user) -> ReportedFigure:
    """Send a draft to review."""
    return figure_step(SUBMIT, figure=figure, user=user)


def figure_publish(
    *, figure: ReportedFigure, reviewer, override_reason: str = ""
) -> ReportedFigure:
    """Publish a figure in review; a failed value check needs an override reason."""
    return figure_step(PUBLISH, figure=figure, user=reviewer, reason=override_reason)


def figure_reject(*, figure: ReportedFigure, reviewer, reason: str) -> ReportedFigure:
    """Reject a figure in review, saying why."""
    return figure_step(REJECT, figure=figure, user=reviewer, reason=reason)


def figure_return_to_draft(*, figure: ReportedFigure, user) -> ReportedFigure:
    """Take a figure in review, or rejected, back to draft."""
    return figure_step(RETURN_TO_DRAFT, figure=figure, user=user)


def figure_assess(
    *, figure: ReportedFigure, reviewer, assessment: str, reason: str
) -> ReportedFigure:
    """Rank a figure of a disagreement as best supported or disputed, with a reason."""
    return figure_step(ASSESS, figure=figure, user=reviewer, reason=reason, assessment=assessment)
