"""One way to run a job in the worker, and one way for it to fail with nothing written."""

from __future__ import annotations

import logging
from collections.abc import Callable

from .models import Job
from .progress import Progress

logger = logging.getLogger(__name__)


def run_job(
    job: Job,
    work: Callable[[Progress], None],
    *,
    claim: Callable[[], bool],
    refusals: tuple[type[BaseException], ...] = (),
    refused_status: str = "",
) -> str:
    """Run ``work`` for a job the worker took, and return the status it ends in.

    The job's advisory lock is taken first (a started job without it has lost
    its worker), then ``claim`` moves it to its started state — False when
    another delivery of the same task got there first. ``work`` writes its
    changes and the job's outcome (``Job.finish``) in one transaction, so an
    error leaves nothing but the failure, written here: under
    ``refused_status`` with the error's own message for the ``refusals`` the
    work expects, as failed with the error's name for anything else.
    """
    progress = Progress(job)
    try:
        progress.hold(job.LOCK)
        if not claim():
            job.refresh_from_db(fields=["status"])
            return job.status
        work(progress)
    except refusals as error:
        job.finish(refused_status or job.FAILED, message=str(error))
    except Exception as error:
        logger.exception("%s %s failed", type(job).__name__, job.pk)
        job.finish(job.FAILED, message=f"{type(error).__name__}: {error}")
    finally:
        progress.close()
    return job.status
