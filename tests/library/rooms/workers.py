"""Code run in child processes by the concurrency and crash tests (importable, for ``spawn``)."""

from __future__ import annotations

import os
import sys


def join_and_answer(location: str, code: str, activity_id: int, number: int) -> None:
    """One phone: join as "Person N", answer, change the answer once (the latest must count)."""
    from sociocracy.rooms import RoomStore

    with RoomStore(location, timeout=60) as store:
        room = store.room(code)
        person = room.join(f"Person {number}")
        room.respond(person.key, activity_id, words=f"first {number}")
        room.respond(person.key, activity_id, words=f"words {number}")


def answer_until_killed(location: str, code: str, activity_id: int, report: str) -> None:
    """Join and answer over and over; after each ``respond`` returns, say so on ``report``."""
    from sociocracy.rooms import RoomStore

    with RoomStore(location) as store, open(report, "a", buffering=1) as out:
        room = store.room(code)
        number = 0
        while True:
            number += 1
            person = room.join(f"Person {number}")
            room.respond(person.key, activity_id, words=f"words {number}")
            out.write(f"returned {number}\n")
            out.flush()
            os.fsync(out.fileno())


if __name__ == "__main__":  # python -m tests.library.rooms.workers LOCATION CODE ACTIVITY REPORT
    answer_until_killed(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
