"""Browser-test fixtures: one course Voila server per test session, and watched Playwright pages.

- ``voila``: a running course server (``sociocracy-course start``) on a free port; ``voila.url(p)``
  is the address of notebook ``p`` (relative to the course root).
- ``page``: a Playwright page in a fresh browser context (Debian's Chromium, headless; the
  ``browser`` itself is ``tests/conftest.py``'s, one per worker for every folder).
- ``page_log``: what that page did wrong: console errors, page errors, failed requests, and any
  request to a host other than the local server.
- ``open_notebook(page, voila, path)``: load a notebook page and wait until its widgets render.

Without Chromium the tests are skipped and a loud line says so; with CI=true it is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT
from tools.course_server import CourseServer
from tools.voila_page import wait_until_rendered

ARTIFACTS = ROOT / "test-artifacts"
#: Console messages that are the stack's, not ours (Voila 0.5's frontend is built on an older
#: JupyterLab than the installed widget extensions ask for; everything still renders).
IGNORED_CONSOLE = ("Unsatisfied version", "No satisfying version")


@pytest.fixture(scope="session", autouse=True)
def _patient_expectations() -> None:
    """Give ``expect(...)`` 20 s instead of 5 s: each click goes through a kernel, and on a busy
    test machine (several suites in parallel) an answer can take longer than 5 s. Nothing waits
    that long when the page is right; a wrong page still fails."""
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)


@dataclass
class PageLog:
    """Everything a page did that a clean course page must not do."""

    allowed_host: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("requestfailed", self._on_failed)
        page.on("request", self._on_request)

    def _on_console(self, message) -> None:
        if message.type == "error" and not message.text.startswith(IGNORED_CONSOLE):
            self.console_errors.append(message.text)

    def _on_failed(self, request) -> None:
        failure = request.failure or ""
        # A page that navigates away aborts its pending requests: not a failure of ours.
        if "ERR_ABORTED" not in failure:
            self.failed_requests.append(f"{request.url} ({failure})")

    def _on_request(self, request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob", "about"):
            return
        if parsed.netloc != self.allowed_host:
            self.outside_requests.append(request.url)

    def forget(self) -> list[str]:
        """Clear what was logged so far and return it (for a test that crashes a page on
        purpose: what the dying page logged is the crash itself, not a fault of the course)."""
        seen = self.problems()
        for found in (self.console_errors, self.page_errors, self.failed_requests,
                      self.outside_requests):
            found.clear()
        return seen

    def problems(self) -> list[str]:
        return ([f"console error: {m}" for m in self.console_errors]
                + [f"page error: {m}" for m in self.page_errors]
                + [f"failed request: {m}" for m in self.failed_requests]
                + [f"request outside the course server: {m}" for m in self.outside_requests])


@pytest.fixture
def _watched_page(browser, voila):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    log = PageLog(allowed_host=voila.host)
    log.attach(page)
    yield page, log
    context.close()


@pytest.fixture
def page(_watched_page):
    return _watched_page[0]


@pytest.fixture
def page_log(_watched_page) -> PageLog:
    return _watched_page[1]


def open_notebook(page, voila: CourseServer, path: str, *, timeout: float = 90_000):
    """Load a course page and wait until it has executed and its widgets are drawn.

    Returns the HTTP response of the page itself.
    """
    response = page.goto(voila.url(path), wait_until="domcontentloaded", timeout=timeout)
    wait_until_rendered(page, timeout=timeout)
    page.wait_for_load_state("networkidle", timeout=timeout)
    return response


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/ (ignored by git)."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    # Voila scrolls inside #rendered_cells, not the document: grow the viewport to show it all.
    size = page.viewport_size or {"width": 1280, "height": 900}
    height = page.evaluate(
        "() => (document.querySelector('#rendered_cells') || document.body).scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, 600), 16000)})
    page.screenshot(path=str(path), full_page=True, scale="css")  # 1 px per CSS px: cheaper
    page.set_viewport_size(size)
    return path


# ---------------------------------------------------------------- a workshop server, with phones
#: Every test phone's browser comes from 127.0.0.1, where a room's phones come from addresses of
#: their own: the per-address caps on joins and connections (tested with addresses of their own
#: in tests/serving/test_room_hardening.py) are off on the browser tests' workshop servers.
PHONES_ON_ONE_ADDRESS = {"SOCIOCRACY_COURSE_JOINS_PER_ADDRESS": "0",
                         "SOCIOCRACY_COURSE_CONNECTIONS_PER_ADDRESS": "0"}
#: A phone's browser context: 390x844, as in the workshop room's tests.
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="session")
def workshop_data(tmp_path_factory) -> Path:
    """The record of the shared workshop server (rooms, phones' answers, apps' sessions)."""
    return tmp_path_factory.mktemp("workshop-data")


@pytest.fixture(scope="session")
def workshop_server(tmp_path_factory, workshop_data):
    """One ``sociocracy-course workshop`` server for the browser tests of apps that take the
    phones' answers (started once per test session: each test makes its own room)."""
    from tools.course_server import start_course_server

    try:
        server = start_course_server(
            tmp_path_factory.mktemp("workshop-server") / "server.log", command="workshop",
            extra_args=("--address", "127.0.0.1"),
            extra_env={"SOCIOCRACY_COURSE_DATA": str(workshop_data), **PHONES_ON_ONE_ADDRESS})
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield server
    server.stop(wait=False)  # waited for when the session ends (tests/conftest.py)


def workshop_app_url(server: CourseServer, app: str) -> str:
    """The facilitator's address of an app (``apps/consent_decision.ipynb``) on a workshop
    server, with the token the workshop command printed."""
    import re

    found = re.search(r"Facilitator \(this computer only\): \S+\?token=(\w+)",
                      server.log_path.read_text())
    assert found, "the workshop command printed no facilitator link"
    return f"{server.url(app)}?token={found.group(1)}"


def new_phone(browser, server: CourseServer):
    """A phone: its own browser context at 390x844, its page, and what the page did wrong."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    log = PageLog(allowed_host=server.host)
    log.attach(page)
    return context, page, log
