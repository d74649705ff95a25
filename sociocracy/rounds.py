"""Rounds: everyone speaks in turn, with the passing rules Sociocracy For All (SoFA) teaches.

A round is SoFA's first and most used tool: the facilitator gives a prompt and names who starts,
then the turn goes round the circle until everyone has spoken ([MVOS] "Rounds"). Whether a person
may pass depends on what the round is for.

What the sources say ([MVOS] "Can people pass?"; [WDWD] "Rounds"):

* clarifying questions and brainstorm (gathering) rounds: passing is fine ("I have no question"
  is a short, complete turn);
* quick reactions: discouraged, because the round is the group's temperature check before the
  consent round; "looks good to me" or "same as Jane" tells the group more than silence;
* nomination and consent rounds: **no passing**, because the decision needs everyone's
  information, and SoFA has no abstaining or standing aside;
* the change round of a selection ([MVOS] "Change round"): everyone speaks. A person who keeps
  their nomination says so ("no change") and is asked whether they have new information; the
  round is complete when everyone has spoken. "No change" is therefore a spoken turn
  (``speak("no change")``), never a pass.

What the course chooses where the sources are silent: MVOS's list does not mention check-in or
evaluation rounds. WDWD says in general that some people may pass in a round, and that nobody
passes in decision rounds; the course allows passing in check-in and evaluation rounds on that
basis. :attr:`RoundKind.course_choice` marks these rules, and their ``why`` says so.

In the consent round of a selection the nominee speaks last ([MVOS] "Consent round/objections"),
so :class:`Round` can put one named person last.

:class:`Round` is a small state machine: ``speak``/``pass_turn`` move the turn on, ``undo`` takes
the last turn back, and calls that make no sense (speaking after everyone has spoken, passing in a
consent round) raise :class:`RoundRuleError` with a message that says why and what comes next.
The widgets show those messages as they are, so they are written for people, not programmers.

The airtime model (``simulate_airtime``, ``gini`` and helpers) lives in :mod:`sociocracy.airtime`
and is re-exported here, so ``from sociocracy.rounds import simulate_airtime`` works. The
re-export is lazy (PEP 562): a round, and every app that runs one, does not import numpy.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from sociocracy.core.errors import ProcessError
from sociocracy.core.language import N_, _
from sociocracy.core.names import clean_names

if TYPE_CHECKING:
    from sociocracy.airtime import airtime_sentence, gini, simulate_airtime, top_share

__all__ = [
    "KINDS",
    "ROUND_KINDS",
    "DiscouragedPass",
    "DiscouragedPassWarning",
    "Round",
    "RoundKind",
    "RoundRuleError",
    "Turn",
    "airtime_sentence",
    "gini",
    "simulate_airtime",
    "top_share",
]


#: Names re-exported from :mod:`sociocracy.airtime`, imported on first use (it imports numpy).
_AIRTIME = ("airtime_sentence", "gini", "simulate_airtime", "top_share")


def __getattr__(name: str) -> Any:
    if name in _AIRTIME:
        from sociocracy import airtime

        value = getattr(airtime, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class RoundRuleError(ProcessError, ValueError):
    """A round was asked to do something its rules (or its state) do not allow.

    The message is one or two sentences for the facilitator: what is not possible, why, and what
    to do instead. Apps show it as it is. (Also a ``ValueError``, as it always was.)
    """


class DiscouragedPassWarning(UserWarning):
    """A pass where SoFA discourages it (quick reactions): accepted, and flagged.

    Issued with :mod:`warnings` so that scripts and tests can notice it; the turn is recorded
    anyway and listed by :meth:`Round.discouraged_passes`. Apps catch it and show its message.
    """


#: How passing is treated in a kind of round.
ALLOWED, DISCOURAGED, NOT_ALLOWED = "allowed", "discouraged", "not allowed"
#: The passing rules as people read them (translated where shown: :attr:`RoundKind.passing_label`).
PASSING_LABELS: dict[str, str] = {
    ALLOWED: N_("allowed"), DISCOURAGED: N_("discouraged"), NOT_ALLOWED: N_("not allowed")}


@dataclass(frozen=True)
class RoundKind:
    """What a kind of round is for, and whether (and why) people may pass in it.

    The words are kept in English (``source_label``, ``source_purpose``, ``source_why``, marked
    for the catalogs) and read in the page's language through :attr:`label`, :attr:`purpose`
    and :attr:`why`: the table is made at import, before any page has a language.
    """

    name: str
    source_label: str
    source_purpose: str
    passing: str  # one of ALLOWED, DISCOURAGED, NOT_ALLOWED
    source_why: str  # the reason for the passing rule, in plain words
    #: True when no source sets this passing rule and it is the course's own choice (the
    #: ``why`` then says "(the course's choice)"), so nobody repeats it as SoFA's rule.
    course_choice: bool = False

    @property
    def label(self) -> str:
        """The kind's name, in the page's language ("Check-in round")."""
        return _(self.source_label)

    @property
    def purpose(self) -> str:
        """What the round is for, in the page's language."""
        return _(self.source_purpose)

    @property
    def why(self) -> str:
        """The reason for the passing rule, in the page's language."""
        return _(self.source_why)

    @property
    def passing_label(self) -> str:
        """The passing rule as people read it ("allowed", "not allowed"), in the page's
        language (:attr:`passing` stays the rule's key)."""
        return _(PASSING_LABELS[self.passing])

    @property
    def pass_allowed(self) -> bool:
        """Whether a pass is accepted at all (discouraged passes are accepted, and flagged)."""
        return self.passing != NOT_ALLOWED


ROUND_KINDS: dict[str, RoundKind] = {
    kind.name: kind
    for kind in (
        RoundKind(
            "check-in", N_("Check-in round"),
            N_("Each person says how they are arriving, so the group meets as people first."),
            ALLOWED,
            N_("A check-in invites people in; nobody has to share more than they want to (the "
               "course's choice: SoFA's handbook does not list check-ins in its passing rules)."),
            course_choice=True,
        ),
        RoundKind(
            "clarifying-questions", N_("Clarifying-questions round"),
            N_("Each person asks what they need to understand the proposal; no opinions yet."),
            ALLOWED,
            N_("Having no question is useful information: a short \"no question\" will do."),
        ),
        RoundKind(
            "quick-reactions", N_("Quick-reactions round"),
            N_("Each person says briefly how the proposal sits with them, before the consent "
               "round."),
            DISCOURAGED,
            N_("This round is the group's temperature check: even \"looks good to me\" or "
               "\"same as the last person\" tells the group more than a pass."),
        ),
        RoundKind(
            "consent", N_("Consent round"),
            N_("Each person says \"consent\" or \"objection\" (with one phrase why)."),
            NOT_ALLOWED,
            N_("Passing is not possible in a consent round: the decision needs to hear from "
               "everyone, and in sociocracy there is no abstaining or standing aside. Say "
               "\"consent\" (no objection) or \"objection\"."),
        ),
        RoundKind(
            "nomination", N_("Nomination round"),
            N_("Each person says whom they nominate for the role and why."),
            NOT_ALLOWED,
            N_("Passing is not possible in a nomination round: the group needs everyone's view "
               "of who fits the role and why."),
        ),
        RoundKind(
            "change", N_("Change round"),
            N_("Having heard all nominations, each person says whether they change theirs, and "
               "why."),
            NOT_ALLOWED,
            N_("Passing is not possible in a change round: everyone speaks. If you keep your "
               "nomination, say \"no change\" and whether you have new information; record it "
               "as a spoken turn."),
        ),
        RoundKind(
            "brainstorm", N_("Brainstorm round"),
            N_("Each person offers ideas; no evaluating yet."),
            ALLOWED,
            N_("If nothing comes to mind yet, pass: ideas often come later in the round."),
        ),
        RoundKind(
            "evaluation", N_("Evaluation round"),
            N_("Each person says what worked in the meeting and what could be better."),
            ALLOWED,
            N_("Evaluation is an invitation; passing is fine (the course's choice: SoFA's "
               "handbook does not list evaluation rounds in its passing rules)."),
            course_choice=True,
        ),
    )
}

#: The names of the kinds of round, in the order a meeting usually meets them.
KINDS: tuple[str, ...] = tuple(ROUND_KINDS)


class Turn(NamedTuple):
    """One person's turn in a round: who, what was noted, how long it took, and whether they passed.

    A named tuple, so ``who, note, seconds, passed = turn`` works as well as ``turn.note``.
    ``seconds`` is ``None`` when nobody timed the turn.
    """

    who: str
    note: str = ""
    seconds: float | None = None
    passed: bool = False

    @property
    def discouraged(self) -> bool:
        """Whether this turn is a pass the group should notice (see :class:`DiscouragedPass`)."""
        return False


class DiscouragedPass(Turn):
    """A pass in a quick-reactions round: a :class:`Turn` whose ``discouraged`` is ``True``.

    It still unpacks and compares like any turn (``who, note, seconds, passed``).
    """

    @property
    def discouraged(self) -> bool:
        return True


def _clean_names(participants: Iterable[str]) -> tuple[str, ...]:
    names = clean_names(participants, "participant")
    if not names:
        raise RoundRuleError(_("A round needs at least one participant."))
    return tuple(names)


def _check_seconds(seconds: float | None) -> float | None:
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise RoundRuleError(_("A turn's length should be a number of seconds, not {value}.")
                             .format(value=repr(seconds)))
    if not math.isfinite(seconds) or seconds < 0:
        raise RoundRuleError(_("A turn cannot last {seconds} seconds; give 0 or more seconds.")
                             .format(seconds=seconds))
    return float(seconds)


class Round:
    """A round as a state machine: whose turn it is, what each person said, and the passing rule.

    ``Round(kind, participants, first=None, *, prompt="", last=None)``

    * ``kind``: one of :data:`KINDS` (``"check-in"``, ``"consent"``, ...).
    * ``participants``: names in their seating order (the order the round goes round).
    * ``first``: who starts (default: the first participant, or the second if the first is the
      one who speaks last); the round goes on from there and wraps around.
    * ``last``: a person who speaks last whatever the start, as the nominee does in the consent
      round of a selection ([MVOS]). ``nominee=`` is accepted as another name for it.
    * ``prompt``: the question the facilitator asks (kept for the minutes).
    """

    def __init__(
        self,
        kind: str,
        participants: Sequence[str],
        first: str | None = None,
        *,
        prompt: str = "",
        last: str | None = None,
        nominee: str | None = None,
    ) -> None:
        if kind not in ROUND_KINDS:
            raise RoundRuleError(
                _("\"{kind}\" is not a kind of round the course knows; choose one of: {kinds}.")
                .format(kind=kind, kinds=", ".join(KINDS)))
        self.kind = kind
        self.prompt = prompt
        self.participants = _clean_names(participants)
        if last is not None and nominee is not None and last != nominee:
            raise RoundRuleError(
                _("Only one person can speak last: \"{last}\" or the nominee \"{nominee}\".")
                .format(last=last, nominee=nominee))
        last = last if last is not None else nominee
        self.last = self._member(last, "last") if last is not None else None
        self._turns: list[Turn] = []
        self._seat(first)

    def _seat(self, first: str | None) -> None:
        """Who starts, and from there the speaking order (:attr:`order`)."""
        if first is not None:
            chosen = self._member(first, "first")
        else:  # the first in the seating order, unless that is the person who speaks last
            others = [name for name in self.participants if name != self.last]
            chosen = others[0] if others else self.participants[0]
        if self.last is not None and self.last == chosen and len(self.participants) > 1:
            raise RoundRuleError(
                _("\"{name}\" cannot both start and speak last; start with someone else.")
                .format(name=chosen))
        self.first = chosen
        start = self.participants.index(self.first)
        order = list(self.participants[start:] + self.participants[:start])
        if self.last is not None:
            order.remove(self.last)
            order.append(self.last)
        self.order: tuple[str, ...] = tuple(order)

    @property
    def can_reseat(self) -> bool:
        """Whether the seating order and the first speaker may still change (nobody spoke)."""
        return not self._turns

    def reseat(self, participants: Sequence[str] | None = None,
               first: str | None = None) -> None:
        """Change the seating order (the same people, in the order they sit) and who starts,
        before anyone has spoken: the round then goes round from ``first`` (default: the first
        in the new order). The person who speaks last stays last. Raises
        :class:`RoundRuleError` once a turn was taken, or when the people differ; the round is
        unchanged then. Orders are made by :mod:`sociocracy.seating`."""
        if self._turns:
            raise RoundRuleError(
                _("The seating order can change only before the first turn ({taken} taken): "
                  "undo every turn first.").format(taken=len(self._turns)))
        seating = self.participants if participants is None else _clean_names(participants)
        if sorted(seating) != sorted(self.participants):
            missing = [n for n in self.participants if n not in seating]
            extra = [n for n in seating if n not in self.participants]
            problem = _("The seating order must hold the same people as the round.")
            if missing and extra:
                problem = _("The seating order must hold the same people as the round; missing: "
                            "{missing}; not in the round: {extra}.")
            elif missing:
                problem = _("The seating order must hold the same people as the round; missing: "
                            "{missing}.")
            elif extra:
                problem = _("The seating order must hold the same people as the round; not in "
                            "the round: {extra}.")
            raise RoundRuleError(problem.format(missing=", ".join(missing),
                                                extra=", ".join(extra)))
        before = self.participants, self.first, self.order
        self.participants = seating
        try:
            self._seat(first)
        except RoundRuleError:
            self.participants, self.first, self.order = before
            raise

    def _member(self, name: str, role: str) -> str:
        """``name`` as one of the participants, or the refusal for ``role`` ("first", "last")."""
        cleaned = name.strip() if isinstance(name, str) else name
        if cleaned not in self.participants:
            problem = (_("\"{name}\" cannot start: they are not among the participants "
                         "({participants}).") if role == "first" else
                       _("\"{name}\" cannot speak last: they are not among the participants "
                         "({participants})."))
            raise RoundRuleError(problem.format(name=name,
                                                participants=", ".join(self.participants)))
        return cleaned

    # ----------------------------------------------------------------- state
    @property
    def rule(self) -> RoundKind:
        """The kind of round: its label, purpose and passing rule."""
        return ROUND_KINDS[self.kind]

    @property
    def turns(self) -> tuple[Turn, ...]:
        """Turns taken so far, in speaking order."""
        return tuple(self._turns)

    @property
    def is_complete(self) -> bool:
        """Whether everyone has had their turn."""
        return len(self._turns) == len(self.order)

    @property
    def current(self) -> str | None:
        """Whose turn it is (``None`` once the round is complete)."""
        return None if self.is_complete else self.order[len(self._turns)]

    @property
    def next(self) -> str | None:
        """Same as :attr:`next_speaker`."""
        return self.next_speaker

    @property
    def next_speaker(self) -> str | None:
        """Who speaks after the current person (``None`` if the current person is the last)."""
        index = len(self._turns) + 1
        return self.order[index] if index < len(self.order) else None

    @property
    def remaining(self) -> tuple[str, ...]:
        """Everyone still to speak, the current person first."""
        return self.order[len(self._turns):]

    @property
    def can_pass(self) -> bool:
        """Whether the current person may pass now (``False`` when nobody is left to pass)."""
        return not self.is_complete and self.rule.pass_allowed

    @property
    def pass_blocked_reason(self) -> str:
        """Why passing is not possible right now ("" when it is)."""
        if self.is_complete:
            return self._complete_message()
        return "" if self.rule.pass_allowed else self.rule.why

    def discouraged_passes(self) -> tuple[Turn, ...]:
        """Passes the group should notice: every pass in a quick-reactions round."""
        return tuple(turn for turn in self._turns if turn.discouraged)

    # ----------------------------------------------------------------- moves
    def speak(self, note: str = "", seconds: float | None = None) -> Turn:
        """The current person has spoken; record the note (and the time, if measured)."""
        who = self._who_now()
        turn = Turn(who=who, note=str(note), seconds=_check_seconds(seconds), passed=False)
        self._turns.append(turn)
        return turn

    def pass_turn(self, seconds: float | None = None) -> Turn:
        """The current person passes.

        Raises :class:`RoundRuleError` in consent, nomination and change rounds (in a change
        round "no change" is spoken: ``speak("no change")``). In a quick-reactions
        round the pass is recorded, listed by :meth:`discouraged_passes` and flagged with a
        :class:`DiscouragedPassWarning`, so the facilitator can invite a short reaction instead.
        """
        who = self._who_now(passing=True)
        if not self.rule.pass_allowed:
            raise RoundRuleError(_("{name} cannot pass. {why}").format(name=who,
                                                                        why=self.rule.why))
        flagged = self.rule.passing == DISCOURAGED
        turn = (DiscouragedPass if flagged else Turn)(
            who=who, note="", seconds=_check_seconds(seconds), passed=True)
        self._turns.append(turn)
        if flagged:
            warnings.warn(DiscouragedPassWarning(_("{name} passed. {why}").format(
                name=who, why=self.rule.why)), stacklevel=2)
        return turn

    def undo(self) -> Turn:
        """Take the last turn back (a mis-click); that person has the turn again."""
        if not self._turns:
            raise RoundRuleError(
                _("Nothing to undo: nobody has spoken yet in this round. {name} speaks first.")
                .format(name=self.order[0]))
        return self._turns.pop()

    def _who_now(self, *, passing: bool = False) -> str:
        if self.is_complete:
            problem = _("Nobody can pass now.") if passing else _("Nobody can speak now.")
            raise RoundRuleError(f"{problem} {self._complete_message()}")
        return self.order[len(self._turns)]

    def _complete_message(self) -> str:
        return _("The round is complete: everyone has had their turn. Start a new round, or "
                 "undo the last turn to change it.")

    # ----------------------------------------------------------------- records
    def airtime(self) -> dict[str, float]:
        """Seconds each person spoke (untimed turns count as 0), in speaking order."""
        totals = dict.fromkeys(self.order, 0.0)
        for turn in self._turns:
            totals[turn.who] += turn.seconds or 0.0
        return totals

    def to_dict(self) -> dict[str, Any]:
        """Plain data (for JSON/YAML); :meth:`from_dict` rebuilds the round, turns included."""
        return {
            "kind": self.kind, "prompt": self.prompt, "participants": list(self.participants),
            "first": self.first, "last": self.last,
            "turns": [turn._asdict() for turn in self._turns],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Round:
        """Rebuild a round from :meth:`to_dict` data, replaying its turns through the rules."""
        made = cls(data["kind"], data["participants"], data.get("first"),
                   prompt=data.get("prompt", ""), last=data.get("last"))
        for raw in data.get("turns", []):
            if made.current != raw["who"]:
                raise RoundRuleError(
                    _("The saved turns are out of order: it was {expected}'s turn, not "
                      "{found}'s.").format(expected=made.current, found=raw["who"]))
            if raw.get("passed"):
                with warnings.catch_warnings():  # already flagged when it happened
                    warnings.simplefilter("ignore", DiscouragedPassWarning)
                    made.pass_turn(raw.get("seconds"))
            else:
                made.speak(raw.get("note", ""), raw.get("seconds"))
        return made

    def __repr__(self) -> str:
        return (f"Round({self.kind!r}, {list(self.participants)!r}, first={self.first!r}; "
                f"{len(self._turns)}/{len(self.order)} turns, current={self.current!r})")

