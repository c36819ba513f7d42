"""With DATABASE_REPLICA_URL, public reads go to a real streaming replica and
staff pages and writes to the primary."""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from ctdb import localdb

pytestmark = pytest.mark.skipif(
    "DATABASE_URL" in os.environ, reason="needs the project's own local cluster"
)


@pytest.fixture(scope="module")
def probe_database():
    # A replica started for the test is stopped after it: left running, it would
    # replay every later write on the machine. One the user started stays up.
    already_running = localdb._socket_is_live(localdb.REPLICA)
    localdb.ensure_replica()
    bindir = localdb.find_bindir()
    name = f"replica_probe_{uuid.uuid4().hex[:8]}"
    localdb._psql(localdb.PRIMARY, bindir, f'CREATE DATABASE "{name}"')
    # A busy primary's replica may need a while to replay the new database.
    deadline = time.monotonic() + 120
    query = f"SELECT count(*) FROM pg_database WHERE datname = '{name}'"
    while localdb._psql(localdb.REPLICA, bindir, query).strip() != "1":
        assert time.monotonic() < deadline, "the replica did not replay the probe database"
        time.sleep(0.5)
    yield name
    localdb._psql(localdb.PRIMARY, bindir, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if not already_running:
        localdb.stop(localdb.REPLICA)


def test_public_reads_use_the_replica_and_staff_writes_the_primary(probe_database):
    primary, replica = localdb.PRIMARY.socket_dir, localdb.REPLICA.socket_dir
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ctdb.settings.test",
        "DATABASE_URL": f"postgresql://ctdb@/{probe_database}?host={primary}",
        "DATABASE_REPLICA_URL": f"postgresql://ctdb@/{probe_database}?host={replica}",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    probe = Path(__file__).with_name("replica_probe.py")
    run = subprocess.run(
        [sys.executable, str(probe)], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    public, staff = report["public"], report["staff"]
    assert public["status"] == 200 and public["listed"]
    assert public["replica"] > 0 and public["primary"] == 0
    # Exports stream after the request, and still read where the page did.
    for fmt in ("csv", "json", "xlsx"):
        export = report["exports"][fmt]
        assert export["rows"] == [report["figure"]], fmt
        assert export["replica"] > 0 and export["primary"] == 0, fmt
    assert staff["form"] == 200 and staff["saved"] == 302
    assert staff["replica"] == 0 and staff["primary_updates"] >= 1
    assert staff["renamed_on_primary"] == "Probe, renamed"
