"""A room arriving at once: 30 simultaneous visits to the workshop apps, then everyone leaves.

Each visit does what a phone does, without a browser: fetch an app page over HTTP (the server
starts a kernel and runs the notebook), then open the page's kernel websocket and ask for its
widgets (what the page's JavaScript does next). Printed:

* pages served with their app (the HTML carries widget outputs, and the kernel answers over the
  websocket with those widgets), and pages refused (HTTP 503 "the room is full");
* time until all visits are served, with one visit alone as the baseline (ratio);
* kernels and their memory (RSS and, on Linux, PSS: shared pages counted once) while connected;
* kernels left two minutes after the visitors leave (abruptly: the sockets just close).

The server runs with ``--disconnected-timeout 60`` so the two-minute figure shows the culling of
abandoned pages; the default is 300 seconds (``voila.json``), which would leave them for five.

Run: ``.venv/bin/python benchmarks/load_bench.py [--visits 30] [--wait 120]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.course_server import start_course_server  # noqa: E402
from tools.kernel_client import KernelSocket, open_page  # noqa: E402

APPS = ["apps/round_facilitator.ipynb", "apps/consent_decision.ipynb", "apps/circle_map.ipynb"]


class Visit:
    """One visitor: page, then websocket; keeps the socket open until :meth:`leave`."""

    def __init__(self, base: str, path: str) -> None:
        self.base, self.path = base, path
        self.seconds: float | None = None
        self.has_app = False
        self.refused = False
        self.error = ""
        self.socket: KernelSocket | None = None

    def run(self) -> None:
        start = time.perf_counter()
        try:
            page = open_page(self.base, self.path, timeout=600)
            self.socket = KernelSocket(self.base, page.kernel_id, timeout=120)
            request = self.socket.send("comm_info_request", {"target_name": "jupyter.widget"})
            reply = self.socket.receive(
                lambda m: m["parent_header"].get("msg_id") == request
                and m["msg_type"] == "comm_info_reply", timeout=300)
            self.has_app = page.has_app and bool(reply["content"]["comms"])
        except urllib.error.HTTPError as exc:
            self.refused = exc.code == 503
            self.error = f"HTTP {exc.code}"
        except Exception as exc:  # a benchmark reports, it does not stop
            self.error = f"{type(exc).__name__}: {exc}"
        self.seconds = time.perf_counter() - start

    def leave(self) -> None:
        if self.socket is not None:
            self.socket.ws.shutdown()  # abrupt, like a phone going to sleep
            self.socket = None


def kernels(server_pid: int) -> list[psutil.Process]:
    found = []
    for child in psutil.Process(server_pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def memory_mb(processes: list[psutil.Process]) -> tuple[float, float]:
    rss = pss = 0.0
    for process in processes:
        try:
            info = process.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss / 2**20, pss / 2**20


def crowd(base: str, count: int) -> tuple[list[Visit], float]:
    visits = [Visit(base, APPS[i % len(APPS)]) for i in range(count)]
    threads = [threading.Thread(target=v.run) for v in visits]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return visits, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=30)
    parser.add_argument("--wait", type=int, default=120, help="seconds after the visitors leave")
    args = parser.parse_args()
    log = Path(tempfile.mkdtemp()) / "voila.log"
    server = start_course_server(log, timeout=180, extra_args=("--disconnected-timeout", "60"))
    try:
        alone, alone_seconds = crowd(server.base, 1)
        alone[0].leave()
        print(f"baseline: one visit alone: {alone_seconds:.1f} s "
              f"({'with' if alone[0].has_app else 'WITHOUT'} its app)")
        time.sleep(5)
        visits, total = crowd(server.base, args.visits)
        served = [v for v in visits if v.has_app]
        refused = [v for v in visits if v.refused]
        times = [v.seconds for v in visits if v.seconds is not None]
        live = kernels(server.process.pid)
        rss, pss = memory_mb(live)
        server_rss, _ = memory_mb([psutil.Process(server.process.pid)])
        print(f"{args.visits} simultaneous visits ({', '.join(APPS)} in turn):")
        print(f"  pages served with their app: {len(served)} of {args.visits}"
              f" (refused as 'room is full': {len(refused)})")
        for visit in visits:
            if not visit.has_app and not visit.refused:
                print(f"    without app: {visit.path}: {visit.error or 'no widgets'}")
        print(f"  time until all were served: {total:.1f} s = {total / alone_seconds:.1f} x one "
              f"visit alone; per visit median {statistics.median(times):.1f} s, "
              f"slowest {max(times):.1f} s")
        print(f"  kernels running: {len(live)}; their memory: RSS {rss:.0f} MB, PSS {pss:.0f} MB "
              f"({pss / max(1, len(live)):.0f} MB each); server process RSS {server_rss:.0f} MB")
        timeouts = log.read_text().count("Timeout waiting for IOPub output")
        print(f"  'Timeout waiting for IOPub output' in the server log: {timeouts}")
        for visit in visits:
            visit.leave()
        left_at = time.monotonic()
        while time.monotonic() - left_at < args.wait:
            time.sleep(10)
        print(f"  kernels left {args.wait} s after the visitors left: "
              f"{len(kernels(server.process.pid))}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
