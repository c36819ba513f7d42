"""Every kind of job has a read-only page in the admin that follows it while it runs."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .progress import worker_present

REFRESH_SECONDS = 2


class JobAdmin(admin.ModelAdmin):
    """Jobs the worker runs for one person: read-only, each seen by whoever
    started it and by superusers, deleted only once finished. Each kind gives
    its page's template (``progress_template``, extending ``admin/jobs/job.html``)
    and what else the page shows (``page_context``)."""

    progress_template = "admin/jobs/job.html"
    # Large columns no page shows.
    deferred_fields: tuple[str, ...] = ()
    # Columns to empty when a job is found abandoned (e.g. the file it held).
    cleared_when_abandoned: dict = {}

    def get_queryset(self, request):
        jobs = super().get_queryset(request).defer(*self.deferred_fields)
        return jobs if request.user.is_superuser else jobs.filter(created_by=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return request.user.is_superuser or obj.created_by_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and (obj is None or not obj.running)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The job's page: how far it has got, then what it did."""
        job = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        job.abandon_if_stopped(**self.cleared_when_abandoned)
        context = {
            **self.admin_site.each_context(request),
            "title": str(job),
            "job": job,
            "opts": self.opts,
            "refresh_seconds": REFRESH_SECONDS if job.running else None,
            # A job no worker has taken yet, and no worker to take it: say so.
            "no_worker": job.running and job.started_at is None and not worker_present(),
            **self.page_context(request, job),
        }
        return TemplateResponse(request, self.progress_template, context)

    def page_context(self, request, job) -> dict:
        return {}

    @admin.display(description=_("progress"))
    def progress_column(self, job):
        return format_html(
            '<progress max="{}" value="{}"></progress> {} / {}',
            job.total or 1,
            job.done,
            job.done,
            job.total,
        )
