"""A throwaway PostgreSQL server for the workshop-record tests and benchmark.

Uses Debian's PostgreSQL binaries (``tools/ensure_postgres.sh`` installs them): ``initdb`` in a
fresh temporary folder, ``pg_ctl start`` on a free port on 127.0.0.1 with trust authentication,
``pg_ctl stop`` and the folder removed at the end. PostgreSQL refuses to run as root, so as root
every command runs as the ``postgres`` user (``runuser -u postgres``, the account Debian's package
creates) and the folder is handed to it; as anyone else the server simply runs as them. ``fsync``
is off: the server is never killed in these tests, only its clients are, and a commit PostgreSQL
has acknowledged survives a client's crash either way.

Tests and benchmarks share this (as they share ``tools/course_server.py``); pytest-postgresql's
``DatabaseJanitor`` then gives each test a fresh database on it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

__all__ = ["PostgresServer", "postgres_bin_dir"]

SUPERUSER = "postgres"


def postgres_bin_dir() -> Path | None:
    """The folder with ``pg_ctl``, ``initdb`` and ``postgres``: $PG_BIN, PATH, or Debian's."""
    candidates = [os.environ.get("PG_BIN", "")]
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))  # Debian links into its own bin
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0,
                         reverse=True)
    for folder in candidates:
        if folder and all((Path(folder) / tool).exists() for tool in ("pg_ctl", "initdb")):
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """``with PostgresServer() as server: server.url("postgres")``."""

    def __init__(self, bin_dir: Path | None = None) -> None:
        found = bin_dir or postgres_bin_dir()
        if found is None:
            raise FileNotFoundError("no PostgreSQL binaries (pg_ctl, initdb) found")
        self.bin_dir = found
        self.host = "127.0.0.1"
        self.port = _free_port()
        self.user = SUPERUSER
        self.folder = Path(tempfile.mkdtemp(prefix="rooms-postgres-"))
        self.data = self.folder / "data"
        self._as_root = os.geteuid() == 0

    def _run(self, *command: str, timeout: float = 120) -> None:
        prefix = ["runuser", "-u", SUPERUSER, "--"] if self._as_root else []
        result = subprocess.run([*prefix, *command], capture_output=True, text=True,
                                timeout=timeout, cwd=self.folder)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}{tail}")

    def start(self) -> PostgresServer:
        if self._as_root:
            account = pwd.getpwnam(SUPERUSER)  # KeyError: no postgres user to run as
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                  "-A", "trust", "-E", "UTF8", "--no-sync")
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses={self.host} "
                   "-c fsync=off -c max_connections=120")
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.folder / "server.log"), "-w", "-t", "60", "-o", options, "start")
        return self

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                          "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{dbname}"

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
