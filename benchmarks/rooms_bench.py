"""How fast the workshop record takes answers from many phones at once, and reads its counter.

1. Throughput: 30 writer processes (``spawn``), each joining a room once and answering ``--answers``
   times, all released together by a barrier (so process start-up is not counted). Baseline from
   the same run: 30 processes doing the same number of bare one-row transactions on the same
   database engine with the same durability (SQLite: WAL, ``synchronous=FULL``, ``BEGIN
   IMMEDIATE``; PostgreSQL: one autocommit ``INSERT``). The ratio is what the store's rules cost
   (finding the participant, replaying the room's activities, the room lock, JSON).
2. ``answered_count`` latency, as the projector polls it, in a room of 30 people who each
   changed their answer a few times: median and worst of ``--polls`` calls, against a bare
   ``SELECT COUNT(*)`` on the same table in the same run.

3. Opening a SQLite record of 1,000, 10,000 and 100,000 events, as every app page, the join
   page and ``workshop`` do: ``RoomStore(path)`` reads every page once (``PRAGMA quick_check``,
   issue 21 item 6) so that damage is found before anything is written. Baseline from the same
   run: the statements the open ran before that check (connect, busy timeout, WAL, synchronous,
   the schema look-up), on the same file; median of ``--opens`` opens.

PostgreSQL runs when Debian's binaries are found (``tools/ensure_postgres.sh``), on a throwaway
server (``tools/postgres_server.py``). Figures are printed, never asserted.
Usage: ``python benchmarks/rooms_bench.py [--writers 30] [--answers 20] [--polls 300]
[--opens 21] [--open-only]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sociocracy.rooms import RoomStore  # noqa: E402
from tools.damaged_record import fill_record  # noqa: E402
from tools.postgres_server import PostgresServer, postgres_bin_dir  # noqa: E402


def store_writer(location: str, code: str, activity_id: int, number: int, answers: int,
                 barrier) -> None:
    with RoomStore(location, timeout=120) as store:
        room = store.room(code)
        barrier.wait()
        person = room.join(f"Person {number}")
        for answer in range(answers):
            room.respond(person.key, activity_id, words=f"answer {answer} from {number}")


def bare_writer(location: str, number: int, answers: int, barrier) -> None:
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as connection:
            barrier.wait()
            for answer in range(answers + 1):  # + 1: the join
                connection.execute("INSERT INTO bare (who, words) VALUES (%s, %s)",
                                   (number, f"answer {answer}"))
        return
    connection = sqlite3.connect(location, timeout=120, isolation_level=None)
    connection.execute("PRAGMA synchronous = FULL")
    barrier.wait()
    for answer in range(answers + 1):
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO bare (who, words) VALUES (?, ?)",
                           (number, f"answer {answer}"))
        connection.execute("COMMIT")
    connection.close()


def _run_writers(target, args_for, writers: int) -> float:
    """Seconds from releasing ``writers`` processes together until the last one is done."""
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(writers + 1)
    processes = [spawn.Process(target=target, args=(*args_for(n), barrier))
                 for n in range(writers)]
    for process in processes:
        process.start()
    barrier.wait()
    start = time.perf_counter()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - start
    if any(p.exitcode != 0 for p in processes):
        raise SystemExit("a writer failed")
    return elapsed


def _bare_table(location: str) -> None:
    create = "CREATE TABLE bare (id {}, who INTEGER, words TEXT)"
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as connection:
            connection.execute(create.format("BIGSERIAL PRIMARY KEY"))
        return
    with sqlite3.connect(location) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute(create.format("INTEGER PRIMARY KEY"))


def throughput(name: str, location: str, writers: int, answers: int) -> None:
    with RoomStore(location) as store:
        room = store.create_room("Benchmark")
        activity = room.open_activity("check-in", "How are you?")
    writes = writers * (answers + 1)
    ours = _run_writers(store_writer, lambda n: (location, room.code, activity.id, n, answers),
                        writers)
    _bare_table(location)
    bare = _run_writers(bare_writer, lambda n: (location, n, answers), writers)
    print(f"{name}: {writers} writer processes, {writes} writes each way")
    print(f"  RoomStore join + respond: {writes / ours:8.0f} writes/s ({ours:.2f} s)")
    print(f"  bare one-row transactions: {writes / bare:7.0f} writes/s ({bare:.2f} s)")
    print(f"  ratio store / bare time: {ours / bare:.2f}")


def poll_latency(name: str, location: str, people: int, polls: int) -> None:
    with RoomStore(location) as store:
        room = store.create_room("Polling")
        activity = room.open_activity("consent", "Adopt it?")
        for number in range(people):
            key = room.join(f"Person {number}").key
            for _ in range(3):
                room.respond(key, activity, choice="consent", reason="fine")
        backend = store._backend

        def timed(action) -> list[float]:
            times = []
            for _ in range(polls):
                start = time.perf_counter()
                action()
                times.append(time.perf_counter() - start)
            return times

        ours = timed(lambda: room.answered_count(activity))
        bare = timed(lambda: backend.read("SELECT COUNT(*) FROM events"))
    print(f"{name}: answered_count in a room of {people} people (3 answers each), {polls} polls")
    print(f"  answered_count: median {statistics.median(ours) * 1e3:.3f} ms, "
          f"worst {max(ours) * 1e3:.3f} ms")
    print(f"  bare SELECT COUNT(*): median {statistics.median(bare) * 1e3:.3f} ms, "
          f"worst {max(bare) * 1e3:.3f} ms")
    print(f"  ratio of medians: {statistics.median(ours) / statistics.median(bare):.2f}")


def _bare_open(path: Path) -> None:
    """What opening a record ran before the page check: the baseline."""
    connection = sqlite3.connect(path, timeout=10, isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 10000")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'")
    connection.close()


def open_cost(folder: Path, opens: int, sizes: tuple[int, ...] = (1_000, 10_000, 100_000)) -> None:
    print(f"SQLite: opening a record (RoomStore(path), with its page check), median of {opens}")
    print(f"  {'events':>8} {'size':>8} {'bare open':>10} {'RoomStore':>10} {'ratio':>6}")
    for events in sizes:
        path = folder / f"open-{events}.sqlite3"
        fill_record(path, events)

        def median_ms(action) -> float:
            times = []
            for _ in range(opens):
                start = time.perf_counter()
                action()
                times.append(time.perf_counter() - start)
            return statistics.median(times) * 1e3

        bare = median_ms(lambda path=path: _bare_open(path))
        ours = median_ms(lambda path=path: RoomStore(path).close())
        print(f"  {events:>8,} {path.stat().st_size / 1e6:>6.1f}MB {bare:>8.2f}ms "
              f"{ours:>8.2f}ms {ours / bare:>6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=30)
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--polls", type=int, default=300)
    parser.add_argument("--opens", type=int, default=21)
    parser.add_argument("--open-only", action="store_true",
                        help="measure only the cost of opening a record")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        open_cost(Path(folder), args.opens)
        if args.open_only:
            return
        throughput("SQLite", str(Path(folder) / "w.sqlite3"), args.writers, args.answers)
        poll_latency("SQLite", str(Path(folder) / "p.sqlite3"), args.writers, args.polls)
    if postgres_bin_dir() is None:
        print("PostgreSQL: not measured (no pg_ctl found; run tools/ensure_postgres.sh)")
        return
    import psycopg

    with PostgresServer() as server:
        with psycopg.connect(server.url("postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE writers")
            admin.execute("CREATE DATABASE polls")
        throughput("PostgreSQL", server.url("writers"), args.writers, args.answers)
        poll_latency("PostgreSQL", server.url("polls"), args.writers, args.polls)


if __name__ == "__main__":
    main()
