"""Each bulk action has a page that follows it, then says what changed and what was refused."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.admin import BackgroundJobAdmin
from apps.figures.review import REFUSALS

from . import services
from .models import BulkAction

REFRESH_SECONDS = 2


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
        % {"count": job.figures_total},
    )
    return redirect("admin:bulkactions_bulkaction_change", job.pk)


def figure_url(pk: int) -> str:
    return reverse("admin:figures_reportedfigure_change", args=[pk])


def refusal_reason(code: str, count: int) -> str:
    """A stored refusal in the reader's language (codes, or the older stored messages)."""
    refusal = REFUSALS.get(code)
    return refusal.message(count) if refusal else _(code)


@admin.register(BulkAction)
class BulkActionAdmin(BackgroundJobAdmin):
    list_display = ["__str__", "status", "progress_column", "created_by", "created_at"]
    list_filter = ["status", "action"]
    list_select_related = ["created_by"]
    ordering = ["-created_at", "-id"]
    done_field, total_field = "figures_done", "figures_total"
    deferred_fields = ("figure_ids",)  # the selection's ids stay out of every page

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The action's page: how far it has got, then what changed and what was refused."""
        job = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        services.abandon_if_stopped(job)
        refused = [
            {
                **entry,
                "message": refusal_reason(entry["reason"], entry["count"]),
                "links": [(pk, figure_url(pk)) for pk in entry["examples"]],
            }
            for entry in job.refused
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": str(job),
            "job": job,
            "refused": refused,
            "opts": self.opts,
            "refresh_seconds": REFRESH_SECONDS if job.running else None,
            "figures_url": reverse("admin:figures_reportedfigure_changelist"),
        }
        return TemplateResponse(request, "admin/bulkactions/bulkaction/progress.html", context)
