"""The background worker is started in the background by make and stopped by make stop."""

import sys
import time

import pytest

from ctdb import worker


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "PID_FILE", tmp_path / "worker.pid")
    monkeypatch.setattr(worker, "LOG_FILE", tmp_path / "worker.log")
    return tmp_path


def sleeper(seconds: int) -> list[str]:
    """A stand-in for db_worker that, like it, leaves on SIGTERM."""
    return [
        sys.executable,
        "-c",
        f"import time; print('working', flush=True); time.sleep({seconds})",
    ]


def test_the_worker_starts_in_the_background_and_stops(files):
    pid = worker.start(sleeper(60))
    assert worker.running() == pid
    assert (files / "worker.pid").read_text() == f"{pid}\n"
    assert worker.stop(wait=10)
    assert worker.running() is None and not (files / "worker.pid").exists()


def test_starting_again_replaces_the_running_worker(files):
    first = worker.start(sleeper(60))
    second = worker.start(sleeper(60))
    assert second != first and worker.running() == second
    worker.stop(wait=10)


def test_the_worker_writes_its_log_in_the_checkout(files):
    worker.start(sleeper(60))
    deadline = time.monotonic() + 10
    while "working" not in (files / "worker.log").read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "working" in (files / "worker.log").read_text()
    worker.stop(wait=10)


def test_stopping_when_none_runs_says_so(files):
    assert worker.stop(wait=1) is False
    assert worker.main(["stop"]) == 0
    assert worker.main(["restart"]) == 2


def test_it_runs_the_database_worker_of_this_checkout():
    assert worker.command()[1:] == [str(worker.ROOT / "manage.py"), "db_worker"]
