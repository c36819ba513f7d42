"""The background work of imports, run by ``manage.py db_worker``."""

from django_tasks import task

from .services import import_job_run


@task()
def run_import_job(job_id: int) -> str:
    """Check or import one uploaded file (``services.import_job_run``)."""
    return import_job_run(job_id)
