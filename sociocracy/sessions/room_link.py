"""A facilitator session's line to the workshop's room: hand a silent step to the phones, see how
many have answered, and take the answers back, revealed all at once.

A workshop has one room. It is made in any facilitator app or in the Workshop room app, and every
app opened during that workshop on that laptop picks it up: :meth:`RoomLink.find` gives the newest
room of the record made within :data:`WORKSHOP_HOURS`. Any app session (a consent decision, a
selection, a meeting, a round) can then :meth:`RoomLink.ask` the phones (the join page shows the
question with the app's name and the workshop room's labels), follow :meth:`RoomLink.progress`
(how many, never what) and :meth:`RoomLink.collect` the answers: the reveal is in the record
before the answers are returned, so every phone saw the same answers go public.

The rules for turning written answers into a spoken round live here too (one rule, used by
every app): :func:`speaker_names` gives each person who answered one name in the round, and
:func:`answer_note` writes a person's answer as that turn's note.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sociocracy.core.errors import CourseError
from sociocracy.core.language import _
from sociocracy.core.names import distinct_names, name_key

__all__ = ["REFRESH_EVERY", "WORKSHOP_HOURS", "RoomLink", "RoomProgress", "answer_note",
           "notes_by_name", "speaker_names"]

#: A room made within this many hours is the workshop's room for every app opened on the laptop.
WORKSHOP_HOURS = 12.0
#: How often a facilitator's view reads the room again (seconds): a phone's "Send" shows in the
#: count within 2 s (issue 20's target), with room to spare for a busy laptop (one read of the
#: record takes milliseconds; benchmarks/room_bench.py measures it).
REFRESH_EVERY = 1.0

Room = Any  # sociocracy.rooms.Room (the record is opened on first use)
Activity = Any
Response = Any


def answer_note(response: Response) -> str:
    """A written answer as one line for the spoken round (and the table after the reveal)."""
    data = response.fields
    if "choice" in data:
        consent = data["choice"] == "consent"
        reason = data.get("reason")
        if reason:
            return (_("Consent: {reason}") if consent else _("Objection: {reason}")).format(
                reason=reason)
        return _("Consent") if consent else _("Objection")
    if "nominee" in data:
        if data.get("reason"):
            return _("Nominates {nominee}: {reason}").format(nominee=data["nominee"],
                                                            reason=data["reason"])
        return _("Nominates {nominee}").format(nominee=data["nominee"])
    return str(data.get("words", ""))


def speaker_names(responses: list[Response]) -> list[str]:
    """One name per person who answered, told apart by the course's one names rule
    (:func:`~sociocracy.core.names.distinct_names`): a record may hold names the round would take
    for one ("Ana" and "ana", from before names had one rule), so the second becomes "ana (2)",
    within 60 characters. The reveal never fails on names the room took."""
    return distinct_names(response.name for response in responses)


def _same(name: str) -> str:
    """How the course compares names (:func:`~sociocracy.core.names.name_key`): spaces tidied,
    capitals ignored, lookalike letters of other scripts read as the letters they imitate."""
    return name_key(str(name))


def notes_by_name(participants: list[str],
                  responses: list[Response]) -> tuple[list[str], dict[str, str]]:
    """A round whose people were typed in the set-up, with their phones' answers: each answer is
    matched to the person of the same name (compared as the round compares names) and becomes
    that person's note. People who answered on a phone but are not in the set-up are added after
    the others, in join order, so no written answer is lost. Returns the round's people in order
    and name -> note."""
    order = list(participants)
    if not order:
        order = speaker_names(responses)
        return order, {name: answer_note(r) for name, r in zip(order, responses, strict=True)}
    by_key = {_same(name): name for name in order}
    notes: dict[str, str] = {}
    extra: list[Response] = []
    for response in responses:
        name = by_key.get(_same(response.name))
        if name is None or name in notes:
            extra.append(response)
        else:
            notes[name] = answer_note(response)
    names = speaker_names([*(_Typed(name) for name in order), *extra])[len(order):]
    for name, response in zip(names, extra, strict=True):
        order.append(name)
        notes[name] = answer_note(response)
    return order, notes


@dataclass(frozen=True)
class _Typed:
    """A name typed in the set-up, seen by :func:`speaker_names` as one more person."""

    name: str



@dataclass(frozen=True)
class RoomProgress:
    """Where the question on the phones stands: who joined, how many answered (never what)."""

    joined: tuple[str, ...]
    answered: int
    open: bool
    revealed: bool


class RoomLink:
    """One app session's use of the workshop room.

    ``store`` gives the record (a callable, so the record is opened only when a room is used;
    ``None`` from it means no record is kept, and the room cannot be used). ``asked_by`` is the
    app's name for people ("Consent decision"), shown on the phones with the question.
    """

    def __init__(self, store: Callable[[], Any], *, asked_by: str,
                 clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self.asked_by = asked_by
        self.clock = clock
        self.room: Room | None = None
        self.activity: Activity | None = None

    # ------------------------------------------------------------------ the room
    def _record(self) -> Any:
        store = self._store()
        if store is None:
            raise CourseError(_("The workshop record cannot be used here, so phones cannot "
                                "take part: run the course with 'sociocracy-course workshop' "
                                "on this laptop."))
        return store

    def find(self) -> Room | None:
        """The workshop's room: the newest room made within :data:`WORKSHOP_HOURS` (``None``
        when there is none, or no record). It becomes this link's room."""
        try:
            store = self._store()
            rooms = store.rooms() if store is not None else []
        except CourseError:
            return None
        now = self.clock()
        for room in rooms:
            if now - room.created_at.timestamp() <= WORKSHOP_HOURS * 3600:
                self.room = room
                return room
        return None

    def create(self, title: str) -> Room:
        """A new room for this workshop (every app opened later picks it up)."""
        self.room = self._record().create_room(title.strip() or _("Workshop room"))
        self.activity = None
        return self.room

    def use(self, room: Room) -> None:
        """Use ``room`` (one the facilitator chose)."""
        self.room, self.activity = room, None

    def rooms(self) -> list[Room]:
        """Every room of the record, newest first (for choosing an earlier one)."""
        return list(self._record().rooms())

    def open(self, code: str) -> Room:
        """Use the room with this code, at its latest question (the open one, else the last
        one asked): what reopening a room after a crash needs."""
        room = self._record().room(code)
        activities = room.activities
        self.room = room
        self.activity = room.current_activity or (activities[-1] if activities else None)
        return room

    def leave(self) -> None:
        """Use no room (the room and its record stay)."""
        self.room, self.activity = None, None

    def pending(self) -> Activity | None:
        """The workshop room's question still open on the phones that this app asked (after a
        crash of this app's page, the new page takes it up again); ``None`` when there is none.
        """
        if self.room is None and self.find() is None:
            return None
        assert self.room is not None
        try:
            current = self.room.current_activity
        except CourseError:
            return None
        if current is None or current.revealed or current.asked_by != self.asked_by:
            return None
        self.activity = current
        return current

    # ------------------------------------------------------------------ a silent step
    def ask(self, kind: str, prompt: str = "") -> Activity:
        """Open a silent step on the phones (``kind``: "check-in", "consent", "nomination",
        "evaluation"); the one open before it closes. Raises :class:`CourseError` with the
        sentence to show when there is no room or the record refuses."""
        if self.room is None and self._record() is not None and self.find() is None:
            raise CourseError(_("There is no workshop room yet: create one (here or in the "
                                "Workshop room app) and let people join first."))
        assert self.room is not None
        self.activity = self.room.open_activity(kind, prompt, asked_by=self.asked_by)
        return self.activity

    def progress(self) -> RoomProgress:
        """Who joined and how many answered the open question (read from the record)."""
        if self.room is None:
            return RoomProgress((), 0, False, False)
        people = tuple(p.name for p in self.room.participants)
        if self.activity is None:
            return RoomProgress(people, 0, False, False)
        activity = self.room.activity(self.activity)
        self.activity = activity
        return RoomProgress(people, self.room.answered_count(activity),
                            not (activity.closed or activity.revealed), activity.revealed)

    def collect(self) -> list[Response]:
        """Reveal the answers (kept in the record first) and return them, in join order."""
        if self.room is None or self.activity is None:
            raise CourseError(_("Nothing is open on the phones: ask them first."))
        self.activity = self.room.reveal(self.activity)
        return list(self.room.responses(self.activity))

    def answers_of(self, activity_id: int) -> list[Response]:
        """The revealed answers of an earlier question of this room (for resuming)."""
        if self.room is None:
            return []
        activity = self.room.activity(activity_id)
        self.activity = activity
        return list(self.room.responses(activity)) if activity.revealed else []
