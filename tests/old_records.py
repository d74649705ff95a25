"""Records written under the rules before the one names rule (issue 20, item 4).

A workshop room once let "Ana" and "ana" (or two identical 60-character names, or a name holding
U+202E) join. Those records still exist on ambassadors' laptops, so the apps must read them: this
helper writes such a join straight into the event log, as the old ``Room.join`` did, without the
checks that now refuse it.
"""

from __future__ import annotations

import json
import secrets
import time

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
