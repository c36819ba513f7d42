"""The web server of this checkout, as ``make run`` and ``make serve`` start it.

``python -m ctdb.server run COMMAND…`` runs the server (Django's development
server for ``make run``, gunicorn for ``make serve``) in the foreground, as
before, but in a process group of its own whose id it writes to
``.pgdata/server.pid``: ``make stop`` (``python -m ctdb.server stop``) then
stops it, and every process it started (the development server's reloader
runs the server in a child process), before it stops the database the server
uses. Ctrl-C stops it as it always did. A server left running by an earlier
``make run`` is stopped before a new one starts.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import time

from ctdb import worker

PID_FILE = worker.ROOT / ".pgdata" / "server.pid"
STOP_WAIT = 10  # seconds for the server to finish its requests before it is killed


def running() -> int | None:
    """The process group of this checkout's server, if any process of it runs."""
    return worker.alive(PID_FILE, group=True)


def run(argv: list[str]) -> int:
    """Run ``argv`` in a process group of its own until it ends; its exit status."""
    stop()
    PID_FILE.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(argv, cwd=worker.ROOT, process_group=0)
    PID_FILE.write_text(f"{process.pid}\n")

    def forward(signum, frame):
        worker.signal_group(process.pid, signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    try:
        return process.wait()
    finally:
        worker.signal_group(process.pid, signal.SIGTERM)  # what the server left behind
        with contextlib.suppress(OSError):
            if PID_FILE.read_text().strip() == str(process.pid):
                PID_FILE.unlink()


def stop(wait: float = STOP_WAIT) -> bool:
    """Stop the server and everything it started; whether one was running."""
    pid = running()
    if pid is None:
        PID_FILE.unlink(missing_ok=True)
        return False
    worker.signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait
    while running() == pid and time.monotonic() < deadline:
        time.sleep(0.1)
    if running() == pid:
        worker.signal_group(pid, signal.SIGKILL)
    PID_FILE.unlink(missing_ok=True)
    return True


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "status"
    if action == "run" and len(argv) > 1:
        return run(argv[1:])
    if action == "stop":
        print("Web server stopped." if stop() else "No web server was running.")
    elif action == "status":
        pid = running()
        print(f"Web server running (process {pid})." if pid else "No web server.")
    else:
        print("usage: python -m ctdb.server run COMMAND…|stop|status", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
