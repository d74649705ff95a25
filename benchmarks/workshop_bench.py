"""A workshop room under load: 30 phones joining and answering at once, and the join page on a
slow mobile connection.

1. ``sociocracy-course workshop`` on loopback with a throwaway record. 30 phones (threads, each
   from its own 127.0.2.N address, plain HTTP as a phone's browser sends it) join the room at
   once, then answer a check-in at once (released together by a barrier). Printed: errors, lost
   answers (after the reveal, every phone's words must be in the record), the time from sending
   to "Received" (the server's reply after the commit), and the time from sending until the
   facilitator's counter (``Room.answered_count``, read every 10 ms as the app's poll would)
   counts it: median and worst. Baseline in the same run: one phone answering alone.
2. Chromium with its network emulation of a slow mobile connection (400 kbit/s both ways,
   400 ms round trip): the QR link opened on a new phone, bytes transferred (all responses,
   headers included, as Chromium counts them) and the time until the "Your name" field is there
   to type in; then the time from "Join" to the waiting page.

Figures are printed, never asserted. Usage: ``python benchmarks/workshop_bench.py [--phones 30]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sociocracy.rooms import RoomStore  # noqa: E402
from tools.course_server import CHROMIUM_ARGS, start_course_server  # noqa: E402
from tools.join_client import Phone  # noqa: E402

SLOW = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
        "uploadThroughput": 400_000 / 8}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def crowd(base: str, store: RoomStore, phones: int) -> None:
    room = store.create_room("Benchmark")
    crowd = [Phone(base, source=f"127.0.2.{i + 1}") for i in range(phones)]
    for phone in crowd:
        phone.scan(room.code, room.token)

    # -- joining at once --------------------------------------------------------------------
    barrier = threading.Barrier(phones)
    join_times: list[float] = [0.0] * phones
    errors: list[str] = []

    def join(i: int) -> None:
        barrier.wait()
        start = time.perf_counter()
        reply = crowd[i].join(room.code, f"Person {i}")
        join_times[i] = time.perf_counter() - start
        if reply.status != 200 or f"You joined as <bdi>Person {i}</bdi>" not in reply.body:
            errors.append(f"join {i}: HTTP {reply.status}")

    run_all(join, phones)
    joined = len(room.participants)

    # -- a lone phone first: the baseline ---------------------------------------------------
    warm = room.open_activity("check-in", "warm-up")
    lone = []
    for _ in range(5):
        start = time.perf_counter()
        crowd[0].answer(room.code, follow=False, words="alone")
        lone.append(time.perf_counter() - start)
    room.close_activity(warm)

    # -- answering at once ------------------------------------------------------------------
    activity = room.open_activity("check-in", "How are you arriving?")
    for phone in crowd:  # each phone has the form on its screen already
        phone.get(f"/join/{room.code}")
    sent = [0.0] * phones
    received = [0.0] * phones
    samples: list[tuple[float, int]] = []
    done = threading.Event()

    def watch() -> None:
        with RoomStore(store.location.path) as facilitator:  # the kernel's own connection
            screen = facilitator.room(room.code)
            while not done.is_set():
                samples.append((time.perf_counter(), screen.answered_count(activity.id)))
                time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    barrier = threading.Barrier(phones)

    def answer(i: int) -> None:
        phone = crowd[i]
        form = {"action": "answer", "activity": str(activity.id),
                "words": f"Arriving well, person {i}"}
        barrier.wait()
        sent[i] = time.perf_counter()
        reply = phone.post(f"/join/{room.code}", form, follow=False)
        received[i] = time.perf_counter()
        if reply.status != 303:
            errors.append(f"answer {i}: HTTP {reply.status}")

    run_all(answer, phones)
    deadline = time.perf_counter() + 5
    while (not samples or samples[-1][1] < phones) and time.perf_counter() < deadline:
        time.sleep(0.01)
    done.set()
    watcher.join()

    room.reveal(activity)
    recorded = {r.name: r.words for r in room.responses(activity)}
    lost = [i for i in range(phones) if recorded.get(f"Person {i}") != f"Arriving well, person {i}"]
    to_received = [received[i] - sent[i] for i in range(phones)]
    # The k-th answer acknowledged is counted once the counter reads k (commits come first).
    order = sorted(range(phones), key=lambda i: received[i])
    to_counted = []
    for rank, i in enumerate(order, start=1):
        seen = next((t for t, count in samples if count >= rank), None)
        to_counted.append((seen - sent[i]) if seen is not None else float("inf"))

    print(f"Phones: {phones}; joined: {joined}; errors: {len(errors)}; lost answers: {len(lost)}")
    for problem in errors[:5]:
        print(f"  {problem}")
    print(f"Join, all at once:         median {ms(statistics.median(join_times))}, "
          f"worst {ms(max(join_times))}")
    alone = statistics.median(lone)
    print(f"One phone alone (baseline): send -> Received {ms(alone)}")
    print(f"{phones} at once: send -> Received   median {ms(statistics.median(to_received))}, "
          f"worst {ms(max(to_received))} (x{statistics.median(to_received) / alone:.1f} "
          "the baseline, median)")
    print(f"{phones} at once: send -> counted    median {ms(statistics.median(to_counted))}, "
          f"worst {ms(max(to_counted))} (the facilitator's screen adds up to its 2 s refresh)")
    within = sum(t <= 2.0 for t in to_counted)
    print(f"Counted within 2 s: {within} of {phones}")


def run_all(target, count: int) -> None:
    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def slow_phone(base: str, store: RoomStore) -> None:
    from playwright.sync_api import sync_playwright

    from tests.conftest import chromium_path

    chromium = chromium_path()
    if chromium is None:
        print("Slow connection: not measured (no Chromium found).")
        return
    room = store.create_room("Slow phone")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW)
        transferred: list[int] = []
        cdp.on("Network.loadingFinished",
               lambda event: transferred.append(int(event["encodedDataLength"])))
        start = time.perf_counter()
        page.goto(f"{base}/join/{room.code}?t={room.token}", wait_until="commit")
        page.get_by_label("Your name").wait_for(state="visible")
        usable = time.perf_counter() - start
        first_bytes, first_count = sum(transferred), len(transferred)
        page.get_by_label("Your name").fill("Slow phone")
        transferred.clear()
        start = time.perf_counter()
        page.get_by_role("button", name="Join").click()
        page.get_by_text("Waiting for the facilitator…").wait_for()
        joined = time.perf_counter() - start
        print("Slow mobile connection (400 kbit/s, 400 ms round trip), QR link on a new phone:")
        print(f"  transferred {first_bytes:,} bytes in {first_count} responses; "
              f"'Your name' ready after {usable:.2f} s")
        print(f"  Join -> waiting page: {joined:.2f} s ({sum(transferred):,} bytes)")
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=30)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="workshop-bench-"))
    server = start_course_server(data / "server.log", command="workshop",
                                 extra_args=("--address", "127.0.0.1"),
                                 extra_env={"SOCIOCRACY_COURSE_DATA": str(data)})
    try:
        with RoomStore(data) as store:
            crowd(server.base, store, args.phones)
            slow_phone(server.base, store)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
