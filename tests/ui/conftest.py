"""Browser-test fixtures: one course Voila server per test session, and watched Playwright pages.

- ``voila``: a running course server (``sociocracy-course start``) on a free port; ``voila.url(p)``
  is the address of notebook ``p`` (relative to the course root).
- ``page``: a Playwright page in a fresh browser context (Debian's Chromium, headless).
- ``page_log``: what that page did wrong: console errors, page errors, failed requests, and any
  request to a host other than the local server.
- ``open_notebook(page, voila, path)``: load a notebook page and wait until its widgets render.

Without Chromium the tests are skipped and a loud line says so; with CI=true it is an error.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sociocracy.cli import course_environment
from tests.conftest import ROOT, chromium_path

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
#: Console messages that are the stack's, not ours (Voila 0.5's frontend is built on an older
#: JupyterLab than the installed widget extensions ask for; everything still renders).
IGNORED_CONSOLE = ("Unsatisfied version", "No satisfying version")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class VoilaServer:
    base: str
    process: subprocess.Popen
    log_path: Path

    def url(self, path: str = "") -> str:
        return f"{self.base}/voila/render/{path}" if path else f"{self.base}/"

    @property
    def host(self) -> str:
        return urlparse(self.base).netloc


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
def voila(chromium: str, tmp_path_factory) -> Iterator[VoilaServer]:
    port = free_port()
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    env = course_environment(ROOT)
    env["CI"] = "true"  # never try to open a browser
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "sociocracy.cli", "start", "--port", str(port), "--no-browser"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/voila/static/voila.js", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the course server did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
    server = VoilaServer(base=base, process=process, log_path=log_path)
    yield server
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def browser(chromium: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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


def open_notebook(page, voila: VoilaServer, path: str, *, timeout: float = 90_000):
    """Load a course page and wait until it has executed and its widgets are drawn.

    Returns the HTTP response of the page itself.
    """
    response = page.goto(voila.url(path), wait_until="domcontentloaded", timeout=timeout)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=timeout)
    # Voila shows the cells first and draws widgets after; an output area stays empty until its
    # widget is drawn. Wait until every output area has content and the page is quiet.
    page.wait_for_function(
        """() => {
            if (document.querySelector('script[type="application/vnd.voila.cell-output+json"]'))
              return false;
            const outs = document.querySelectorAll('#rendered_cells .jp-OutputArea-output');
            return Array.from(outs).every(o => o.children.length > 0 || o.textContent.trim());
        }""",
        timeout=timeout,
    )
    page.wait_for_load_state("networkidle", timeout=timeout)
    return response


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/ (ignored by git)."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
