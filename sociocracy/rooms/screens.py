"""Which screen holds a facilitator-app session: one writer at a time, with a heartbeat.

A session (a round, a consent decision, ...) can be open on more than one screen: the laptop, a
second tab, a tablet. If two of them wrote, the last write would win and a step one screen showed
as done could vanish. So one screen *holds* a session: its owner id and a heartbeat are kept in a
small table beside the event log (``screens``: one row per session, updated in place; it is about
who is writing now, not part of the workshop's history, so the log stays append-only).

* :func:`claim` makes a screen the holder (opening a session, resuming it, taking it over);
* :func:`beat` says "still here" and tells the screen whether it still holds the session;
* :func:`holder` tells another screen who holds it and how recently it was active;
* :func:`require_holder` runs inside the transaction that records a step, so a screen that was
  taken over cannot write, not even in a race with the take-over.

Every call takes the session's lock, the same one :meth:`~sociocracy.rooms.Session.record`
takes, so a take-over and a step are ordered: the step is either recorded before the take-over
(and the new holder reads it) or refused.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from sociocracy.core.language import _

from .backends import Backend, Transaction
from .errors import ActivityStateError, StoreError
from .model import moment

__all__ = ["ScreenHold", "TakenOver", "beat", "claim", "holder", "prepare", "release",
           "require_holder",
           "taken_over_sentence"]

TABLE = ("CREATE TABLE IF NOT EXISTS screens (session BIGINT PRIMARY KEY, owner TEXT NOT NULL, "
         "since DOUBLE PRECISION NOT NULL, beat DOUBLE PRECISION NOT NULL)")
UPSERT = ("INSERT INTO screens (session, owner, since, beat) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (session) DO UPDATE SET owner = excluded.owner, since = excluded.since, "
          "beat = excluded.beat")


class TakenOver(ActivityStateError):
    """This screen no longer holds the session: another screen took it over."""


@dataclass(frozen=True)
class ScreenHold:
    """Who holds a session: the screen's ``owner`` id, since when, and its last heartbeat."""

    owner: str
    since: datetime
    beat: datetime

    def quiet_for(self, now: float | None = None) -> float:
        """Seconds since the holder's last heartbeat."""
        return max(0.0, (time.time() if now is None else now) - self.beat.timestamp())


READY = "_screens_table_ready"  # set on a backend once its screens table is known to exist


def _ensure_table(backend: Backend) -> None:
    if getattr(backend, READY, False) or backend.read_only:
        return
    with backend.transaction() as tx:
        tx.execute(TABLE)
    setattr(backend, READY, True)


def _lock_name(session: int) -> str:
    return f"session:{session}"


def _row(tx: Transaction, session: int) -> ScreenHold | None:
    rows = tx.execute("SELECT owner, since, beat FROM screens WHERE session = ?", (session,))
    if not rows:
        return None
    owner, since, beat_at = rows[0]
    return ScreenHold(str(owner), moment(float(since)), moment(float(beat_at)))


def claim(backend: Backend, session: int, owner: str, now: float | None = None) -> None:
    """Make ``owner`` the screen that holds ``session`` (from now on only it may record)."""
    _ensure_table(backend)
    at = time.time() if now is None else now
    with backend.transaction() as tx:
        tx.lock(_lock_name(session))
        tx.execute(UPSERT, (session, owner, at, at))


def beat(backend: Backend, session: int, owner: str, now: float | None = None) -> bool:
    """A heartbeat from ``owner``: ``True`` while it holds ``session`` (or nobody does, in which
    case it takes it), ``False`` once another screen has taken it over."""
    _ensure_table(backend)
    at = time.time() if now is None else now
    with backend.transaction() as tx:
        tx.lock(_lock_name(session))
        held = _row(tx, session)
        if held is not None and held.owner != owner:
            return False
        since = held.since.timestamp() if held is not None else at
        tx.execute(UPSERT, (session, owner, since, at))
    return True


def release(backend: Backend, session: int, owner: str) -> None:
    """``owner`` lets go of ``session`` (its page was closed): the next screen may resume it."""
    _ensure_table(backend)
    with backend.transaction() as tx:
        tx.lock(_lock_name(session))
        tx.execute("DELETE FROM screens WHERE session = ? AND owner = ?", (session, owner))


def holder(backend: Backend, session: int) -> ScreenHold | None:
    """The screen holding ``session``, or ``None`` (never claimed, or a read-only record made
    before screens were kept)."""
    if backend.read_only and not getattr(backend, READY, False) and not _has_table(backend):
        return None
    _ensure_table(backend)
    rows = backend.read("SELECT owner, since, beat FROM screens WHERE session = ?", (session,))
    if not rows:
        return None
    owner, since, beat_at = rows[0]
    return ScreenHold(str(owner), moment(float(since)), moment(float(beat_at)))


def _has_table(backend: Backend) -> bool:
    try:
        backend.read("SELECT 1 FROM screens LIMIT 0")
    except StoreError:  # a record made before screens were kept has no table
        return False
    setattr(backend, READY, True)
    return True


def prepare(backend: Backend) -> None:
    """Make sure the table exists before a transaction that calls :func:`require_holder`."""
    _ensure_table(backend)


def require_holder(tx: Transaction, session: int, owner: str, noun: str) -> None:
    """Inside a recording transaction: refuse when another screen holds ``session``."""
    held = _row(tx, session)
    if held is not None and held.owner != owner:
        raise TakenOver(taken_over_sentence(noun))


def taken_over_sentence(noun: str) -> str:
    """What a screen that lost its session says, and answers to every click."""
    return _("This {noun} was taken over by another screen, so nothing was changed here: "
             "continue on that screen, or take it back on this one.").format(noun=_(noun))
