"""django-tasks' database worker, kept alive through database restarts.

The library's worker exits on the first error from PostgreSQL, and a job
queued after that would wait forever. This one closes its connections, waits
(longer each time, up to ``MAX_WAIT`` seconds) and takes up its loop again,
and while it runs it holds the shared lock that tells the jobs' pages a worker
is there (``progress.Presence``).
"""

from __future__ import annotations

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

from apps.jobs.progress import Presence

logger = logging.getLogger("apps.jobs")

FIRST_WAIT = 1.0
MAX_WAIT = 30.0


class ReconnectingWorker(db_worker.Worker):
    def run(self) -> None:
        presence = Presence()
        wait = FIRST_WAIT
        try:
            while self.running:
                try:
                    presence.announce()
                    wait = FIRST_WAIT
                    super().run()
                    return
                except (OperationalError, InterfaceError) as error:
                    logger.warning("The database is unavailable (%s); again in %ss.", error, wait)
                    presence.withdraw()
                    connections.close_all()
                    time.sleep(wait)
                    wait = min(wait * 2, MAX_WAIT)
        finally:
            presence.withdraw()


class Command(db_worker.Command):
    help = "Run the background worker: it takes jobs from the database queue and survives restarts."

    def handle(self, *args, **options) -> None:
        # The library's command builds its Worker by name from its own module.
        original = db_worker.Worker
        db_worker.Worker = ReconnectingWorker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
