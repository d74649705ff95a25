"""The meeting app's session: a circle meeting run part by part, each part kept before it is done.

A :class:`MeetingSession` owns the :class:`~sociocracy.meetings.MeetingRun` and its record: the
set-up (agenda and people present) when the meeting starts, then one ``"part-done"`` step per
part, written *before* the part shows as done (a refused write leaves the part in progress).
Resuming rebuilds the run from those steps (:meth:`MeetingRun.resume`).

It composes with other sessions by calling them, never by pressing a view's button:

* a round held in a part (the check-in, the evaluation, a brainstorm) runs through
  :attr:`MeetingSession.rounds`, a :class:`~sociocracy.sessions.rounds.RoundSession` the meeting
  attaches its round to; the meeting follows it by subscribing;
* a consent decision in a decision item is the run's :class:`~sociocracy.consent.ConsentProcess`
  (:attr:`MeetingSession.decision`), started through the meeting's
  :class:`~sociocracy.sessions.ConsentSession` (:attr:`MeetingSession.consent`, which its view
  drives); the meeting hears each of its steps and reads where it stands
  (:meth:`MeetingSession.follow`);
* the check-in and the evaluation can be written on phones first (:attr:`MeetingSession.room`,
  a :class:`~sociocracy.sessions.room_link.RoomLink`): :meth:`ask_phones`, :meth:`refresh_phones`
  ("N of M answered"), :meth:`reveal`, after which each person's written words are that person's
  note in the spoken round.

Names from phones: the round goes round the meeting's members in seating order (the minutes'
"Present" list stays the one list of who was there); a phone whose name is a member's (compared
as rounds compare names, ignoring case) gives that member's note, and a phone whose name matches
nobody present joins the round at its end, so no written answer is lost.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sociocracy.consent import ConsentProcess
from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.core.names import name_key
from sociocracy.logbook import shown_date
from sociocracy.meeting_minutes import decision_entries, meeting_minutes
from sociocracy.meetings import FRAME, ITEM_KINDS, Meeting, MeetingRun, part_prompt
from sociocracy.rounds import Round

from .audience import AudienceState
from .base import AppSession
from .consent import STEP_LABELS as CONSENT_STEPS
from .consent import ConsentSession
from .keeper import Recorded
from .room_link import RoomLink, answer_note, speaker_names
from .rounds import RoundSession, RoundState

__all__ = ["APP", "PHONE_PARTS", "MeetingSession", "MeetingState", "PartView", "PhonesState",
           "recorded_run"]

#: The name under which the meeting app's sessions are kept in the workshop record.
APP = "meeting"
#: The parts whose round can be written on phones first (the room's activity kind is the key).
PHONE_PARTS = ("check-in", "evaluation")


def recorded_run(recorded: Recorded, clock: Callable[[], float] = time.time) -> MeetingRun:
    """The meeting as recorded: the set-up and every part done, through the run's own rules."""
    return MeetingRun.resume(recorded.setup, recorded.steps, clock=clock)


def _part_kind(meeting: Meeting, part: Any) -> str:
    if part.key == "item" and part.item is not None:
        return meeting.items[part.item].kind
    return "spare" if part.key == "spare" else "frame"


@dataclass(frozen=True)
class PartView:
    """One part of the meeting as a view lists it: ``status`` is "done", "now" or "later"."""

    title: str
    key: str
    kind: str  # "frame", or the item's kind ("report", "exploration", "decision")
    start: float
    minutes: float
    status: str


@dataclass(frozen=True)
class PhonesState:
    """The question on the phones for this part: how many joined and answered (never what)."""

    asked: bool = False
    prompt: str = ""
    joined: int = 0
    answered: int = 0
    open: bool = False
    revealed: bool = False


@dataclass(frozen=True)
class MeetingState:
    """What a view of the meeting shows, at one moment.

    ``step`` is "setup" (no meeting yet), "run" or "end". ``activity`` is what goes on in the
    current part: "" (talk and notes), "round" or "consent". ``can_round``, ``can_consent`` and
    ``can_ask_phones`` say which buttons do something now; ``next_label`` is "Next part" or "End
    the meeting". ``message`` is the last refusal ("" when the last action was done).
    """

    step: str
    circle: str
    date: str
    parts: tuple[PartView, ...]
    index: int
    part: PartView | None
    activity: str
    round_complete: bool
    can_round: bool
    can_consent: bool
    can_ask_phones: bool
    next_label: str
    notes: str
    backlog: tuple[str, ...]
    phones: PhonesState
    message: str
    taken_over: bool


class MeetingSession(AppSession[MeetingState]):
    """A live meeting, without a screen. ``record=True`` keeps it in the workshop record
    (``store``, default: the user's record). ``clock`` gives the meeting's seconds (tests pass a
    fake one); the record's heartbeats and the room's age keep the computer's time."""

    APP = APP
    NOUN = N_("meeting")

    def __init__(self, *, store: Any = None, record: bool = False, owner: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(store=store, record=record, owner=owner)
        self.clock = clock
        self.run: MeetingRun | None = None
        #: The round of the current part (attached here; its view may be any round view).
        self.rounds = RoundSession()
        #: A decision item's consent decision: the meeting starts it through this session and
        #: hears each of its steps (the meeting keeps it in its own record with the part).
        self.consent = ConsentSession()
        self.consent.subscribe(self._decision_moved)
        self.rounds.subscribe(self._round_changed)
        self.rounds.on_turn = self._round_turn
        # The meeting keeps the whole round at every change (``_round_turn``), a new seating
        # included: its rounds may be reseated before the first turn, as the round app's.
        self.room = RoomLink(lambda: self.keeper.store, asked_by="Meeting")
        self.phones = PhonesState()
        #: What goes on in the current part: "" (talk and notes), "round" or "consent".
        self.activity = ""
        self._phones_part: int | None = None  # the part whose question is on the phones
        self._seen: tuple[Any, ...] = ()

    # ------------------------------------------------------------------ state
    @property
    def decision(self) -> ConsentProcess | None:
        """The consent decision of the current part (the last one held in it), if any."""
        run = self.run
        if run is None or run.current is None:
            return None
        decisions = run.record.decisions
        return decisions[-1] if decisions else None

    @property
    def state(self) -> MeetingState:
        run = self.run
        if run is None:
            return MeetingState("setup", "", "", (), -1, None, "", False, False, False, False,
                                "", "", (), self.phones, self.message, self.taken_over)
        meeting = run.meeting
        parts = tuple(
            PartView(p.shown_title, p.key, _part_kind(meeting, p), p.start, p.minutes,
                     "done" if i < run.index else "now" if i == run.index else "later")
            for i, p in enumerate(run.parts))
        now = run.current
        part = parts[run.index] if now is not None else None
        rounds = run.record.rounds if now is not None else []
        busy_round = run._open_round() is not None
        busy = busy_round or run._open_decision() is not None
        last = run.index == len(run.parts) - 1
        return MeetingState(
            step="end" if run.finished else "run", circle=meeting.circle,
            date=meeting.date.isoformat(), parts=parts, index=run.index, part=part,
            activity=self.activity if now is not None else "",
            round_complete=bool(rounds) and rounds[-1].is_complete,
            can_round=now is not None and not busy,
            can_consent=part is not None and part.kind == "decision" and not busy,
            can_ask_phones=part is not None and part.key in PHONE_PARTS and not busy,
            next_label=_("End the meeting") if last else _("Next part"),
            notes=run.record.notes if now is not None else "",
            backlog=tuple(run.backlog), phones=self.phones, message=self.message,
            taken_over=self.taken_over)

    # ------------------------------------------------------------------ the projector
    def audience(self) -> AudienceState:
        """The room's view of the meeting: the agenda item in progress and the part of the
        meeting, its time box (a timer the view counts down) and what comes next; while a round
        runs in the part, the round's own view (whose turn, who is next, the written answers
        after the reveal); while the phones answer, how many did and the room's code; in a
        decision item, the consent decision's view. Never the notes or the minutes."""
        run = self.run
        if run is None:
            return AudienceState(APP, title=_("Meeting"),
                                 step=_("The meeting is about to begin"))
        meeting = run.meeting
        title = _("{circle}: meeting of {date}").format(circle=meeting.circle,
                                                       date=shown_date(meeting.date))
        part = run.current
        if part is None:
            took = _("The meeting took {minutes} minutes (planned {planned}).").format(
                minutes=f"{run.elapsed():.0f}", planned=f"{run.parts[-1].end:g}")
            backlog = (_("On the backlog: {entries}").format(entries="; ".join(run.backlog)),) \
                if run.backlog else ()
            return AudienceState(APP, title=title, step=_("The meeting is over"),
                                 lines=(took, *backlog))
        where = _("Part {number} of {total}: {part}").format(
            number=run.index + 1, total=len(run.parts), part=part.shown_title)
        started = run.record.started_at
        ends = total = None  # the part's time box, counted down by the view
        if started is not None and part.minutes > 0:
            ends, total = started + part.minutes * 60, part.minutes * 60
        then = run.parts[run.index + 1].shown_title if run.index + 1 < len(run.parts) else ""
        follows = (_("Then: {part}").format(part=then),) if then \
            else (_("Then the meeting ends."),)
        inner = self._inner_audience()
        if inner is not None:  # a round, the phones or a consent decision in this part
            box: tuple[str, ...] = ()
            if inner.timer_ends is not None:  # the inner step's own timer goes first
                ends, total = inner.timer_ends, inner.timer_total
            elif ends is not None:
                box = (_("Time box of this part: {minutes} minutes").format(
                    minutes=f"{part.minutes:g}"),)
            step = where if not inner.step or inner.step in where else f"{where} · {inner.step}"
            return dataclasses.replace(inner, app=APP, step=step, timer_ends=ends,
                                       timer_total=total, lines=(*inner.lines, *box))
        if part.key == "item" and part.item is not None:
            item = meeting.items[part.item]
            owner = " " + _("Brought by {name}.").format(name=item.owner) if item.owner else ""
            purpose = _(ITEM_KINDS[item.kind]) if item.kind in ITEM_KINDS else ""
            text = f"{item.title}\n{purpose}{owner}"
            if item.kind == "decision" and item.proposal:
                text += "\n" + _("Proposal: {proposal}").format(proposal=item.proposal)
        else:
            text = _(FRAME[part.key][2]) if part.key in FRAME else part.shown_title
        box = (_("Time box of this part: {minutes} minutes").format(
            minutes=f"{part.minutes:g}"),) if ends is not None else ()
        return AudienceState(APP, title=title, step=where, text=text, lines=(*box, *follows),
                             timer_ends=ends, timer_total=total)

    def _inner_audience(self) -> AudienceState | None:
        """What a round, the phones or a consent decision in the current part shows the room
        (``None``: nothing of the kind runs now)."""
        if self.activity == "round" and self.rounds.round is not None:
            return self.rounds.audience()
        phones = self.phones
        room = self.room.room
        if phones.asked and phones.open and not phones.revealed and room is not None:
            return AudienceState(APP, title=phones.prompt, step=_("Answer on your phone"),
                                 answered=phones.answered, expected=phones.joined or None,
                                 room_code=room.code, room_title=room.title)
        decision = self.decision
        if self.activity == "consent" and decision is not None:
            view = self.consent.audience()  # the consent decision's own view, when it has one
            if isinstance(view, AudienceState):
                return dataclasses.replace(view, step=_("Consent decision: {step}").format(
                    step=view.step))
            label = _(CONSENT_STEPS[decision.step]) if decision.step in CONSENT_STEPS \
                else decision.step
            return AudienceState(APP, title=self._proposal_title(),
                                 step=_("Consent decision: {step}").format(step=label),
                                 text=decision.proposal)
        return None

    def _proposal_title(self) -> str:
        run = self.run
        part = run.current if run is not None else None
        if run is None or part is None or part.item is None:
            return _("Consent decision")
        return run.meeting.items[part.item].title

    def _round_changed(self, _state: RoundState) -> None:
        self.changed()

    def _round_turn(self, rnd: Round) -> None:
        """Every turn of the part's round is kept before it counts (the whole round, with the
        notes the phones suggested), so a crash in the middle of a round loses no turn; a
        CourseError makes the round take the turn back."""
        run = self.run
        if run is None or run.current is None:
            return
        rounds = run.record.rounds
        number = next((i for i, r in enumerate(rounds) if r is rnd), len(rounds) - 1)
        problem = self.keeper.save("round", {"index": run.index, "number": number,
                                             "round": rnd.to_dict(),
                                             "notes": dict(self.rounds.suggested_notes)})
        if problem:
            raise CourseError(problem)

    def _digest(self) -> tuple[Any, ...]:
        """Where the run stands, cheaply: what :meth:`follow` compares."""
        run = self.run
        if run is None:
            return ()
        return (run.index, len(run.backlog), tuple(
            (len(process.log), process.step) for rec in run.records
            for process in rec.decisions))

    def _decision_moved(self, _state: Any) -> None:
        """The decision item's consent session took a step: the meeting's views are told."""
        self.follow()

    def follow(self) -> bool:
        """Read the run again (a consent decision moves on in its own view); tell the views when
        it moved. ``True`` when it did. Views call this with their clock tick."""
        seen = self._digest()
        if seen == self._seen:
            return False
        self._seen = seen
        self.changed()
        return True

    def changed(self) -> None:
        self._seen = self._digest()
        super().changed()

    # ------------------------------------------------------------------ the meeting
    def start(self, meeting: Meeting, members: Sequence[str]) -> str:
        """Start ``meeting`` with the people present (seating order). "" when started; else
        the sentence (nothing started). When only the record cannot keep it, the meeting starts
        and :attr:`message` says so."""
        if self.taken_over:
            return self._refuse_taken_over()
        try:
            run = MeetingRun(meeting, list(members), clock=self.clock)
        except CourseError as exc:
            return self._done(exc.plain)
        problem = self.keeper.start(f"{meeting.circle} {meeting.date.isoformat()}", run.setup())
        run.start()
        self.run = run
        self._new_part()
        self._done(problem)
        return ""

    def _restore(self, recorded: Recorded) -> str:
        run = recorded_run(recorded, self.clock)
        if not run.finished and not run.started:
            run.start()
        self.run = run
        self._new_part()
        self._restore_rounds(recorded)
        self._relink_phones(recorded)
        return ""

    def _restore_rounds(self, recorded: Recorded) -> None:
        """The rounds of the part in progress, each as its last recorded turn left it; the last
        one is shown again, from its current turn."""
        run = self.run
        if run is None or run.current is None:
            return
        latest: dict[int, dict[str, Any]] = {}
        for step, data in recorded.steps:
            if step == "round" and int(data.get("index", -1)) == run.index:
                latest[int(data.get("number", 0))] = data
        if not latest:
            return
        rounds = [Round.from_dict(latest[number]["round"]) for number in sorted(latest)]
        run.record.rounds = rounds
        self.rounds.suggested_notes = dict(latest[max(latest)].get("notes", {}))
        self.activity = "round"
        self.rounds.attach(rounds[-1])

    def _new_part(self) -> None:
        """A part begins: no round shown, no question on the phones for it yet."""
        self.rounds.round = None
        self.rounds.step = "setup"
        self.rounds.suggested_notes = {}
        self.activity = ""
        self._phones_part = None
        self.phones = PhonesState()

    def _act(self, action: Callable[[MeetingRun], Any]) -> str:
        if self.taken_over:
            return self._refuse_taken_over()
        if self.run is None:
            return self._done(_("Start the meeting first."))
        try:
            action(self.run)
        except CourseError as exc:
            return self._done(exc.plain)
        return self._done()

    def note(self, text: str) -> str:
        """Set the current part's notes (the whole text, as typed)."""
        return self._act(lambda run: run.note(text))

    def add_backlog(self, text: str) -> str:
        """Put something on the circle's backlog."""
        return self._act(lambda run: run.add_backlog(text))

    def start_round(self, kind: str | None = None, prompt: str = "", *,
                    notes: str | None = None) -> str:
        """Start a round in the current part (with everyone present) and run it through
        :attr:`rounds`. ``notes``: the part's notes as typed, kept first."""
        def go(run: MeetingRun) -> None:
            if notes is not None:
                run.note(notes)
            rnd = run.start_round(kind, prompt.strip())
            self.rounds.suggested_notes = {}
            self.activity = "round"
            self.rounds.attach(rnd)

        return self._act(go)

    def start_consent(self, *, notes: str | None = None) -> str:
        """Start a consent decision on the current decision item's proposal (then driven by the
        consent decision's own view of :attr:`decision`)."""
        def go(run: MeetingRun) -> None:
            if notes is not None:
                run.note(notes)
            run.start_consent()
            self.rounds.round = None
            self.activity = "consent"
            decision = self.decision
            if decision is not None:
                self.consent.attach(decision)

        return self._act(go)

    def next_part(self, *, notes: str | None = None) -> str:
        """The current part is done: keep it in the record, and only then move on."""
        if self.taken_over:
            return self._refuse_taken_over()
        run = self.run
        if run is None or run.current is None:
            return self._done(_("There is no part in progress."))
        index = run.index
        try:
            if notes is not None:
                run.note(notes)
            run.next_part()
        except CourseError as exc:
            return self._done(exc.plain)
        problem = self.keeper.save("part-done", run.part_data(index, decision_entries(run, index)))
        if problem:  # not kept, so not done: the part goes on
            run.reopen_last_part()
            return self._done(problem)
        if run.finished:
            self.keeper.finish()
        self._new_part()
        return self._done()

    # ------------------------------------------------------------------ phones
    def ask_phones(self, prompt: str = "") -> str:
        """Put the current round's question on the phones (the check-in or the evaluation),
        written in silence before it is spoken."""
        if self.taken_over:
            return self._refuse_taken_over()
        state = self.state
        part = state.part
        if self.run is None or part is None or part.key not in PHONE_PARTS:
            return self._done(_("Phones answer the check-in and the evaluation rounds."))
        if not state.can_ask_phones:
            return self._done(_("Finish the round of this part first."))
        question = prompt.strip() or part_prompt(part.key)
        try:
            activity = self.room.ask(part.key, question)
        except CourseError as exc:
            return self._done(exc.plain)
        assert self.room.room is not None
        problem = self.keeper.save("phones", {"index": self.run.index,
                                              "room": self.room.room.code,
                                              "activity": activity.id})
        if problem:
            with contextlib.suppress(CourseError):
                self.room.room.close_activity(activity)
            self.room.activity = None
            return self._done(problem)
        self._phones_part = self.run.index
        self.phones = PhonesState(asked=True, prompt=question, open=True)
        self._read_phones()
        return self._done()

    def refresh_phones(self) -> bool:
        """Read how many phones answered (views call this every two seconds); ``True`` when the
        count changed, and then the views were told."""
        before = self.phones
        self._read_phones()
        if self.phones != before:
            self.changed()
            return True
        return False

    def _read_phones(self) -> None:
        if self._phones_part is None or self.run is None or self._phones_part != self.run.index:
            return
        try:
            progress = self.room.progress()
        except CourseError:
            return  # the record busy for a moment: the next look tries again
        self.phones = PhonesState(True, self.phones.prompt, len(progress.joined),
                                  progress.answered, progress.open, progress.revealed)

    def reveal(self) -> str:
        """Reveal the phones' answers (kept in the room's record first) and start the spoken
        round: each person's written words are their note when their turn comes."""
        if self.taken_over:
            return self._refuse_taken_over()
        run = self.run
        if run is None or self._phones_part is None or self._phones_part != run.index:
            return self._done(_("Nothing is open on the phones: ask them first."))
        if not self.state.can_round:  # checked before the phones see the answers go public
            return self._done(_("Finish the round of this part first; then reveal the phones' "
                                "answers."))
        try:
            responses = self.room.collect()
        except CourseError as exc:
            return self._done(exc.plain)
        written = dict(zip(speaker_names(responses), (answer_note(r) for r in responses),
                           strict=True))
        people, notes = _round_people(run.members, written)
        try:
            rnd = run.start_round(run.current.key if run.current else None,
                                  self.phones.prompt, people=people)
        except CourseError as exc:
            return self._done(exc.plain)
        self._read_phones()
        self.rounds.suggested_notes = notes
        self.activity = "round"
        self.rounds.attach(rnd)
        return self._done()

    def _relink_phones(self, recorded: Recorded) -> None:
        """After resuming: the question this part put on the phones, if any, is followed again
        (its answers are in the room's record)."""
        asked = [data for step, data in recorded.steps if step == "phones"]
        run = self.run
        if not asked or run is None or int(asked[-1].get("index", -1)) != run.index:
            return
        try:
            store = self.keeper.store
            if store is None:
                return
            room = store.room(str(asked[-1]["room"]))
            activity = room.activity(int(asked[-1]["activity"]))
        except (CourseError, KeyError, TypeError, ValueError):
            return
        self.room.use(room)
        self.room.activity = activity
        self._phones_part = run.index
        self.phones = PhonesState(asked=True, prompt=activity.prompt)
        self._read_phones()

    # ------------------------------------------------------------------ the record
    def minutes_markdown(self) -> str:
        """The minutes of the whole meeting, as far as it has gone."""
        return meeting_minutes(self.run) if self.run is not None else ""

    def minutes_filename(self) -> str:
        run = self.run
        return f"meeting-{run.meeting.date.isoformat()}-minutes.md" if run else "minutes.md"

    def _refuse_taken_over(self) -> str:
        from sociocracy.rooms.screens import taken_over_sentence

        return self._done(taken_over_sentence(self.NOUN))

    @staticmethod
    def describe(recorded: Recorded) -> str:
        run = recorded_run(recorded)
        done = len([step for step, _data in recorded.steps if step == "part-done"])
        where = run.parts[run.index].shown_title if 0 <= run.index < len(run.parts) \
            else _("the start")
        return ngettext("{count} part done; it stopped at: {part}.",
                        "{count} parts done; it stopped at: {part}.", done).format(
                            count=done, part=where)

    @staticmethod
    def export(recorded: Recorded) -> list[tuple[str, str, str]]:
        run = recorded_run(recorded)
        return [(f"meeting-{run.meeting.date.isoformat()}-{recorded.id}-minutes.md",
                 "text/markdown", meeting_minutes(run))]

    ENDS = True

    @staticmethod
    def is_done(recorded: Recorded) -> bool:
        return recorded_run(recorded).finished


def _round_people(members: Sequence[str], written: dict[str, str],
                  ) -> tuple[list[str], dict[str, str]]:
    """Who goes round after a reveal, and each one's note: the members in seating order, a
    phone named like a member giving that member's note; phones matching nobody join at the
    end under their own name."""
    def key(name: str) -> str:
        return name_key(str(name))  # the course's one rule for "the same name"

    by_key = {key(m): m for m in members}
    people, notes = list(members), {}
    for name, note in written.items():
        member = by_key.get(key(name))
        if member is None:
            people.append(name)
            by_key[key(name)] = name
            member = name
        notes[member] = note
    return people, notes
