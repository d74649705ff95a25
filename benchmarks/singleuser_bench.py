"""Memory and start-up of the course in a Jupyter server with Voila as its extension (what a
JupyterHub single-user server and Binder run), beside the course's own server (``start``).

For docs/deploy.md's figures: how much memory one learner's server and one lesson's kernel hold,
and how long a server takes to start and to show its first pages. Each round starts, in turn,

* **start**: ``sociocracy-course start`` (standalone Voila with the course's rules), the
  baseline;
* **jupyter server**: ``jupyter server`` with Voila as its extension and the course's settings
  as Binder's ``postBuild`` writes them (``tools/jupyter_settings.py``), which is what
  ``jupyterhub-singleuser`` runs, minus the Hub's login;

and measures: seconds from launch until the server answers; its memory before any page; in
headless Chromium, cold (a new browser context each time), the course home and then lesson 02,
from navigation until every widget is drawn (the first loads of a fresh server, then
``--loads`` more of lesson 02, median); with lesson 02 open, the server's and the lesson
kernel's memory (RSS, and PSS: what the process alone costs, shared pages divided among their
users). The opening charts are drawn into a chart cache of the run's own first, as the Binder
image and a repo2docker image have them. Figures are medians over ``--rounds`` rounds, with the
jupyter server's ratio to start's in the same run.

Usage: python benchmarks/singleuser_bench.py [--rounds 3] [--loads 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.course_server import CHROMIUM_ARGS, free_port, start_course_server  # noqa: E402
from tools.jupyter_settings import write_settings  # noqa: E402
from tools.voila_page import wait_until_rendered  # noqa: E402

HOME = "lessons/00_start_here.ipynb"
LESSON = "lessons/02_rounds.ipynb"
TOKEN = "singleuser-bench"
MB = 1024 * 1024


@dataclass
class Figures:
    start_s: list[float] = field(default_factory=list)
    idle_rss: list[float] = field(default_factory=list)
    first_home_s: list[float] = field(default_factory=list)
    first_lesson_s: list[float] = field(default_factory=list)
    lesson_s: list[float] = field(default_factory=list)
    server_rss: list[float] = field(default_factory=list)
    server_pss: list[float] = field(default_factory=list)
    kernel_rss: list[float] = field(default_factory=list)
    kernel_pss: list[float] = field(default_factory=list)


def memory(process: psutil.Process) -> tuple[float, float]:
    """RSS and PSS of one process, in MB (PSS 0 where the system does not report it)."""
    info = process.memory_full_info()
    return info.rss / MB, getattr(info, "pss", 0) / MB


def kernels(server: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in server.children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


def load(browser, url: str, *, keep_open: bool = False):
    """Seconds from navigation until every widget is drawn; the open page when ``keep_open``."""
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=180_000)
    wait_until_rendered(page, timeout=180_000)
    elapsed = time.perf_counter() - start
    if keep_open:
        return elapsed, context
    page.goto("about:blank")  # leaving the page lets Voila shut its kernel down
    context.close()
    return elapsed, None


def start_jupyter_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    command = [sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}",
               f"--ServerApp.root_dir={ROOT}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    began = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{base}/voila/static/voila.js?token={TOKEN}", timeout=2)
            return process, base, time.perf_counter() - began
        except (urllib.error.URLError, ConnectionError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(log.read_text()[-3000:]) from None
            time.sleep(0.1)


def measure(browser, kind: str, work: Path, env: dict[str, str], loads: int,
            into: Figures) -> None:
    if kind == "start":
        began = time.perf_counter()
        server = start_course_server(work / "start.log", extra_env=env)
        into.start_s.append(time.perf_counter() - began)
        process, home, lesson = server.process, server.url(HOME), server.url(LESSON)
        stop = server.stop
    else:
        process, base, took = start_jupyter_server(env, work / "jupyter-server.log")
        into.start_s.append(took)
        home = f"{base}/voila/render/{HOME}?token={TOKEN}"
        lesson = f"{base}/voila/render/{LESSON}?token={TOKEN}"

        def stop() -> None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    try:
        me = psutil.Process(process.pid)
        time.sleep(1)
        into.idle_rss.append(memory(me)[0])
        into.first_home_s.append(load(browser, home)[0])
        elapsed, context = load(browser, lesson, keep_open=True)
        into.first_lesson_s.append(elapsed)
        time.sleep(2)  # the kernel has drawn; let its memory settle
        rss, pss = memory(me)
        into.server_rss.append(rss)
        into.server_pss.append(pss)
        open_kernels = kernels(me)
        if open_kernels:
            k_rss, k_pss = memory(max(open_kernels, key=lambda k: k.create_time()))
            into.kernel_rss.append(k_rss)
            into.kernel_pss.append(k_pss)
        context.close()
        into.lesson_s.append(statistics.median(load(browser, lesson)[0] for _ in range(loads)))
    finally:
        stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("No Chromium found: install Debian's 'chromium' (make bench does it).")
        return 1
    from playwright.sync_api import sync_playwright

    from sociocracy.shell.cli import course_environment

    work = Path(tempfile.mkdtemp(prefix="singleuser-bench-"))
    settings = work / "etc-jupyter"
    write_settings(settings)
    base_env = {"SOCIOCRACY_COURSE_CACHE": str(work / "charts"),
                "SOCIOCRACY_COURSE_DATA": str(work / "data"),
                "SOCIOCRACY_COURSE_DRAW_CHARTS": "0", "CI": "true"}
    jupyter_env = course_environment(ROOT)
    jupyter_env.update(base_env)
    # The settings postBuild writes come first, as the environment's own would on Binder.
    jupyter_env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        [str(settings), jupyter_env["JUPYTER_CONFIG_PATH"]])
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sociocracy.shell.cli", "draw-charts"], cwd=ROOT,
                   env={**os.environ, **base_env}, check=True, capture_output=True)
    print(f"Opening charts drawn ahead in {time.perf_counter() - began:.1f} s "
          f"(as postBuild does).")
    figures = {"start": Figures(), "jupyter server": Figures()}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for round_ in range(args.rounds):
                for kind, into in figures.items():
                    measure(browser, "start" if kind == "start" else "jupyter", work,
                            base_env if kind == "start" else jupyter_env, args.loads, into)
                print(f"  round {round_ + 1} of {args.rounds} done", file=sys.stderr,
                      flush=True)
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(figures, args)
    return 0


ROWS = [
    ("start-up: launch -> answering (s)", "start_s"),
    ("memory before any page: server RSS (MB)", "idle_rss"),
    ("first course home, cold server (s)", "first_home_s"),
    ("first lesson 02 after it (s)", "first_lesson_s"),
    ("lesson 02, later loads, median (s)", "lesson_s"),
    ("lesson 02 open: server RSS (MB)", "server_rss"),
    ("lesson 02 open: server PSS (MB)", "server_pss"),
    ("lesson 02 open: its kernel RSS (MB)", "kernel_rss"),
    ("lesson 02 open: its kernel PSS (MB)", "kernel_pss"),
]


def report(figures: dict[str, Figures], args: argparse.Namespace) -> None:
    load = os.getloadavg()[0]
    print(f"\nMedians of {args.rounds} rounds ({psutil.cpu_count()} CPUs, load average "
          f"{load:.1f} at the end)\n")
    print("| figure | start (baseline) | jupyter server + Voila | ratio |")
    print("|---|---|---|---|")
    for label, name in ROWS:
        base = getattr(figures["start"], name)
        other = getattr(figures["jupyter server"], name)
        if not base or not other:
            print(f"| {label} | {'-' if not base else f'{statistics.median(base):.2f}'} | "
                  f"{'-' if not other else f'{statistics.median(other):.2f}'} | - |")
            continue
        b, o = statistics.median(base), statistics.median(other)
        ratio = f"{o / b:.2f}x" if b else "-"
        digits = 0 if "(MB)" in label else 2
        print(f"| {label} | {b:.{digits}f} | {o:.{digits}f} | {ratio} |")


if __name__ == "__main__":
    raise SystemExit(main())
