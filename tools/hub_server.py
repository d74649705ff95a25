"""Start and stop a local JupyterHub (``tools/hub.py``, as ``make hub`` does) for tests and
benchmarks, and log users in with Playwright.

Every port is a free one and the Hub's state (database, users' folders) is a folder of the
caller's; the proxy is the one ``tools/ensure_proxy.sh`` installs into ``.hub/``.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

from tools.course_server import free_port

ROOT = Path(__file__).resolve().parent.parent
PROXY_PREFIX = ROOT / ".hub"
PASSWORD = "course-hub-test-password"


def ensure_proxy() -> Path | None:
    """configurable-http-proxy, installed into ``.hub/`` with npm where missing (as ``make hub``
    does); None if it cannot be installed (no npm, no registry)."""
    result = subprocess.run(["bash", str(ROOT / "tools" / "ensure_proxy.sh"), str(PROXY_PREFIX)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    local = PROXY_PREFIX / "node_modules" / ".bin" / "configurable-http-proxy"
    if result.returncode == 0 and local.exists():
        return local
    import shutil

    found = shutil.which("configurable-http-proxy")
    return Path(found) if result.returncode == 0 and found else None


@dataclass
class HubServer:
    base: str
    process: subprocess.Popen
    log_path: Path
    password: str = PASSWORD

    def user_url(self, user: str, path: str = "") -> str:
        return f"{self.base}/user/{user}/{path}"

    def descendants(self) -> list[psutil.Process]:
        """Every process the Hub's launcher started (Hub, proxy, culler, users' servers,
        kernels) that is still running."""
        try:
            return psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def store_port(self) -> int | None:
        """The port of the Hub's PostgreSQL (printed by ``tools/hub.py``)."""
        found = re.search(r"Rooms on PostgreSQL at 127\.0\.0\.1:(\d+)", self.log_path.read_text())
        return int(found.group(1)) if found else None

    def stop(self, timeout: float = 90) -> None:
        """Ctrl+C for ``make hub``: SIGTERM to the launcher, which stops the Hub (and with it the
        users' servers and the proxy), then PostgreSQL."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            for child in self.descendants():
                child.kill()
            self.process.kill()
            self.process.wait(timeout=10)


def start_hub(state: Path, proxy: Path, *, extra_env: dict[str, str] | None = None,
              timeout: float = 120) -> HubServer:
    """``tools/hub.py`` on free ports with its state in ``state``; RuntimeError with the log's
    end if it does not answer within ``timeout`` seconds."""
    state.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "SOCIOCRACY_HUB_PASSWORD": PASSWORD, "HUB_PORT": str(port),
           "SOCIOCRACY_HUB_API_PORT": str(free_port()),
           "SOCIOCRACY_HUB_PROXY_API_PORT": str(free_port()),
           "SOCIOCRACY_HUB_JOIN_PORT": str(free_port()),
           "SOCIOCRACY_HUB_STATE": str(state), "SOCIOCRACY_HUB_PROXY": str(proxy),
           **(extra_env or {})}
    env.pop("SOCIOCRACY_COURSE_STORE", None)  # the launcher starts the Hub's own PostgreSQL
    log_path = state / "hub.log"
    with log_path.open("w") as log:
        process = subprocess.Popen([sys.executable, str(ROOT / "tools" / "hub.py")], cwd=ROOT,
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
    hub = HubServer(f"http://127.0.0.1:{port}", process, log_path)
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{hub.base}/hub/api", timeout=5) as answer:
                if answer.status == 200:
                    return hub
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            hub.stop()
            raise RuntimeError("JupyterHub did not start:\n" + log_path.read_text()[-4000:])
        time.sleep(0.5)


#: Where a signed-in user's browser ends up: the course home, the first lesson in Voila.
COURSE_HOME_URL = re.compile(r"/user/[^/]+/voila/render/lessons/00_start_here\.ipynb")
#: Seconds the Hub's "your server is starting" page may wait for news before it is reloaded.
STALLED = 30


def log_in(page, hub: HubServer, user: str, *, timeout: float = 180) -> None:
    """Log ``user`` in on the Hub's login page; returns once their server has sent them to the
    course home (the first lesson in Voila), before it is drawn.

    The Hub's "server starting" page follows the start through an event stream; on a busy
    machine that stream sometimes ends without the "ready" news (seen with ten users at once),
    and the page then waits for ever. A person reloads it: so does this, every
    :data:`STALLED` seconds.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(f"{hub.base}/hub/login", wait_until="domcontentloaded")
    page.fill("#username_input", user)
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    deadline = time.monotonic() + timeout
    while True:
        try:
            page.wait_for_url(COURSE_HOME_URL, timeout=STALLED * 1000,
                              wait_until="domcontentloaded")
            return
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise
            with contextlib.suppress(PlaywrightError):  # it went on by itself meanwhile
                page.reload(wait_until="domcontentloaded")
