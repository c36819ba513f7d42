"""The review workflow of reported figures.

draft → in review → published or rejected. A rejected figure goes back to
draft when it is edited; a published one goes back to review. Nobody
publishes a figure they created or last changed (the database holds that rule
too). The admin actions, commands and tests all call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ReportedFigure

Status = ReportedFigure.Status
PUBLISH_PERMISSION = "figures.publish_reportedfigure"
CHANGE_PERMISSION = "figures.change_reportedfigure"


class WorkflowError(Exception):
    """A step of the review workflow that is not allowed; the message says why."""


def can_review(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def _four_eyes_problem(figure: ReportedFigure, reviewer) -> str | None:
    if figure.created_by_id == reviewer.pk:
        return _("You created this figure; another reviewer must publish it.")
    if figure.last_modified_by_id == reviewer.pk:
        return _("You last changed this figure; another reviewer must publish it.")
    return None


def figure_record_edit(*, figure: ReportedFigure, user) -> ReportedFigure:
    """Save an edit of what a figure says, moving it back in the workflow."""
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
    figure.full_clean()
    figure.save()
    return figure


@transaction.atomic
def figure_submit(*, figure: ReportedFigure, user) -> ReportedFigure:
    """Send a draft to review."""
    if not user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied(_("You may not submit figures for review."))
    if figure.status != Status.DRAFT:
        raise WorkflowError(
            _("Only drafts can be submitted; this figure is %(status)s.")
            % {"status": figure.get_status_display()}
        )
    figure.status = Status.IN_REVIEW
    figure._change_reason = "Submitted for review"
    figure.save()
    return figure


@transaction.atomic
def figure_publish(
    *, figure: ReportedFigure, reviewer, override_reason: str = ""
) -> ReportedFigure:
    """Publish a figure in review; a failed value check needs an override reason."""
    if not can_review(reviewer):
        raise PermissionDenied(_("Only reviewers can publish figures."))
    if figure.status != Status.IN_REVIEW:
        raise WorkflowError(
            _("Only figures in review can be published; this one is %(status)s.")
            % {"status": figure.get_status_display()}
        )
    problem = _four_eyes_problem(figure, reviewer)
    if problem:
        raise WorkflowError(problem)
    if not figure.quote.in_source:
        raise WorkflowError(_("The quote is no longer in its source's text; fix the quote first."))
    if not figure.value_in_quote and not figure.value_check_override:
        if not override_reason.strip():
            raise WorkflowError(
                _("The value is not written in the quote: give a reason to override the check.")
            )
        figure.value_check_override = override_reason.strip()
    figure.status = Status.PUBLISHED
    figure.reviewed_by = reviewer
    figure.reviewed_at = timezone.now()
    figure._change_reason = "Published"
    try:
        figure.full_clean()
    except ValidationError as error:
        raise WorkflowError("; ".join(error.messages)) from error
    figure.save()
    return figure


@transaction.atomic
def figure_reject(*, figure: ReportedFigure, reviewer, reason: str) -> ReportedFigure:
    """Reject a figure in review, saying why."""
    if not can_review(reviewer):
        raise PermissionDenied(_("Only reviewers can reject figures."))
    if figure.status != Status.IN_REVIEW:
        raise WorkflowError(
            _("Only figures in review can be rejected; this one is %(status)s.")
            % {"status": figure.get_status_display()}
        )
    if not reason.strip():
        raise WorkflowError(_("Say why the figure is rejected."))
    figure.status = Status.REJECTED
    figure.reviewed_by = reviewer
    figure.reviewed_at = timezone.now()
    figure.review_note = reason.strip()
    figure._change_reason = f"Rejected: {reason.strip()}"
    figure.save()
    return figure


@transaction.atomic
def figure_assess(
    *, figure: ReportedFigure, reviewer, assessment: str, reason: str
) -> ReportedFigure:
    """Rank a figure of a disagreement as best supported or disputed, with a reason."""
    if not can_review(reviewer):
        raise PermissionDenied(_("Only reviewers can rank figures."))
    if assessment != ReportedFigure.Assessment.NONE and not reason.strip():
        raise WorkflowError(_("Say why the figure is ranked this way."))
    figure.assessment = assessment
    figure.assessment_reason = reason.strip() if assessment != "none" else ""
    figure.assessed_by = reviewer if assessment != "none" else None
    figure.assessed_at = timezone.now() if assessment != "none" else None
    figure._change_reason = f"Assessed as {assessment}"
    figure.save()
    return figure


@dataclass
class BulkOutcome:
    """What a bulk action did, and what it refused and why."""

    done: list[ReportedFigure] = field(default_factory=list)
    refused: list[tuple[ReportedFigure, str]] = field(default_factory=list)


def apply_to_each(figures, step, **kwargs) -> BulkOutcome:
    """Run one workflow step per figure, each in its own transaction."""
    outcome = BulkOutcome()
    for figure in figures:
        try:
            step(figure=figure, **kwargs)
        except (WorkflowError, PermissionDenied) as error:
            outcome.refused.append((figure, str(error)))
        else:
            outcome.done.append(figure)
    return outcome
