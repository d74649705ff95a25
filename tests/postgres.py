"""One throwaway PostgreSQL server per test worker, for every test that needs one.

The workshop record's tests (``tests/library/rooms``) and the join service's (``tests/serving``)
share it: ``postgres_server`` is session-scoped and lives in ``tests/conftest.py``. PostgreSQL is
started by the tests themselves (``tools/postgres_server``: Debian's binaries, run as the
``postgres`` user when the tests run as root, because PostgreSQL refuses root), and
pytest-postgresql's ``DatabaseJanitor`` creates and drops a database per test (``postgres_url``).
Where no PostgreSQL binaries are found those tests are skipped, loudly; with CI=true they fail
instead (``tools/ensure_postgres.sh``, called by ``make test``, installs them).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from tools.postgres_server import PostgresServer, postgres_bin_dir

__all__ = ["postgres_missing", "postgres_server", "postgres_url"]

#: Why PostgreSQL tests were not run (read by the terminal summary).
postgres_missing: list[str] = []


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if postgres_bin_dir() is None:
        reason = ("no PostgreSQL binaries (pg_ctl, initdb) found: the workshop record's "
                  "PostgreSQL tests were not run (run tools/ensure_postgres.sh)")
        if os.environ.get("CI"):
            pytest.fail(f"CI=true and {reason}")
        postgres_missing.append(reason)
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
