"""The Workshop room app's session: a room people join from their phones, silent steps answered
there, revealed all at once, then spoken in a round kept turn by turn.

A :class:`WorkshopSession` owns:

* the room, through a :class:`~sociocracy.sessions.room_link.RoomLink` (the line every app uses):
  create one, reopen an earlier one, ask a silent step, count (never read) the answers, reveal;
* the spoken round that follows the reveal, a :class:`~sociocracy.sessions.rounds.RoundSession`
  it composes with: it attaches the round made of the answers, gives each person's written answer
  as that turn's suggested note, and records every turn through ``on_turn`` in its own keeper
  (app ``workshop_room``) before the turn counts. One screen writes at a time: the keeper claims
  the spoken round for this screen and beats while it runs, so a second screen on the same room
  sees it is open elsewhere and may take it over; the first then refuses its own turns.

Reopening a room brings back its unfinished spoken round with every turn kept: at once when the
screen that ran it stopped (a crashed kernel, a closed laptop), on "Take it over" when it is still
open elsewhere. No ipywidgets here: :class:`sociocracy.widgets.WorkshopRoom` shows
:attr:`WorkshopSession.state` and forwards the clicks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.round_minutes import rounds_csv, session_markdown
from sociocracy.rounds import Round

from .audience import Answer, AudienceState
from .base import AppSession
from .keeper import BEAT_EVERY, Found, Recorded
from .room_link import RoomLink, answer_note, speaker_names
from .rounds import RoundSession, RoundState, recorded_round, round_title

__all__ = ["APP", "WorkshopSession", "WorkshopState"]

#: The name under which the workshop room's spoken rounds are kept in the workshop record.
APP = "workshop_room"
#: How many earlier rooms the list offers (newest first).
ROOMS_SHOWN = 50

Room = Any  # sociocracy.rooms.Room (the record is opened on first use)
Activity = Any


@dataclass(frozen=True)
class WorkshopState:
    """What a view of the workshop room shows, at one moment.

    ``rooms``: the record's earlier rooms as (label, code), newest first. ``room``: the open room
    (``None`` when choosing one); ``joined``: who joined it; ``activity``: its latest question as
    it stands now; ``answered``: how many answered it (never what). ``answers``: after the reveal,
    (speaker, written answer) in join order. ``spoken``: the spoken round's state (step "setup"
    when there is none). ``elsewhere``: the room's unfinished spoken round, open on another screen
    (offered to take over). ``notice``: (headline, sentence) of the last action done;
    ``message``: the last refusal; ``problem``: why the record cannot be used at all.
    """

    rooms: tuple[tuple[str, str], ...]
    room: Room | None
    joined: tuple[str, ...]
    activity: Activity | None
    answered: int
    answers: tuple[tuple[str, str], ...]
    spoken: RoundState
    elsewhere: Found | None
    notice: tuple[str, str]
    message: str
    problem: str
    taken_over: bool
    people: tuple[tuple[int, str, str], ...] = ()  # (number, name, "joined HH:MM"), to remove
    joining: str = ""  # why the room takes no new joins ("" while it takes them)
    closed_to_joins: bool = False  # closed by the facilitator (not just expired)

    @property
    def revealed(self) -> bool:
        return self.activity is not None and self.activity.revealed

    @property
    def can_reveal(self) -> bool:
        a = self.activity
        return a is not None and not (a.revealed or a.closed)

    @property
    def has_round(self) -> bool:
        """Whether a spoken round is on (running or just ended)."""
        return self.spoken.step != "setup"


class WorkshopSession(AppSession[WorkshopState]):
    """A live workshop room, without a screen (see the module docstring).

    ``store``: the workshop record (default: the user's, the one the join page writes to).
    ``owner``: this screen's id. ``clock``: seconds, for heartbeats (tests pass a fake one).
    """

    APP = APP
    NOUN = N_("spoken round")
    ENDS = True

    def __init__(self, store: Any = None, *, owner: str | None = None,
                 clock: Callable[[], float] | None = None) -> None:
        problem = ""
        if store is None:
            from sociocracy.rooms import RoomStore

            try:
                store = RoomStore()
            except CourseError as exc:
                problem = exc.plain
        kwargs: dict[str, Any] = {} if clock is None else {"clock": clock}
        super().__init__(store=store, record=store is not None, owner=owner, **kwargs)
        self.problem = problem
        self.room = RoomLink(lambda: self.keeper.store, asked_by="", **kwargs)
        self.spoken = RoundSession()  # recorded here, through on_turn
        self.spoken.on_turn = self._record_turn
        # A turn of the spoken round changes what the room sees: the views (Projector mode)
        # and the published audience view follow it.
        self.spoken.subscribe(lambda _state: self.changed())
        self.answers: tuple[tuple[str, str], ...] = ()
        self.answered = 0
        self.joined: tuple[str, ...] = ()
        self.people: tuple[tuple[int, str, str], ...] = ()
        self.joining = ""
        self.closed_to_joins = False
        self.elsewhere: Found | None = None
        self.notice: tuple[str, str] = ("", "")
        self._rooms: tuple[tuple[str, str], ...] = ()
        self._beaten = 0.0
        self._list_rooms()

    # ------------------------------------------------------------------ state
    @property
    def state(self) -> WorkshopState:
        return WorkshopState(
            rooms=self._rooms, room=self.room.room, joined=self.joined,
            activity=self.room.activity, answered=self.answered, answers=self.answers,
            spoken=self.spoken.state, elsewhere=self.elsewhere, notice=self.notice,
            message=self.message, problem=self.problem, taken_over=self.taken_over,
            people=self.people, joining=self.joining, closed_to_joins=self.closed_to_joins)

    # ------------------------------------------------------------------ the projector
    def audience(self) -> AudienceState:
        """The room's view: the room's code (the view adds its QR code and address) in large
        type while people join and answer, how many joined and answered (never what); after the
        reveal, every written answer and the spoken round's speaker and who is next; the
        outcome at its end. Never the facilitator's notice, the list to remove people from, or
        the taken-over sentence."""
        room, activity = self.room.room, self.room.activity
        if room is None:
            return AudienceState(APP, title=_("Workshop room"), step=_("Choosing a room"),
                                 text=_("The room's code shows here in a moment."))
        joined = len(self.joined)
        people = ngettext("In the room: {count} person.", "In the room: {count} people.",
                          joined).format(count=joined)
        joining = dict(room_code=room.code, room_title=room.title)
        if activity is None or (activity.closed and not activity.revealed):
            return AudienceState(APP, title=room.title, step=_("Join the room on your phone"),
                                 lines=(people,), **joining)
        if not activity.revealed:
            return AudienceState(APP, title=activity.prompt or activity.label,
                                 step=_("{kind}: answer on your phone").format(
                                     kind=activity.label),
                                 answered=self.answered, expected=joined or None, **joining)
        answers = tuple(Answer(name, words=note) for name, note in self.answers)
        if not self.spoken.round or self.spoken.step == "setup":
            return AudienceState(APP, title=activity.prompt or activity.label,
                                 step=_("{kind}: the answers").format(kind=activity.label),
                                 answers=answers,
                                 lines=() if answers else (_("Nobody answered."),))
        spoken = self.spoken.audience()
        complete = self.spoken.round.is_complete
        step = (_("{kind}: complete") if complete else _("{kind}: spoken round")).format(
            kind=activity.label)
        return replace(spoken, app=APP, title=activity.prompt or spoken.title, step=step,
                       answers=answers)

    def _ok(self, headline: str, sentence: str) -> str:
        self.notice = (headline, sentence)
        return self._done()

    def _refuse(self, problem: str) -> str:
        self.notice = ("", "")
        return self._done(problem)

    # ------------------------------------------------------------------ rooms
    def _list_rooms(self) -> None:
        if self.keeper.store is None:
            return
        try:
            rooms = self.room.rooms()[:ROOMS_SHOWN]
        except CourseError as exc:
            self.problem = exc.plain
            return
        self._rooms = tuple((f"{r.title} ({r.code}, {r.created_at:%Y-%m-%d})", r.code)
                            for r in rooms)

    def create_room(self, title: str) -> str:
        """A new room, opened at once (its code is what people type)."""
        try:
            room = self.room.create(title)
        except CourseError as exc:
            return self._refuse(exc.plain)
        self._list_rooms()
        return self.open_room(room.code)

    def open_room(self, code: str | None) -> str:
        """Open a room of the record; its unfinished spoken round comes back where it stopped
        (or is offered to take over when another screen still runs it)."""
        if not code:
            return self._refuse(_("Choose a room first, or create one."))
        try:
            self.room.open(code)
        except CourseError as exc:
            return self._refuse(exc.plain)
        self._start_fresh()
        problem = self.refresh(quiet=True)
        if problem:
            return self._refuse(problem)
        recorded = self._unfinished_round()
        if recorded is not None:
            found = self.keeper.found(recorded)
            if found.live:
                self.elsewhere = found
                headline, sentence = found.sentence(self.NOUN)
                return self._ok(headline, sentence)
            problem = self._take(recorded)
            if problem:
                return self._refuse(problem)
            done = len(self.spoken.state.turns)
            return self._ok(_("Resumed."), ngettext(
                "Resumed the spoken round where it stopped: {count} turn already done.",
                "Resumed the spoken round where it stopped: {count} turns already done.",
                done).format(count=done))
        if self.state.revealed:
            problem = self._show_answers()
            if problem:
                return self._refuse(problem)
        room = self.room.room
        assert room is not None
        return self._ok(_("Ready."), _("Room {code} is open: people can join now.").format(
            code=room.code))

    def leave_room(self) -> str:
        """Back to choosing a room (the room, its record and any spoken round stay)."""
        self.keeper.release()
        self.keeper.session = None
        self.room.leave()
        self._start_fresh()
        self.joined, self.answered = (), 0
        self._list_rooms()
        self.notice = ("", "")
        return self._done()

    def _start_fresh(self) -> None:
        """A room or a question was just opened: no round or answers of the last one show."""
        self.answers = ()
        self.elsewhere = None
        self.spoken.detach()

    # ------------------------------------------------------------------ a silent step
    def ask(self, kind: str, prompt: str) -> str:
        """Show a silent step on the phones (the one before it closes)."""
        if self.room.room is None:
            return self._refuse(_("Create or resume a room first."))
        if self.taken_over:
            return self._refuse_taken_over()
        try:
            activity = self.room.ask(kind, prompt)
        except CourseError as exc:
            return self._refuse(exc.plain)
        self.keeper.finish()  # a round of the question before is left as it stood
        self._start_fresh()
        self.refresh(quiet=True)
        return self._ok(_("Open."), _("{kind} is open on the phones. Wait until everyone has "
                                      "answered, then reveal.").format(kind=activity.label))

    def refresh(self, *, quiet: bool = False) -> str:
        """Read who joined and how many answered (not what) again; while a spoken round runs,
        say this screen is still there. Views call it every few seconds."""
        try:
            progress = self.room.progress()
        except CourseError as exc:
            return exc.plain if quiet else self._refuse(exc.plain)
        self.joined, self.answered = progress.joined, progress.answered
        problem = self._read_joining()
        if problem:
            return problem if quiet else self._refuse(problem)
        now = self.keeper.clock()
        if self.keeper.session is not None and now - self._beaten >= BEAT_EVERY:
            self._beaten = now
            self.keeper.beat()
        if self.taken_over:
            from sociocracy.rooms.screens import taken_over_sentence

            sentence = taken_over_sentence(self.NOUN)
            return sentence if quiet else self._refuse(sentence)
        if not quiet:
            self._done()
        return ""

    # ------------------------------------------------------------------ who may be in the room
    def _read_joining(self) -> str:
        """Who could be removed, and whether the room takes joins ("" or why it cannot tell)."""
        room = self.room.room
        if room is None:
            self.people, self.joining, self.closed_to_joins = (), "", False
            return ""
        try:
            self.people = tuple((p.id, p.name, f"{p.joined_at.astimezone():%H:%M}")
                                for p in room.participants)
            self.joining = room.join_refusal()
            self.closed_to_joins = room.closed_to_joins
        except CourseError as exc:
            return exc.plain
        return ""

    def toggle_joining(self) -> str:
        """Close the room to new joins, or (when closed) open it again for another day; people
        already in it go on answering."""
        room = self.room.room
        if room is None:
            return self._refuse(_("Create or resume a room first."))
        try:
            closing = not room.closed_to_joins
            if closing:
                room.close_joining()
            else:
                room.open_joining()
        except CourseError as exc:
            return self._refuse(exc.plain)
        self.refresh(quiet=True)
        if closing:
            return self._ok(_("Closed to new joins."),
                            _("No phone can join now; people in the room go on answering."))
        return self._ok(_("Open to new joins."), _("Phones can join again."))

    def remove(self, participant_id: int | None) -> str:
        """Remove someone from the room (an event in the record: nothing is deleted); they are
        no longer listed, counted, revealed or exported, and their phone is told."""
        room = self.room.room
        if room is None or participant_id is None:
            return self._refuse(_("Choose who to remove first."))
        try:
            removed = room.remove(participant_id)
        except CourseError as exc:
            return self._refuse(exc.plain)
        self.refresh(quiet=True)
        return self._ok(_("Removed."), _("{name} is no longer in the room: not counted, not "
                                         "revealed, not in the record's downloads.").format(
                                             name=removed.name))

    # ------------------------------------------------------------------ the reveal
    def reveal(self) -> str:
        """Reveal every answer at once (kept in the record first), then start the spoken round
        with one turn per person who answered, their written answer as the turn's note."""
        if self.room.room is None or self.room.activity is None:
            return self._refuse(_("Open an activity first."))
        if self.taken_over:
            return self._refuse_taken_over()
        try:
            responses = self.room.collect()
        except CourseError as exc:
            return self._refuse(exc.plain)
        self.refresh(quiet=True)
        self._set_answers(responses)
        if not responses:
            return self._ok(_("Revealed."), _("Nobody answered, so there is no round to speak."))
        activity, room = self.room.activity, self.room.room
        rnd = Round(activity.kind, [name for name, _ in self.answers], prompt=activity.prompt)
        problem = self.keeper.start(f"{room.title}: {activity.label}",
                                    {"room": room.code, "activity": activity.id}) or \
            self.keeper.save("round", {"round": rnd.to_dict()})
        if problem:
            return self._refuse(problem)
        self._beaten = self.keeper.clock()
        self.spoken.attach(rnd)
        return self._ok(_("Revealed."), ngettext(
            "{count} answer revealed. Now the spoken round: each person says their answer in "
            "turn.",
            "{count} answers revealed. Now the spoken round: each person says their answer in "
            "turn.", len(responses)).format(count=len(responses)))

    def _set_answers(self, responses: list[Any]) -> None:
        names = speaker_names(responses)
        self.answers = tuple((name, answer_note(r))
                             for name, r in zip(names, responses, strict=True))
        self.spoken.suggested_notes = dict(self.answers)

    def _show_answers(self) -> str:
        activity = self.room.activity
        if activity is None:
            return ""
        try:
            responses = self.room.answers_of(activity.id)
        except CourseError as exc:
            return exc.plain
        self._set_answers(responses)
        return ""

    def _record_turn(self, rnd: Round) -> None:
        """The spoken round's hook: the round so far goes to the record before it counts."""
        problem = self.keeper.save("round", {"round": rnd.to_dict()})
        if problem:
            raise CourseError(problem)
        if rnd.is_complete:
            self.keeper.finish()

    # ------------------------------------------------------------------ two screens, a crash
    def _unfinished_round(self) -> Recorded | None:
        """The newest unfinished spoken round of the open room (a complete one left unmarked
        by a crash is marked finished, not offered)."""
        room, store = self.room.room, self.keeper.store
        if room is None or store is None:
            return None
        try:
            found = [s for s in store.unfinished_sessions(APP) if s.setup.get("room") == room.code]
        except CourseError:
            return None
        for recorded in found[:1]:
            try:
                done = self.is_done(recorded)
            except (CourseError, KeyError, TypeError, ValueError):
                return recorded  # resuming says why it cannot be read
            if not done:
                return recorded
            if not self.keeper.found(recorded).live:
                with contextlib.suppress(CourseError):
                    recorded.finish()
        return None

    def take_over(self) -> str:
        """Run the room's spoken round from this screen: the one open on another screen
        (which then refuses its own turns), or this screen's own after it was taken over."""
        recorded = self.elsewhere.session if self.elsewhere is not None else self.keeper.session
        if recorded is None:
            recorded = self._unfinished_round()
        if recorded is None:
            return self._refuse(_("There is no spoken round to take over in this room."))
        problem = self._take(recorded)
        if problem:
            return self._refuse(problem)
        done = len(self.spoken.state.turns)
        return self._ok(_("Taken over."), ngettext(
            "The spoken round runs from this screen now: {count} turn already done.",
            "The spoken round runs from this screen now: {count} turns already done.",
            done).format(count=done))

    def _take(self, recorded: Recorded) -> str:
        self.keeper.session = None  # never finish the round being taken
        problem = self.resume(recorded)
        if not problem:
            self.elsewhere = None
            self._beaten = self.keeper.clock()
        return problem

    def _restore(self, recorded: Recorded) -> str:
        room = self.room.room
        if room is None or recorded.setup.get("room") != room.code:
            self.room.open(str(recorded.setup["room"]))
        rounds = [data["round"] for step, data in recorded.steps if step == "round"]
        if not rounds:
            return _("This spoken round has no turns in the record; reveal the answers again "
                     "to start it.")
        rnd = Round.from_dict(rounds[-1])
        responses = self.room.answers_of(int(recorded.setup["activity"]))
        if not responses:
            return _("The answers of this spoken round were never revealed; reveal them first.")
        self.refresh(quiet=True)
        self._set_answers(responses)
        self.spoken.attach(rnd)
        return ""

    def _refuse_taken_over(self) -> str:
        from sociocracy.rooms.screens import taken_over_sentence

        return self._refuse(taken_over_sentence(self.NOUN))

    def close(self) -> None:
        """This screen closes: another may resume the spoken round at once."""
        self.keeper.release()

    # ------------------------------------------------------------------ the record
    def room_files(self) -> list[tuple[str, str, str]]:
        """The open room's record: Markdown to hand out and the answers as CSV
        ``[(filename, mime, content)]`` (revealed answers only); raises :class:`CourseError`
        with a sentence when the record cannot be read."""
        room = self.room.room
        if room is None:
            raise CourseError(_("Open a room first."))
        stem = f"room-{room.code}"
        return [(f"{stem}.md", "text/markdown", room.export_markdown()),
                (f"{stem}.csv", "text/csv", room.export_csv())]

    def round_minutes(self, date: str | None = None) -> str:
        """The minutes of the spoken round on screen (Markdown)."""
        rnd = self.spoken.round
        if rnd is None:
            return ""
        return session_markdown([rnd], _("Minutes: {title}").format(title=round_title(rnd)),
                                date=date or dt.date.today().isoformat())

    @staticmethod
    def describe(recorded: Recorded) -> str:
        return RoundSession.describe(recorded)

    @staticmethod
    def export(recorded: Recorded) -> list[tuple[str, str, str]]:
        rnd = recorded_round(recorded)
        day = recorded.started_at.astimezone().date().isoformat()
        stem = f"workshop-round-{day}-{recorded.id}"
        return [(f"{stem}-minutes.md", "text/markdown",
                 session_markdown([rnd], _("Minutes: {title}").format(
                                      title=recorded.title or round_title(rnd)), date=day)),
                (f"{stem}-turns.csv", "text/csv", rounds_csv([rnd]))]

    @staticmethod
    def is_done(recorded: Recorded) -> bool:
        return recorded_round(recorded).is_complete
