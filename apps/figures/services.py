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

from apps.core.history import CHANGED, write_history

from .models import ReportedFigure
from .provenance import SUBJECT_FIELDS, deferred_disagreements, regroup

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
    move_back_on_edit(figure, user)
    figure.full_clean()
    figure.save()
    return figure


def move_back_on_edit(figure: ReportedFigure, user) -> None:
    """What an edit does to a figure's place in the workflow (bulk imports save it themselves)."""
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


@transaction.atomic
def apply_to_each(figures, step, **kwargs) -> BulkOutcome:
    """Run one workflow step per figure: a refused figure is left as it was
    (each step has its own savepoint) and the others go on; disagreements are
    regrouped once, at the end, not once per figure."""
    outcome = BulkOutcome()
    with deferred_disagreements():
        for figure in locked(figures):
            try:
                step(figure=figure, **kwargs)
            except (WorkflowError, PermissionDenied) as error:
                outcome.refused.append((figure, str(error)))
            else:
                outcome.done.append(figure)
    return outcome


# --- Large selections -------------------------------------------------------
# Selecting "all 100,000 matching rows" in the admin must finish in one request:
# the same rules are then applied in SQL, set by set, and the refusals counted
# by reason, with a few example ids each.

BULK_THRESHOLD = 500
EXAMPLES = 5


@dataclass
class BulkSummary:
    done: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: BulkSummary) -> None:
        """Count another part of the same selection in."""
        self.done += other.done
        for reason, count in other.refused.items():
            self.refused[reason] = self.refused.get(reason, 0) + count
            examples = self.examples.get(reason, []) + other.examples.get(reason, [])
            self.examples[reason] = examples[:EXAMPLES]

    def refuse(self, queryset, reason: str) -> None:
        count = queryset.count()
        if count:
            self.refused[reason] = count
            self.examples[reason] = list(
                queryset.order_by("pk").values_list("pk", flat=True)[:EXAMPLES]
            )


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


def record_history(ids: list[int], user, reason: str) -> None:
    """One historical row per changed figure, written by PostgreSQL in one statement."""
    write_history(ReportedFigure, ids, user=user, history_type=CHANGED, reason=reason)


def _apply(
    queryset,
    summary: BulkSummary,
    user,
    reason: str,
    *,
    moves_disagreements: bool = False,
    **changes,
) -> None:
    """Change the figures, write their history and, when the change can move
    them in or out of a disagreement or its public mark, regroup what they touch."""
    ids = list(queryset.values_list("pk", flat=True))
    if ids:
        touched = queryset.order_by().values_list("metric_id", *SUBJECT_FIELDS).distinct()
        partitions = set(touched) if moves_disagreements else set()
        ReportedFigure.objects.filter(pk__in=ids).update(updated_at=timezone.now(), **changes)
        record_history(ids, user, reason)
        regroup((metric_id, tuple(subject)) for metric_id, *subject in partitions)
    summary.done = len(ids)


@transaction.atomic
def bulk_submit(*, queryset, user) -> BulkSummary:
    """Send every draft of the selection to review."""
    if not user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied(_("You may not submit figures for review."))
    queryset = locked(queryset)
    summary = BulkSummary()
    summary.refuse(queryset.exclude(status=Status.DRAFT), _("only drafts can be submitted"))
    _apply(
        queryset.filter(status=Status.DRAFT),
        summary,
        user,
        "Submitted for review",
        status=Status.IN_REVIEW,
    )
    return summary


@transaction.atomic
def bulk_publish(*, queryset, reviewer, override_reason: str = "") -> BulkSummary:
    """Publish the selection's figures in review, under the four-eyes rule."""
    from django.db.models import Q

    if not can_review(reviewer):
        raise PermissionDenied(_("Only reviewers can publish figures."))
    queryset = locked(queryset)
    summary = BulkSummary()
    in_review = queryset.filter(status=Status.IN_REVIEW)
    summary.refuse(
        queryset.exclude(status=Status.IN_REVIEW), _("only figures in review can be published")
    )
    summary.refuse(in_review.filter(created_by=reviewer), _("you created them"))
    eligible = in_review.exclude(created_by=reviewer)
    summary.refuse(eligible.filter(last_modified_by=reviewer), _("you last changed them"))
    eligible = eligible.exclude(last_modified_by=reviewer)
    summary.refuse(
        eligible.filter(quote__in_source=False), _("their quote is no longer in the source")
    )
    eligible = eligible.filter(quote__in_source=True)
    unchecked = eligible.filter(value_in_quote=False, value_check_override="")
    if override_reason.strip():
        unchecked.update(value_check_override=override_reason.strip())
    else:
        summary.refuse(
            unchecked, _("the value is not in the quote and no override reason was given")
        )
        eligible = eligible.filter(Q(value_in_quote=True) | ~Q(value_check_override=""))
    _apply(
        eligible,
        summary,
        reviewer,
        "Published",
        moves_disagreements=True,  # published figures carry the public mark of a disagreement
        status=Status.PUBLISHED,
        reviewed_by=reviewer,
        reviewed_at=timezone.now(),
    )
    return summary


@transaction.atomic
def bulk_reject(*, queryset, reviewer, reason: str) -> BulkSummary:
    """Reject the selection's figures in review, with one reason for all."""

    if not can_review(reviewer):
        raise PermissionDenied(_("Only reviewers can reject figures."))
    if not reason.strip():
        raise WorkflowError(_("Say why the figure is rejected."))
    queryset = locked(queryset)
    summary = BulkSummary()
    summary.refuse(
        queryset.exclude(status=Status.IN_REVIEW), _("only figures in review can be rejected")
    )
    _apply(
        queryset.filter(status=Status.IN_REVIEW),
        summary,
        reviewer,
        f"Rejected: {reason.strip()}",
        moves_disagreements=True,  # rejected figures leave their disagreements
        status=Status.REJECTED,
        reviewed_by=reviewer,
        reviewed_at=timezone.now(),
        review_note=reason.strip(),
    )
    return summary
