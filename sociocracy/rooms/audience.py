"""What the projector shows: the latest audience view each facilitator app published.

The audience view (the projector's window) is a second page of the same session, in another
kernel: it cannot call the facilitator's session, so the session *publishes* what the room
should see after every change, and the audience page reads it a few times a second. One row per
app (``audience``), replaced in place, with a sequence number that grows with every publication
so a reader knows at once whether anything changed. Like the ``screens`` table, it is about what
is on the screen now, not the workshop's history: the event log stays append-only and the
session's steps stay the record.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .backends import Backend
from .errors import StoreError

__all__ = ["Shown", "publish", "shown"]

TABLE = ("CREATE TABLE IF NOT EXISTS audience (app TEXT PRIMARY KEY, owner TEXT NOT NULL, "
         "seq BIGINT NOT NULL, at DOUBLE PRECISION NOT NULL, data TEXT NOT NULL)")
UPSERT = ("INSERT INTO audience (app, owner, seq, at, data) VALUES (?, ?, 1, ?, ?) "
          "ON CONFLICT (app) DO UPDATE SET owner = excluded.owner, seq = audience.seq + 1, "
          "at = excluded.at, data = excluded.data")
READY = "_audience_table_ready"


@dataclass(frozen=True)
class Shown:
    """The latest publication for one app: which screen published it, its sequence number, when
    (seconds since the epoch) and the view's data (JSON text)."""

    owner: str
    seq: int
    at: float
    data: str


def _ensure_table(backend: Backend) -> None:
    if getattr(backend, READY, False) or backend.read_only:
        return
    with backend.transaction() as tx:
        tx.execute(TABLE)
    setattr(backend, READY, True)


def publish(backend: Backend, app: str, owner: str, data: str, now: float | None = None) -> None:
    """Make ``data`` what the audience view of ``app`` shows (``owner``: the publishing screen)."""
    if backend.read_only:
        return
    _ensure_table(backend)
    at = time.time() if now is None else now
    with backend.transaction() as tx:
        tx.execute(UPSERT, (app, owner, at, data))


def shown(backend: Backend, app: str) -> Shown | None:
    """What ``app``'s audience view shows now, or ``None`` when nothing was published."""
    if not getattr(backend, READY, False):
        if backend.read_only:
            try:
                backend.read("SELECT 1 FROM audience LIMIT 0")
            except StoreError:  # a record made before audience views existed
                return None
            setattr(backend, READY, True)
        else:
            _ensure_table(backend)
    rows = backend.read("SELECT owner, seq, at, data FROM audience WHERE app = ?", (app,))
    if not rows:
        return None
    owner, seq, at, data = rows[0]
    return Shown(str(owner), int(seq), float(at), str(data))
