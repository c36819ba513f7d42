"""make run and make serve record the web server they start, and make stop stops it
with every process it started, before the database it uses."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from ctdb import server, worker


@pytest.fixture
def pid_file(tmp_path, monkeypatch):
    monkeypatch.setattr(server, "PID_FILE", tmp_path / "server.pid")
    return tmp_path / "server.pid"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def launch(pid_file, argv: list[str]) -> subprocess.Popen:
    """``python -m ctdb.server run argv`` as make runs it, with its pid file in ``pid_file``."""
    code = (
        "import sys, pathlib; from ctdb import server; "
        f"server.PID_FILE = pathlib.Path({str(pid_file)!r}); sys.exit(server.run(sys.argv[1:]))"
    )
    return subprocess.Popen([sys.executable, "-c", code, *argv], cwd=worker.ROOT)


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
            return True
    except OSError as error:
        return getattr(error, "code", None) is not None  # an HTTP error is still an answer


def test_make_stop_stops_the_development_server_and_its_reloaders_child(pid_file):
    port = free_port()
    env_server = launch(pid_file, [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"])
    try:
        assert wait_for(lambda: answers(port)), "the development server never answered"
        group = int(pid_file.read_text())
        assert server.running() == group

        assert server.stop()

        assert not answers(port)
        with pytest.raises(ProcessLookupError):
            os.killpg(group, 0)  # the reloader and the server it runs are both gone
        assert env_server.wait(timeout=10) is not None and not pid_file.exists()
    finally:
        if env_server.poll() is None:
            env_server.kill()


def test_stopping_when_no_server_runs_says_so(pid_file):
    assert server.stop() is False
    assert server.main(["stop"]) == 0
    assert server.main(["jump"]) == 2


@pytest.mark.parametrize("target", ["run", "serve"])
def test_make_run_and_make_serve_start_the_server_through_the_recorder(target):
    commands = subprocess.run(
        ["make", "-n", target], cwd=worker.ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "-m ctdb.server run" in commands


def test_make_stop_stops_the_server_then_the_worker_then_the_database():
    commands = subprocess.run(
        ["make", "-n", "stop"], cwd=worker.ROOT, capture_output=True, text=True, check=True
    ).stdout
    order = [commands.index(f"-m ctdb.{name} stop") for name in ("server", "worker", "localdb")]
    assert order == sorted(order)
