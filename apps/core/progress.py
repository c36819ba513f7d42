"""How far a background job has got, written as it goes, and whether its worker lives.

A job's work runs in one transaction, which holds back everything it writes
until it ends; its page must still see the progress, so the count is written
through a connection of its own and committed at once. That connection also
holds an advisory lock named after the job while the worker runs it: if the
worker dies, PostgreSQL closes its connections and the lock goes with them,
so a page can tell a running job from an abandoned one (``worker_holds``).
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone
from django.utils.translation import gettext_noop


class Progress:
    """Call with (done, total) to record progress on ``job``'s row.

    The job's model has ``done_field``, ``total_field`` and ``updated_at``.
    """

    def __init__(self, job, done_field: str = "rows_done", total_field: str = "rows_total"):
        self.job = job
        self.done_field = done_field
        self.total_field = total_field
        self.connection = None

    def own_connection(self):
        if self.connection is None:
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        return self.connection

    def hold(self, namespace: int) -> None:
        """Hold the job's advisory lock until ``close``, or until the worker dies."""
        with self.own_connection().cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [namespace, self.job.pk])

    def __call__(self, done: int, total: int | None = None) -> None:
        self.own_connection()
        quote = self.connection.ops.quote_name
        table = quote(type(self.job)._meta.db_table)
        done_column, total_column = quote(self.done_field), quote(self.total_field)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {done_column} = LEAST(%s, {total_column}), updated_at = %s "
                "WHERE id = %s",
                [done, timezone.now(), self.job.pk],
            )

    def close(self) -> None:
        if self.connection is not None:
            # Closing alone would free the lock a moment later, once the server notices.
            try:
                with self.connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock_all()")
            except DatabaseError:
                pass  # a lost connection holds nothing
            self.connection.close()
            self.connection = None


def worker_holds(namespace: int, job_id: int) -> bool:
    """Whether a live worker holds the job's advisory lock (``Progress.hold``)."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, job_id])
        if not cursor.fetchone()[0]:
            return True
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, job_id])
        return False


def fail_if_abandoned(job, namespace: int, still_running, **cleared) -> None:
    """Mark a started job whose worker died (its lock is free) as failed.

    Its work ran in one transaction that ended with the worker, so nothing was
    written. ``still_running`` (a Q) is checked again by the UPDATE itself, so a
    commit under way at that moment wins; ``cleared`` are more columns to set.
    """
    if worker_holds(namespace, job.pk):
        return
    now = timezone.now()
    type(job).objects.filter(still_running, pk=job.pk).update(
        status="failed",
        message=gettext_noop("The worker stopped before the end."),
        finished_at=now,
        updated_at=now,
        **cleared,
    )
    job.refresh_from_db(fields=["status", "message", "finished_at", "updated_at"])
