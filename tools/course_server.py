"""Start and stop a course server (``sociocracy-course start``) for tests and benchmarks."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class CourseServer:
    base: str
    process: subprocess.Popen
    log_path: Path

    def url(self, path: str = "") -> str:
        """Address of a notebook (relative to the course root), or of the landing page."""
        return f"{self.base}/voila/render/{path}" if path else f"{self.base}/"

    @property
    def host(self) -> str:
        return urlparse(self.base).netloc

    def stop(self, *, wait: bool = True) -> None:
        """Ask the server to shut down (it stops its kernels first) and wait until it has.

        ``wait=False`` only asks, for a test fixture's teardown that nothing after it needs the
        server gone for: a server with kernels takes 5-15 s to stop, which the next test need not
        wait for (issue 27). :func:`finish_stopping` (run when the test session ends) then waits
        for every such server.
        """
        self.process.terminate()
        if wait:
            _wait_or_kill(self.process)
        else:
            _stopping.append(self.process)


#: Servers asked to stop without waiting (``CourseServer.stop(wait=False)``), not yet waited for.
_stopping: list[subprocess.Popen] = []


def _wait_or_kill(process: subprocess.Popen, timeout: float = 15) -> None:
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def finish_stopping() -> None:
    """Wait for every server asked to stop without waiting (killed after 15 s more)."""
    while _stopping:
        _wait_or_kill(_stopping.pop())


def start_course_server(log_path: Path, *, timeout: float = 60,
                        extra_args: tuple[str, ...] = (), root: Path = ROOT,
                        command: str = "start", extra_env: dict[str, str] | None = None,
                        port: int | None = None) -> CourseServer:
    """Run the course on a free port; raises RuntimeError with the log if it does not come up.

    ``extra_args`` go to ``sociocracy-course start`` (e.g. ``("--network",)``); ``root`` is the
    course folder to serve (a changed copy, for tests of broken trainers' files); ``command`` may
    be ``"workshop"``; ``extra_env`` adds variables (e.g. ``SOCIOCRACY_COURSE_DATA``; without it,
    and without it in the environment, records go to a new temporary folder); ``port`` reuses a
    port (a server restarted on the same address).
    """
    from sociocracy.shell.cli import course_environment

    env = course_environment(root)
    env["CI"] = "true"  # never try to open a browser
    env.update(extra_env or {})
    # Records go to a folder of this server's own unless the caller chose one: a benchmark or a
    # screenshot script must never write sessions into the person's real workshop record.
    env.setdefault("SOCIOCRACY_COURSE_DATA", tempfile.mkdtemp(prefix="course-data-"))
    # A port found free can be taken by another process (a parallel test) before the server binds
    # it; the server then refuses to start, and another free port is tried (unless the caller
    # named the port), three times at most.
    for attempt in range(3):
        server = _launch([sys.executable, "-m", "sociocracy.shell.cli", command,
                          "--port", str(port or free_port()), "--no-browser", *extra_args],
                         root, env, log_path, timeout)
        if server is not None:
            return server
        if port is not None or attempt == 2:
            break
    raise RuntimeError(f"the course server did not start:\n{log_path.read_text()[-3000:]}")


def _launch(command: list[str], root: Path, env: dict[str, str], log_path: Path,
            timeout: float) -> CourseServer | None:
    """Start ``command``; the server once it answers, None if its port was taken meanwhile.
    Raises RuntimeError with the log if it fails otherwise or does not come up in time."""
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{command[command.index('--port') + 1]}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(base + "/voila/static/voila.js", timeout=2)
            if process.poll() is None:  # it is ours answering, not whoever took the port
                return CourseServer(base=base, process=process, log_path=log_path)
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            if "already in use" in log_path.read_text():
                return None
            raise RuntimeError(
                f"the course server did not start:\n{log_path.read_text()[-3000:]}") from None
        time.sleep(0.3)
