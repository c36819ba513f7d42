"""How far a job has got, written as it goes, and whether a worker lives.

A job's work runs in one transaction, which holds back everything it writes
until it ends; its page must still see the progress, so the count is written
through a connection of its own and committed at once. That connection also
holds an advisory lock named after the job while the worker runs it: if the
worker dies, PostgreSQL closes its connections and the lock goes with them,
so a page can tell a running job from an abandoned one (``worker_holds``).
Likewise every running worker holds a shared lock (``Presence``), so a page
can tell a job that waits for a busy worker from one that no worker will take.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone

# The advisory lock every running worker holds, shared: (PRESENCE_LOCK, 0).
PRESENCE_LOCK = 7204030


class Progress:
    """Call with (done, total) to record progress on ``job``'s row."""

    def __init__(self, job):
        self.job = job
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
        table = self.connection.ops.quote_name(type(self.job)._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET done = LEAST(%s, total), updated_at = %s WHERE id = %s",
                [done, timezone.now(), self.job.pk],
            )

    def close(self) -> None:
        close_quietly(self.connection)
        self.connection = None


def close_quietly(connection) -> None:
    """Let go of a connection's advisory locks, then close it (a lost one holds nothing)."""
    if connection is None:
        return
    # Closing alone would free the locks a moment later, once the server notices.
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock_all()")
    except DatabaseError:
        pass
    connection.close()


def worker_holds(namespace: int, key: int) -> bool:
    """Whether a live process holds this advisory lock (``Progress.hold``, ``Presence``)."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, key])
        if not cursor.fetchone()[0]:
            return True
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, key])
        return False


def worker_present() -> bool:
    """Whether any worker runs, as far as this database can tell."""
    return worker_holds(PRESENCE_LOCK, 0)


class Presence:
    """A worker saying that it runs: a shared lock on a connection of its own."""

    def __init__(self):
        self.connection = None

    def announce(self) -> None:
        self.withdraw()
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock_shared(%s, 0)", [PRESENCE_LOCK])

    def withdraw(self) -> None:
        close_quietly(self.connection)
        self.connection = None
