"""Large uploads go to the background worker; each import has a page that follows it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from apps.core.imports import MAX_IMPORT_BYTES
from apps.jobs.admin import JobAdmin

from . import services
from .models import ImportJob


class BackgroundImports:
    """Plugged into an admin with spreadsheet imports (``background_import``): a
    file longer than ``services.BACKGROUND_ROWS`` rows is checked and imported
    by the worker, and the upload leads to the job's page instead of a preview."""

    template_name = "admin/imports/import.html"

    def __init__(self, table: str):
        self.table = table

    @property
    def rows(self) -> int:
        return services.BACKGROUND_ROWS

    def start(self, model_admin, request):
        """The job's page for a long file; None for a file the request can handle."""
        upload = request.FILES.get("import_file")
        within_limit = upload is not None and upload.size <= MAX_IMPORT_BYTES
        if request.method != "POST" or not within_limit:
            return None
        if not model_admin.has_import_permission(request):
            return None
        form = model_admin.create_import_form(request)
        if not form.is_valid():
            return None
        job = self.start_job(model_admin, request, form)
        return redirect("admin:imports_importjob_change", job.pk) if job else None

    def start_job(self, model_admin, request, form):
        reader = model_admin.get_import_formats()[int(form.cleaned_data["format"])]
        upload = form.cleaned_data["import_file"]
        data = b"".join(upload.chunks())
        try:
            rows = len(reader().create_dataset(data))
        except Exception:
            return None  # the preview reports why the file cannot be read
        if rows <= services.BACKGROUND_ROWS:
            return None
        return services.import_job_start(
            table=self.table,
            file_name=upload.name[:255],
            file_format=reader().get_title().lower(),
            data=data,
            rows=rows,
            user=request.user,
        )


@admin.register(ImportJob)
class ImportJobAdmin(JobAdmin):
    list_display = ["file_name", "table", "status", "progress_column", "created_by", "created_at"]
    list_filter = ["status", "table"]
    list_select_related = ["created_by"]
    list_display_links = ["file_name"]
    progress_template = "admin/imports/importjob/progress.html"
    deferred_fields = ("data",)  # the file's bytes stay out of every page
    cleared_when_abandoned = {"data": b""}

    def get_urls(self):
        confirm = path(
            "<int:object_id>/confirm/",
            self.admin_site.admin_view(require_POST(self.confirm_view)),
            name="imports_importjob_confirm",
        )
        return [confirm, *super().get_urls()]

    def page_context(self, request, job) -> dict:
        return {
            "may_confirm": job.status == ImportJob.Status.CHECKED
            and job.created_by_id == request.user.pk,
            "target_url": self.target_url(job),
        }

    def confirm_view(self, request, object_id):
        job = get_object_or_404(self.get_queryset(request), pk=object_id)
        try:
            services.import_job_confirm(job=job, user=request.user)
        except services.JobStepError as error:
            self.message_user(request, str(error), messages.ERROR)
        return redirect("admin:imports_importjob_change", job.pk)

    @staticmethod
    def target_url(job: ImportJob) -> str | None:
        """The list of the table the file was imported into."""
        from apps.figures.spreadsheets import TABLES

        resource = TABLES.get(job.table)
        if resource is None:
            return None
        opts = resource._meta.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
