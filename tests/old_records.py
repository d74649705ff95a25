"""Records written under the rules before the one names rule (issue 20, item 4), and records
made before rooms and sessions had owners (issue 22, :func:`record_before_owners`).

A workshop room once let "Ana" and "ana" (or two identical 60-character names, or a name holding
U+202E) join. Those records still exist on ambassadors' laptops, so the apps must read them: this
helper writes such a join straight into the event log, as the old ``Room.join`` did, without the
checks that now refuse it.
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

from sociocracy.rooms import Participant, Room
from sociocracy.rooms.model import moment
from sociocracy.rooms.store import _key_hash


def join_as_before(room: Room, name: str) -> Participant:
    """Join ``room`` as ``name`` exactly as typed, as the old join path recorded it."""
    key = secrets.token_urlsafe(24)
    now = time.time()
    with room._backend.transaction() as tx:
        tx.lock(room.code)
        seq = tx.insert("INSERT INTO events (stream, kind, key_hash, body, at) "
                        "VALUES (?, 'joined', ?, ?, ?)",
                        (room.code, _key_hash(key), json.dumps({"name": name}), now))
    return Participant(seq, name, moment(now), key=key)


# -- records from before owners (issue 22) ---------------------------------------------------
#: The events table as every version before issue 22 made it: no ``owner`` column.
OLD_TABLE = {
    "sqlite": ("CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL,"
               " kind TEXT NOT NULL, ref INTEGER, actor INTEGER, key_hash TEXT,"
               " body TEXT NOT NULL, at REAL NOT NULL)"),
    "postgresql": ("CREATE TABLE events (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                   " stream TEXT NOT NULL, kind TEXT NOT NULL, ref BIGINT, actor BIGINT,"
                   " key_hash TEXT, body TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)"),
}
OLD_GUARDS = {
    "sqlite": (
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
        "BEGIN SELECT RAISE(ABORT, 'the workshop record is append-only'); END",
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
        "BEGIN SELECT RAISE(ABORT, 'the workshop record is append-only'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the workshop record is append-only'; END $$",
        "CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events "
        "FOR EACH ROW EXECUTE FUNCTION events_append_only()",
    ),
}
OLD_INDEXES = (
    "CREATE UNIQUE INDEX events_room_code ON events (stream) WHERE kind = 'room-created'",
    "CREATE UNIQUE INDEX events_key ON events (key_hash) WHERE key_hash IS NOT NULL",
    "CREATE INDEX events_by_stream ON events (stream, kind)",
    "CREATE INDEX events_by_ref ON events (ref, kind)",
)


def record_before_owners(location: str) -> dict[str, object]:
    """Write a record as the versions before owners did: the old table, a room ``OLDRM`` with
    one participant, and a finished and an unfinished session of the app ``rounds``. Returns
    what it wrote (``room``, ``sessions``: their numbers)."""
    now = time.time()
    rows = [
        ("OLDRM", "room-created", None, None, json.dumps({"title": "Before owners",
                                                          "token": "t" * 32})),
        ("OLDRM", "joined", None, _key_hash("old-key"), json.dumps({"name": "Ana"})),
        ("app:rounds", "session-started", None, None,
         json.dumps({"title": "Old round", "setup": {}})),
        ("app:rounds", "session-started", None, None,
         json.dumps({"title": "Old unfinished round", "setup": {}})),
    ]
    if location.startswith("postgresql://"):
        import psycopg

        kind, insert = "postgresql", ("INSERT INTO events (stream, kind, ref, key_hash, body, at)"
                                      " VALUES (%s, %s, %s, %s, %s, %s) RETURNING seq")
        connection: Any = psycopg.connect(location, autocommit=True)
    else:
        import sqlite3
        from pathlib import Path

        Path(location).parent.mkdir(parents=True, exist_ok=True)
        kind, insert = "sqlite", ("INSERT INTO events (stream, kind, ref, key_hash, body, at) "
                                  "VALUES (?, ?, ?, ?, ?, ?) RETURNING seq")
        connection = sqlite3.connect(location, isolation_level=None)
    try:
        for statement in (OLD_TABLE[kind], *OLD_INDEXES, *OLD_GUARDS[kind]):
            connection.execute(statement)
        seqs = [connection.execute(insert, (*row, now)).fetchone()[0] for row in rows]
        connection.execute(insert.replace("RETURNING seq", ""),
                           ("app:rounds", "session-finished", seqs[2], None, "{}", now))
    finally:
        connection.close()
    return {"room": "OLDRM", "sessions": (seqs[2], seqs[3])}
