"""The workshop record: rooms people join from their phones, and facilitator-app sessions.

Everything is an append-only log of events in one table (``events``): a room was created, someone
joined, an activity was opened, an answer was given, the answers were revealed, an activity was
closed; a facilitator app started a session, recorded a step, finished. Nothing is ever updated
or deleted (triggers refuse it), so a crash can only lose the event being written, never one
already recorded, and the record doubles as the workshop's history. What a room looks like now
(the open activity, the latest answer of each person) is derived from the log when asked.

Rules, and why:

* Joining twice: a phone that sends back its ``key`` gets the same participant; without a key
  (or with a key from another room) it is a new participant, and its name must not look like a
  name already in the room ("Ana" and "ana", or "Anа" with a Cyrillic "а";
  :mod:`sociocracy.core.names`): two people called Ana are told at once, on the phone, to add
  an initial, so that everyone the room hears in the spoken round can be told apart.
* Answers can be changed until the reveal; the latest one counts. After the reveal, answering is
  refused, so everyone saw the same answers. Answers are readable only after the reveal (a phone
  sees its own with :meth:`Room.my_response`), so nobody is swayed by earlier answers.
* A phone names each send (``send_id``) and sends again under the same name when it cannot
  know whether the first one arrived (the connection dropped): the record keeps it once.
* Opening an activity closes the one before: a room runs one round at a time.
* Each write is one transaction that takes the room's write lock first, so 30 phones answering
  at once are recorded one after the other, none lost, none twice.
* A room takes joins for a set time (:mod:`.limits`: a day by default) and up to a set number of
  people, and not after its facilitator closed it to joins; the check and the join are one
  transaction, so phones joining at once cannot slip past the limit together.
* Each room and each session has an owner (issue 22): the facilitator whose record it is. On a
  JupyterHub that is the Hub user (``$JUPYTERHUB_USER``), elsewhere one default owner (so a
  laptop's record reads as it always did). The owner is written on the event that starts the
  room or the session; everything after belongs to its room or session. A store lists and opens
  only its owner's rooms and sessions (:attr:`RoomStore.owner`), so two facilitators sharing a
  PostgreSQL database through a Hub never see each other's records; the phones' join service
  opens the store for every owner (a room code finds its room, whoever made it).
* The facilitator can remove a participant (a phone stuffing the room): an event like any other,
  so nothing is deleted; from then on that person is not listed, not counted, not in the reveal
  and not in the exports, and their phone can no longer answer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sociocracy.rooms.audience as audience
import sociocracy.rooms.screens as screens
from sociocracy.core.language import N_, _, ngettext
from sociocracy.core.names import clean_name, refuse_taken
from sociocracy.core.settings import DEFAULT_OWNER, record_owner

from .backends import Backend, Transaction, open_backend
from .errors import (
    ActivityStateError,
    JoinRefused,
    ParticipantNotFound,
    RoomNotFound,
    SessionNotFound,
)
from .export import room_csv, room_markdown
from .limits import room_hours, room_size
from .location import resolve_location
from .model import (
    ACTIVITY_KINDS,
    NAME_LABEL,
    Activity,
    Participant,
    Response,
    clean_response,
    clean_text,
    moment,
    refused,
)
from .spoken import SpokenRound, spoken_rounds

__all__ = ["CODE_ALPHABET", "CODE_LENGTH", "Room", "RoomStore", "Session"]

#: Room codes avoid look-alikes (no I, O, 0, 1) so they can be read off a projector and typed.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 5
SESSION_STREAM = "app:"

ActivityRef = Activity | int


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _key_hash(key: str) -> str:
    """The record keeps a hash of a phone's key, so a copy of the record cannot answer for it."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _activity_id(activity: ActivityRef) -> int:
    if isinstance(activity, Activity):
        return activity.id
    if isinstance(activity, int) and not isinstance(activity, bool):
        return activity
    raise TypeError(f"expected an Activity or its id, got {activity!r}")


def _activities(rows: Iterable[tuple]) -> list[Activity]:
    """Replay ``(seq, kind, ref, body, at)`` rows of one room into its activities, in order."""
    opened: dict[int, dict[str, Any]] = {}
    for seq, kind, ref, body, at in rows:
        if kind == "activity-opened":
            for earlier in opened.values():
                earlier["closed"] = True  # opening one closes the one before
            data = json.loads(body)
            opened[seq] = {"id": seq, "kind": data["kind"], "prompt": data["prompt"],
                           "opened_at": moment(at), "revealed": False, "closed": False,
                           "asked_by": data.get("asked_by", "")}
        elif kind in ("revealed", "activity-closed") and ref in opened:
            opened[ref]["revealed" if kind == "revealed" else "closed"] = True
    return [Activity(**values) for values in opened.values()]


#: A participant (``j``, their ``joined`` event) whom the facilitator has not removed.
NOT_REMOVED = ("NOT EXISTS (SELECT 1 FROM events x WHERE x.ref = j.seq "
               "AND x.kind = 'participant-removed' AND x.stream = j.stream)")
JOINS_EVENTS = ("SELECT kind, at FROM events WHERE stream = ? AND kind IN "
                "('joins-closed', 'joins-opened') ORDER BY seq DESC LIMIT 1")

ACTIVITY_EVENTS = ("SELECT seq, kind, ref, body, at FROM events WHERE stream = ? AND kind IN "
                   "('activity-opened', 'revealed', 'activity-closed') ORDER BY seq")


class Room:
    """A workshop room: its code for people to type, its token for QR links, its activities.

    Get one from :meth:`RoomStore.create_room` or :meth:`RoomStore.room`; every property reads
    the record again, so two laptops (or a kernel and a web server) sharing it agree.
    """

    def __init__(self, store: RoomStore, code: str, title: str, token: str,
                 created_at: float) -> None:
        self._store = store
        self.code = code
        self.title = title
        self.token = token
        self.created_at = moment(created_at)

    def __repr__(self) -> str:
        return f"Room(code={self.code!r}, title={self.title!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Room) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)

    @property
    def join_path(self) -> str:
        """The path a phone opens to join: ``/join/CODE``."""
        return f"/join/{self.code}"

    def join_link(self, join_url: str) -> str:
        """The room's QR link: the join page's address (``http://IP:PORT/join``), this room's
        code and its token (``?t=``), so a phone that opens it needs to type nothing but a name."""
        return f"{join_url.rstrip('/')}/{self.code}?t={self.token}"

    def check_token(self, token: str) -> bool:
        """Whether ``token`` is this room's QR token (compared in constant time)."""
        return hmac.compare_digest(str(token).encode(), self.token.encode())

    @property
    def _backend(self) -> Backend:
        return self._store._open_backend()

    # -- people -----------------------------------------------------------------------------
    @property
    def participants(self) -> list[Participant]:
        """Everyone who joined, in the order they joined."""
        rows = self._backend.read(
            "SELECT seq, body, at FROM events j WHERE stream = ? AND kind = 'joined' AND "
            + NOT_REMOVED + " ORDER BY seq", (self.code,))
        return [Participant(seq, json.loads(body)["name"], moment(at)) for seq, body, at in rows]

    def join(self, name: str, key: str | None = None) -> Participant:
        """Join this room as ``name``; the returned participant's ``key`` is the phone's secret.

        With the ``key`` of someone already in this room (a phone that reloads the page), the
        same participant comes back (under the name they joined with) instead of a new one.
        Otherwise a name that looks like one already here is refused
        (:func:`~sociocracy.core.names.refuse_taken`: "Someone here already uses the name Ana:
        add an initial."); the check and the join are one transaction, so two phones typing
        "Ana" at once cannot both get in.
        """
        clean = clean_name(name, field=NAME_LABEL)
        with self._backend.transaction() as tx:
            tx.lock(self.code)
            if key:
                known = self._participant(tx, key)
                if known is not None:
                    return Participant(known.id, known.name, known.joined_at, key=key)
                if self._was_removed(tx, key):
                    raise JoinRefused(self.removed_note())
            now = time.time()
            refusal = self._join_refusal(tx, now)
            if refusal:
                raise JoinRefused(refusal)
            names = tx.execute("SELECT body FROM events j WHERE stream = ? AND kind = 'joined' "
                               "AND " + NOT_REMOVED, (self.code,))
            refuse_taken(clean, (json.loads(body)["name"] for (body,) in names),
                         field=NAME_LABEL)
            new_key = secrets.token_urlsafe(24)
            seq = tx.insert("INSERT INTO events (stream, kind, key_hash, body, at) "
                            "VALUES (?, 'joined', ?, ?, ?)",
                            (self.code, _key_hash(new_key), _json({"name": clean}), now))
        return Participant(seq, clean, moment(now), key=new_key)

    def participant(self, key: str) -> Participant | None:
        """The participant whose phone holds ``key`` (without the key), or ``None``."""
        return self._participant(None, key)

    def _participant(self, tx: Transaction | None, key: str) -> Participant | None:
        sql = ("SELECT seq, body, at FROM events j WHERE key_hash = ? AND stream = ? "
               "AND kind = 'joined' AND " + NOT_REMOVED)
        params = (_key_hash(str(key)), self.code)
        rows = tx.execute(sql, params) if tx is not None else self._backend.read(sql, params)
        if not rows:
            return None
        seq, body, at = rows[0]
        return Participant(seq, json.loads(body)["name"], moment(at))

    def _require_participant(self, tx: Transaction | None, key: str) -> Participant:
        found = self._participant(tx, key)
        if found is None:
            if self._was_removed(tx, key):
                raise ParticipantNotFound(self.removed_note())
            raise ParticipantNotFound(
                _("This phone has not joined room {code} yet: join with your name first.")
                .format(code=self.code))
        return found

    def _read(self, tx: Transaction | None, sql: str, params: tuple) -> list[tuple]:
        return tx.execute(sql, params) if tx is not None else self._backend.read(sql, params)

    def _was_removed(self, tx: Transaction | None, key: str) -> bool:
        return bool(self._read(tx, (
            "SELECT 1 FROM events j WHERE key_hash = ? AND stream = ? AND kind = 'joined' "
            "AND NOT " + NOT_REMOVED), (_key_hash(str(key)), self.code)))

    def was_removed(self, key: str) -> bool:
        """Whether the phone holding ``key`` joined this room and the facilitator removed it."""
        return self._was_removed(None, key)

    def removed_note(self) -> str:
        """What a removed phone is told."""
        return _("The facilitator removed this phone from room {code}; ask them if that was a "
                 "mistake.").format(code=self.code)

    def remove(self, participant: Participant | int) -> Participant:
        """Remove someone from the room (a phone that stuffed it, a test join): an event in the
        log, so nothing is deleted. They are no longer listed, counted, revealed or exported,
        and their phone can no longer answer or join again with its key."""
        wanted = participant.id if isinstance(participant, Participant) else int(participant)
        with self._backend.transaction() as tx:
            tx.lock(self.code)
            rows = tx.execute("SELECT seq, body, at FROM events j WHERE seq = ? AND stream = ? "
                              "AND kind = 'joined' AND " + NOT_REMOVED, (wanted, self.code))
            if not rows:
                raise ParticipantNotFound(
                    _("Nobody with the number {number} is in room {code} (any more).").format(
                        number=wanted, code=self.code))
            tx.insert("INSERT INTO events (stream, kind, ref, body, at) "
                      "VALUES (?, 'participant-removed', ?, '{}', ?)",
                      (self.code, wanted, time.time()))
        seq, body, at = rows[0]
        return Participant(seq, json.loads(body)["name"], moment(at))

    # -- taking joins -----------------------------------------------------------------------
    def _join_refusal(self, tx: Transaction | None, now: float) -> str:
        """Why a new participant cannot join now ("" when they can)."""
        last = self._read(tx, JOINS_EVENTS, (self.code,))
        if last and last[0][0] == "joins-closed":
            return _("Room {code} is closed: it takes no new participants. If you should be in "
                     "it, tell the facilitator.").format(code=self.code)
        hours = room_hours()
        opened = last[0][1] if last else self.created_at.timestamp()
        if hours and now > opened + hours * 3600:
            return ngettext(
                "Room {code} stopped taking new participants {hours} hour after it opened. If "
                "you should be in it, tell the facilitator.",
                "Room {code} stopped taking new participants {hours} hours after it opened. If "
                "you should be in it, tell the facilitator.", 1 if hours == 1 else 2,
            ).format(code=self.code, hours=f"{hours:g}")
        size = room_size()
        if size:
            count = self._read(tx, "SELECT COUNT(*) FROM events j WHERE stream = ? AND "
                                   "kind = 'joined' AND " + NOT_REMOVED, (self.code,))
            if int(count[0][0]) >= size:
                return _("Room {code} is full: it takes at most {size} people. If you should be "
                         "in it, tell the facilitator.").format(code=self.code, size=size)
        return ""

    def join_refusal(self) -> str:
        """Why a phone cannot join this room now (closed, past its hours, full), or ""."""
        return self._join_refusal(None, time.time())

    @property
    def closed_to_joins(self) -> bool:
        """Whether the facilitator closed the room to new joins (and has not opened it again)."""
        last = self._read(None, JOINS_EVENTS, (self.code,))
        return bool(last) and last[0][0] == "joins-closed"

    @property
    def takes_joins(self) -> bool:
        """Whether a new phone can join now."""
        return not self.join_refusal()

    def close_joining(self) -> None:
        """Take no new participants (people already in the room go on answering)."""
        self._joins_event("joins-closed")

    def open_joining(self) -> None:
        """Take new participants again, for another :func:`~.limits.room_hours` from now."""
        self._joins_event("joins-opened")

    def _joins_event(self, kind: str) -> None:
        with self._backend.transaction() as tx:
            tx.lock(self.code)
            tx.insert("INSERT INTO events (stream, kind, body, at) VALUES (?, ?, '{}', ?)",
                      (self.code, kind, time.time()))

    # -- activities -------------------------------------------------------------------------
    @property
    def activities(self) -> list[Activity]:
        """Every activity opened in this room, in order."""
        return _activities(self._backend.read(ACTIVITY_EVENTS, (self.code,)))

    @property
    def current_activity(self) -> Activity | None:
        """The open activity, or ``None`` when the last one was closed (or none was opened)."""
        activities = self.activities
        if activities and not activities[-1].closed:
            return activities[-1]
        return None

    def activity(self, activity: ActivityRef, tx: Transaction | None = None) -> Activity:
        """The activity now (its latest state), from an :class:`Activity` or its id."""
        wanted = _activity_id(activity)
        rows = (tx.execute(ACTIVITY_EVENTS, (self.code,)) if tx is not None
                else self._backend.read(ACTIVITY_EVENTS, (self.code,)))
        for found in _activities(rows):
            if found.id == wanted:
                return found
        raise ActivityStateError(_("Room {code} has no activity number {number}.").format(
            code=self.code, number=wanted))

    def open_activity(self, kind: str, prompt: str = "", *, asked_by: str = "") -> Activity:
        """Open a ``kind`` activity ("check-in", "consent", "nomination", "evaluation",
        "follow-up").

        The activity open before it, if any, is closed: a room runs one round at a time.
        ``asked_by`` names the app that asked ("Consent decision"), shown on the phones.
        """
        if kind not in ACTIVITY_KINDS:
            raise refused(N_("Kind of round"), _("choose one of: {kinds}.").format(
                kinds=", ".join(ACTIVITY_KINDS)))
        text = clean_text(prompt, N_("Prompt"), required=False)
        app = " ".join(clean_text(asked_by, N_("App"), required=False).split())
        body: dict[str, str] = {"kind": kind, "prompt": text}
        if app:
            body["asked_by"] = app
        now = time.time()
        with self._backend.transaction() as tx:
            tx.lock(self.code)
            seq = tx.insert("INSERT INTO events (stream, kind, body, at) "
                            "VALUES (?, 'activity-opened', ?, ?)",
                            (self.code, _json(body), now))
        return Activity(seq, kind, text, moment(now), asked_by=app)

    def _mark(self, activity: ActivityRef, event: str) -> Activity:
        with self._backend.transaction() as tx:
            tx.lock(self.code)
            found = self.activity(activity, tx)
            done = found.revealed if event == "revealed" else found.closed
            if not done:
                tx.insert("INSERT INTO events (stream, kind, ref, body, at) VALUES (?, ?, ?, ?, ?)",
                          (self.code, event, found.id, "{}", time.time()))
        return self.activity(found.id)

    def reveal(self, activity: ActivityRef) -> Activity:
        """Show everyone's answers; from now on answers are read, not changed."""
        return self._mark(activity, "revealed")

    def close_activity(self, activity: ActivityRef) -> Activity:
        """Close the activity: no more answers (revealed or not)."""
        return self._mark(activity, "activity-closed")

    # -- answers ----------------------------------------------------------------------------
    def respond(self, participant_key: str, activity: ActivityRef, *, send_id: str = "",
                **fields: object) -> Response:
        """Record an answer; it replaces this participant's earlier one until the reveal.

        Fields: consent ``choice`` ("consent"/"objection") and ``reason`` (needed to object);
        nomination ``nominee`` and ``reason``; check-in and evaluation ``words``; follow-up
        ``answer`` ("yes"/"no") and ``contact`` (optional, only with "yes").

        ``send_id``: the phone's name for this send. A phone that lost its connection sends
        again with the same id, not knowing whether the first one arrived; an id this
        participant already sent in this round is the same answer, recorded once (even after
        the reveal: it arrived before), and the answer recorded then is returned.
        """
        with self._backend.transaction() as tx:
            tx.lock(self.code)
            who = self._require_participant(tx, participant_key)
            found = self.activity(activity, tx)
            send_hash = (_key_hash(f"sent:{self.code}:{found.id}:{who.id}:{send_id}")
                         if send_id else None)
            if send_hash is not None:
                already = tx.execute("SELECT body, at FROM events WHERE key_hash = ? AND "
                                     "stream = ? AND kind = 'responded'", (send_hash, self.code))
                if already:
                    body, at = already[0]
                    return Response(found.id, who.id, who.name, json.loads(body), moment(at))
            if found.revealed:
                raise ActivityStateError(
                    _("The answers to this round have been revealed, so answers can no longer "
                      "change; wait for the next round."))
            if found.closed:
                raise ActivityStateError(
                    _("This round is closed; wait for the facilitator to open the next one."))
            clean = clean_response(found.kind, fields)
            now = time.time()
            tx.insert("INSERT INTO events (stream, kind, ref, actor, key_hash, body, at) "
                      "VALUES (?, 'responded', ?, ?, ?, ?, ?)",
                      (self.code, found.id, who.id, send_hash, _json(clean), now))
        return Response(found.id, who.id, who.name, clean, moment(now))

    def answered_count(self, activity: ActivityRef) -> int:
        """How many people have answered (changing an answer does not count twice)."""
        rows = self._backend.read(
            "SELECT COUNT(DISTINCT actor) FROM events r WHERE ref = ? AND kind = 'responded' "
            "AND stream = ? AND NOT EXISTS (SELECT 1 FROM events x WHERE x.ref = r.actor AND "
            "x.kind = 'participant-removed' AND x.stream = r.stream)",
            (_activity_id(activity), self.code))
        return int(rows[0][0])

    def _latest(self, activity_id: int, actor: int | None = None) -> list[Response]:
        sql = ("SELECT r.actor, j.body, r.body, r.at FROM events r JOIN events j "
               "ON j.seq = r.actor WHERE r.ref = ? AND r.kind = 'responded' AND r.stream = ? "
               "AND " + NOT_REMOVED)
        params: tuple = (activity_id, self.code)
        if actor is not None:
            sql += " AND r.actor = ?"
            params += (actor,)
        latest: dict[int, Response] = {}
        for who, joined, body, at in self._backend.read(sql + " ORDER BY r.seq", params):
            latest[who] = Response(activity_id, who, json.loads(joined)["name"],
                                   json.loads(body), moment(at))
        return [latest[who] for who in sorted(latest)]  # join order: participants' seq

    def responses(self, activity: ActivityRef) -> list[Response]:
        """Everyone's latest answer, in the order they joined; only after the reveal."""
        found = self.activity(activity)
        if not found.revealed:
            raise ActivityStateError(
                _("The answers are shown after the reveal: reveal this round first."))
        return self._latest(found.id)

    def my_response(self, participant_key: str, activity: ActivityRef) -> Response | None:
        """This phone's own latest answer (so it can show "Received" after a reload), or None."""
        who = self._require_participant(None, participant_key)
        mine = self._latest(_activity_id(activity), who.id)
        return mine[0] if mine else None

    # -- the record -------------------------------------------------------------------------
    def spoken_rounds(self) -> list[SpokenRound]:
        """The spoken rounds of this room's questions, joined in from the sessions of the apps
        that ran them (see :mod:`.spoken`), oldest first."""
        return spoken_rounds(self._store.sessions(), self.code)

    def export_markdown(self) -> str:
        """The room's record as Markdown to hand out: answers of revealed questions only, each
        with its spoken round (turns in speaking order, notes, outcome; local times)."""
        return room_markdown(self)

    def export_csv(self) -> str:
        """One row per revealed answer, for a spreadsheet."""
        return room_csv(self)


class Session:
    """A facilitator app's run (a round, a consent decision, a circle map), step by step.

    Each :meth:`record` is committed before it returns, so after a kernel crash the app can
    offer :meth:`RoomStore.unfinished_sessions` and replay :attr:`steps` to where it was.
    """

    def __init__(self, store: RoomStore, id: int, app: str, title: str,
                 setup: dict[str, Any], started_at: float) -> None:
        self._store = store
        self.id = id
        self.app = app
        self.title = title
        self.setup = setup
        self.started_at = moment(started_at)

    def __repr__(self) -> str:
        return f"Session(id={self.id}, app={self.app!r}, title={self.title!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Session) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def _stream(self) -> str:
        return SESSION_STREAM + self.app

    def record(self, step: str, data: dict[str, Any] | None = None, *,
               owner: str | None = None, noun: str = "session") -> None:
        """Append one completed step (``data`` must be JSON: dicts, lists, text, numbers).

        With ``owner`` (a screen's id), the step is refused with :class:`~.screens.TakenOver`
        when another screen holds the session (see :mod:`.screens`); ``noun`` names the
        session in that sentence ("round", "consent decision").
        """
        if not isinstance(step, str) or not step.strip():
            raise refused(N_("Step"), _("give the step a name."))
        body = _json({"step": step, "data": {} if data is None else data})
        backend = self._store._open_backend()
        if owner is not None:
            screens.prepare(backend)
        with backend.transaction() as tx:
            tx.lock(f"session:{self.id}")
            if owner is not None:
                screens.require_holder(tx, self.id, owner, noun)
            if self._finished_at(tx) is not None:
                raise ActivityStateError(
                    _("The session '{title}' is finished; start a new one to record more.")
                    .format(title=self.title))
            tx.insert("INSERT INTO events (stream, kind, ref, body, at) "
                      "VALUES (?, 'step', ?, ?, ?)", (self._stream, self.id, body, time.time()))

    @property
    def steps(self) -> list[tuple[str, dict[str, Any]]]:
        """The recorded steps, in order, as ``(step, data)``."""
        rows = self._store._open_backend().read(
            "SELECT body FROM events WHERE ref = ? AND kind = 'step' AND stream = ? ORDER BY seq",
            (self.id, self._stream))
        return [(item["step"], item["data"]) for item in (json.loads(r[0]) for r in rows)]

    @property
    def timed_steps(self) -> list[tuple[str, dict[str, Any], datetime]]:
        """The recorded steps with the moment each was kept: ``(step, data, at)`` (UTC)."""
        rows = self._store._open_backend().read(
            "SELECT body, at FROM events WHERE ref = ? AND kind = 'step' AND stream = ? "
            "ORDER BY seq", (self.id, self._stream))
        steps = [(json.loads(body), at) for body, at in rows]
        return [(item["step"], item["data"], moment(at)) for item, at in steps]

    @property
    def finished_at(self) -> datetime | None:
        """When the session was marked finished (``None``: it was not)."""
        at = self._finished_at()
        return None if at is None else moment(at)

    def _finished_at(self, tx: Transaction | None = None) -> float | None:
        sql = "SELECT at FROM events WHERE ref = ? AND kind = 'session-finished' AND stream = ?"
        params = (self.id, self._stream)
        rows = tx.execute(sql, params) if tx else self._store._open_backend().read(sql, params)
        return rows[0][0] if rows else None

    @property
    def finished(self) -> bool:
        return self._finished_at() is not None

    # -- which screen writes (see :mod:`.screens`) ---------------------------------------------
    def claim(self, owner: str) -> None:
        """Make the screen ``owner`` the one that records this session's steps."""
        screens.claim(self._store._open_backend(), self.id, owner)

    def beat(self, owner: str) -> bool:
        """A heartbeat from screen ``owner``; ``False`` once another screen took it over."""
        return screens.beat(self._store._open_backend(), self.id, owner)

    def release(self, owner: str) -> None:
        """Screen ``owner`` lets go of this session (its page was closed)."""
        screens.release(self._store._open_backend(), self.id, owner)

    @property
    def holder(self) -> screens.ScreenHold | None:
        """The screen that holds this session now (``None``: none ever did)."""
        return screens.holder(self._store._open_backend(), self.id)

    @property
    def last_active(self) -> float:
        """When anything last happened in this session (its start, or its newest step), in
        seconds since 1970: what "last active" means to a person."""
        rows = self._store._open_backend().read(
            "SELECT MAX(at) FROM events WHERE ref = ? AND stream = ?", (self.id, self._stream))
        latest = rows[0][0] if rows and rows[0][0] is not None else None
        return max(float(latest), self.started_at.timestamp()) if latest is not None \
            else self.started_at.timestamp()

    @property
    def last_step_seq(self) -> int:
        """The number of the newest event of this session (a cheap "has it moved on?")."""
        rows = self._store._open_backend().read(
            "SELECT MAX(seq) FROM events WHERE ref = ? AND stream = ?", (self.id, self._stream))
        return int(rows[0][0] or self.id)

    def finish(self, *, owner: str | None = None, noun: str = "session") -> None:
        """Mark the session done (it no longer appears among the unfinished ones); with
        ``owner``, refused when another screen holds it (as :meth:`record`)."""
        backend = self._store._open_backend()
        if owner is not None:
            screens.prepare(backend)
        with backend.transaction() as tx:
            tx.lock(f"session:{self.id}")
            if owner is not None:
                screens.require_holder(tx, self.id, owner, noun)
            if self._finished_at(tx) is None:
                tx.insert("INSERT INTO events (stream, kind, ref, body, at) "
                          "VALUES (?, 'session-finished', ?, '{}', ?)",
                          (self._stream, self.id, time.time()))


class RoomStore:
    """The workshop record: SQLite in the data folder by default, or PostgreSQL from a URL.

    ``location``: ``None`` ($SOCIOCRACY_COURSE_STORE, else ``rooms.sqlite3`` in
    :func:`~sociocracy.rooms.location.data_folder`), a SQLite file or a folder, or a
    ``postgresql://`` URL. ``timeout`` is how long a write waits for another writer (seconds);
    ``read_only`` opens the record for reading only (an archive, a copy on a USB stick).
    ``owner``: whose rooms and sessions this store makes, lists and opens (default:
    :func:`~sociocracy.core.settings.record_owner`, the Hub user or the laptop's default owner);
    ``every_owner=True`` lists and opens everyone's (the phones' join service, which finds a room
    by its code, and tools that look after the whole record); it makes rooms and sessions as
    ``owner``.
    """

    def __init__(self, location: str | os.PathLike[str] | None = None, *,
                 timeout: float = 10.0, read_only: bool = False, owner: str | None = None,
                 every_owner: bool = False) -> None:
        self.location = resolve_location(location)
        self.owner = record_owner() if owner is None else str(owner)
        self.every_owner = every_owner
        self._backend: Backend | None = open_backend(self.location, timeout=timeout,
                                                     read_only=read_only)

    def __repr__(self) -> str:
        where = self._backend.where if self._backend else "closed"
        return f"RoomStore({where!r})"

    def __enter__(self) -> RoomStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (the record itself is always complete: every write committed)."""
        if self._backend is not None:
            self._backend.close()
            self._backend = None

    def _open_backend(self) -> Backend:
        if self._backend is None:
            raise ActivityStateError(_("This workshop record is closed; open it again."))
        return self._backend

    def _mine(self, alias: str = "") -> tuple[str, tuple[str, ...]]:
        """The SQL condition (with its parameters) for "a record of this store's owner", to add
        after ``AND``; ``alias`` names the events table in the query (``s.``)."""
        if self.every_owner:
            return "1 = 1", ()
        if not self._open_backend().has_owner:  # a read-only record from before owners
            return ("1 = 1" if self.owner == DEFAULT_OWNER else "1 = 0"), ()
        return f"{alias}owner = ?", (self.owner,)

    # -- rooms ------------------------------------------------------------------------------
    def create_room(self, title: str) -> Room:
        """A new room with a fresh code and QR token."""
        clean = " ".join(clean_text(title, N_("Title")).split())
        token = secrets.token_urlsafe(24)
        now = time.time()
        with self._open_backend().transaction() as tx:
            while True:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                tx.lock(code)
                taken = tx.execute("SELECT 1 FROM events WHERE stream = ? AND kind = "
                                   "'room-created'", (code,))
                if not taken:
                    break
            tx.insert("INSERT INTO events (stream, kind, body, at, owner) "
                      "VALUES (?, 'room-created', ?, ?, ?)",
                      (code, _json({"title": clean, "token": token}), now, self.owner))
        return Room(self, code, clean, token, now)

    def room(self, code: str) -> Room:
        """The room with this code (spaces, dashes and lower case are forgiven), if it is this
        store's owner's (any owner's with ``every_owner``)."""
        wanted = "".join(str(code).split()).replace("-", "").upper()
        mine, params = self._mine()
        rows = self._open_backend().read(
            "SELECT stream, body, at FROM events WHERE stream = ? AND kind = 'room-created' "
            "AND " + mine, (wanted, *params))
        if not rows:
            raise RoomNotFound(_("There is no room with the code {code}; check the code on the "
                                 "screen and type it again.").format(
                                     code=wanted or _("(empty)")))
        return self._room(rows[0])

    def _room(self, row: tuple) -> Room:
        stream, body, at = row
        data = json.loads(body)
        return Room(self, stream, data["title"], data["token"], at)

    def rooms(self) -> list[Room]:
        """Every room of this store's owner, newest first."""
        mine, params = self._mine()
        rows = self._open_backend().read(
            "SELECT stream, body, at FROM events WHERE kind = 'room-created' AND " + mine
            + " ORDER BY seq DESC", params)
        return [self._room(row) for row in rows]

    # -- facilitator-app sessions -----------------------------------------------------------
    def start_session(self, app: str, title: str, setup: dict[str, Any] | None = None) -> Session:
        """Start recording a facilitator app's session (``setup``: what it needs to restart)."""
        if not isinstance(app, str) or not app.strip():
            raise refused(N_("App"), _("name the app."))
        clean_title = " ".join(clean_text(title, N_("Title"), required=False).split())
        data = {} if setup is None else setup
        body = _json({"title": clean_title, "setup": data})
        now = time.time()
        with self._open_backend().transaction() as tx:
            seq = tx.insert("INSERT INTO events (stream, kind, body, at, owner) "
                            "VALUES (?, 'session-started', ?, ?, ?)",
                            (SESSION_STREAM + app, body, now, self.owner))
        return Session(self, seq, app, clean_title, json.loads(_json(data)), now)

    SESSIONS = "SELECT seq, stream, body, at FROM events s WHERE s.kind = 'session-started'"
    UNFINISHED = (" AND NOT EXISTS (SELECT 1 FROM events f WHERE f.ref = s.seq "
                  "AND f.kind = 'session-finished' AND f.stream = s.stream)")

    def _session(self, row: tuple) -> Session:
        seq, stream, body, at = row
        data = json.loads(body)
        return Session(self, seq, stream[len(SESSION_STREAM):], data["title"], data["setup"], at)

    def _sessions_sql(self) -> tuple[str, tuple[Any, ...]]:
        mine, params = self._mine("s.")
        return self.SESSIONS + " AND " + mine, params

    def sessions(self, app: str | None = None) -> list[Session]:
        """This store's owner's sessions, finished or not, newest first (of one app, or of all).
        """
        sql, params = self._sessions_sql()
        if app is not None:
            sql, params = sql + " AND s.stream = ?", (*params, SESSION_STREAM + app)
        rows = self._open_backend().read(sql + " ORDER BY s.seq DESC", params)
        return [self._session(row) for row in rows]

    def unfinished_sessions(self, app: str) -> list[Session]:
        """An app's sessions (of this store's owner) that were never finished (e.g. cut short by
        a crash), newest first."""
        sql, params = self._sessions_sql()
        rows = self._open_backend().read(
            sql + " AND s.stream = ?" + self.UNFINISHED + " ORDER BY s.seq DESC",
            (*params, SESSION_STREAM + app))
        return [self._session(row) for row in rows]

    def session(self, id: int) -> Session:
        """The session with this number, if it is this store's owner's."""
        sql, params = self._sessions_sql()
        rows = self._open_backend().read(sql + " AND s.seq = ?", (*params, int(id)))
        if not rows:
            raise SessionNotFound(_("There is no recorded session number {number}.").format(
                number=id))
        return self._session(rows[0])

    # -- what the projector shows (see :mod:`.audience`) ------------------------------------
    def _projector(self, app: str) -> str:
        """The audience row of ``app`` for this store's owner: each facilitator on a Hub has
        their own projector (the default owner keeps the app's name, as before owners)."""
        return app if self.owner == DEFAULT_OWNER else f"{app}@{self.owner}"

    def publish_audience(self, app: str, owner: str, data: str) -> None:
        """Make ``data`` (an audience view's JSON) what ``app``'s audience view shows (``owner``:
        the publishing screen, see :mod:`.screens`)."""
        audience.publish(self._open_backend(), self._projector(app), owner, data)

    def audience(self, app: str) -> audience.Shown | None:
        """What ``app``'s audience view shows now (``None``: nothing published yet)."""
        return audience.shown(self._open_backend(), self._projector(app))
