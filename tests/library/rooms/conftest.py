"""Fixtures for the workshop-record tests: every behaviour runs on SQLite and on PostgreSQL.

``location`` is parametrised: a fresh SQLite file in ``tmp_path``, or a fresh PostgreSQL database.
PostgreSQL is started by the tests themselves (one server per test run, ``tools/postgres_server``:
Debian's binaries, run as the ``postgres`` user when the tests run as root, because PostgreSQL
refuses root), and pytest-postgresql's ``DatabaseJanitor`` creates and drops a database per test.
Where no PostgreSQL binaries are found the PostgreSQL half is skipped, loudly; with CI=true it
fails instead (``tools/ensure_postgres.sh``, called by ``make test``, installs them).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from sociocracy.rooms import RoomStore
from tools.postgres_server import PostgresServer, postgres_bin_dir

BACKENDS = ["sqlite", "postgresql"]
_postgres_missing: list[str] = []


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if postgres_bin_dir() is None:
        reason = ("no PostgreSQL binaries (pg_ctl, initdb) found: the workshop record's "
                  "PostgreSQL tests were not run (run tools/ensure_postgres.sh)")
        if os.environ.get("CI"):
            pytest.fail(f"CI=true and {reason}")
        _postgres_missing.append(reason)
        pytest.skip(reason)
    server = PostgresServer()
    try:
        server.start()
    except (RuntimeError, KeyError) as exc:
        server.stop()
        pytest.fail(f"PostgreSQL could not be started for the tests: {exc}")
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    from pytest_postgresql.janitor import DatabaseJanitor

    dbname = f"rooms_{uuid.uuid4().hex[:12]}"
    with DatabaseJanitor(user=postgres_server.user, host=postgres_server.host,
                         port=postgres_server.port, dbname=dbname):
        yield postgres_server.url(dbname)


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path) -> str:
    """Where a fresh, empty record is: a SQLite file, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "record" / "rooms.sqlite3")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(location: str) -> Iterator[RoomStore]:
    with RoomStore(location) as opened:
        yield opened


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _postgres_missing:
        terminalreporter.write_line(
            "!!! POSTGRESQL TESTS NOT RUN: no PostgreSQL binaries found (install Debian's "
            "'postgresql', or run 'make test', which installs it where apt-get is available). !!!",
            red=True, bold=True)
