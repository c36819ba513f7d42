"""The benchmark database: ``ctdb_bench`` on the project's own cluster.

Every script calls ``setup_django()`` first. It points Django at
``ctdb_bench`` (unless the user gave a DATABASE_URL), starts the local
cluster when needed, creates the database when missing and migrates it. The
development database ``ctdb`` is refused, so a benchmark can never fill or
empty it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
BENCH_DATABASE = "ctdb_bench"
DEFAULT_URL = f"postgres://ctdb@/{BENCH_DATABASE}?host={CHECKOUT}/.pgdata/run"
PROTECTED_DATABASES = {"ctdb"}


def configure_environment() -> bool:
    """Set DATABASE_URL and the settings module; True when the default URL is used."""
    given = bool(os.environ.get("DATABASE_URL"))
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    # Benchmarks export the whole table many times an hour: lift the per-address
    # export rate limit (30/h by default) unless the user set one.
    os.environ.setdefault("CTDB_EXPORT_RATE", "100000/h")
    # Production's budget for a listing's facet counts (ctdb/settings/base.py).
    os.environ.setdefault("CTDB_FACET_BUDGET_MS", "100")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ctdb.settings.test"
    if str(CHECKOUT) not in sys.path:
        sys.path.insert(0, str(CHECKOUT))
    return not given


def connection_params() -> dict:
    """psycopg keyword arguments for the database named by DATABASE_URL."""
    import dj_database_url

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    params = {
        "dbname": config["NAME"],
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        **config.get("OPTIONS", {}),  # ?host=/socket/folder lands here
    }
    return {key: value for key, value in params.items() if value}


def refuse_protected(params: dict) -> None:
    """Stop before touching the development database."""
    if params["dbname"] in PROTECTED_DATABASES:
        raise SystemExit(
            f"Refusing to benchmark against the development database {params['dbname']!r}: "
            f"point DATABASE_URL at a database of its own (default {BENCH_DATABASE})."
        )


def start_local_cluster() -> None:
    """Start the checkout's own PostgreSQL cluster (a no-op when it runs)."""
    subprocess.run(
        [sys.executable, "-m", "ctdb.localdb", "start"],
        cwd=CHECKOUT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def ensure_database(params: dict) -> None:
    """Create the benchmark database through the ``postgres`` database when missing."""
    import psycopg
    from psycopg import sql

    maintenance = {**params, "dbname": "postgres"}
    with psycopg.connect(**maintenance, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [params["dbname"]]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(params["dbname"])))
            print(f"created database {params['dbname']}", flush=True)


def recreate_database(params: dict) -> None:
    """Drop the benchmark database (ending its sessions) and create it empty."""
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    name = sql.Identifier(params["dbname"])
    maintenance = {**params, "dbname": "postgres"}
    with psycopg.connect(**maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def pending_migrations() -> list[str]:
    """Migrations not yet applied to the benchmark database."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def stored_figures() -> int:
    """How many figures the database holds (0 before the first migration)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('figures_reportedfigure') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute("SELECT count(*) FROM figures_reportedfigure")
        return cursor.fetchone()[0]


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def setup_django(migrate_schema: bool = True) -> dict:
    """Configure, start, create and migrate; returns the psycopg connection parameters.

    A corpus generated under an older schema is not migrated here: data
    migrations over a million rows can take hours, and 01_generate.py
    regenerates the corpus under the new schema in minutes instead.
    """
    uses_local_cluster = configure_environment()
    params = connection_params()
    refuse_protected(params)
    if uses_local_cluster:
        start_local_cluster()
    ensure_database(params)
    import django

    django.setup()
    if migrate_schema:
        pending = pending_migrations()
        if pending and stored_figures():
            raise SystemExit(
                f"The schema changed since the corpus was generated ({', '.join(pending)}): "
                "run bench/01_generate.py first, it regenerates the corpus."
            )
        migrate()
    return params
