"""The project's own PostgreSQL cluster: found, started and used by default."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from ctdb import localdb


def test_the_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="DATABASE_URL names another server")
def test_without_database_url_the_local_cluster_in_the_checkout_is_used():
    host = settings.DATABASES["default"]["HOST"]
    assert host == str(localdb.PRIMARY.socket_dir)
    assert host.startswith(str(settings.BASE_DIR))


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="DATABASE_URL names another server")
def test_the_local_cluster_listens_on_its_socket_and_not_on_tcp(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW listen_addresses")
        assert cursor.fetchone()[0] == ""
        cursor.execute("SHOW unix_socket_directories")
        assert cursor.fetchone()[0] == str(localdb.PRIMARY.socket_dir)


def test_ensure_running_is_a_no_op_when_the_cluster_is_up():
    if "DATABASE_URL" in os.environ:
        pytest.skip("DATABASE_URL names another server")
    assert localdb.ensure_running() == localdb.PRIMARY.settings()


def test_binaries_are_found_on_this_machine():
    bindir = localdb.find_bindir()
    assert bindir is not None and (bindir / "pg_ctl").exists()


def test_a_non_postgresql_database_url_is_refused(monkeypatch):
    from ctdb.settings.base import database_from_environment

    monkeypatch.setenv("DATABASE_URL", "sqlite:///tmp/x.db")
    with pytest.raises(RuntimeError, match="PostgreSQL only"):
        database_from_environment()


def run_python(script: str, **environment: str | None) -> subprocess.CompletedProcess:
    """A fresh interpreter in the checkout, where starting the cluster is only recorded."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update({key: value for key, value in environment.items() if value is not None})
    record = (
        "from ctdb import localdb\n"
        "started = []\n"
        "def record(*args, **kwargs):\n"
        "    started.append(args)\n"
        "    return localdb.PRIMARY.settings()\n"
        "localdb.ensure_running = localdb.ensure_replica = record\n"
        "localdb._start = localdb._initdb = record\n"
    )
    return subprocess.run(
        [sys.executable, "-c", record + script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_importing_the_settings_starts_nothing():
    run = run_python(
        "from ctdb.settings import dev, test\n"
        "print(len(started), test.DATABASES['default']['HOST'])\n"
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["0", str(localdb.PRIMARY.socket_dir)]


@pytest.mark.parametrize(
    ("database_url", "starts"),
    [(None, 1), ("postgres://someone@db.example.org:5432/ctdb", 0)],
)
def test_manage_py_starts_the_local_cluster_unless_database_url_names_another(database_url, starts):
    run = run_python(
        "import runpy, sys\n"
        "sys.argv = ['manage.py', 'check']\n"
        "runpy.run_path('manage.py', run_name='__main__')\n"
        "print('started', len(started))\n",
        DATABASE_URL=database_url,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines()[-1] == f"started {starts}"
