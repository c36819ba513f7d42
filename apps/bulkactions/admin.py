"""Each bulk action has a page that follows it, then says what changed and what was refused."""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.figures.review import REFUSALS
from apps.jobs.admin import JobAdmin

from . import services
from .models import BulkAction


def start_in_background(request, transition, queryset, reason: str):
    """A review step over a large selection, handed to the worker: its page is the answer."""
    if transition.name not in BulkAction.Action.values:
        return None
    job = services.bulk_action_start(
        action=transition.name, queryset=queryset, user=request.user, reason=reason
    )
    messages.info(
        request,
        _("%(count)s figures are being handled in the background; this page follows them.")
        % {"count": job.total},
    )
    return redirect("admin:bulkactions_bulkaction_change", job.pk)


def figure_url(pk: int) -> str:
    return reverse("admin:figures_reportedfigure_change", args=[pk])


def refusal_reason(code: str, count: int) -> str:
    """A stored refusal in the reader's language (codes, or the older stored messages)."""
    refusal = REFUSALS.get(code)
    return refusal.message(count) if refusal else _(code)


@admin.register(BulkAction)
class BulkActionAdmin(JobAdmin):
    list_display = ["__str__", "status", "progress_column", "created_by", "created_at"]
    list_filter = ["status", "action"]
    list_select_related = ["created_by"]
    progress_template = "admin/bulkactions/bulkaction/progress.html"
    deferred_fields = ("figure_ids",)  # the selection's ids stay out of every page

    def page_context(self, request, job) -> dict:
        """What changed and what was refused, in the reader's language."""
        refused = [
            {
                **entry,
                "message": refusal_reason(entry["reason"], entry["count"]),
                "links": [(pk, figure_url(pk)) for pk in entry["examples"]],
            }
            for entry in job.refused
        ]
        return {
            "refused": refused,
            "figures_url": reverse("admin:figures_reportedfigure_changelist"),
        }
