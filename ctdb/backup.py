"""Backup and restore with PostgreSQL's own tools (pg_dump / pg_restore).

``python -m ctdb.backup dump FILE`` writes a custom-format dump of the
database the settings name; ``python -m ctdb.backup restore FILE`` loads one
into it, replacing what is there (``--clean --if-exists``), in one transaction,
then moves the publication version: pages, counts and names kept in the
servers' memory under the version were made from other data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ctdb import localdb


def tool(name: str) -> str:
    bindir = localdb.find_bindir()
    if bindir and (bindir / name).exists():
        return str(bindir / name)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed; install PostgreSQL's client tools.")
    return found


def connection_args(params: dict) -> tuple[list[str], dict]:
    """pg_dump/pg_restore arguments and environment for libpq connection parameters
    (``connection.get_connection_params()``: dbname, host, port, user, password)."""
    args = ["--dbname", params["dbname"]]
    for key, flag in (("host", "--host"), ("port", "--port"), ("user", "--username")):
        if params.get(key):
            args += [flag, str(params[key])]
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = params["password"]
    return args, env


def dump(params: dict, path: Path) -> None:
    args, env = connection_args(params)
    command = [tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args]
    subprocess.run(command, env=env, check=True)


def restore(params: dict, path: Path) -> None:
    args, env = connection_args(params)
    command = [
        tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        *args,
        str(path),
    ]
    subprocess.run(command, env=env, check=True)
    move_publication_version(params)


# A restore runs no trigger of the restored tables: the version comes back as
# it was in the dump, though the servers may have kept pages made since.
# A dump made before figures migration 0011 has no stamp (migrate adds it).
MOVE_VERSION = """
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns
             WHERE table_name = 'figures_publication_version' AND column_name = 'stamp') THEN
    UPDATE figures_publication_version SET version = version + 1, stamp = gen_random_uuid();
  END IF;
END $$;
"""


def move_publication_version(params: dict) -> None:
    import psycopg

    keys = ("dbname", "host", "port", "user", "password")
    with psycopg.connect(**{key: params[key] for key in keys if params.get(key)}) as restored:
        restored.execute(MOVE_VERSION)


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in {"dump", "restore"}:
        print("usage: python -m ctdb.backup dump|restore FILE", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctdb.settings.dev")
    import django
    from django.db import connections

    django.setup()
    params = connections["default"].get_connection_params()
    path = Path(argv[2])
    if argv[1] == "dump":
        dump(params, path)
        print(f"Database {params['dbname']} dumped to {path}")
    else:
        if not path.exists():
            print(f"No such file: {path}", file=sys.stderr)
            return 2
        restore(params, path)
        print(f"Database {params['dbname']} restored from {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
