"""Consent: SoFA's consent process as a state machine, plus the range-of-tolerance model.

The process follows [MVOS] "Making a decision: the consent process" (short form on
https://www.sociocracyforall.org/project/consent-process/): present the proposal; a
clarifying-questions round; a quick-reactions round (with amendments); restate; the consent
round; acknowledge; integrate objections and go back to the consent round; publish.

``ConsentProcess.step`` moves through :data:`STEPS`::

    present -> clarifying-questions -> quick-reactions -> consent-round
    consent-round -> decided                 (no objection)
    consent-round -> integrate-objections    (one or more objections)
    integrate-objections -> consent-round    (every objection integrated)
    integrate-objections -> postponed        (a helping circle or more information is needed)
    decided -> published                     (publish(review_date))

``postponed`` is an end: the process stays undecided. MVOS's go-to strategies that integrate an
objection are to modify the proposal, shorten the term, or measure the concern ([MVOS] "Options
for amendments"). A helping circle, or getting more information, does not integrate the objection:
it **postpones** the decision, and the proposal comes back changed (or not at all) in a *new*
consent process, never straight to a consent round on the unchanged text. :class:`Postponement`
records who finds out what, and when the circle comes back to it.

Rounds are :class:`sociocracy.rounds.Round` objects, so their passing rules hold (no passing in
the consent round). Answers in the consent round are binary, as SoFA teaches: see
:mod:`sociocracy.responses`. Objections are integrated with one of :data:`STRATEGIES`
([MVOS] "Options for amendments", "Measure the concern"); nobody judges whether an objection is
valid. A call out of order raises :class:`ProcessError`, whose message says what comes next.

What the sources say and what the model assumes: the steps, the binary answers and the three
strategies are MVOS's. The state machine's strictness (a step must be complete before the next)
is the course's way of teaching the order; real facilitators loop back when a round shows that
the proposal is not understood yet.

The range-of-tolerance functions (:func:`decide`, :func:`compare_methods`) live in
:mod:`sociocracy.tolerance` and are re-exported here, lazily (PEP 562): a consent process, and the
apps that run one, do not import numpy.
"""

from __future__ import annotations

import calendar
import datetime as dt
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sociocracy.core.errors import ProcessError
from sociocracy.core.language import N_, _, pgettext
from sociocracy.core.names import clean_names
from sociocracy.responses import answer_key, normalise_response, refusal_message
from sociocracy.round_minutes import shown_date
from sociocracy.rounds import DiscouragedPassWarning, Round, RoundRuleError
from sociocracy.stepped_process import SteppedProcess

if TYPE_CHECKING:
    from sociocracy.tolerance import (
        EXAMPLE_MEMBERS,
        EXAMPLE_TOPIC,
        METHODS,
        Member,
        MethodComparison,
        MethodStats,
        Outcome,
        compare_methods,
        decide,
    )

__all__ = [
    "EXAMPLE_MEMBERS",
    "EXAMPLE_TOPIC",
    "METHODS",
    "POSTPONING",
    "PROMPTS",
    "STEPS",
    "STRATEGIES",
    "ConsentProcess",
    "Decision",
    "HelpingCircle",
    "Integration",
    "Measure",
    "Member",
    "MethodComparison",
    "MethodStats",
    "Objection",
    "Outcome",
    "Postponement",
    "ProcessError",
    "Response",
    "add_months",
    "compare_methods",
    "decide",
]

#: Names re-exported from :mod:`sociocracy.tolerance`, imported on first use (it imports numpy).
_TOLERANCE = ("EXAMPLE_MEMBERS", "EXAMPLE_TOPIC", "METHODS", "Member", "MethodComparison",
              "MethodStats", "Outcome", "compare_methods", "decide")


def __getattr__(name: str) -> Any:
    if name in _TOLERANCE:
        from sociocracy import tolerance

        value = getattr(tolerance, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


STEPS: tuple[str, ...] = ("present", "clarifying-questions", "quick-reactions", "consent-round",
                          "integrate-objections", "postponed", "decided", "published")

#: MVOS's go-to strategies that integrate an objection, and the details each one needs.
STRATEGIES: dict[str, tuple[str, ...]] = {
    "amend": ("text",),                  # the amended proposal
    "shorten-term": ("months",),         # a shorter term: "safe enough to try for 3 months?"
    "measure": ("measure", "alarm"),     # what to measure, and the alarm threshold for review
}

#: Moves that postpone the decision instead of integrating the objection, and their details:
#: who finds out (a helping circle), what, and when the circle comes back to the question.
POSTPONING: dict[str, tuple[str, ...]] = {
    "helping-circle": ("members", "task", "come_back"),
    "more-information": ("task", "come_back"),
}

#: What a step refuses, as whole sentences (``{step}``: :func:`step_name`), by the name the
#: process's methods give it.
_REFUSALS: dict[str, str] = {
    "Taking a turn in a round": N_("Taking a turn in a round is not possible during the {step} "
                                  "step."),
    "Advancing": N_("Advancing is not possible during the {step} step."),
    "Answering in a consent round": N_("Answering in a consent round is not possible during the "
                                       "{step} step."),
    "Taking back an answer": N_("Taking back an answer is not possible during the {step} step."),
    "Integrating an objection": N_("Integrating an objection is not possible during the {step} "
                                   "step."),
    "Postponing the decision": N_("Postponing the decision is not possible during the {step} "
                                  "step."),
    "Publishing": N_("Publishing is not possible during the {step} step."),
}


def step_name(step: str) -> str:
    """A step of :data:`STEPS` as it reads inside a sentence ("consent-round" in English), in
    the page's language."""
    names = {
        "present": pgettext("consent step", "present"),
        "clarifying-questions": pgettext("consent step", "clarifying-questions"),
        "quick-reactions": pgettext("consent step", "quick-reactions"),
        "consent-round": pgettext("consent step", "consent-round"),
        "integrate-objections": pgettext("consent step", "integrate-objections"),
        "postponed": pgettext("consent step", "postponed"),
        "decided": pgettext("consent step", "decided"),
        "published": pgettext("consent step", "published"),
    }
    return names.get(step, step)


#: Other names accepted for the details of a strategy (people write "threshold" for the alarm).
_DETAIL_ALIASES: dict[str, str] = {
    "proposal": "text", "new_text": "text", "amendment": "text",
    "term_months": "months", "term": "months", "new_term": "months",
    "metric": "measure", "threshold": "alarm", "alarm_threshold": "alarm",
    "mandate": "task", "aim": "task", "purpose": "task",
    "back_on": "come_back", "report_by": "come_back", "date": "come_back",
}

#: What the facilitator might say at each step (our paraphrase of MVOS's intentions per step),
#: in English: :attr:`ConsentProcess.prompt` gives it in the page's language.
PROMPTS: dict[str, str] = {
    "present": N_("Read the proposal aloud, as written. \"Our aim now is that everyone understands "
               "the proposal as it is written; we will hear opinions later.\""),
    "clarifying-questions": N_("\"What do you need to know to understand this proposal? Questions "
                            "only, please; opinions come in the next round.\" Passing is fine: "
                            "\"I have no question.\""),
    "quick-reactions": N_("\"How do you feel about the proposal? A few sentences each: feelings, "
                       "small improvements, or a heads-up if you may object.\" Passing is "
                       "discouraged: this round is the group's temperature check."),
    "consent-round": N_("Restate the proposal as amended. \"We are deciding now. Do you have an "
                     "objection? Say 'consent' or 'objection' and one phrase why.\" Nobody "
                     "passes, abstains or stands aside."),
    "integrate-objections": N_("Thank each objector: an objection is information. \"What might "
                            "happen? How would we know?\" The circle owns the objection; then "
                            "amend the proposal, shorten its term, or measure the concern. If the "
                            "circle needs a helping circle or more information, the decision is "
                            "postponed."),
    "postponed": N_("\"We cannot decide this today.\" Name who finds out what, and when the circle "
                 "comes back to it; the changed proposal then starts a new consent process."),
    "decided": N_("\"We have consent.\" Acknowledge it, and agree on the review date."),
    "published": N_("Record the decision in the logbook and share it: an unpublished decision "
                 "does not take effect."),
}


@dataclass(frozen=True)
class Response:
    """One member's answer in one consent round."""

    member: str
    response: str           # "consent" or "objection"
    reason: str | None
    consent_round: int


@dataclass(frozen=True)
class Measure:
    """A measurement adopted with a decision, and the alarm that triggers an early review."""

    measure: str
    alarm: str


@dataclass(frozen=True)
class HelpingCircle:
    """A temporary circle with a limited mandate ([MVOS] "Helping circles")."""

    members: tuple[str, ...]
    task: str


@dataclass(frozen=True)
class Postponement:
    """Why and until when a decision is postponed: the process ends undecided.

    ``how`` is ``"helping-circle"`` or ``"more-information"``; ``proposal`` is the text as it
    stood, which does not go to a consent round again as it is: the circle starts a new
    :class:`ConsentProcess` with the proposal the helping circle brings back (or drops it, by
    consent).
    """

    how: str
    objection: str              # the member whose objection led to it
    task: str
    come_back: dt.date
    proposal: str
    helping_circle: HelpingCircle | None = None

    def sentence(self) -> str:
        """Who finds out what, and when the circle comes back to it, in the page's language
        (the task is the facilitator's words, as typed)."""
        if self.helping_circle:
            text = _("A helping circle ({members}) will {task}; the circle comes back to it on "
                     "{date} with a changed proposal (or drops it).")
        else:
            text = _("The circle will {task}; the circle comes back to it on {date} with a "
                     "changed proposal (or drops it).")
        members = ", ".join(self.helping_circle.members) if self.helping_circle else ""
        return text.format(members=members, task=self.task, date=shown_date(self.come_back))


@dataclass(frozen=True)
class Integration:
    """How an objection was integrated: a strategy, its details, and a sentence for the record."""

    strategy: str
    details: dict[str, Any]
    summary: str


@dataclass
class Objection:
    """An objection raised in a consent round; it stays on record with how it was integrated."""

    member: str
    reason: str
    consent_round: int
    integrations: list[Integration] = field(default_factory=list)

    @property
    def integrated(self) -> bool:
        return bool(self.integrations)


@dataclass
class Decision:
    """A consented proposal with its term; published once it has a review date."""

    proposal: str
    term_months: int
    consented_by: tuple[str, ...]
    consent_rounds: int
    measures: tuple[Measure, ...] = ()
    decided_on: dt.date | None = None
    review_date: dt.date | None = None

    @property
    def published(self) -> bool:
        return self.review_date is not None

    @property
    def term_ends(self) -> dt.date | None:
        return None if self.decided_on is None else add_months(self.decided_on, self.term_months)


def _whole_months(value: Any) -> int:
    """A term in whole months from 3, 3.0 or "3 months"."""
    text = str(value).strip().lower().removesuffix("months").removesuffix("month").strip()
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if isinstance(value, bool) or number < 1 or number != int(number):
        raise ProcessError(_("A term is a whole number of months, at least 1 (not {value}).")
                           .format(value=repr(value)))
    return int(number)


def _as_date(value: Any, what: str) -> dt.date | None:
    """A date from a ``date``, a ``datetime`` or ISO text; None stays None. ``what`` is the
    date's name in the refusal, already in the page's language."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ProcessError(_("The {what} should be a date like 2027-02-25, not {value}.")
                           .format(what=what, value=repr(value))) from None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


class ConsentProcess(SteppedProcess[Objection, Response]):
    """SoFA's consent process for one proposal in one circle, as a state machine.

    ``members`` are the circle's members in seating order; every round starts with ``first``
    (default: the first member). ``term_months`` is the proposal's term until it is integrated
    otherwise.
    """

    def __init__(self, proposal: str, members: Sequence[str], *, term_months: int = 12,
                 first: str | None = None, circle: str = "") -> None:
        names = clean_names([getattr(m, "name", m) for m in members], "member")
        if not proposal or not proposal.strip():
            raise ProcessError(_("Write the proposal first: a consent process needs something "
                                 "to consent to."))
        if len(names) < 2:
            raise ProcessError(_("A consent process needs at least two named members."))
        if first is not None and first not in names:
            raise ProcessError(_("{name} is not a member of this circle.").format(name=first))
        if term_months < 1:
            raise ProcessError(_("A term is at least one month."))
        self.original_proposal = proposal.strip()
        self.proposal = self.original_proposal
        self.members: tuple[str, ...] = tuple(names)
        self.first = first
        self.circle = circle
        self.term_months = term_months
        self.original_term = term_months
        self.step = "present"
        self.rounds: list[tuple[str, Round]] = []          # (step, round), in order
        self.amendments: list[tuple[str, str]] = []       # (old text, new text)
        self.objections: list[Objection] = []
        self.responses: list[Response] = []               # every answer in every consent round
        self.measures: list[Measure] = []
        self.helping_circles: list[HelpingCircle] = []
        self.postponement: Postponement | None = None
        self.consent_rounds = 0
        self.decision: Decision | None = None
        self._waiting: dict[str, str] = {}  # answers given out of turn, until their turn comes
        self.log: list[tuple[str, dict[str, Any]]] = []  # the calls made through apply()

    # --- saving and rebuilding (the workshop record keeps setup() and the log) -------------

    def setup(self) -> dict[str, Any]:
        """What :meth:`replay` needs to start again (JSON data): the proposal as first given,
        the members, the term, who starts, the circle."""
        return {"proposal": self.original_proposal, "members": list(self.members),
                "term_months": self.original_term,
                "first": self.first, "circle": self.circle}

    @classmethod
    def from_setup(cls, setup: Mapping[str, Any]) -> ConsentProcess:
        """A new process from :meth:`setup`'s data (:meth:`replay` then runs the log)."""
        return cls(setup["proposal"], setup["members"], term_months=setup["term_months"],
                   first=setup.get("first"), circle=setup.get("circle", ""))

    #: The calls :meth:`apply` accepts: the process's own steps, and the turns of its
    #: clarifying-questions and quick-reactions rounds (``speak``, ``pass_turn``, ``undo_turn``).
    ACTIONS = ("advance", "amend", "respond", "undo_response", "integrate", "publish",
               "speak", "pass_turn", "undo_turn")

    def apply(self, method: str, arguments: Mapping[str, Any] | None = None) -> Any:
        """Run one step by name with JSON arguments, and add it to :attr:`log` if it succeeds.

        Apps call this (not the methods) so that the log is exactly what happened: replaying it
        gives the same process. Dates are ISO text; an objection is its member's name or its
        index among the open ones.
        """
        if method not in self.ACTIONS:
            raise ProcessError(_("'{method}' is not a step of a consent process; the steps "
                                 "are: {steps}.").format(method=method,
                                                         steps=", ".join(self.ACTIONS)))
        arguments = dict(arguments or {})
        recorded = dict(arguments)
        result: Any
        if method in ("speak", "pass_turn", "undo_turn"):
            rnd = self.round
            if rnd is None or self.step == "consent-round":
                raise self._refuse("Taking a turn in a round")
            if method == "pass_turn":
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DiscouragedPassWarning)
                    result = rnd.pass_turn(**arguments)
            else:
                result = getattr(rnd, "undo" if method == "undo_turn" else "speak")(**arguments)
        elif method == "integrate":
            result = self.integrate(arguments.pop("objection"), arguments.pop("strategy"),
                                    **arguments)
        else:
            result = getattr(self, method)(**arguments)
        self.log.append((method, recorded))
        return result

    # --- reading the state ---------------------------------------------------------------

    @property
    def prompt(self) -> str:
        """What the facilitator might say now, in the page's language."""
        return _(PROMPTS[self.step])

    def _refuse(self, what: str) -> ProcessError:
        """``what`` (one of :data:`_REFUSALS`' keys) is not possible at this step: the whole
        sentence in the page's language, then what comes next."""
        sentence = _REFUSALS.get(what)
        if sentence is None:  # pragma: no cover - every caller names one of them
            return super()._refuse(what)
        return self._error(_(sentence).format(step=step_name(self.step)))

    def _next(self) -> tuple[str, str | None]:
        """What comes next, for people, and the call that does it, for programmers."""
        step, rnd = self.step, self.round
        if step == "present":
            return (_("Next: present the proposal, then move on to the clarifying-questions "
                      "round."), "advance()")
        if step in ("clarifying-questions", "quick-reactions"):
            assert rnd is not None
            if not rnd.is_complete:
                finish = (_("Next: finish the clarifying questions round; it is {name}'s turn.")
                          if step == "clarifying-questions" else
                          _("Next: finish the quick reactions round; it is {name}'s turn."))
                return (finish.format(name=rnd.current),
                        "process.round.speak(note) or process.round.pass_turn()")
            if step == "clarifying-questions":
                return (_("The clarifying questions round is complete. Next: the "
                          "quick-reactions round."), "advance()")
            return (_("The quick reactions round is complete. Next: restate the proposal, then "
                      "the consent round."), "advance()")
        if step == "consent-round":
            assert rnd is not None
            if not rnd.is_complete:
                return (_("Next: {name} answers in the consent round: consent, or an "
                          "objection with a reason.").format(name=rnd.current),
                        "respond(member, 'consent') or respond(member, 'objection', reason)")
            if any(r.response == "objection" for r in self.current_responses):
                return (_("The consent round is complete. Next: acknowledge the objections, "
                          "then integrate them."), "advance()")
            return (_("The consent round is complete with no objection. Next: acknowledge the "
                      "consent."), "advance()")
        if step == "integrate-objections":
            waiting = ", ".join(o.member for o in self.open_objections)
            if waiting:
                return (_("Next: integrate the objection of {names}: amend the proposal, "
                          "shorten its term, or measure the concern; or postpone the decision "
                          "(a helping circle, more information).").format(names=waiting),
                        "integrate(objection, strategy, **details)")
            return _("Every objection is integrated. Next: a new consent round."), "advance()"
        if step == "postponed":
            assert self.postponement is not None
            return (_("The decision is postponed. {postponement} This process ends here, "
                      "undecided: start a new consent process with the changed proposal.")
                    .format(postponement=self.postponement.sentence()), None)
        if step == "decided":
            return (_("We have consent. Next: publish the decision with its review date."),
                    "publish(review_date)")
        return _("The decision is published; the process is finished."), None

    # --- moving on -----------------------------------------------------------------------

    def _start_round(self, step: str, kind: str) -> None:
        self.rounds.append((step, Round(kind, list(self.members), first=self.first)))
        self.step = step

    def advance(self) -> str:
        """Move to the next step when the current one is complete; returns the new step."""
        if self.step == "present":
            self._start_round("clarifying-questions", "clarifying-questions")
        elif self.step in ("clarifying-questions", "quick-reactions"):
            rnd = self.round
            assert rnd is not None
            if not rnd.is_complete:
                raise self._error(
                    _("The clarifying questions round is not complete yet.")
                    if self.step == "clarifying-questions" else
                    _("The quick reactions round is not complete yet."))
            if self.step == "clarifying-questions":
                self._start_round("quick-reactions", "quick-reactions")
            else:
                self._start_consent_round()
        elif self.step == "consent-round":
            rnd = self.round
            assert rnd is not None
            if not rnd.is_complete:
                raise self._error(_("The consent round is not complete yet: {name} has not "
                                    "answered.").format(name=rnd.current))
            self.step = "decided" if self.decision is not None else "integrate-objections"
        elif self.step == "integrate-objections":
            if self.open_objections:
                raise self._error(_("Not every objection is integrated yet."))
            self._start_consent_round()
        else:
            raise self._refuse("Advancing")
        return self.step

    def _start_consent_round(self) -> None:
        self.consent_rounds += 1
        self._waiting = {}
        self._start_round("consent-round", "consent")

    def amend(self, text: str) -> None:
        """Change the proposal's wording during quick reactions (friendly amendments)."""
        if self.step != "quick-reactions":
            raise self._error(_("Amendments are made during the quick-reactions step; after "
                                "an objection, amend the proposal to integrate it."))
        text = (text or "").strip()
        if not text:
            raise ProcessError(_("An amended proposal cannot be empty."))
        if text != self.proposal:
            self.amendments.append((self.proposal, text))
            self.proposal = text

    def respond(self, member: str, response: str, reason: str | None = None) -> Response:
        """``member`` answers in the consent round: ``"consent"`` or ``"objection"`` (+ reason).

        The round goes in seating order. An answer given out of turn (a note taken late, a
        member who must leave early) is kept and enters the round when that member's turn comes,
        so the round stays a :class:`Round` with its rules; nobody answers twice.
        """
        if self.step != "consent-round":
            raise self._refuse("Answering in a consent round")
        rnd = self.round
        assert rnd is not None
        if member not in self.members:
            raise ProcessError(_("{name} is not a member of this circle; only members "
                                 "consent.").format(name=member))
        if rnd.is_complete:
            raise self._error(_("Everyone has answered in this consent round."))
        if member in {r.member for r in self.current_responses}:
            raise ProcessError(_("{name} has already answered in this consent round; it is "
                                 "{current}'s turn.").format(name=member, current=rnd.current))
        kind = normalise_response(response or "")
        if kind is None:
            if answer_key(response or "") == "pass" and member == rnd.current:
                try:  # the round itself enforces "no passing in a consent round"
                    rnd.pass_turn()
                except RoundRuleError as exc:
                    raise ProcessError(f"{refusal_message('pass')} ({exc})") from exc
                rnd.undo()  # pragma: no cover - only if the round rules ever changed
            raise ProcessError(refusal_message(response or ""))
        reason = (reason or "").strip() or None
        if kind == "objection" and reason is None:
            raise ProcessError(_("An objection needs a reason, even one phrase: it is "
                                 "information the circle needs to integrate it."))
        answer = Response(member, kind, reason, self.consent_rounds)
        self.responses.append(answer)
        if kind == "objection":
            self.objections.append(Objection(member, reason or "", self.consent_rounds))
        said = (pgettext("answer", "consent") if kind == "consent"
                else pgettext("answer", "objection"))
        self._waiting[member] = said if reason is None else f"{said}: {reason}"
        while rnd.current in self._waiting:
            rnd.speak(note=self._waiting.pop(rnd.current))
        if rnd.is_complete and not any(r.response == "objection"
                                       for r in self.current_responses):
            self.decision = Decision(
                proposal=self.proposal, term_months=self.term_months,
                consented_by=tuple(r.member for r in self.current_responses),
                consent_rounds=self.consent_rounds, measures=tuple(self.measures))
        return answer

    def undo_response(self) -> Response:
        """Take back the last answer given in the current consent round (a misclick).

        Only while the consent round is the current step: once the result is acknowledged the
        round is on record. The member answers again when their turn comes; answers given after
        theirs stay recorded (and enter the round again in seating order). A decision the undone
        answer completed is withdrawn until the round is complete again.
        """
        if self.step != "consent-round":
            raise self._refuse("Taking back an answer")
        answers = self.current_responses
        if not answers:
            raise self._error(_("Nobody has answered in this consent round yet."))
        rnd = self.round
        assert rnd is not None
        last = answers[-1]
        self.responses.remove(last)
        if last.response == "objection":
            for index in range(len(self.objections) - 1, -1, -1):
                candidate = self.objections[index]
                if (candidate.member == last.member
                        and candidate.consent_round == last.consent_round):
                    del self.objections[index]
                    break
        if last.member in self._waiting:  # given out of turn, not yet in the round
            del self._waiting[last.member]
        else:  # take the round back to that member's turn; later answers wait again
            while rnd.turns:
                turn = rnd.undo()
                if turn.who == last.member:
                    break
                self._waiting[turn.who] = turn.note
        self.decision = None
        return last

    def _find_objection(self, objection: Objection | str | int) -> Objection:
        if isinstance(objection, Objection):
            if objection not in self.objections:
                raise ProcessError(_("That objection was not raised in this process."))
            return objection
        if isinstance(objection, int):
            try:
                return self.open_objections[objection]
            except IndexError:
                raise ProcessError(_("There is no open objection number {number}.")
                                   .format(number=objection)) from None
        for candidate in self.open_objections:
            if candidate.member == objection:
                return candidate
        raise ProcessError(_("{name} has no open objection to integrate.")
                           .format(name=objection))

    def integrate(self, objection: Objection | str | int, strategy: str,
                  **details: Any) -> Integration | Postponement:
        """Integrate an objection (the object, its member's name, or its index among open ones).

        Strategies and their details: ``"amend"`` (``text``), ``"shorten-term"`` (``months``),
        ``"measure"`` (``measure``, ``alarm``). ``"helping-circle"`` (``members``, ``task``,
        ``come_back``) and ``"more-information"`` (``task``, ``come_back``) do not integrate the
        objection: they postpone the decision (see :meth:`postpone`) and return a
        :class:`Postponement`.
        """
        if self.step != "integrate-objections":
            raise self._refuse("Integrating an objection")
        target = self._find_objection(objection)
        if strategy in POSTPONING:
            return self.postpone(target, strategy, **details)
        if strategy not in STRATEGIES:
            raise ProcessError(_("Unknown strategy '{strategy}'; choose one of {choices}.")
                               .format(strategy=strategy,
                                       choices=", ".join((*STRATEGIES, *POSTPONING))))
        details = self._checked_details(strategy, STRATEGIES[strategy], details)
        summary = getattr(self, f"_integrate_{strategy.replace('-', '_')}")(**details)
        integration = Integration(strategy, dict(details), summary)
        target.integrations.append(integration)
        return integration

    def postpone(self, objection: Objection | str | int, how: str = "helping-circle",
                 **details: Any) -> Postponement:
        """Postpone the decision: a helping circle or more information is needed first.

        The process moves to ``"postponed"`` and stays undecided; no consent round follows on
        the unchanged proposal. ``come_back`` is the date the circle returns to the question
        (a ``date`` or ISO text), with a changed proposal in a new :class:`ConsentProcess`.
        """
        if self.step != "integrate-objections":
            raise self._refuse("Postponing the decision")
        target = self._find_objection(objection)
        if how not in POSTPONING:
            raise ProcessError(_("Unknown way to postpone '{how}'; choose one of {choices}.")
                               .format(how=how, choices=", ".join(POSTPONING)))
        details = self._checked_details(how, POSTPONING[how], details)
        come_back = _as_date(details["come_back"], _("date to come back"))
        assert come_back is not None
        task = str(details["task"]).strip()
        circle = None
        if how == "helping-circle":
            members = details["members"]
            names = (members,) if isinstance(members, str) else tuple(members)
            names = tuple(n.strip() for n in names if n and n.strip())
            if not names:
                raise ProcessError(_("A helping circle needs at least one member."))
            circle = HelpingCircle(names, task)
            self.helping_circles.append(circle)
        self.postponement = Postponement(how, target.member, task, come_back, self.proposal,
                                         circle)
        self.step = "postponed"
        return self.postponement

    def _checked_details(self, strategy: str, needed: tuple[str, ...],
                         details: dict[str, Any]) -> dict[str, Any]:
        details = {_DETAIL_ALIASES.get(key, key): value for key, value in details.items()}
        unknown = sorted(set(details) - set(needed))
        missing = [k for k in needed if details.get(k) in (None, "", (), [])]
        if unknown or missing:
            text = _("The strategy '{strategy}' needs {needed}.")
            if missing and unknown:
                text = _("The strategy '{strategy}' needs {needed}; missing: {missing}; not "
                         "used: {unknown}.")
            elif missing:
                text = _("The strategy '{strategy}' needs {needed}; missing: {missing}.")
            elif unknown:
                text = _("The strategy '{strategy}' needs {needed}; not used: {unknown}.")
            raise ProcessError(text.format(strategy=strategy, needed=", ".join(needed),
                                           missing=", ".join(missing),
                                           unknown=", ".join(unknown)))
        return details

    def _integrate_amend(self, text: str) -> str:
        text = str(text).strip()
        if text == self.proposal:
            raise ProcessError(_("The amended proposal is the same as before; change it, or "
                                 "choose another strategy."))
        self.amendments.append((self.proposal, text))
        self.proposal = text
        return _("amended the proposal")

    def _integrate_shorten_term(self, months: int | float | str) -> str:
        months = _whole_months(months)
        if months >= self.term_months:
            raise ProcessError(_("The term is {months} months already; a shorter term is "
                                 "fewer months than that.").format(months=self.term_months))
        old, self.term_months = self.term_months, months
        return _("shortened the term from {old} to {months} months").format(old=old,
                                                                             months=months)

    def _integrate_measure(self, measure: str, alarm: str) -> str:
        item = Measure(str(measure).strip(), str(alarm).strip())
        self.measures.append(item)
        return _("adopted a measure ({measure}) with an alarm ({alarm})").format(
            measure=item.measure, alarm=item.alarm)

    def publish(self, review_date: dt.date | str | None = None, *,
                decided_on: dt.date | str | None = None) -> Decision:
        """Record the decision with its term and review date (default: the end of the term).

        Dates may be ``datetime.date`` objects or ISO text ("2027-02-25"). The review date must
        come after the decision and fall within its term ([MVOS]: a decision is reviewed before
        its term ends, so it never runs on unexamined); a later date is refused with the reason.
        """
        if self.step != "decided" or self.decision is None:
            raise self._refuse("Publishing")
        decided_on = _as_date(decided_on, _("decision date")) or dt.date.today()
        ends = add_months(decided_on, self.decision.term_months)
        review_date = _as_date(review_date, _("review date")) or ends
        if review_date <= decided_on:
            raise ProcessError(_("The review date ({review}) must fall after the decision "
                                 "({decided}); by default it is the end of the term ({ends}).")
                               .format(review=shown_date(review_date),
                                       decided=shown_date(decided_on), ends=shown_date(ends)))
        if review_date > ends:
            raise ProcessError(_("The review date ({review}) falls after the end of the term "
                                 "({ends}): a decision is reviewed within its term, so that it "
                                 "never runs on unexamined. Choose {ends} or an earlier date, or "
                                 "integrate a longer term before consenting.")
                               .format(review=shown_date(review_date), ends=shown_date(ends)))
        self.decision.decided_on = decided_on
        self.decision.review_date = review_date
        self.step = "published"
        return self.decision
