"""Workshop records of a chosen size, and the damage issue 21 found, for tests and benchmarks.

``fill_record`` makes a real record through the store (a room, an activity, people joining, an
answer) and then repeats that answer's event in one transaction until the record holds ``events``
events: 10,000 events in a second instead of the minutes that 10,000 durable writes take, with
rows the store reads like any other. ``damage_middle`` writes random bytes into the middle of the
file, as a failing disk, a copy interrupted or a program writing to the wrong file would.
"""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

from sociocracy.rooms import RoomStore

#: People in the filled room: a large workshop.
PEOPLE = 60


def fill_record(path: Path, events: int, *, words: int = 120) -> str:
    """A record at ``path`` with about ``events`` events (answers of ``words`` characters) in one
    room; returns the room's code."""
    with RoomStore(path) as store:
        room = store.create_room("A long workshop")
        activity = room.open_activity("check-in", "How are you arriving?")
        keys = [room.join(f"Person {i}").key for i in range(PEOPLE)]
        room.respond(keys[0], activity, words="x" * words)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        (stream, ref, body), = connection.execute(
            "SELECT stream, ref, body FROM events WHERE kind = 'responded'").fetchall()
        actors = [seq for (seq,) in connection.execute(
            "SELECT seq FROM events WHERE kind = 'joined' ORDER BY seq")]
        count = connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        text = json.loads(body)["words"]
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT INTO events (stream, kind, ref, actor, body, at) "
            "VALUES (?, 'responded', ?, ?, ?, 0)",
            ((stream, ref, actors[i % PEOPLE],
              json.dumps({"words": f"{i} {text}"[:len(text)]}))
             for i in range(max(0, events - count))))
        connection.execute("COMMIT")
    finally:
        connection.close()
    return stream


def damage_middle(path: Path, size: int = 65_536, seed: int = 21) -> bytes:
    """Overwrite ``size`` bytes in the middle of the file with random ones; returns the file."""
    data = bytearray(path.read_bytes())
    if len(data) < 2 * size:
        raise ValueError(f"{path} is {len(data)} bytes: too small to damage {size} in its middle")
    start = (len(data) - size) // 2
    data[start:start + size] = random.Random(seed).randbytes(size)
    path.write_bytes(bytes(data))
    return bytes(data)
