"""The production server (gunicorn, ``ctdb.settings.prod``) on a loopback port.

It runs what ``make serve`` runs, with three differences: a throwaway secret
key, static files collected into ``bench/out/static`` rather than the
checkout's ``staticfiles/`` (through a settings module that imports the
production settings and changes ``STATIC_ROOT`` only), and its own output
in a log file. Collecting and compressing the static files takes half a
minute, so it is done again only when one of them has changed. Whatever
happens, leaving the ``with`` block stops the server.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .db import CHECKOUT

SETTINGS = """\
from ctdb.settings.prod import *  # noqa: F403

STATIC_ROOT = {static_root!r}
"""


STATIC_ROOT = CHECKOUT / "bench" / "out" / "static"


def static_fingerprint() -> str:
    """Name, size and time of every static file the finders see (Django must be set up)."""
    from django.contrib.staticfiles.finders import get_finders

    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def collect_static(env: dict[str, str]) -> None:
    marker = STATIC_ROOT / ".fingerprint"
    fingerprint = static_fingerprint()
    if marker.exists() and marker.read_text() == fingerprint:
        return
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "-v0"]
    subprocess.run(command, cwd=CHECKOUT, env=env, check=True)
    marker.write_text(fingerprint)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ProductionServer:
    """``with ProductionServer(workers=5, threads=4) as server:`` then ``server.url``."""

    def __init__(self, workers: int, threads: int, timeout: int = 30):
        self.workers = workers
        self.threads = threads
        self.timeout = timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = Path(tempfile.mkdtemp(prefix="ctdb-load-"))
        self.log_path = self.folder / "server.log"
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        (self.folder / "bench_prod_settings.py").write_text(
            SETTINGS.format(static_root=str(STATIC_ROOT))
        )
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="bench_prod_settings",
            PYTHONPATH=os.pathsep.join([str(self.folder), str(CHECKOUT)]),
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS="127.0.0.1",
            CTDB_HTTPS="0",
            DEBUG="0",
            CTDB_LOG_LEVEL="WARNING",
        )
        return env

    def __enter__(self) -> ProductionServer:
        env = self.environment()
        collect_static(env)
        command = [
            *(sys.executable, "-m", "gunicorn", "ctdb.wsgi"),
            *("--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)),
            *("--threads", str(self.threads)),
            *("--timeout", str(self.timeout)),
        ]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command, cwd=CHECKOUT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self.wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def wait_until_healthy(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited:\n{self.log_tail()}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as response,
            ):
                if json.load(response).get("status") == "ok":
                    return
            time.sleep(0.5)
        raise SystemExit(f"{self.url}/healthz did not answer in {seconds:g} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM lets the workers finish their requests (an import included)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=self.timeout + 10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def logged_errors(self) -> list[str]:
        """Lines of the server's log at level ERROR or above (JSON log records)."""
        found = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                record = json.loads(line)
                if isinstance(record, dict) and record.get("level") in {"ERROR", "CRITICAL"}:
                    found.append(record.get("message", line))
            if "[ERROR]" in line or "WORKER TIMEOUT" in line:
                found.append(line)
        return found
