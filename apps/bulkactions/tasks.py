"""The background work of bulk actions, run by ``manage.py db_worker``."""

from django_tasks import task

from .services import bulk_action_run


@task()
def run_bulk_action(job_id: int) -> str:
    """Apply one queued bulk action (``services.bulk_action_run``)."""
    return bulk_action_run(job_id)
