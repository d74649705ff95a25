"""The round facilitator's session: one round at a time, each turn kept before it counts.

A :class:`RoundSession` owns the :class:`~sociocracy.rounds.Round` in progress and the rounds
completed in it (for the minutes). Every turn (spoken, passed, taken back) goes to the record
before the session shows it, as the whole round after the turn, so resuming needs only the last
step. Sessions that embed a round (the consent decision, the workshop room's spoken round, a
meeting's check-in) call :meth:`RoundSession.attach` with their own round and an ``on_turn`` that
records it their way; they never press a view's button.

The phones can write first (:meth:`RoundSession.ask_phones`, :meth:`RoundSession.phones`,
:meth:`RoundSession.reveal_phones`): the round's prompt goes to the workshop room, and at the
reveal each person's written words become that person's suggested note. With names in the set-up,
answers are matched to them by name (as the round compares names) and phone people not in the
set-up speak after them; with no names, the round is the people who answered, in join order.

Before the first turn the facilitator seats the round as the room sits (:meth:`RoundSession.move`,
:meth:`RoundSession.move_by`, :meth:`RoundSession.start_with`, :meth:`RoundSession.seat_by_text`;
the rule is :mod:`sociocracy.seating` and :meth:`Round.reseat`): each change is kept like a turn
(a ``seating`` step with the whole round, and through ``on_turn``), so a resumed round and the
room's record have the order the room heard.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.round_minutes import rounds_csv, session_markdown
from sociocracy.rounds import ROUND_KINDS, DiscouragedPassWarning, Round, Turn
from sociocracy.seating import moved, ordered_by_text

from .audience import Answer, AudienceState
from .base import AppSession
from .keeper import Recorded
from .room_link import RoomLink, notes_by_name

__all__ = ["APP", "RoundSession", "RoundState", "phone_kind", "recorded_round", "round_title"]

#: The name under which the round facilitator's sessions are kept in the workshop record.
APP = "rounds"
#: What the phones show as the app that asked (English, marked for the catalogs: each phone
#: reads it in its own language).
ASKED_BY = N_("Round facilitator")


def phone_kind(kind: str) -> str:
    """The phones' form for a kind of round: a consent round's "Consent"/"Objection" with a
    reason, a nomination round's "Nominee" and "Reason", an evaluation's words; every other
    round asks for the person's words."""
    return kind if kind in ("consent", "nomination", "evaluation") else "check-in"


def recorded_round(recorded: Recorded) -> Round:
    """The round as last recorded, rebuilt through the round's own rules."""
    steps = recorded.steps
    data = steps[-1][1]["round"] if steps else recorded.setup["round"]
    return Round.from_dict(data)


def round_title(rnd: Round) -> str:
    """"Check-in round: How are you arriving?" (the kind's label and the prompt)."""
    label = ROUND_KINDS[rnd.kind].label
    return _("{kind}: {prompt}").format(kind=label, prompt=rnd.prompt) if rnd.prompt else label


@dataclass(frozen=True)
class RoundState:
    """What a view of a round shows, at one moment.

    ``step`` is "setup" (no round yet, or back to the set-up), "run" or "end". ``current`` and
    ``next`` are names (``None`` when nobody); ``turns`` are the turns so far, in order;
    ``note`` is the note suggested for the current turn (what the person wrote on their phone);
    ``message`` is the last refusal, "" when the last action was done; ``taken_over`` is true once
    another screen holds the round.
    """

    step: str
    kind: str | None
    prompt: str
    participants: tuple[str, ...]
    current: str | None
    next: str | None
    turns: tuple[Turn, ...]
    can_pass: bool
    pass_reason: str
    note: str
    message: str
    taken_over: bool
    completed: int  # rounds completed in this session (for the minutes)
    asked: bool = False  # the round's prompt is on the phones, not yet revealed
    answered: int = 0  # how many phones answered it (never what)
    joined: int = 0  # how many people joined the workshop room
    can_reseat: bool = False  # the seating order may still change (nobody has spoken yet)


class RoundSession(AppSession[RoundState]):
    """A live round facilitator, without a screen. ``record=True`` keeps every round in the
    workshop record (``store``, default: the user's record)."""

    APP = APP
    #: One session, for people (English, marked for the catalogs: the record's sentences that
    #: name it translate it where they are made).
    NOUN = N_("round")

    def __init__(self, *, store: Any = None, record: bool = False, owner: str | None = None,
                 clock: Callable[[], float] | None = None) -> None:
        kwargs: dict[str, Any] = {} if clock is None else {"clock": clock}
        super().__init__(store=store, record=record, owner=owner, **kwargs)
        self.round: Round | None = None
        self.history: list[Round] = []  # completed rounds, for the minutes
        self.step = "setup"
        #: name -> the note suggested when that person's turn comes (e.g. their phone's words).
        self.suggested_notes: dict[str, str] = {}
        #: Called with the round after every turn taken or undone, before it counts: a session
        #: that embeds this round records it there; a CourseError takes the move back.
        self.on_turn: Callable[[Round], None] | None = None
        #: Whether the facilitator may reseat a round before its first turn. A session whose
        #: record keeps turns as moves, not as the whole round (the consent decision), sets it
        #: False: its record could not replay a new seating.
        self.seating = True
        #: The workshop room, for writing on the phones before the round is spoken.
        self.room = RoomLink(lambda: self.keeper.store, asked_by=ASKED_BY, **kwargs)
        self._answered, self._joined = 0, 0

    # ------------------------------------------------------------------ state
    @property
    def state(self) -> RoundState:
        r = self.round
        asked = self.room.activity is not None and not self.room.activity.revealed
        phones: dict[str, Any] = {"asked": asked, "answered": self._answered,
                                  "joined": self._joined}
        if r is None:
            return RoundState(self.step, None, "", (), None, None, (), False, "", "",
                              self.message, self.taken_over, len(self.history), **phones)
        return RoundState(
            step=self.step, kind=r.kind, prompt=r.prompt, participants=tuple(r.order),
            current=r.current, next=r.next_speaker, turns=tuple(r.turns),
            can_pass=r.can_pass, pass_reason="" if r.can_pass else r.pass_blocked_reason,
            note=self.suggested_notes.get(r.current or "", ""), message=self.message,
            taken_over=self.taken_over, completed=len(self.history),
            can_reseat=self.seating and self.step == "run" and r.can_reseat
            and not self.taken_over, **phones)

    # ------------------------------------------------------------------ the projector
    def audience(self) -> AudienceState:
        """The room's view of the round: the question, who speaks and who is next, how far the
        round is; while the phones answer, how many did (never what) and the room's code; after
        the reveal, what each person wrote. Never the facilitator's notes."""
        room = self.room.room
        code, title = (room.code, room.title) if room is not None else ("", "")
        r = self.round
        if r is None or self.step == "setup":
            asked = self.room.activity is not None and not self.room.activity.revealed
            if asked:
                assert self.room.activity is not None
                return AudienceState(APP, title=self.room.activity.prompt or _("Round"),
                                     step=_("Answer on your phone"),
                                     answered=self._answered, expected=self._joined or None,
                                     room_code=code, room_title=title)
            return AudienceState(APP, title=_("Round"), step=_("The round is about to begin"),
                                 room_code=code, room_title=title)
        label = ROUND_KINDS[r.kind].label
        answers = tuple(Answer(name, words=note) for name in r.order
                        if (note := self.suggested_notes.get(name, "")))
        spoken = len(r.turns)
        if r.is_complete:
            passed = sum(1 for t in r.turns if t.passed)
            outcome = (_("Everyone had a turn: {spoke} spoke.") if not passed else
                       _("Everyone had a turn: {spoke} spoke, {passed} passed.")).format(
                spoke=spoken - passed, passed=passed)
            return AudienceState(APP, title=r.prompt or label,
                                 step=_("{kind}: complete").format(kind=label),
                                 answers=answers, lines=(outcome,))
        return AudienceState(APP, title=r.prompt or label, step=label,
                             speaker=r.current or "", next=r.next_speaker or "",
                             answers=answers,
                             lines=(_("Turn {number} of {total}").format(
                                 number=spoken + 1, total=len(r.order)),))

    # ------------------------------------------------------------------ starting
    def start(self, kind: str, participants: list[str], first: str | None = None, *,
              prompt: str = "", last: str | None = None) -> str:
        """Start a round; "" when started, else the round's (or the record's) sentence."""
        return self._start(kind, participants, first, prompt=prompt, last=last)

    def _start(self, kind: str, participants: list[str], first: str | None = None, *,
               prompt: str = "", last: str | None = None,
               phones: dict[str, Any] | None = None) -> str:
        try:
            rnd = Round(kind, participants, first, prompt=prompt.strip(), last=last)
        except CourseError as exc:
            return self._done(exc.plain)
        problem = self.keeper.start(round_title(rnd), {"round": rnd.to_dict(), **(phones or {})})
        if phones is None:
            self.suggested_notes = {}
        self._show(rnd)
        return self._done(problem)

    # ------------------------------------------------------------------ the phones write first
    def ask_phones(self, kind: str, prompt: str = "") -> str:
        """"Ask the phones": the round's prompt goes to the workshop room's phones (the kind's
        form: words, consent or objection, a nomination), to be revealed all at once."""
        if self.taken_over:
            return self._refuse_taken_over()
        try:
            self.room.ask(phone_kind(kind), prompt.strip())
        except CourseError as exc:
            return self._done(exc.plain)
        return self.phones()

    def phones(self) -> str:
        """Count the phones' answers again (how many, never what); views call it every few
        seconds while a question is on the phones."""
        try:
            progress = self.room.progress()
        except CourseError as exc:
            return self._done(exc.plain)
        self._answered, self._joined = progress.answered, len(progress.joined)
        return self._done()

    def pick_up(self) -> bool:
        """After this app's page stopped (a crash, a closed laptop): take up the question it
        left open on the phones, with every answer they sent since. ``True`` when there was one.
        """
        if self.room.pending() is None:
            return False
        self.phones()
        return True

    def reveal_phones(self, kind: str, participants: list[str], first: str | None = None, *,
                      prompt: str = "", last: str | None = None) -> str:
        """"Reveal": the phones' answers come back all at once (the reveal is kept first) and the
        round starts with them as the turns' suggested notes. ``participants`` are the set-up's
        names (answers are matched to them by name; people who answered but are not listed
        speak after them); with none, the round is the people who answered, in join order."""
        if self.taken_over:
            return self._refuse_taken_over()
        try:
            responses = self.room.collect()
        except CourseError as exc:
            return self._done(exc.plain)
        self._answered = len(responses)
        order, notes = notes_by_name(participants, responses)
        if not order:
            return self._done(_("Nobody answered on the phones and the set-up has no names, "
                                "so there is no round to speak."))
        activity, room, before = self.room.activity, self.room.room, self.round
        assert activity is not None and room is not None  # collect() needs both
        problem = self._start(kind, order, first if first in order else None, prompt=prompt,
                              last=last if last in order else None,
                              phones={"room": room.code, "activity": activity.id,
                                      "typed": list(participants)})
        if self.round is not before:  # started
            self.suggested_notes = notes
            self._done(problem)
        return problem

    def detach(self) -> None:
        """The larger session leaves its round (a new question was asked): no round and no
        notes are shown until it attaches the next one."""
        self.round = None
        self.step = "setup"
        self.suggested_notes = {}
        self._done()

    def attach(self, rnd: Round) -> Round:
        """Run ``rnd``, a round owned by a larger session (the consent decision, the workshop
        room), shown as it stands, from its current turn."""
        self._show(rnd)
        self._done()
        return rnd

    def _show(self, rnd: Round) -> None:
        self.round = rnd
        self.step = "run"
        if rnd.is_complete:
            self._complete()

    def back_to_setup(self) -> None:
        """Leave the round's screen for the set-up (the round stays as it is)."""
        self.step = "setup"
        self._done()

    def _restore(self, recorded: Recorded) -> str:
        rnd = recorded_round(recorded)
        self.history = []
        self.suggested_notes = self._phones_notes(recorded.setup, rnd)
        self._show(rnd)
        return ""

    def _phones_notes(self, setup: dict[str, Any], rnd: Round) -> dict[str, str]:
        """The phones' answers of a round started from them, as they were at the reveal."""
        if "activity" not in setup:
            return {}
        try:
            if self.room.room is None or self.room.room.code != setup["room"]:
                self.room.open(str(setup["room"]))
            responses = self.room.answers_of(int(setup["activity"]))
        except CourseError:
            return {}
        _order, notes = notes_by_name(list(setup.get("typed", [])), responses)
        return {name: note for name, note in notes.items() if name in rnd.order}

    # ------------------------------------------------------------------ the seating order
    # Before the first turn the facilitator seats the round as the room sits: the list shown is
    # the speaking order (``state.participants``), and every change keeps its top as the first
    # speaker, so what the list says is what the round does.
    def move(self, name: str, place: int) -> str:
        """Move ``name`` to ``place`` in the speaking order (1: first), before anyone spoke."""
        return self._reseat(lambda r: moved(r.order, name, place))

    def move_by(self, name: str, step: int) -> str:
        """"Move up" (``-1``) or "Move down" (``+1``) in the speaking order."""
        def one_step(r: Round) -> tuple[str, ...]:
            here = next((i for i, n in enumerate(r.order) if n == name), None)
            if here is None:
                return moved(r.order, name, 1)  # refused, naming the people of the round
            return moved(r.order, name, here + 1 + step)

        return self._reseat(one_step)

    def start_with(self, name: str) -> str:
        """"Start with ...": the round goes round from ``name``, in the order people sit."""
        def rotated(r: Round) -> tuple[str, ...]:
            seats = r.participants
            here = seats.index(moved(seats, name, 1)[0])  # the round's spelling of the name
            return seats[here:] + seats[:here]

        return self._reseat(rotated)

    def seat_by_text(self, text: str) -> str:
        """The speaking order typed, one name per line (those typed first, the rest after)."""
        return self._reseat(lambda r: ordered_by_text(r.order, text))

    def _reseat(self, order: Callable[[Round], tuple[str, ...]]) -> str:
        if self.taken_over:
            return self._refuse_taken_over()
        rnd = self.round
        if rnd is None or self.step != "run":
            return self._done(_("Start the round first."))
        if not self.seating:
            return self._done(_("This round goes in the order its process set; it cannot be "
                                "reseated here."))
        before = rnd.participants, rnd.first
        try:
            seating = order(rnd)
            rnd.reseat(seating, seating[0] if seating[0] != rnd.last else None)
        except CourseError as exc:
            return self._done(exc.plain)
        problem = self._keep("seating")
        if problem:
            rnd.reseat(*before)
            return self._done(problem)
        return self._done()

    # ------------------------------------------------------------------ turns
    def speak(self, note: str = "", seconds: float | None = None) -> str:
        """"Next": the current person spoke; keep the note and the time, move on."""
        return self._turn(lambda r: r.speak(note.strip(), seconds))

    def pass_turn(self, seconds: float | None = None) -> str:
        """"Pass": refused with the reason where the kind of round does not allow it. A
        discouraged pass is done, and its reason is the message."""

        def quiet_pass(r: Round) -> Turn:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DiscouragedPassWarning)
                return r.pass_turn(seconds)

        return self._turn(quiet_pass)

    def _turn(self, move: Callable[[Round], Turn]) -> str:
        if self.taken_over:
            return self._refuse_taken_over()
        if self.round is None:
            return self._done(_("Start the round first."))
        try:
            turn = move(self.round)
        except CourseError as exc:
            return self._done(exc.plain)
        problem = self._keep()
        if problem:
            self.round.undo()
            return self._done(problem)
        rule = ROUND_KINDS[self.round.kind]
        if self.round.is_complete:
            self._complete()
        notice = _("{name} passed. {why}").format(name=turn.who, why=rule.why) \
            if turn.passed and rule.passing == "discouraged" else ""
        return self._done(notice)

    def undo(self) -> tuple[str, Turn | None]:
        """"Undo": the last person has the turn again; returns ("" or why not, the turn taken
        back, so a view can put its note back in the box)."""
        if self.taken_over:
            return self._refuse_taken_over(), None
        if self.round is None:
            return self._done(_("Start the round first.")), None
        try:
            turn = self.round.undo()
        except CourseError as exc:
            return self._done(exc.plain), None
        problem = self._keep()
        if problem:
            _redo(self.round, turn)
            return self._done(problem), None
        # A completed round taken back is open again: it leaves the minutes until it ends.
        self.history = [done for done in self.history if done is not self.round]
        self.step = "run"
        return self._done(), turn

    def _keep(self, step: str = "turn") -> str:
        """Write the round to the record and give it to ``on_turn``; "" or why not."""
        assert self.round is not None
        problem = self.keeper.save(step, {"round": self.round.to_dict()})
        if not problem and self.on_turn is not None:
            try:
                self.on_turn(self.round)
            except CourseError as exc:
                problem = exc.plain
        return problem

    def _complete(self) -> None:
        assert self.round is not None
        self.step = "end"
        if not any(done is self.round for done in self.history):
            self.history.append(self.round)

    def _refuse_taken_over(self) -> str:
        from sociocracy.rooms.screens import taken_over_sentence

        return self._done(taken_over_sentence(self.NOUN))

    # ------------------------------------------------------------------ the record
    def minutes_markdown(self, date: str | None = None) -> str:
        """The minutes of every round completed in this session, in order."""
        count = len(self.history)
        title = ngettext("Minutes: {count} round", "Minutes: {count} rounds",
                         count).format(count=count)
        return session_markdown(self.history, title,
                                date=date or dt.date.today().isoformat())

    def turns_csv(self) -> str:
        """Every completed round's turns, one row each, for a spreadsheet."""
        return rounds_csv(self.history)

    @staticmethod
    def describe(recorded: Recorded) -> str:
        rnd = recorded_round(recorded)
        return (_("{taken} of {total} turns were taken; next: {name}.").format(
            taken=len(rnd.turns), total=len(rnd.order), name=rnd.current)
            if rnd.current else "")

    @staticmethod
    def export(recorded: Recorded) -> list[tuple[str, str, str]]:
        rnd = recorded_round(recorded)
        day = recorded.started_at.astimezone().date().isoformat()
        stem = f"round-{day}-{recorded.id}"
        return [(f"{stem}-minutes.md", "text/markdown",
                 session_markdown([rnd], _("Minutes: {title}").format(title=round_title(rnd)),
                                  date=day)),
                (f"{stem}-turns.csv", "text/csv", rounds_csv([rnd]))]

    ENDS = True

    @staticmethod
    def is_done(recorded: Recorded) -> bool:
        return recorded_round(recorded).is_complete


def _redo(rnd: Round, turn: Turn) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DiscouragedPassWarning)
        if turn.passed:
            rnd.pass_turn(turn.seconds)
        else:
            rnd.speak(turn.note, turn.seconds)
