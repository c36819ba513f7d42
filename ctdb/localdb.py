"""A PostgreSQL cluster that lives inside the checkout.

With no ``DATABASE_URL`` in the environment, every ``manage.py`` command and the
test suite use a cluster in ``.pgdata/`` (git-ignored). ``manage.py``, ``make``
and the tests' set-up start it when needed (``start_when_used``); the settings
only describe it (``connection_settings``) and start nothing. It listens only on
a unix socket in ``.pgdata/run/``, so it never competes for port 5432 with a
server the machine may already run.

Binaries are looked up on PATH, through ``pg_config --bindir`` and under
``/usr/lib/postgresql/*/bin``; where none exist, the PyPI package ``pgserver``
is used as a last resort (it lacks ``pg_trgm`` and ``unaccent``).

``initdb`` and ``postgres`` refuse to run as root, so under root the cluster is
owned by and run as the unprivileged ``postgres`` system user.

Command line: ``python -m ctdb.localdb start|stop|status|url|replica``; ``replica``
starts a streaming replica of the local cluster in ``.pgdata/replica/``.
"""

from __future__ import annotations

import fcntl
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PGDATA_ROOT = ROOT / ".pgdata"
DATABASE_NAME = "ctdb"
SUPERUSER = "ctdb"
PORT = 5432  # only names the socket file; no TCP listener is opened


class LocalDatabaseError(RuntimeError):
    """The local cluster could not be found, created or started."""


@dataclass(frozen=True)
class Cluster:
    """One local cluster: its data folder, socket folder and log."""

    root: Path
    port: int = PORT

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "run"

    @property
    def log_file(self) -> Path:
        return self.root / "postgres.log"

    def settings(self, name: str = DATABASE_NAME) -> dict:
        """Django DATABASES entry for this cluster."""
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": SUPERUSER,
            "HOST": str(self.socket_dir),
            "PORT": str(self.port),
        }


PRIMARY = Cluster(PGDATA_ROOT)
REPLICA = Cluster(PGDATA_ROOT / "replica")


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when the machine has none."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(os.path.realpath(on_path)).parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidate = Path(out.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    return Path(versions[-1]).parent if versions else None


def _run_as() -> pwd.struct_passwd | None:
    """The unprivileged account the server runs as when this process is root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError as exc:
        raise LocalDatabaseError(
            "Running as root and no 'postgres' system user exists: PostgreSQL refuses to "
            "run as root. Create an unprivileged user named postgres, or set DATABASE_URL."
        ) from exc


def _command(user: pwd.struct_passwd | None, args: list[str]) -> list[str]:
    if user is None:
        return args
    return ["runuser", "-u", user.pw_name, "--", *args]


def _make_traversable(path: Path) -> None:
    """Let the server account reach its folder inside a root-only checkout.

    Only the search bit (o+x) is added, on the folders that lack it, so the
    account can pass through but not list them.
    """
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            os.chmod(parent, mode | 0o001)


def _prepare_folders(cluster: Cluster, user: pwd.struct_passwd | None) -> None:
    cluster.root.mkdir(parents=True, exist_ok=True)
    cluster.socket_dir.mkdir(exist_ok=True)
    if user is not None:
        _make_traversable(cluster.root)
        for path in (cluster.root, cluster.socket_dir):
            os.chown(path, user.pw_uid, user.pw_gid)
        if cluster.log_file.exists():
            os.chown(cluster.log_file, user.pw_uid, user.pw_gid)
    os.chmod(cluster.socket_dir, 0o700)


def _initdb(cluster: Cluster, bindir: Path, user: pwd.struct_passwd | None) -> None:
    args = [
        str(bindir / "initdb"),
        "-D",
        str(cluster.data_dir),
        "-U",
        SUPERUSER,
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--no-instructions",
    ]
    result = subprocess.run(_command(user, args), capture_output=True, text=True)
    if result.returncode != 0:
        raise LocalDatabaseError(f"initdb failed:\n{result.stdout}\n{result.stderr}")


def _is_running(cluster: Cluster, bindir: Path, user: pwd.struct_passwd | None) -> bool:
    status = subprocess.run(
        _command(user, [str(bindir / "pg_ctl"), "-D", str(cluster.data_dir), "status"]),
        capture_output=True,
        text=True,
    )
    return status.returncode == 0


def _start(cluster: Cluster, bindir: Path, user: pwd.struct_passwd | None) -> None:
    options = f"-k {cluster.socket_dir} -p {cluster.port} -c listen_addresses=''"
    args = [
        str(bindir / "pg_ctl"),
        "-D",
        str(cluster.data_dir),
        "-l",
        str(cluster.log_file),
        "-o",
        options,
        "-w",
        "-t",
        "60",
        "start",
    ]
    result = subprocess.run(_command(user, args), capture_output=True, text=True)
    if result.returncode != 0:
        log = (
            cluster.log_file.read_text(errors="replace")[-2000:]
            if cluster.log_file.exists()
            else ""
        )
        raise LocalDatabaseError(f"PostgreSQL did not start:\n{result.stderr}\n{log}")


def _psql(cluster: Cluster, bindir: Path, sql: str, database: str = "postgres") -> str:
    args = [
        str(bindir / "psql"),
        "-X",
        "-qAt",
        "-h",
        str(cluster.socket_dir),
        "-p",
        str(cluster.port),
        "-U",
        SUPERUSER,
        "-d",
        database,
        "-c",
        sql,
    ]
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise LocalDatabaseError(f"psql failed: {result.stderr.strip()}")
    return result.stdout.strip()


def _ensure_database(cluster: Cluster, bindir: Path, name: str) -> None:
    exists = _psql(cluster, bindir, f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    if exists != "1":
        _psql(cluster, bindir, f'CREATE DATABASE "{name}"')


@contextmanager
def _lock(cluster: Cluster):
    """Serialise start-up so two commands launched at once don't race."""
    cluster.root.mkdir(parents=True, exist_ok=True)
    with open(cluster.root / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _socket_is_live(cluster: Cluster) -> bool:
    """A server accepts connections on the socket (a stale socket file does not)."""
    path = cluster.socket_dir / f".s.PGSQL.{cluster.port}"
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def ensure_running(cluster: Cluster = PRIMARY) -> dict:
    """Create and start the cluster when needed; return its Django settings."""
    bindir = find_bindir()
    if bindir is None:
        return _ensure_embedded(cluster)
    if _socket_is_live(cluster):
        return cluster.settings()
    with _lock(cluster):
        user = _run_as()
        _prepare_folders(cluster, user)
        if not (cluster.data_dir / "PG_VERSION").exists():
            _initdb(cluster, bindir, user)
        if not _is_running(cluster, bindir, user):
            _start(cluster, bindir, user)
        _ensure_database(cluster, bindir, DATABASE_NAME)
    return cluster.settings()


def connection_settings(cluster: Cluster = PRIMARY) -> dict:
    """The cluster's Django settings, read from the checkout without starting anything."""
    if find_bindir() is None:
        return _embedded_settings(cluster)
    return cluster.settings()


def start_when_used() -> None:
    """Start the local cluster unless DATABASE_URL names another server."""
    if not os.environ.get("DATABASE_URL"):
        ensure_running()


def ensure_replica(primary: Cluster = PRIMARY, replica: Cluster = REPLICA) -> dict:
    """A streaming replica of the local cluster (pg_basebackup -R), started on its own socket."""
    ensure_running(primary)
    bindir = find_bindir()
    if bindir is None:
        raise LocalDatabaseError("A replica needs PostgreSQL's own binaries (pg_basebackup).")
    if _socket_is_live(replica):
        return replica.settings()
    with _lock(replica):
        user = _run_as()
        _prepare_folders(replica, user)
        if not _is_running(replica, bindir, user):
            # A stopped replica falls behind once the primary recycles its WAL
            # and could never catch up: it is copied afresh instead.
            shutil.rmtree(replica.data_dir, ignore_errors=True)
            args = [
                str(bindir / "pg_basebackup"),
                "-h",
                str(primary.socket_dir),
                "-p",
                str(primary.port),
                "-U",
                SUPERUSER,
                "-D",
                str(replica.data_dir),
                "-R",
                "-X",
                "stream",
                "--checkpoint=fast",
            ]
            result = subprocess.run(_command(user, args), capture_output=True, text=True)
            if result.returncode != 0:
                raise LocalDatabaseError(f"pg_basebackup failed:\n{result.stderr}")
            _start(replica, bindir, user)
    return replica.settings()


def stop(cluster: Cluster = PRIMARY) -> bool:
    """Stop the cluster; True when one was running."""
    bindir = find_bindir()
    if bindir is None or not (cluster.data_dir / "PG_VERSION").exists():
        return False
    user = _run_as()
    if not _is_running(cluster, bindir, user):
        return False
    args = [str(bindir / "pg_ctl"), "-D", str(cluster.data_dir), "-m", "fast", "-w", "stop"]
    subprocess.run(_command(user, args), capture_output=True, text=True, check=True)
    return True


def _embedded_settings(cluster: Cluster) -> dict:
    """Where the pgserver wheel's server listens: the socket folder and port it
    wrote in its postmaster.pid when started, or the ones it picks by default."""
    folder = cluster.root / "embedded"
    socket_dir, port = folder, PORT
    pid_file = folder / "postmaster.pid"
    if pid_file.exists():
        lines = pid_file.read_text().splitlines()
        port, socket_dir = int(lines[3].strip() or PORT), Path(lines[4].strip() or folder)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(socket_dir),
        "PORT": str(port),
    }


def _ensure_embedded(cluster: Cluster) -> dict:
    """Last resort on machines without PostgreSQL: the pgserver wheel."""
    try:
        import pgserver  # type: ignore[import-not-found]
    except ImportError as exc:
        raise LocalDatabaseError(
            "No PostgreSQL binaries found (initdb/pg_ctl on PATH, pg_config, or "
            "/usr/lib/postgresql/*/bin) and the 'pgserver' package is not installed. "
            "Install PostgreSQL, run `pip install -e .[embedded-pg]`, or set DATABASE_URL."
        ) from exc
    server = pgserver.get_server(str(cluster.root / "embedded"), cleanup_mode=None)
    if DATABASE_NAME not in server.psql("SELECT datname FROM pg_database"):
        server.psql(f'CREATE DATABASE "{DATABASE_NAME}"')
    import dj_database_url

    return dj_database_url.parse(server.get_uri(DATABASE_NAME))


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "start"
    if command == "start":
        settings = ensure_running()
        print(f"PostgreSQL is running: socket {settings['HOST']}, database {settings['NAME']}")
    elif command == "stop":
        if stop(REPLICA):
            print("The replica stopped.")
        print("PostgreSQL stopped." if stop() else "PostgreSQL was not running.")
    elif command == "replica":
        settings = ensure_replica()
        print(
            "Streaming replica running. Use it with:\n"
            f"  DATABASE_REPLICA_URL='postgresql://{SUPERUSER}@/{settings['NAME']}"
            f"?host={settings['HOST']}'"
        )
    elif command == "status":
        running = _socket_is_live(PRIMARY)
        print("running" if running else "stopped")
        return 0 if running else 3
    elif command == "url":
        settings = ensure_running()
        print(f"postgresql://{settings['USER']}@/{settings['NAME']}?host={settings['HOST']}")
    else:
        print(f"usage: python -m ctdb.localdb start|stop|status|url|replica (got {command!r})")
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except LocalDatabaseError as error:
        print(f"ctdb.localdb: {error}", file=sys.stderr)
        sys.exit(1)
