"""Shared test set-up: the course root, and the browser-test summary line.

Browser tests need Debian's Chromium. Where it is missing they are reported as not run in one loud
line at the end; with CI=true a missing browser is an error (see tests/ui/conftest.py).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.join_service import join_service  # noqa: F401 - a shared fixture
from tests.postgres import postgres_server, postgres_url  # noqa: F401 - shared fixtures
from tools.course_server import CHROMIUM_ARGS, CourseServer, finish_stopping, start_course_server

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """Opening charts are kept in a cache folder of this test run's own (its workers and servers
    inherit it), never in the person's: every run starts by drawing them for real."""
    if "SOCIOCRACY_COURSE_CACHE" not in os.environ:
        os.environ["SOCIOCRACY_COURSE_CACHE"] = tempfile.mkdtemp(prefix="course-cache-")
    # Course servers started by tests do not draw every chart in the background on start-up
    # (tests/serving/test_draw_charts.py checks that they do when it is on).
    os.environ.setdefault("SOCIOCRACY_COURSE_DRAW_CHARTS", "0")
    # The course speaks the computer's language on the command line (LANG=es_ES...): tests
    # expect English unless they choose another language themselves, on any developer's machine.
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "SOCIOCRACY_LANGUAGE"):
        os.environ.pop(name, None)
    os.environ["LANG"] = "C.UTF-8"
    # The test-only pseudo-language (tools/pseudo_locale.py), written once from the current
    # English before any worker starts (workers and the servers they start read it).
    if not hasattr(config, "workerinput"):
        from tools.pseudo_locale import write_pseudo_language

        write_pseudo_language(ROOT)


def pytest_sessionfinish(session, exitstatus) -> None:
    """Session fixtures stop their servers without waiting (``stop(wait=False)``): wait for
    them here, so that no server or kernel outlives the test run."""
    finish_stopping()


def chromium_path() -> str | None:
    """Debian's Chromium (or an explicitly named one via $CHROMIUM)."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing, and CI=true: browser tests must run in CI. "
                        "Install Debian's 'chromium' (make test does it where apt-get exists).")
        pytest.skip("no Chromium found: browser tests not run")
    return path


@pytest.fixture(scope="session")
def browser(chromium: str):
    """One headless Chromium per test worker, for every folder (tests/ui, tests/hub): Playwright's
    sync API allows one running instance per thread, so a second session fixture would fail."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()

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
    server.stop(wait=False)  # it shuts its kernels down while the session ends
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
# ---- the course on the room's network (issue 21), shared by HTTP and browser tests -----------
@dataclass
class NetworkCourse:
    """A course server on the room's network, with a record that already holds rooms, answers
    and a facilitator app's session (:func:`seed_record`)."""

    server: CourseServer
    data: Path
    facilitator_link: str  # as printed for "this computer only"
    room_token: str | None  # None: no visitors (``workshop``)

    @property
    def facilitator_token(self) -> str:
        return parse_qs(urlparse(self.facilitator_link).query).get("token", [""])[0]


#: What only the facilitator may see: rooms' titles, answers and an app's past session.
SECRETS = ("Room A of the record", "Ana's real answer", "Bea's secret check-in", "Secret round")


def seed_record(folder: Path) -> None:
    """Two rooms with answers (one revealed) and a round in the record, as after a workshop."""
    from sociocracy.rooms import RoomStore
    from sociocracy.rounds import Round

    with RoomStore(folder) as store:
        room_a = store.create_room("Room A of the record")
        ana = room_a.join("Ana")
        room_a.respond(ana.key, room_a.open_activity("check-in", "How are you?"),
                       words="Ana's real answer")
        room_b = store.create_room("Room B of the record")
        bea = room_b.join("Bea")
        check_in = room_b.open_activity("check-in", "Arriving?")
        room_b.respond(bea.key, check_in, words="Bea's secret check-in")
        secret = Round("check-in", ["Ana", "Ben"], prompt="Secret round")
        store.start_session("rounds", "Secret round", {"round": secret.to_dict()}).finish()


def _printed(server: CourseServer, label: str) -> str | None:
    found = re.search(rf"^{re.escape(label)}[^:]*: (http\S+)", server.log_path.read_text(), re.M)
    return found.group(1) if found else None


def _network_course(tmp_path_factory, command: str, extra_args: tuple[str, ...]) -> NetworkCourse:
    data = tmp_path_factory.mktemp(f"{command}-record")
    seed_record(data)
    try:
        server = start_course_server(tmp_path_factory.mktemp(command) / "server.log",
                                     command=command, extra_args=extra_args,
                                     extra_env={"SOCIOCRACY_COURSE_DATA": str(data)})
    except RuntimeError as exc:
        pytest.fail(str(exc))
    room = _printed(server, "For the room")
    if command == "start" and room is None:  # a server that prints one token for all
        any_token = re.search(r"token=([0-9a-f]{48})", server.log_path.read_text())
        room = f"/?token={any_token.group(1)}" if any_token else None
    token = parse_qs(urlparse(room).query)["token"][0] if room else None
    return NetworkCourse(server=server, data=data, room_token=token,
                         facilitator_link=_printed(server, "Facilitator (this computer only")
                         or "")


@pytest.fixture(scope="session")
def room_network(tmp_path_factory) -> Iterator[NetworkCourse]:
    """``sociocracy-course start --network`` on a record of its own: visitors and facilitator."""
    course = _network_course(tmp_path_factory, "start", ("--network", "--max-kernels", "0"))
    yield course
    course.server.stop(wait=False)


@pytest.fixture(scope="session")
def workshop_network(tmp_path_factory) -> Iterator[NetworkCourse]:
    """``sociocracy-course workshop`` on a record of its own: the facilitator and phones."""
    course = _network_course(tmp_path_factory, "workshop", ("--address", "127.0.0.1"))
    yield course
    course.server.stop(wait=False)


def lan_address() -> str:
    """This computer's address on its network, for requests that must not count as "this
    computer"; tests that need one fail without it in CI and are skipped elsewhere."""
    from sociocracy.shell.network import room_address

    address = room_address()
    if address == "127.0.0.1":
        message = "this computer has no network address to send a request from"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return address
