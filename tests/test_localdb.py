"""The project's own PostgreSQL cluster: found, started and used by default."""

import os

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
