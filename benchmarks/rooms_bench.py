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

PostgreSQL runs when Debian's binaries are found (``tools/ensure_postgres.sh``), on a throwaway
server (``tools/postgres_server.py``). Figures are printed, never asserted.
Usage: ``python benchmarks/rooms_bench.py [--writers 30] [--answers 20] [--polls 300]``
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=30)
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--polls", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
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
