"""The course on a local JupyterHub: ten users logging in at once against one alone.

Starts the Hub as ``make hub`` does (``tools/hub.py``, on free ports, PostgreSQL for the rooms),
then measures in one run:

* the Hub's own start (launcher to API answering);
* one user alone: from pressing "Sign in" to the course home drawn in Chromium (their server
  starts in between), and the memory of their server and of the course home's kernel;
* ten users at once (ten browser contexts, each signing in at the same moment): the time until
  the last of them has the course home drawn, as a ratio of the one user's time, and the memory
  per user's server and per kernel.

Memory is each process's resident set (RSS) and proportional set (PSS, shared pages split among
the processes sharing them: the fairer figure per user). Everything runs on 127.0.0.1 and stops
at the end. Not part of ``make test``; ``make bench`` runs it.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.course_server import CHROMIUM_ARGS  # noqa: E402
from tools.hub_server import (  # noqa: E402
    COURSE_HOME_URL,
    STALLED,
    HubServer,
    ensure_proxy,
    start_hub,
)
from tools.voila_page import READY_JS  # noqa: E402

USERS = 10
MB = 1024 * 1024


async def sign_in_and_render(browser, hub: HubServer, user: str, *,
                             app: str | None = None) -> float:
    """Seconds from "Sign in" to the course home drawn, for ``user`` in a fresh context; with
    ``app``, that app is then opened too (and left open) in a second tab."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(600_000)  # ten servers starting at once on two cores
    try:
        page = await context.new_page()
        await page.goto(f"{hub.base}/hub/login", wait_until="domcontentloaded")
        await page.fill("#username_input", user)
        await page.fill("#password_input", hub.password)
        start = time.perf_counter()
        await page.click("#login_submit")
        while True:  # reloaded where the Hub's start page stalls (tools/hub_server.log_in)
            try:
                await page.wait_for_url(COURSE_HOME_URL, timeout=STALLED * 1000,
                                        wait_until="domcontentloaded")
                break
            except PlaywrightTimeout:
                if time.perf_counter() - start > 600:
                    raise
                with contextlib.suppress(PlaywrightError):  # it went on by itself meanwhile
                    await page.reload(wait_until="domcontentloaded")
        await page.wait_for_function(READY_JS, timeout=600_000, polling=50)
        took = time.perf_counter() - start
        if app:
            tab = await context.new_page()
            await tab.goto(hub.user_url(user, f"voila/render/{app}"),
                           wait_until="domcontentloaded", timeout=600_000)
            await tab.wait_for_function(READY_JS, timeout=600_000, polling=50)
            await asyncio.sleep(2)  # the app's kernel has settled
            OPEN_APPS[user] = memory_by_user(hub).get(user, {})
        return took
    finally:
        await context.close()


#: Memory of a user's server and kernels while the course home and an app are both open.
OPEN_APPS: dict[str, dict[str, list[float]]] = {}


def memory_by_user(hub: HubServer) -> dict[str, dict[str, list[float]]]:
    """For each user's server: its own memory, and its kernels' (MB; RSS and PSS)."""
    found: dict[str, dict[str, list[float]]] = {}
    for process in hub.descendants():
        try:
            if "jupyterhub-singleuser" not in " ".join(process.cmdline()):
                continue
            user = process.environ().get("JUPYTERHUB_USER", "?")
            info = process.memory_full_info()
            entry = found.setdefault(user, {"server_rss": [], "server_pss": [],
                                            "kernel_rss": [], "kernel_pss": []})
            entry["server_rss"].append(info.rss / MB)
            entry["server_pss"].append(getattr(info, "pss", info.rss) / MB)
            for kernel in process.children(recursive=True):
                if "ipykernel" in " ".join(kernel.cmdline()):
                    kinfo = kernel.memory_full_info()
                    entry["kernel_rss"].append(kinfo.rss / MB)
                    entry["kernel_pss"].append(getattr(kinfo, "pss", kinfo.rss) / MB)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def hub_memory(hub: HubServer) -> float:
    """The Hub, its proxy and the culler together (MB RSS): what a cohort costs beyond users."""
    total = 0.0
    for process in hub.descendants():
        try:
            line = " ".join(process.cmdline())
            if "jupyterhub-singleuser" in line or "ipykernel" in line:
                continue
            total += process.memory_info().rss / MB
        except psutil.NoSuchProcess:
            continue
    return total


def _mean(values: list[float]) -> float:
    return statistics.mean(values) if values else float("nan")


async def measure(browser, hub: HubServer) -> None:
    alone = await sign_in_and_render(browser, hub, "solo")
    await asyncio.sleep(2)  # the page's kernel has settled
    solo = memory_by_user(hub).get("solo", {})
    await sign_in_and_render(browser, hub, "apps", app="apps/round_facilitator.ipynb")
    with_app = OPEN_APPS.get("apps", {})
    print(f"one user alone: signed in to course home drawn in {alone:.1f} s "
          f"(their server started in between)")
    print(f"  their server: {_mean(solo.get('server_rss', [])):.0f} MB RSS, "
          f"{_mean(solo.get('server_pss', [])):.0f} MB PSS; the course home's kernel: "
          f"{_mean(solo.get('kernel_rss', [])):.0f} MB RSS, "
          f"{_mean(solo.get('kernel_pss', [])):.0f} MB PSS")
    kernels = sorted(with_app.get("kernel_pss", []))
    print(f"  a user with the course home and the round facilitator app open: server "
          f"{_mean(with_app.get('server_pss', [])):.0f} MB + kernels "
          + " + ".join(f"{k:.0f}" for k in kernels) + " MB PSS = "
          f"{sum(with_app.get('server_pss', [])) + sum(kernels):.0f} MB "
          f"({sum(with_app.get('server_rss', [])) + sum(with_app.get('kernel_rss', [])):.0f} "
          "MB RSS)")

    start = time.perf_counter()
    each = await asyncio.gather(*(sign_in_and_render(browser, hub, f"user{n}")
                                  for n in range(USERS)))
    everyone = time.perf_counter() - start
    await asyncio.sleep(2)
    cohort = [entry for user, entry in memory_by_user(hub).items() if user.startswith("user")]
    servers = [v for e in cohort for v in e["server_pss"]]
    servers_rss = [v for e in cohort for v in e["server_rss"]]
    kernels = [v for e in cohort for v in e["kernel_pss"]]
    kernels_rss = [v for e in cohort for v in e["kernel_rss"]]
    print(f"{USERS} users at once: all course homes drawn after {everyone:.1f} s "
          f"({everyone / alone:.1f} x one user alone); each user waited "
          f"{min(each):.1f} to {max(each):.1f} s (median {statistics.median(each):.1f} s)")
    print(f"  per user's server: {_mean(servers_rss):.0f} MB RSS, {_mean(servers):.0f} MB PSS "
          f"({len(servers)} servers); per kernel: {_mean(kernels_rss):.0f} MB RSS, "
          f"{_mean(kernels):.0f} MB PSS ({len(kernels)} kernels)")
    print(f"  the Hub, its proxy and the culler: {hub_memory(hub):.0f} MB RSS together")
    print(f"  a user with the course home open: about "
          f"{_mean(servers) + _mean(kernels):.0f} MB (server + one kernel, PSS)")


async def main_async(hub: HubServer) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                   headless=True, args=CHROMIUM_ARGS)
        try:
            await measure(browser, hub)
        finally:
            await browser.close()


def main() -> int:
    proxy = ensure_proxy()
    if proxy is None:
        print("configurable-http-proxy is missing and npm could not install it: not measured")
        return 1
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as state:
        start = time.perf_counter()
        hub = start_hub(Path(state), proxy, extra_env={"SOCIOCRACY_COURSE_DRAW_CHARTS": "0"})
        print(f"JupyterHub started (proxy, culler, PostgreSQL) in "
              f"{time.perf_counter() - start:.1f} s")
        try:
            asyncio.run(main_async(hub))
        finally:
            start = time.perf_counter()
            hub.stop()
            print(f"JupyterHub stopped with {USERS + 2} users' servers in "
                  f"{time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
