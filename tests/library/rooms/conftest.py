"""Fixtures for the workshop-record tests: every behaviour runs on SQLite and on PostgreSQL.

``location`` is parametrised: a fresh SQLite file in ``tmp_path``, or a fresh PostgreSQL database.
PostgreSQL is started by the tests themselves (one server per test worker, ``tests/postgres.py``
shared with the join service's tests; ``tools/postgres_server``:
Debian's binaries, run as the ``postgres`` user when the tests run as root, because PostgreSQL
refuses root), and pytest-postgresql's ``DatabaseJanitor`` creates and drops a database per test.
Where no PostgreSQL binaries are found the PostgreSQL half is skipped, loudly; with CI=true it
fails instead (``tools/ensure_postgres.sh``, called by ``make test``, installs them).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sociocracy.rooms import RoomStore
from tests.postgres import postgres_missing

BACKENDS = ["sqlite", "postgresql"]


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
    if postgres_missing:
        terminalreporter.write_line(
            "!!! POSTGRESQL TESTS NOT RUN: no PostgreSQL binaries found (install Debian's "
            "'postgresql', or run 'make test', which installs it where apt-get is available). !!!",
            red=True, bold=True)
