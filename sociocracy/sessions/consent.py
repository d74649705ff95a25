"""The consent decision's session: one decision at a time, each step kept before it counts, and
the consent round's answers taken from the phones when the facilitator asks them.

A :class:`ConsentSession` owns the :class:`~sociocracy.consent.ConsentProcess` and its record
(every call made through ``apply`` is a step of the record, written by
:meth:`~sociocracy.sessions.keeper.SessionKeeper.run_step` before it counts; resuming replays
them through the process's rules). Its clarifying-questions and quick-reactions rounds are run by
a :class:`~sociocracy.sessions.rounds.RoundSession` it composes with (``attach`` and
``on_turn``), so each turn is a step of this decision's record, never a round of its own.

The room (:class:`~sociocracy.sessions.room_link.RoomLink`): during the consent round the
facilitator may hand the silent answers to the phones (:meth:`ConsentSession.ask_phones`), follow
how many answered (:meth:`ConsentSession.refresh_room`) and take them back revealed
(:meth:`ConsentSession.reveal_phones`): each member's answer becomes their answer in the consent
round (and so their turn in it), each objection with its reason becomes the process's objection,
ready to integrate. Phones answer for the decision's members: a phone's name must be a member's
name (compared as the course compares names: spaces tidied, capitals ignored); the set-up can
take its members from the room (:meth:`ConsentSession.room_names`). Members without a phone
answer aloud, as before; an answer from a name that is not a member is left out, and said so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sociocracy.consent import ConsentProcess, Integration, Response, add_months
from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.core.names import name_key, parse_names
from sociocracy.logbook import consent_logbook_entry
from sociocracy.round_minutes import shown_date
from sociocracy.rounds import Round

from .audience import Answer, AudienceState
from .base import AppSession
from .keeper import Recorded
from .room_link import RoomLink, RoomProgress, speaker_names
from .rounds import RoundSession, RoundState

__all__ = ["APP", "ASKED_BY", "STEP_LABELS", "ConsentSession", "ConsentState", "ObjectionState",
           "decision_ended", "decision_title", "recorded_process", "step_label"]

#: The name under which the consent app's decisions are kept in the workshop record.
APP = "consent"
#: How the phones name the app that asks them (English, marked for the catalogs: each phone
#: reads it in its own language).
ASKED_BY = N_("Consent decision")
#: Steps of the record that are the room's, not the process's (replay skips them).
PHONES_ASKED = "phones-asked"

#: The steps' names for people (English; :func:`step_label` gives them in the page's language).
STEP_LABELS = {
    "present": N_("Present"), "clarifying-questions": N_("Clarifying questions"),
    "quick-reactions": N_("Quick reactions"), "consent-round": N_("Consent round"),
    "integrate-objections": N_("Integrate objections"), "postponed": N_("Postponed"),
    "decided": N_("Decided"),
    "published": N_("Published"),
}


def step_label(step: str) -> str:
    """A step's name for people ("Consent round"), in the page's language."""
    return _(STEP_LABELS[step])

#: The rounds of the process that are spoken in turn (the consent round takes answers instead).
SPOKEN_ROUNDS = ("clarifying-questions", "quick-reactions")
#: A phone's question is at most this long (the room's limit for a prompt).
PROMPT_LENGTH = 1000


def recorded_process(recorded: Recorded) -> ConsentProcess:
    """The decision as recorded, rebuilt by replaying its steps through the process's rules (the
    room's steps, which say where the phones were asked, are not the process's)."""
    steps = [(method, data) for method, data in recorded.steps if method != PHONES_ASKED]
    return ConsentProcess.replay(recorded.setup["process"], steps)


def _term_sentence(months: int) -> str:
    """"Term: 12 months." in the page's language (English says "months" for one too, as the
    course always did)."""
    return ngettext("Term: {months} months.", "Term: {months} months.", months).format(
        months=months)


def decision_ended(process: ConsentProcess) -> bool:
    """Whether the decision is over: published, or postponed (undecided)."""
    return process.step in ("published", "postponed")


def decision_title(process: ConsentProcess) -> str:
    """"Garden circle: Buy a cargo bike" (the proposal cut to 60 characters)."""
    words = " ".join(process.original_proposal.split())
    short = words if len(words) <= 60 else words[:59].rstrip() + "…"
    return f"{process.circle}: {short}" if process.circle else short


def _name_key(name: str) -> str:
    """How two names are compared: the course's one rule (:func:`~sociocracy.core.names.name_key`:
    capitals, spacing and lookalike letters of other scripts do not count)."""
    return name_key(str(name))


@dataclass(frozen=True)
class ObjectionState:
    """An objection as a view shows it: who, why, in which consent round, and how it was
    integrated so far (``integrations`` empty while it is open)."""

    member: str
    reason: str
    consent_round: int
    integrations: tuple[Integration, ...]

    @property
    def integrated(self) -> bool:
        return bool(self.integrations)


@dataclass(frozen=True)
class ConsentState:
    """What a view of a consent decision shows, at one moment.

    ``step`` is "setup" before a decision starts, else the process's step. ``current``/``next``
    are whose turn it is in the step's round; ``answers`` the current consent round's answers;
    ``open_objections`` those not integrated yet. ``review_default`` is the review date offered
    once decided (the end of the term). The room: ``room_code`` ("" without a room), ``joined``
    (names of the people on phones), ``phones`` ("" when the phones were not asked in this
    consent round, else "asked" or "revealed"), ``answered`` (how many, never what), and
    ``phones_note`` (what the reveal did, e.g. answers left out). ``message`` is the last
    refusal, "" when the last action was done; ``taken_over`` once another screen holds it.
    """

    step: str
    circle: str
    proposal: str
    original_proposal: str
    term_months: int
    members: tuple[str, ...]
    next_step: str
    round_kind: str | None
    current: str | None
    next: str | None
    round_complete: bool
    consent_round: int
    answers: tuple[Response, ...]
    objections: tuple[ObjectionState, ...]
    open_objections: tuple[ObjectionState, ...]
    consented_by: tuple[str, ...]
    decided_on: dt.date | None
    term_ends: dt.date | None
    review_date: dt.date | None
    review_default: dt.date | None
    postponement: str
    room_code: str
    room_title: str
    joined: tuple[str, ...]
    phones: str
    answered: int
    phones_note: str
    message: str
    taken_over: bool

    @property
    def objections_raised(self) -> bool:
        """Whether the current consent round holds an objection."""
        return any(r.response == "objection" for r in self.answers)


@dataclass(frozen=True)
class _Asked:
    """The phones were asked in this consent round: which activity of which room."""

    room: str
    activity: int
    consent_round: int


class ConsentSession(AppSession[ConsentState]):
    """A live consent decision, without a screen. ``record=True`` keeps every decision in the
    workshop record (``store``, default: the user's record); ``today`` gives the decision's date.
    """

    APP = APP
    #: One session, for people (English, marked for the catalogs: the record's sentences that
    #: name it translate it where they are made).
    NOUN = N_("consent decision")

    def __init__(self, *, store: Any = None, record: bool = False, owner: str | None = None,
                 clock: Callable[[], float] | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        kwargs: dict[str, Any] = {} if clock is None else {"clock": clock}
        super().__init__(store=store, record=record, owner=owner, **kwargs)
        self.today = today
        self.process: ConsentProcess | None = None
        #: The spoken rounds (clarifying questions, quick reactions): each turn is a step of this
        #: decision's record (through ``on_turn``), so the round keeps no record of its own.
        self.rounds = RoundSession()
        self.rounds.on_turn = self._round_turn
        self.rounds.seating = False  # its record keeps moves, not seatings
        self.rounds.subscribe(self._round_changed)
        self._seen = 0  # turns of the attached round already in the process's log
        self._quiet = False  # this session is attaching a round: tell the views once, after
        self.room = RoomLink(lambda: self.keeper.store, asked_by=ASKED_BY,
                             **({} if clock is None else {"clock": clock}))
        self._asked: _Asked | None = None
        self._progress: RoomProgress | None = None
        self._phones_note = ""

    # ------------------------------------------------------------------ state
    @property
    def state(self) -> ConsentState:
        p = self.process
        progress = self._progress or RoomProgress((), 0, False, False)
        room = self.room.room
        asked = self._asked_now()
        phones = "" if asked is None else ("revealed" if progress.revealed else "asked")
        room_part: dict[str, Any] = dict(
            room_code=room.code if room is not None else "",
            room_title=room.title if room is not None else "",
            joined=progress.joined, phones=phones,
            answered=progress.answered if asked is not None else 0,
            phones_note=self._phones_note, message=self.message, taken_over=self.taken_over)
        if p is None:
            return ConsentState("setup", "", "", "", 0, (), "", None, None, None, False, 0, (),
                                (), (), (), None, None, None, None, "", **room_part)
        rnd = p.round
        objections = tuple(ObjectionState(o.member, o.reason, o.consent_round,
                                          tuple(o.integrations)) for o in p.objections)
        d = p.decision
        return ConsentState(
            step=p.step, circle=p.circle, proposal=p.proposal,
            original_proposal=p.original_proposal, term_months=p.term_months,
            members=p.members, next_step=p.next_step(),
            round_kind=rnd.kind if rnd is not None else None,
            current=rnd.current if rnd is not None else None,
            next=rnd.next_speaker if rnd is not None else None,
            round_complete=rnd is not None and rnd.is_complete,
            consent_round=p.consent_rounds, answers=tuple(p.current_responses),
            objections=objections,
            open_objections=tuple(o for o in objections if not o.integrated),
            consented_by=d.consented_by if d is not None else (),
            decided_on=d.decided_on if d is not None else None,
            term_ends=d.term_ends if d is not None else None,
            review_date=d.review_date if d is not None else None,
            review_default=(add_months(self.today(), d.term_months)
                            if d is not None and p.step == "decided" else None),
            postponement=p.postponement.sentence() if p.postponement is not None else "",
            **room_part)

    # ------------------------------------------------------------------ the projector
    def audience(self) -> AudienceState:
        """The room's view of the decision: the proposal as it stands at every step (the consent
        round's above all), the step, whose turn it is and who is next; while the phones answer,
        how many did (never what) and the room's code; the answers once given aloud or revealed;
        the outcome at the end. Never the facilitator's script (:data:`~sociocracy.consent.PROMPTS`)
        or the logbook's notes."""
        state = self.state
        joining: dict[str, Any] = dict(room_code=state.room_code, room_title=state.room_title)
        if state.step == "setup":
            joined = len(state.joined)
            lines: tuple[str, ...] = ((ngettext("In the room: {count} person.",
                                                "In the room: {count} people.",
                                                joined).format(count=joined),)
                                      if state.room_code else ())
            return AudienceState(APP, title=_("Consent decision"),
                                 step=_("The decision is about to begin"), lines=lines,
                                 **joining)
        title = (_("{circle}: proposal").format(circle=state.circle) if state.circle
                 else _("The proposal"))
        base = AudienceState(APP, title=title, text=state.proposal,
                             step=step_label(state.step))
        if state.step in SPOKEN_ROUNDS:
            spoken = self.rounds.audience()
            label = step_label(state.step)
            return replace(base, speaker=spoken.speaker, next=spoken.next, lines=spoken.lines,
                           step=_("{step}: complete").format(step=label)
                           if state.round_complete else label)
        if state.step == "consent-round":
            return self._consent_round_audience(state, base, joining)
        if state.step == "integrate-objections":
            lines = tuple((_("{name}'s objection: {reason} (integrated)") if o.integrated
                           else _("{name}'s objection: {reason} (open)")).format(
                               name=o.member, reason=o.reason)
                          for o in state.objections if o.consent_round == state.consent_round)
            return replace(base, lines=lines)
        term = _term_sentence(state.term_months)
        if state.step == "decided":
            return replace(base, lines=(_("We have consent, in consent round {number}.")
                                        .format(number=state.consent_round), term))
        if state.step == "published":
            assert state.decided_on and state.term_ends and state.review_date
            return replace(base, lines=(
                ngettext("Decided on {decided}. Term: {months} months, to {ends}.",
                         "Decided on {decided}. Term: {months} months, to {ends}.",
                         state.term_months).format(
                    decided=shown_date(state.decided_on), months=state.term_months,
                    ends=shown_date(state.term_ends)),
                _("Review by {date}.").format(date=shown_date(state.review_date))))
        if state.step == "postponed":
            return replace(base, lines=(_("No decision yet: the circle comes back to it."),
                                        state.postponement))
        return replace(base, lines=(term,))  # present

    @staticmethod
    def _consent_round_audience(state: ConsentState, base: AudienceState,
                                joining: dict[str, Any]) -> AudienceState:
        """The consent round: who answers aloud, or how many phones did (and the room's code
        while they answer); every answer given so far (aloud, or revealed from the phones)."""
        step = (_("Consent round {number}").format(number=state.consent_round)
                if state.consent_round > 1 else _("Consent round"))
        answers = tuple(Answer(r.member, _("Consent") if r.response == "consent"
                               else _("Objection"), r.reason or "") for r in state.answers)
        if state.phones == "asked":
            # How many answered, never what (the answers given aloud show again at the reveal).
            return replace(base, step=_("{step}: answer on your phone").format(step=step),
                           answered=state.answered, expected=len(state.members), **joining)
        if state.round_complete:
            objections = sum(1 for r in state.answers if r.response == "objection")
            outcome = (ngettext("{count} objection: we integrate it.",
                                "{count} objections: we integrate them.",
                                objections).format(count=objections) if objections
                       else _("No objection: we have consent."))
            return replace(base, step=_("{step}: everyone has answered").format(step=step),
                           answers=answers, lines=(outcome,))
        return replace(base, step=step, speaker=state.current or "", next=state.next or "",
                       answers=answers,
                       lines=(_("Answer {number} of {total}: consent or objection").format(
                           number=len(state.answers) + 1, total=len(state.members)),))

    def logbook(self) -> str:
        """The decision so far as its logbook entry (Markdown); "" before it starts."""
        return consent_logbook_entry(self.process) if self.process is not None else ""

    # ------------------------------------------------------------------ starting
    def start(self, proposal: str, members: Sequence[str] | str, *, circle: str = "",
              term_months: int = 12, first: str | None = None) -> str:
        """Start a decision; ``members`` as typed in a box (lines or commas) or as a list.
        "" when started, else the process's (or the record's) sentence."""
        try:
            names = parse_names(members, "member") if isinstance(members, str) else members
            process = ConsentProcess(proposal, names, term_months=term_months, first=first,
                                     circle=circle.strip())
        except CourseError as exc:
            return self._done(exc.plain)
        problem = self.keeper.start(decision_title(process), {"process": process.setup()})
        self._show(process)
        return self._done(problem)

    def attach(self, process: ConsentProcess) -> ConsentProcess:
        """Run ``process``, a decision owned by a larger session (a meeting's item), as it
        stands."""
        self._show(process)
        self._done()
        return process

    def _show(self, process: ConsentProcess) -> None:
        self.process = process
        self._asked, self._phones_note = None, ""
        self._sync_round()

    def refresh(self) -> None:
        """The process was driven from outside (a lesson's code, a larger session): show it as
        it stands."""
        self._sync_round()
        self._done(self.message)

    def new_decision(self) -> None:
        """Back to the set-up for the next proposal (the finished decision stays recorded)."""
        self.keeper.finish()
        self.process = None
        self._asked, self._phones_note = None, ""
        self.rounds.round = None
        self.rounds.step = "setup"
        self._done()

    def restore(self, recorded: Recorded) -> str:
        """Rebuild from ``recorded`` once this screen holds it ("Resume it", "Take it over");
        "" or why not."""
        return self._done(self._restore(recorded))

    def _restore(self, recorded: Recorded) -> str:
        process = recorded_process(recorded)
        self._show(process)
        asked = [data for step, data in recorded.steps if step == PHONES_ASKED]
        if asked:
            self._relink(asked[-1])
        return ""

    def _relink(self, data: dict[str, Any]) -> None:
        """Find the room and the question the phones were asked (after a crash, or on the
        screen that took the decision over)."""
        store = self.keeper.store
        if store is None:
            return
        try:
            room = store.room(str(data["room"]))
            self.room.use(room)
            self.room.activity = room.activity(int(data["activity"]))
        except (CourseError, KeyError, TypeError, ValueError):
            return  # the room is gone: the facilitator asks again, or takes answers aloud
        self._asked = _Asked(room.code, int(data["activity"]), int(data["consent_round"]))
        self._read_progress()

    # ------------------------------------------------------------------ the process's steps
    def _act(self, method: str, **arguments: Any) -> str:
        """Run one step of the process; record it; only then count it. "" or why not."""
        return self._done(self._step(method, **arguments))

    def _step(self, method: str, **arguments: Any) -> str:
        if self.process is None:
            return _("Start the consent decision first.")
        self.process, problem = self.keeper.run_step(self.process, method, arguments,
                                                     ends=decision_ended)
        self._sync_round()
        return problem

    def advance(self) -> str:
        """Move on to the next step, when the current one is complete."""
        return self._act("advance")

    def amend(self, text: str) -> str:
        """During quick reactions: the proposal's amended wording."""
        return self._act("amend", text=text)

    def respond(self, response: str, reason: str = "", member: str | None = None) -> str:
        """``member`` (default: whose turn it is) answers in the consent round: "consent", or
        "objection" with its reason."""
        if member is None:
            rnd = self.process.round if self.process is not None else None
            # When everyone has answered, the process itself says so (any member will do).
            member = (rnd.current or rnd.order[0]) if rnd is not None else ""
        return self._act("respond", member=member, response=response, reason=reason)

    def undo_response(self) -> tuple[str, Response | None]:
        """Take back the last answer of the consent round; returns ("" or why not, the answer
        taken back, so a view can put its reason back in the box)."""
        p = self.process
        answers = p.current_responses if p is not None and p.step == "consent-round" else []
        problem = self._act("undo_response")
        return problem, (None if problem or not answers else answers[-1])

    def integrate(self, objection: int | str = 0, strategy: str = "amend",
                  **details: Any) -> str:
        """Integrate an open objection (its number among the open ones, or its member) with a
        strategy and its details; a helping circle's ``members`` may be typed (commas)."""
        members = details.get("members")
        if isinstance(members, str):
            try:
                details["members"] = parse_names(members, "member")
            except CourseError as exc:
                return self._done(exc.plain)
        return self._act("integrate", objection=objection, strategy=strategy, **details)

    def publish(self, review_date: dt.date | str | None = None) -> str:
        """Publish the decision today, with its review date (default: the end of the term)."""
        review = review_date.isoformat() if isinstance(review_date, dt.date) else review_date
        return self._act("publish", review_date=review or None,
                         decided_on=self.today().isoformat())

    # ------------------------------------------------------------------ the spoken rounds
    def _sync_round(self) -> None:
        """Give the step's spoken round to :attr:`rounds` when it is not the one it runs."""
        p = self.process
        rnd = p.round if p is not None and p.step in SPOKEN_ROUNDS else None
        if rnd is not None and self.rounds.round is not rnd:
            self._seen = len(rnd.turns)
            self._quiet = True
            try:
                self.rounds.attach(rnd)
            finally:
                self._quiet = False

    def _round_turn(self, rnd: Round) -> None:
        """A turn taken or undone in a spoken round: a step of this decision's record, kept
        before it counts (a CourseError makes the round take the move back)."""
        if self.process is None:
            return
        if rnd is not self.process.round:  # a view still showing a round the decision left
            raise CourseError(_("That round is over: the decision is at the step "
                                "\"{step}\".").format(step=step_label(self.process.step)))
        step: tuple[str, dict[str, Any]]
        if len(rnd.turns) > self._seen:
            turn = rnd.turns[-1]
            step = (("pass_turn", {"seconds": turn.seconds}) if turn.passed
                    else ("speak", {"note": turn.note, "seconds": turn.seconds}))
        else:
            step = ("undo_turn", {})
        problem = self.keeper.save(*step)
        if problem:
            raise CourseError(problem)
        self.process.log.append(step)  # done by the round itself, as apply() would have
        self._seen = len(rnd.turns)

    def _round_changed(self, _state: RoundState) -> None:
        if not self._quiet:
            self.changed()

    # ------------------------------------------------------------------ the room
    def look_for_room(self) -> None:
        """Pick up the workshop's room (made in any app within the workshop's hours)."""
        if self.room.room is None:
            self.room.find()
        self._read_progress()
        self.changed()

    def create_room(self, title: str = "") -> str:
        """A new room for this workshop (every app opened later picks it up)."""
        if self.taken_over:
            return self._refuse_taken_over()
        name = title.strip() or (self.process.circle if self.process is not None else "")
        try:
            self.room.create(name or _("Workshop room"))
        except CourseError as exc:
            return self._done(exc.plain)
        self._asked = None
        self._read_progress()
        return self._done()

    def room_names(self) -> list[str]:
        """The names of the people who joined the room, in the order they joined (each one a
        valid member's name), for a decision started from the room."""
        room = self.room.room
        if room is None:
            return []
        try:
            return speaker_names(room.participants)
        except CourseError:
            return []

    def ask_phones(self) -> str:
        """Open the consent round on the phones: each member answers consent or objection (with
        its reason) on their own phone, unseen until the reveal."""
        if self.taken_over:
            return self._refuse_taken_over()
        p = self.process
        if p is None or p.step != "consent-round" or p.round is None:
            return self._done(_("The phones answer in the consent round: move on to it "
                                "first."))
        if p.round.is_complete:
            return self._done(_("Everyone has answered in this consent round."))
        prompt = " ".join(p.proposal.split())
        if len(prompt) > PROMPT_LENGTH:
            prompt = prompt[:PROMPT_LENGTH - 1].rstrip() + "…"
        try:
            activity = self.room.ask("consent", prompt)
        except CourseError as exc:
            return self._done(exc.plain)
        room = self.room.room
        assert room is not None
        asked = _Asked(room.code, activity.id, p.consent_rounds)
        problem = self.keeper.save(PHONES_ASKED, {"room": asked.room, "activity": asked.activity,
                                                  "consent_round": asked.consent_round})
        if problem:  # not kept, so not asked: nobody answers a question that would be lost
            with contextlib.suppress(CourseError):
                room.close_activity(activity)
            return self._done(problem)
        self._asked, self._phones_note = asked, ""
        self._read_progress()
        return self._done()

    def _asked_now(self) -> _Asked | None:
        """Where the phones were asked, if in the current consent round."""
        p, asked = self.process, self._asked
        if p is None or asked is None or p.step != "consent-round" \
                or asked.consent_round != p.consent_rounds:
            return None
        return asked

    def _read_progress(self) -> bool:
        """Read who joined and how many answered; whether it changed."""
        try:
            progress = self.room.progress()
        except CourseError:
            return False
        changed = progress != self._progress
        self._progress = progress
        return changed

    def refresh_room(self) -> bool:
        """Read the room again (a view does it every few seconds); tells the views when someone
        joined or answered. Returns whether anything changed."""
        if self.room.room is None or not self._read_progress():
            return False
        self.changed()
        return True

    def reveal_phones(self) -> str:
        """Reveal the phones' answers (kept in the record first) and take each member's answer
        as their answer in the consent round, in the order they joined the room. Answers from
        names that are not members, or from members who already answered here, are left out
        (:attr:`ConsentState.phones_note` says whose). "" when taken, or why not."""
        if self.taken_over:
            return self._refuse_taken_over()
        asked, p = self._asked_now(), self.process
        if asked is None or p is None:
            return self._done(_("Nothing is open on the phones for this consent round: ask "
                                "the phones first."))
        try:
            responses = self.room.collect()
        except CourseError as exc:
            return self._done(exc.plain)
        members = {_name_key(m): m for m in p.members}
        answered = {r.member for r in p.current_responses}
        taken: list[str] = []
        strangers: list[str] = []
        already: list[str] = []
        problem = ""
        for response in responses:
            member = members.get(_name_key(response.name))
            if member is None:
                strangers.append(response.name)
                continue
            if member in answered:
                already.append(member)
                continue
            problem = self._step("respond", member=member, response=response.get("choice"),
                                 reason=response.get("reason"))
            if problem:  # not kept: "Reveal" again takes the answers not yet in the round
                break
            answered.add(member)
            taken.append(member)
        self._read_progress()
        note = [ngettext("{count} answer from the phones is in the consent round.",
                         "{count} answers from the phones are in the consent round.",
                         len(taken)).format(count=len(taken))]
        if strangers:
            note.append(_("Left out, not members of this decision: {names}.").format(
                names=", ".join(strangers)))
        if already:
            note.append(_("Left out, already answered here: {names}.").format(
                names=", ".join(already)))
        waiting = [m for m in p.members if m not in answered]
        if waiting and not problem:
            note.append(_("Still to answer aloud: {names}.").format(names=", ".join(waiting)))
        self._phones_note = " ".join(note)
        return self._done(problem)

    def _refuse_taken_over(self) -> str:
        from sociocracy.rooms.screens import taken_over_sentence

        return self._done(taken_over_sentence(self.NOUN))

    # ------------------------------------------------------------------ the record
    @staticmethod
    def describe(recorded: Recorded) -> str:
        return _("It stopped at the step \"{step}\".").format(
            step=step_label(recorded_process(recorded).step))

    @staticmethod
    def export(recorded: Recorded) -> list[tuple[str, str, str]]:
        day = recorded.started_at.astimezone().date().isoformat()
        return [(f"consent-decision-{day}-{recorded.id}.md", "text/markdown",
                 consent_logbook_entry(recorded_process(recorded)))]

    ENDS = True

    @staticmethod
    def is_done(recorded: Recorded) -> bool:
        return decision_ended(recorded_process(recorded))
