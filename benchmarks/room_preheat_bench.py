"""A room opening the same lesson at once, with and without Voila's preheated kernels (issue 27).

Each visit does what a phone does, without a browser (``load_bench.Visit``): fetch the lesson's
page over HTTP (the server starts a kernel and runs the notebook, or hands over a kernel that
already ran it), then open the kernel websocket and list the page's widgets. Two servers, one after
the other, on a temporary copy of the course:

* **plain**: the course's ``voila.json`` as it is;
* **preheated**: the same with ``VoilaConfiguration.preheat_kernel`` and a pool of ``--visits``
  kernels for this one lesson (``VoilaKernelManager.kernel_pools_config``; every other page
  keeps ``default_pool_size`` 0, so facilitator apps, whose kernels depend on who asks, are never
  preheated). The room arrives once the pool is full.

Printed: one visit alone on the plain server (the baseline), then for each server the time until
all ``--visits`` were served and its ratio to the baseline (target: 3x), pages served with their
widgets, and the kernels' memory (PSS: shared pages counted once). The load average is printed
beside the figures: the machine may be shared.

Run: ``.venv/bin/python benchmarks/room_preheat_bench.py [--visits 30] [--page PATH]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from load_bench import Visit, kernels, memory_mb  # noqa: E402
from voila_load import course_copy  # noqa: E402

from tools.course_server import start_course_server  # noqa: E402


def crowd(base: str, path: str, count: int) -> tuple[list[Visit], float]:
    """``count`` visits of ``path`` at once; all visits and the time until the last was served."""
    import threading

    visits = [Visit(base, path) for _ in range(count)]
    threads = [threading.Thread(target=v.run) for v in visits]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return visits, time.perf_counter() - start


def preheated(root: Path, page: str, pool: int) -> None:
    """Turn on preheating in the copy's ``voila.json``, for ``page`` only."""
    settings = json.loads((root / "voila.json").read_text())
    settings["VoilaConfiguration"].update(preheat_kernel=True, default_pool_size=0)
    settings["VoilaKernelManager"] = {
        # "default" must be given: without it Voila preheats one kernel for every notebook
        "kernel_pools_config": {"default": {"pool_size": 0}, page: {"pool_size": pool}},
        "fill_delay": 60}  # as the course server does: no refill while the room arrives
    (root / "voila.json").write_text(json.dumps(settings, indent=2))


def wait_for_kernels(pid: int, count: int, log: Path, page: str, limit: float = 900) -> float:
    """Wait until the pool of ``count`` kernels is full (Voila logs it) and the kernels have run
    the page (their memory stops growing: under 1% in 10 s); seconds waited."""
    start = time.monotonic()
    filled = f"Kernel pool of {page} is filled with {count} kernel(s)"
    before = -1.0
    while time.monotonic() - start < limit:
        time.sleep(10)
        live = kernels(pid)
        now = memory_mb(live)[1]
        if (filled in log.read_text() and len(live) >= count
                and abs(now - before) < 0.01 * now):
            break
        before = now
    return time.monotonic() - start


def report(name: str, visits: list[Visit], total: float, alone: float, pid: int) -> None:
    served = sum(v.has_app for v in visits)
    times = [v.seconds for v in visits if v.seconds is not None]
    live = kernels(pid)
    _rss, pss = memory_mb(live)
    print(f"| {name:<26} | {served:2d} of {len(visits):2d} | {total:7.1f} | "
          f"{total / alone:5.1f} | {statistics.median(times):6.1f} | {len(live):3d} | "
          f"{pss:7.0f} | {os.getloadavg()[0]:5.1f} |")
    for visit in visits:
        if not visit.has_app:
            print(f"    not served: {visit.error or 'no widgets'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=30)
    parser.add_argument("--page", default="lessons/02_rounds.ipynb")
    args = parser.parse_args()
    rows = []
    alone = 0.0
    for mode in ("plain", "preheated"):
        root = course_copy()
        if mode == "preheated":
            preheated(root, args.page, args.visits)
        server = start_course_server(root / "voila.log", root=root, timeout=300,
                                     extra_env={"SOCIOCRACY_COURSE_DRAW_CHARTS": "0"})
        try:
            pid = server.process.pid
            if mode == "plain":
                one, alone = crowd(server.base, args.page, 1)
                one[0].leave()
                print(f"baseline: one visit alone, plain server: {alone:.1f} s "
                      f"({'with' if one[0].has_app else 'WITHOUT'} its widgets), "
                      f"load average {os.getloadavg()[0]:.1f}")
                time.sleep(5)
            else:
                waited = wait_for_kernels(pid, args.visits, root / "voila.log", args.page)
                print(f"preheated pool of {args.visits} filled in {waited:.0f} s; its kernels "
                      f"hold PSS {memory_mb(kernels(pid))[1]:.0f} MB before anyone arrives")
            visits, total = crowd(server.base, args.page, args.visits)
            rows.append((mode, visits, total, pid))
            report(f"{mode}, {args.visits} at once", visits, total, alone, pid)
            for visit in visits:
                visit.leave()
        finally:
            server.stop()
            shutil.rmtree(root, ignore_errors=True)
    print(f"\n(columns: served | seconds until all were served | x one visit alone | median "
          f"visit s | kernels | kernels' PSS MB | load average; page {args.page}, "
          f"{psutil.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
