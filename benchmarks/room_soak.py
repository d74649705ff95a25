"""A workshop room that strangers on the Wi-Fi try to starve: a bounded soak test (issue 21).

``sociocracy-course workshop`` on loopback, with its default limits and a throwaway record. For
``--minutes`` (5 by default):

* ``--phones`` phones (60; threads, each from its own 127.0.60.N address, plain HTTP as a phone's
  browser sends it) join a room, then answer every round the facilitator opens (after 0.5 to 8 s,
  once each) and poll the room's state every 2.5 s as the join page's script does;
* the facilitator (this script, on the record as the Workshop room app does) opens a check-in
  every ``--round-seconds`` and reveals it at the next one;
* ``--slow`` unfinished requests (200) are held open all the time: ``GET /join HTTP/1.1`` and then
  one more header line a second, never the blank line, from 20 addresses (10 each, under the
  per-address cap, so that each is really held until the server drops it); a dropped one is
  replaced at once;
* ``--oversized`` bodies (10) are sent all the time: ``POST /join`` announcing 90 MB and sending
  it, each from its own address; when the server refuses one, it is sent again a second later.

Printed:

* **answers lost**: answers a phone was told were "Received" that are not in the record after the
  reveal (target 0), beside the answers sent and the phones' errors;
* **the facilitator's page**: the time to render the Workshop room app (an HTTP GET of the page
  with the server's token, its kernel started and its cells run; the kernel is shut down after
  each), median of the renders while the room is quiet and of those during the soak, and their
  ratio (target: within 2x), beside the same for the phones' ``/join`` page;
* **server memory**: the server process's resident memory before the soak, its highest during it
  and at the end (target: flat within 50 MB), and how many connections the slow and oversized
  senders opened.

Figures are printed, never asserted. Every loop is bounded by the soak's duration.
Usage: ``python benchmarks/room_soak.py [--minutes 5] [--phones 60] [--slow 200] [--oversized 10]``
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from sociocracy.rooms import RoomStore  # noqa: E402
from tools.course_server import CourseServer, start_course_server  # noqa: E402
from tools.join_client import Phone  # noqa: E402
from tools.kernel_client import open_page  # noqa: E402

APP = "apps/workshop_room.ipynb"
BIG = 94_371_840  # the report's 90 MB


@dataclass
class Tally:
    """What the phones and the attackers did; shared by threads (list appends are atomic)."""

    received: list[tuple[int, int, str]] = field(default_factory=list)  # activity, phone, words
    errors: list[str] = field(default_factory=list)
    sent: int = 0
    slow_opened: int = 0
    oversized_sent: int = 0
    oversized_refused: int = 0


def token_of(server: CourseServer) -> str:
    found = re.search(r"workshop_room\.ipynb\?token=([0-9a-f]+)", server.log_path.read_text())
    if not found:
        raise SystemExit("the workshop server printed no facilitator link")
    return found.group(1)


def render_facilitator_page(server: CourseServer, token: str) -> float:
    """Seconds to render the Workshop room app; its kernel is shut down afterwards."""
    start = time.perf_counter()
    page = open_page(server.base, f"{APP}?token={token}")
    elapsed = time.perf_counter() - start
    if page.kernel_id:
        request = urllib.request.Request(
            f"{server.base}/api/kernels/{page.kernel_id}?token={token}", method="DELETE")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(request, timeout=60).close()
    return elapsed


def join_page_time(server: CourseServer, source: str) -> float:
    start = time.perf_counter()
    reply = Phone(server.base, source=source, timeout=60).get("/join")
    if reply.status != 200:
        raise RuntimeError(f"/join answered {reply.status}")
    return time.perf_counter() - start


class Facilitator:
    """Opens a check-in every ``every`` seconds (revealing the one before), as the app would."""

    def __init__(self, store: RoomStore, code: str) -> None:
        self.room = store.room(code)
        self.current: int | None = None
        self.opened: list[int] = []

    def next_round(self) -> None:
        if self.current is not None:
            self.room.reveal(self.current)
        self.current = self.room.open_activity("check-in", f"Round {len(self.opened) + 1}").id
        self.opened.append(self.current)

    def finish(self) -> None:
        if self.current is not None:
            self.room.reveal(self.current)
            self.current = None


def phone_loop(server: CourseServer, code: str, token: str, number: int,
               facilitator: Facilitator, tally: Tally, stop: threading.Event) -> None:
    phone = Phone(server.base, source=f"127.0.60.{number + 1}", timeout=60)
    rng = random.Random(number)
    try:
        phone.scan(code, token)
        reply = phone.join(code, f"Phone {number}")
        if f"You joined as Phone {number}" not in reply.body:
            tally.errors.append(f"phone {number} could not join ({reply.status})")
            return
    except OSError as exc:
        tally.errors.append(f"phone {number} could not join ({exc})")
        return
    answered: set[int] = set()
    while not stop.is_set():
        activity = facilitator.current
        if activity is not None and activity not in answered:
            if stop.wait(rng.uniform(0.5, 8)):
                break
            if facilitator.current != activity:
                continue  # the round moved on before this phone answered
            words = f"phone {number} in round {activity}: {rng.random():.6f}"
            answered.add(activity)
            tally.sent += 1
            try:  # to this round, as the form the phone was shown would
                phone.get(f"/join/{code}")
                reply = phone.post(f"/join/{code}", {"action": "answer",
                                                     "activity": str(activity), "words": words})
            except OSError as exc:
                tally.errors.append(f"phone {number}: {exc}")
                continue
            if reply.status == 200 and "Received" in reply.body:
                tally.received.append((activity, number, words))
            elif "revealed" not in reply.body:  # too late for the round is not an error
                tally.errors.append(f"phone {number}: answer got {reply.status}")
            continue
        try:
            phone.get(f"/join/{code}/state")
        except OSError as exc:
            tally.errors.append(f"phone {number} poll: {exc}")
        stop.wait(2.5)


async def slow_sender(port: int, source: str, tally: Tally, stop: threading.Event) -> None:
    """One unfinished request at a time from ``source``: a header line a second, never done."""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port,
                                                           local_addr=(source, 0))
        except OSError:
            await asyncio.sleep(1)
            continue
        tally.slow_opened += 1
        try:
            writer.write(f"GET /join HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
            line = 0
            while not stop.is_set() and not reader.at_eof():
                await asyncio.sleep(1)
                line += 1
                writer.write(f"X-Slow-{line}: still typing\r\n".encode())
                await writer.drain()
                with contextlib.suppress(asyncio.TimeoutError):
                    if await asyncio.wait_for(reader.read(1), 0.01) == b"":
                        break
        except OSError:
            pass
        finally:
            writer.close()


async def oversized_sender(port: int, source: str, tally: Tally, stop: threading.Event) -> None:
    """``POST /join`` announcing 90 MB and sending it, again a second after each refusal."""
    chunk = b"x" * 65536
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port,
                                                           local_addr=(source, 0))
        except OSError:
            await asyncio.sleep(1)
            continue
        tally.oversized_sent += 1
        try:
            writer.write(f"POST /join HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                         f"Content-Type: application/x-www-form-urlencoded\r\n"
                         f"Content-Length: {BIG}\r\n\r\n".encode())
            sent = 0
            while sent < BIG - len(chunk) and not stop.is_set() and not reader.at_eof():
                writer.write(chunk)
                await writer.drain()
                sent += len(chunk)
                with contextlib.suppress(asyncio.TimeoutError):
                    if await asyncio.wait_for(reader.read(64), 0.001):
                        break
            tally.oversized_refused += sent < BIG - len(chunk)
        except OSError:
            tally.oversized_refused += 1
        finally:
            writer.close()
        await asyncio.sleep(1)


def attackers(port: int, slow: int, oversized: int, tally: Tally,
              stop: threading.Event) -> threading.Thread:
    async def main() -> None:
        tasks = [slow_sender(port, f"127.0.70.{i // 10 + 1}", tally, stop) for i in range(slow)]
        tasks += [oversized_sender(port, f"127.0.80.{i + 1}", tally, stop)
                  for i in range(oversized)]
        await asyncio.gather(*tasks)

    thread = threading.Thread(target=lambda: asyncio.run(main()), daemon=True)
    thread.start()
    return thread


def mb(value: float) -> str:
    return f"{value / 2**20:7.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--slow", type=int, default=200)
    parser.add_argument("--oversized", type=int, default=10)
    parser.add_argument("--round-seconds", type=float, default=30.0)
    parser.add_argument("--quiet-renders", type=int, default=3)
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="room-soak-"))
    server = start_course_server(data / "server.log", command="workshop", timeout=120,
                                 extra_args=("--address", "127.0.0.1"),
                                 extra_env={"SOCIOCRACY_COURSE_DATA": str(data)})
    process = psutil.Process(server.process.pid)
    port = int(server.base.rsplit(":", 1)[1])
    stop = threading.Event()
    tally = Tally()
    try:
        token = token_of(server)
        store = RoomStore(data)
        room = store.create_room("Soak")
        render_facilitator_page(server, token)  # warm-up: imports, template, first kernel
        quiet = [render_facilitator_page(server, token) for _ in range(args.quiet_renders)]
        quiet_join = [join_page_time(server, "127.0.90.1") for _ in range(20)]
        memory_before = process.memory_info().rss
        print(f"Quiet room: facilitator page {statistics.median(quiet):.2f} s "
              f"(renders {', '.join(f'{t:.2f}' for t in quiet)}), /join "
              f"{statistics.median(quiet_join) * 1000:.1f} ms, server {mb(memory_before)}",
              flush=True)

        facilitator = Facilitator(store, room.code)
        facilitator.next_round()
        attack = attackers(port, args.slow, args.oversized, tally, stop)
        phones = [threading.Thread(target=phone_loop, daemon=True,
                                   args=(server, room.code, room.token, n, facilitator, tally,
                                         stop)) for n in range(args.phones)]
        for thread in phones:
            thread.start()
        end = time.monotonic() + args.minutes * 60
        next_round = time.monotonic() + args.round_seconds
        loaded: list[float] = []
        loaded_join: list[float] = []
        peak = [memory_before]

        def sample_memory() -> None:
            while not stop.wait(1):
                with contextlib.suppress(psutil.Error):
                    peak.append(process.memory_info().rss)

        threading.Thread(target=sample_memory, daemon=True).start()
        while time.monotonic() < end:
            if time.monotonic() >= next_round:
                facilitator.next_round()
                next_round += args.round_seconds
            try:
                loaded.append(render_facilitator_page(server, token))
                loaded_join.append(join_page_time(server, "127.0.90.2"))
            except (OSError, RuntimeError) as exc:
                tally.errors.append(f"facilitator: {exc}")
            time.sleep(2)
        stop.set()
        for thread in phones:
            thread.join(timeout=90)
        attack.join(timeout=30)
        facilitator.finish()
        memory_after = process.memory_info().rss

        in_record = {}
        for activity in facilitator.opened:
            for response in room.responses(activity):
                in_record[activity, response.name] = response.words
        lost = [(a, n, w) for a, n, w in tally.received
                if in_record.get((a, f"Phone {n}")) != w]
        print(f"Soak: {args.minutes:g} min, {args.phones} phones, {len(facilitator.opened)} "
              f"rounds, {args.slow} slow connections held ({tally.slow_opened} opened), "
              f"{args.oversized} oversized bodies at a time ({tally.oversized_sent} sent, "
              f"{tally.oversized_refused} refused before their end)")
        print(f"  answers sent {tally.sent}, received {len(tally.received)}, "
              f"LOST {len(lost)} (target 0); errors {len(tally.errors)}")
        for error in tally.errors[:10]:
            print(f"    {error}")
        if loaded:
            ratio = statistics.median(loaded) / statistics.median(quiet)
            join_ratio = statistics.median(loaded_join) / statistics.median(quiet_join)
            print(f"  facilitator page: quiet {statistics.median(quiet):.2f} s, during the soak "
                  f"{statistics.median(loaded):.2f} s (median of {len(loaded)}, worst "
                  f"{max(loaded):.2f} s): {ratio:.2f}x (target <= 2x)")
            print(f"  /join page: quiet {statistics.median(quiet_join) * 1000:.1f} ms, during "
                  f"the soak {statistics.median(loaded_join) * 1000:.1f} ms: {join_ratio:.2f}x")
        highest = max(peak)
        print(f"  server memory: before {mb(memory_before)}, highest {mb(highest)}, after "
              f"{mb(memory_after)}: +{(highest - memory_before) / 2**20:.1f} MB at most "
              "(target <= 50 MB)")
        store.close()
    finally:
        stop.set()
        server.stop()


if __name__ == "__main__":
    main()
