"""The round facilitator's session: one round at a time, each turn kept before it counts.

A :class:`RoundSession` owns the :class:`~sociocracy.rounds.Round` in progress and the rounds
completed in it (for the minutes). Every turn (spoken, passed, taken back) goes to the record
before the session shows it, as the whole round after the turn, so resuming needs only the last
step. Sessions that embed a round (the consent decision, the workshop room's spoken round, a
meeting's check-in) call :meth:`RoundSession.attach` with their own round and an ``on_turn`` that
records it their way; they never press a view's button.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sociocracy.core.errors import CourseError
from sociocracy.round_minutes import rounds_csv, session_markdown
from sociocracy.rounds import ROUND_KINDS, DiscouragedPassWarning, Round, Turn

from .base import AppSession
from .keeper import Recorded

__all__ = ["APP", "RoundSession", "RoundState", "recorded_round", "round_title"]

#: The name under which the round facilitator's sessions are kept in the workshop record.
APP = "rounds"


def recorded_round(recorded: Recorded) -> Round:
    """The round as last recorded, rebuilt through the round's own rules."""
    steps = recorded.steps
    data = steps[-1][1]["round"] if steps else recorded.setup["round"]
    return Round.from_dict(data)


def round_title(rnd: Round) -> str:
    """"Check-in round: How are you arriving?" (the kind's label and the prompt)."""
    label = ROUND_KINDS[rnd.kind].label
    return f"{label}: {rnd.prompt}" if rnd.prompt else label


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


class RoundSession(AppSession[RoundState]):
    """A live round facilitator, without a screen. ``record=True`` keeps every round in the
    workshop record (``store``, default: the user's record)."""

    APP = APP
    NOUN = "round"

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

    # ------------------------------------------------------------------ state
    @property
    def state(self) -> RoundState:
        r = self.round
        if r is None:
            return RoundState(self.step, None, "", (), None, None, (), False, "", "",
                              self.message, self.taken_over, len(self.history))
        return RoundState(
            step=self.step, kind=r.kind, prompt=r.prompt, participants=tuple(r.order),
            current=r.current, next=r.next_speaker, turns=tuple(r.turns),
            can_pass=r.can_pass, pass_reason="" if r.can_pass else r.pass_blocked_reason,
            note=self.suggested_notes.get(r.current or "", ""), message=self.message,
            taken_over=self.taken_over, completed=len(self.history))

    # ------------------------------------------------------------------ starting
    def start(self, kind: str, participants: list[str], first: str | None = None, *,
              prompt: str = "", last: str | None = None) -> str:
        """Start a round; "" when started, else the round's (or the record's) sentence."""
        try:
            rnd = Round(kind, participants, first, prompt=prompt.strip(), last=last)
        except CourseError as exc:
            return self._done(exc.plain)
        problem = self.keeper.start(round_title(rnd), {"round": rnd.to_dict()})
        self._show(rnd)
        return self._done(problem)

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
        self._show(rnd)
        return ""

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
            return self._done("Start the round first.")
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
        notice = f"{turn.who} passed. {rule.why}" if turn.passed and \
            rule.passing == "discouraged" else ""
        return self._done(notice)

    def undo(self) -> tuple[str, Turn | None]:
        """"Undo": the last person has the turn again; returns ("" or why not, the turn taken
        back, so a view can put its note back in the box)."""
        if self.taken_over:
            return self._refuse_taken_over(), None
        if self.round is None:
            return self._done("Start the round first."), None
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

    def _keep(self) -> str:
        """Write the round to the record and give it to ``on_turn``; "" or why not."""
        assert self.round is not None
        problem = self.keeper.save("turn", {"round": self.round.to_dict()})
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
        title = f"Minutes: {count} round{'s' if count != 1 else ''}"
        return session_markdown(self.history, title,
                                date=date or dt.date.today().isoformat())

    def turns_csv(self) -> str:
        """Every completed round's turns, one row each, for a spreadsheet."""
        return rounds_csv(self.history)

    @staticmethod
    def describe(recorded: Recorded) -> str:
        rnd = recorded_round(recorded)
        return (f"{len(rnd.turns)} of {len(rnd.order)} turns were taken; "
                f"next: {rnd.current}." if rnd.current else "")

    @staticmethod
    def export(recorded: Recorded) -> list[tuple[str, str, str]]:
        rnd = recorded_round(recorded)
        day = recorded.started_at.astimezone().date().isoformat()
        stem = f"round-{day}-{recorded.id}"
        return [(f"{stem}-minutes.md", "text/markdown",
                 session_markdown([rnd], f"Minutes: {round_title(rnd)}", date=day)),
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
