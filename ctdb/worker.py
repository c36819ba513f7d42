"""The background worker of this checkout: ``manage.py db_worker``, run by make.

``make run`` and ``make serve`` call ``python -m ctdb.worker start``, which
stops a worker left running (it may hold older code or other settings) and
starts one in the background with the environment it is given — the
development settings for ``make run``, the production ones for ``make
serve`` — writing its process id to ``.pgdata/worker.pid`` and its log lines
to ``.pgdata/worker.log``. ``make stop`` calls ``python -m ctdb.worker stop``:
the worker finishes the task it is running (an import is all-or-nothing,
stopping it half-way would throw its work away), then exits; after
``STOP_WAIT`` seconds it is killed, and that import writes nothing.

``python -m ctdb.worker status`` says whether one runs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PID_FILE = ROOT / ".pgdata" / "worker.pid"
LOG_FILE = ROOT / ".pgdata" / "worker.log"
STOP_WAIT = 120


def command() -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), "db_worker"]


def running() -> int | None:
    """The process id of this checkout's worker, if it runs."""
    return alive(PID_FILE)


def alive(pid_file: Path, *, group: bool = False) -> int | None:
    """The process id written in ``pid_file`` if that process (or, with ``group``,
    any process of its group) still runs."""
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.killpg(pid, 0) if group else os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # it runs, as another user
    return pid


def start(argv: list[str] | None = None) -> int:
    """Start the worker in the background (after stopping a running one); its process id."""
    stop()
    PID_FILE.parent.mkdir(parents=True, exist_ok=True)
    with LOG_FILE.open("ab") as log:
        process = subprocess.Popen(
            argv or command(),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() reaches a reloader's child too
        )
    PID_FILE.write_text(f"{process.pid}\n")
    return process.pid


def stop(wait: float = STOP_WAIT) -> bool:
    """Ask the worker to finish its task and exit; kill it after ``wait`` seconds."""
    pid = running()
    if pid is None:
        PID_FILE.unlink(missing_ok=True)
        return False
    signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait
    while running() == pid and time.monotonic() < deadline:
        reap(pid)
        time.sleep(0.2)
    if running() == pid:
        signal_group(pid, signal.SIGKILL)
        reap(pid)
    PID_FILE.unlink(missing_ok=True)
    return True


def signal_group(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signum)


def reap(pid: int) -> None:
    """Collect the exit status of a worker this very process started (no zombie)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "status"
    if action == "start":
        print(f"Background worker started (process {start()}); its log: {LOG_FILE}")
    elif action == "stop":
        print("Background worker stopped." if stop() else "No background worker was running.")
    elif action == "status":
        pid = running()
        print(f"Background worker running (process {pid})." if pid else "No background worker.")
    else:
        print("usage: python -m ctdb.worker start|stop|status", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
