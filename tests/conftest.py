"""Shared test set-up: the course root, and the browser-test summary line.

Browser tests need Debian's Chromium. Where it is missing they are reported as not run in one loud
line at the end; with CI=true a missing browser is an error (see tests/ui/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.course_server import CourseServer, start_course_server

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """Opening charts are kept in a cache folder of this test run's own (its workers and servers
    inherit it), never in the person's: every run starts by drawing them for real."""
    if "SOCIOCRACY_COURSE_CACHE" not in os.environ:
        os.environ["SOCIOCRACY_COURSE_CACHE"] = tempfile.mkdtemp(prefix="course-cache-")
    # Course servers started by tests do not draw every chart in the background on start-up
    # (tests/serving/test_draw_charts.py checks that they do when it is on).
    os.environ.setdefault("SOCIOCRACY_COURSE_DRAW_CHARTS", "0")


def chromium_path() -> str | None:
    """Debian's Chromium (or an explicitly named one via $CHROMIUM)."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def course_root() -> Path:
    return ROOT


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if chromium_path() is None and not os.environ.get("CI"):
        terminalreporter.write_line(
            "!!! BROWSER TESTS NOT RUN: no Chromium found (install Debian's 'chromium', or run "
            "'make test', which installs it where apt-get is available). !!!",
            red=True, bold=True,
        )


@pytest.fixture(scope="session")
def voila(tmp_path_factory) -> Iterator[CourseServer]:
    # Apps that keep a workshop record (the meeting app) write it to a folder of the test run's
    # own, never to the person's data folder.
    patch = pytest.MonkeyPatch()
    patch.setenv("SOCIOCRACY_COURSE_DATA", str(tmp_path_factory.mktemp("course-data")))
    try:
        # One server serves every page a test session opens, one after another, and a closed
        # page's kernel lingers for the disconnected timeout: no kernel cap here (the cap has
        # its own server in tests/serving/test_server_hardening.py).
        server = start_course_server(tmp_path_factory.mktemp("voila") / "voila.log",
                                     extra_args=("--max-kernels", "0"))
    except RuntimeError as exc:
        patch.undo()
        pytest.fail(str(exc))
    yield server
    server.stop()
    patch.undo()


def stop_every_screen(store=None, seconds: float = 60.0) -> None:
    """What a crashed kernel or a closed laptop leaves behind: every screen's last heartbeat
    moved ``seconds`` into the past, so the sessions they held count as stopped, not live."""
    from sociocracy.rooms import RoomStore

    store = store if store is not None else RoomStore()
    backend = store._open_backend()
    with backend.transaction() as tx:
        tx.execute("CREATE TABLE IF NOT EXISTS screens (session BIGINT PRIMARY KEY, owner TEXT "
                   "NOT NULL, since DOUBLE PRECISION NOT NULL, beat DOUBLE PRECISION NOT NULL)")
        tx.execute("UPDATE screens SET beat = beat - ?", (seconds,))
