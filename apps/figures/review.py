"""The review workflow's rules, each written once.

draft → in review → published or rejected; a figure in review or rejected can
go back to draft; a reviewer ranks figures (best supported, disputed). Each
step is a ``Transition``: who may take it, the figures it refuses and why
(``Refusal``: a named condition with its message), and what it writes on the
figures it allows. ``services.review_apply`` runs a transition over a
queryset — one figure or a million — and every path (the admin's actions, the
background worker, imports that keep the review, tests) goes through it. The
refusals are checked in their order, so each refused figure is counted once,
under the first reason that applies.

The database holds the same rules as its last line of defence
(``ReportedFigure.Meta.constraints``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.db.models import Case, F, Q, TextField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy, pgettext_lazy

from .models import ReportedFigure

Status = ReportedFigure.Status
CHANGE_PERMISSION = "figures.change_reportedfigure"
PUBLISH_PERMISSION = "figures.publish_reportedfigure"


@dataclass(frozen=True)
class Step:
    """What a transition is asked to do: by whom, and with which reason or choice."""

    user: object
    reason: str = ""
    assessment: str = ""


@dataclass(frozen=True)
class Refusal:
    """A reason to refuse a figure: the figures it selects, and what to tell the user.

    ``code`` is stored (in a bulk action's outcome) and never translated;
    ``text`` (singular and plural) is shown in the reader's language.
    """

    code: str
    text: str
    condition: Callable[[Step], Q]

    def message(self, count: int = 1) -> str:
        return self.text % {"count": count}


@dataclass(frozen=True)
class Transition:
    """One step of the review workflow over a selection of figures."""

    name: str
    label: str
    permission: str
    refusals: tuple[Refusal, ...]
    changes: Callable[[Step], dict]
    history: Callable[[Step], str]
    # Whether the step can move figures in or out of a disagreement (or its public mark).
    regroups: bool = False
    needs_reason: str = ""  # the message when a reason is required and missing
    done: str = ""  # "%(count)s figures published.", singular and plural
    denied: str = ""

    def done_message(self, count: int) -> str:
        return self.done % {"count": count}


def _not(status: str) -> Callable[[Step], Q]:
    return lambda step: ~Q(status=status)


NOT_DRAFT = Refusal(
    "not_draft",
    _("only drafts can be submitted"),
    _not(Status.DRAFT),
)
NOT_IN_REVIEW_TO_PUBLISH = Refusal(
    "not_in_review_publish",
    _("only figures in review can be published"),
    _not(Status.IN_REVIEW),
)
NOT_IN_REVIEW_TO_REJECT = Refusal(
    "not_in_review_reject",
    _("only figures in review can be rejected"),
    _not(Status.IN_REVIEW),
)
NOT_BACK_TO_DRAFT = Refusal(
    "not_returnable",
    _("only figures in review or rejected can return to draft"),
    lambda step: ~Q(status__in=[Status.IN_REVIEW, Status.REJECTED]),
)
CREATED_BY_REVIEWER = Refusal(
    "created_by_reviewer",
    ngettext_lazy(
        "you created it: another reviewer must publish it",
        "you created them: another reviewer must publish them",
        "count",
    ),
    lambda step: Q(created_by=step.user),
)
CHANGED_BY_REVIEWER = Refusal(
    "changed_by_reviewer",
    ngettext_lazy(
        "you last changed it: another reviewer must publish it",
        "you last changed them: another reviewer must publish them",
        "count",
    ),
    lambda step: Q(last_modified_by=step.user),
)
QUOTE_LOST = Refusal(
    "quote_lost",
    ngettext_lazy(
        "its quote is no longer in its source's text: fix the quote first",
        "their quotes are no longer in their sources' texts: fix the quotes first",
        "count",
    ),
    lambda step: Q(quote__in_source=False),
)
UNIT_NOT_METRICS = Refusal(
    "unit_not_metrics",
    ngettext_lazy("its unit is not its metric's", "their units are not their metrics'", "count"),
    lambda step: ~Q(unit=F("metric__unit_kind")),
)
COHORT_OF_ANOTHER_PROGRAMME = Refusal(
    "cohort_of_another_programme",
    ngettext_lazy(
        "its cohort belongs to another programme",
        "their cohorts belong to other programmes",
        "count",
    ),
    lambda step: (
        Q(cohort__isnull=False, programme__isnull=False) & ~Q(cohort__programme=F("programme"))
    ),
)
VALUE_NOT_IN_QUOTE = Refusal(
    "value_not_in_quote",
    ngettext_lazy(
        "its value is not written in its quote: give a reason to override the check",
        "their values are not written in their quotes: give a reason to override the check",
        "count",
    ),
    # With a reason, the reason becomes the override (``publish_changes``) and nothing is refused.
    lambda step: Q(pk__in=[]) if step.reason else Q(value_in_quote=False, value_check_override=""),
)
DELETED = Refusal(
    "deleted",
    ngettext_lazy("deleted since it was selected", "deleted since they were selected", "count"),
    lambda step: Q(pk__in=[]),  # matches no stored figure: the job that lost them counts them
)


def _reviewed(step: Step) -> dict:
    return {"reviewed_by": step.user, "reviewed_at": timezone.now()}


def _published(step: Step) -> dict:
    """Published and reviewed; a reason given becomes the override of a failed value check."""
    changes = {"status": Status.PUBLISHED, **_reviewed(step)}
    if step.reason:
        changes["value_check_override"] = Case(
            When(Q(value_in_quote=False, value_check_override=""), then=Value(step.reason)),
            default=F("value_check_override"),
            output_field=TextField(),
        )
    return changes


def _assessed(step: Step) -> dict:
    ranked = step.assessment != ReportedFigure.Assessment.NONE
    return {
        "assessment": step.assessment,
        "assessment_reason": step.reason if ranked else "",
        "assessed_by": step.user if ranked else None,
        "assessed_at": timezone.now() if ranked else None,
    }


SUBMIT = Transition(
    name="submit",
    label=_("submit for review"),
    permission=CHANGE_PERMISSION,
    refusals=(NOT_DRAFT,),
    changes=lambda step: {"status": Status.IN_REVIEW},
    history=lambda step: "Submitted for review",
    done=ngettext_lazy(
        "%(count)s figure submitted for review.", "%(count)s figures submitted for review.", "count"
    ),
    denied=_("You may not submit figures for review."),
)
PUBLISH = Transition(
    name="publish",
    label=_("publish"),
    permission=PUBLISH_PERMISSION,
    refusals=(
        NOT_IN_REVIEW_TO_PUBLISH,
        CREATED_BY_REVIEWER,
        CHANGED_BY_REVIEWER,
        QUOTE_LOST,
        UNIT_NOT_METRICS,
        COHORT_OF_ANOTHER_PROGRAMME,
        VALUE_NOT_IN_QUOTE,
    ),
    changes=_published,
    history=lambda step: "Published",
    regroups=True,  # published figures carry the public mark of a disagreement
    done=ngettext_lazy("%(count)s figure published.", "%(count)s figures published.", "count"),
    denied=_("Only reviewers can publish figures."),
)
REJECT = Transition(
    name="reject",
    label=_("reject"),
    permission=PUBLISH_PERMISSION,
    refusals=(NOT_IN_REVIEW_TO_REJECT,),
    changes=lambda step: {"status": Status.REJECTED, "review_note": step.reason, **_reviewed(step)},
    history=lambda step: f"Rejected: {step.reason}",
    regroups=True,  # rejected figures leave their disagreements
    needs_reason=_("Say why the figures are rejected."),
    done=ngettext_lazy("%(count)s figure rejected.", "%(count)s figures rejected.", "count"),
    denied=_("Only reviewers can reject figures."),
)
# A figure restored as published (``import_data --keep-review``) is held to every
# rule of publishing by its own reviewer, but the one about its status: it
# arrives published.
RESTORED_PUBLICATION = replace(PUBLISH, name="restore_published", refusals=PUBLISH.refusals[1:])
RETURN_TO_DRAFT = Transition(
    name="return_to_draft",
    label=pgettext_lazy("review step", "return to draft"),
    permission=CHANGE_PERMISSION,
    refusals=(NOT_BACK_TO_DRAFT,),
    changes=lambda step: {"status": Status.DRAFT, "reviewed_by": None, "reviewed_at": None},
    history=lambda step: "Returned to draft",
    regroups=True,  # a rejected figure comes back into its disagreements
    done=ngettext_lazy(
        "%(count)s figure returned to draft.", "%(count)s figures returned to draft.", "count"
    ),
    denied=_("You may not return figures to draft."),
)
ASSESS = Transition(
    name="assess",
    label=_("rank"),
    permission=PUBLISH_PERMISSION,
    refusals=(),
    changes=_assessed,
    history=lambda step: f"Assessed as {step.assessment}",
    done=ngettext_lazy("%(count)s figure ranked.", "%(count)s figures ranked.", "count"),
    denied=_("Only reviewers can rank figures."),
)


@dataclass
class Outcome:
    """What a transition did over a selection, and what it refused, by reason.

    ``refused`` maps a refusal's code to its count; ``examples`` to a few ids.
    """

    transition: Transition
    done: int = 0
    done_ids: list[int] = field(default_factory=list)
    refused: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[int]] = field(default_factory=dict)

    EXAMPLES = 5

    def refuse(self, code: str, ids: list[int], count: int | None = None) -> None:
        if not ids and not count:
            return
        self.refused[code] = self.refused.get(code, 0) + (count if count is not None else len(ids))
        self.examples[code] = (self.examples.get(code, []) + list(ids))[: self.EXAMPLES]

    def add(self, other: Outcome) -> None:
        """Count another part of the same selection in."""
        self.done += other.done
        self.done_ids += other.done_ids
        for code, count in other.refused.items():
            self.refuse(code, other.examples.get(code, []), count)

    @property
    def refused_count(self) -> int:
        return sum(self.refused.values())

    def messages(self) -> list[str]:
        """Each reason with its count, in the reader's language."""
        return [
            refusal_message(code, count, self.examples.get(code, []))
            for code, count in self.refused.items()
        ]


TRANSITIONS = {t.name: t for t in (SUBMIT, PUBLISH, REJECT, RETURN_TO_DRAFT, ASSESS)}
REFUSALS = {
    refusal.code: refusal
    for refusal in (DELETED, *(r for t in TRANSITIONS.values() for r in t.refusals))
}


def refusal_message(code: str, count: int, examples: list[int] = ()) -> str:
    """ "3 figures refused: you created them… (e.g. #4, #9, #12)", in the reader's language."""
    refusal = REFUSALS.get(code)
    reason = refusal.message(count) if refusal else code
    text = ngettext(
        "%(count)s figure refused: %(reason)s", "%(count)s figures refused: %(reason)s", count
    ) % {"count": count, "reason": reason}
    if examples:
        text += " (" + ", ".join(f"#{pk}" for pk in examples) + ")"
    return text
