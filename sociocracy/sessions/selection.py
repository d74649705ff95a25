"""The selection app's session: a :class:`~sociocracy.selection.SelectionProcess`, each step kept
before it counts, and the written nominations taken from the phones.

A :class:`SelectionSession` owns the process (the rules live there) and its record through the
keeper: every action runs one of the process's calls with
:meth:`~sociocracy.sessions.keeper.SessionKeeper.run_step`, so a step the record refuses is taken
back; resuming replays the recorded calls through the same rules.

**The phones write the slips.** At the nominations step the session can :meth:`ask_phones` of the
workshop's room (a "nomination" question: Nominee and Reason on each phone), count the answers
(:meth:`refresh_room`, how many, never what) and :meth:`reveal_phones`: the answers are revealed
in the room's record first, then each one becomes that person's written nomination. What we
decided where the issue is silent:

* a phone is matched to a member by its joined name, and its nominee to a member, with the
  process's own name rule (:meth:`SelectionProcess.find_member`: spaces tidied, capitals
  ignored), so "ana" on a phone is the member "Ana";
* a slip that cannot count (its writer is not a member, its nominee is nobody in the circle) is
  never dropped and never guessed: it is kept in :attr:`SelectionState.slips_to_fix` with one
  sentence naming who wrote it, for the facilitator to record by hand (:meth:`nominate` with
  ``slip=``) or set aside (:meth:`drop_slip`);
* a member who also typed a slip by hand before the reveal: the phone's slip replaces it (the
  process lets a member hand in a new slip until the nomination round);
* the question asked is kept in the record ("phones-asked": room code and activity), so a screen
  that resumes after a crash counts the same answers, or takes the revealed ones again (slips
  already in the selection are not taken twice).

No ipywidgets here: :class:`~sociocracy.widgets.selection.SelectionFacilitator` is a view of it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.logbook import shown_date
from sociocracy.rounds import Turn
from sociocracy.selection import STEPS, Role, SelectionProcess

from .audience import Answer, AudienceState
from .base import AppSession
from .keeper import Recorded
from .room_link import RoomLink, RoomProgress

__all__ = ["APP", "PhoneSlip", "SelectionSession", "SelectionState", "recorded_process"]

#: The name under which the selection app's sessions are kept in the workshop record.
APP = "selection"
#: The step (beside the process's own calls) that keeps which question went to the phones.
ASKED = "phones-asked"

#: The steps' names as people read them (English, marked for the catalogs: show with ``_()``).
STEP_LABELS = {
    "setup": N_("Set-up"),
    "role": N_("Role"), "nominations": N_("Nominations"),
    "nomination-round": N_("Nomination round"),
    "change-round": N_("Change round"), "proposal": N_("Proposal"),
    "consent-round": N_("Consent round"),
    "integrate-objections": N_("Integrate objections"), "decided": N_("Decided"),
    "announced": N_("Announced"),
}


def recorded_process(recorded: Recorded) -> SelectionProcess:
    """The selection as recorded, rebuilt by replaying its calls through the same rules (the
    session's own steps, such as the question asked of the phones, are not the process's)."""
    steps = [(m, a) for m, a in recorded.steps if m in SelectionProcess.ACTIONS]
    return SelectionProcess.replay(recorded.setup["process"], steps)


@dataclass(frozen=True)
class PhoneSlip:
    """A slip written on a phone that could not count as it stands: ``name`` is who wrote it (as
    they joined), ``nominee`` and ``reason`` what they wrote, ``member`` the member it belongs to
    (``None`` when the writer is not one), ``problem`` the sentence that says why."""

    name: str
    nominee: str
    reason: str
    member: str | None
    problem: str


@dataclass(frozen=True)
class SelectionState:
    """What a view of the selection shows, at one moment.

    ``step`` is "setup" before the selection starts, then one of
    :data:`~sociocracy.selection.STEPS`. ``handed``/``missing``: members whose slip is in / not
    in yet. In a round, ``current`` and ``next`` are names (``None`` when nobody), ``turns`` the
    turns so far, ``slip`` what the current reader wrote (nomination round) and ``keeps`` whom the
    current person nominated (change round). ``nominated``: whom the facilitator may propose;
    ``others``: those besides the candidate (to propose instead, after an objection).
    ``open_objections``: (member, reason) in order. ``phones``: the room's count for the question
    asked (``None`` when the phones were not asked); ``slips_to_fix``: phones' slips that need the
    facilitator. ``message``: the last refusal ("" when the last action was done).
    """

    step: str
    role: Role | None
    members: tuple[str, ...]
    candidate: str | None
    handed: tuple[str, ...]
    missing: tuple[str, ...]
    current: str | None
    next: str | None
    turns: tuple[Turn, ...]
    round_size: int
    slip: str
    keeps: str
    nominated: tuple[str, ...]
    others: tuple[str, ...]
    open_objections: tuple[tuple[str, str], ...]
    phones: RoomProgress | None
    slips_to_fix: tuple[PhoneSlip, ...]
    message: str
    taken_over: bool

    @property
    def label(self) -> str:
        """The step as people read it ("Nomination round")."""
        return _(STEP_LABELS[self.step])


class SelectionSession(AppSession[SelectionState]):
    """A live selection, without a screen. ``record=True`` keeps every step in the workshop
    record (``store``, default: the user's record)."""

    APP = APP
    NOUN = N_("selection")
    ENDS = True

    def __init__(self, *, store: Any = None, record: bool = False, owner: str | None = None,
                 clock: Callable[[], float] | None = None) -> None:
        kwargs: dict[str, Any] = {} if clock is None else {"clock": clock}
        super().__init__(store=store, record=record, owner=owner, **kwargs)
        self.process: SelectionProcess | None = None
        self.room = RoomLink(lambda: self.keeper.store, asked_by="Selection", **kwargs)
        self.phones: RoomProgress | None = None
        self.slips_to_fix: list[PhoneSlip] = []

    # ------------------------------------------------------------------ state
    @property
    def state(self) -> SelectionState:
        p = self.process
        if p is None:
            return SelectionState("setup", None, (), None, (), (), None, None, (), 0, "", "", (),
                                  (), (), self.phones, tuple(self.slips_to_fix), self.message,
                                  self.taken_over)
        rnd = p.round
        current = rnd.current if rnd is not None else None
        slip = keeps = ""
        if current is not None and p.step == "nomination-round":
            made = p.nominations[current]
            slip = _("nominates {nominee}: {reason}").format(nominee=made.nominee,
                                                              reason=made.reason)
        if current is not None and p.step == "change-round":
            keeps = p.nominations[current].nominee
        nominated = p.nominated
        return SelectionState(
            step=p.step, role=p.role, members=p.members, candidate=p.candidate,
            handed=tuple(m for m in p.members if m in p.nominations),
            missing=p.missing_nominations, current=current,
            next=rnd.next_speaker if rnd is not None else None,
            turns=tuple(rnd.turns) if rnd is not None else (),
            round_size=len(rnd.order) if rnd is not None else 0, slip=slip, keeps=keeps,
            nominated=nominated, others=tuple(n for n in nominated if n != p.candidate),
            open_objections=tuple((o.member, o.reason) for o in p.open_objections),
            phones=self.phones, slips_to_fix=tuple(self.slips_to_fix), message=self.message,
            taken_over=self.taken_over)

    # ------------------------------------------------------------------ the projector
    def audience(self) -> AudienceState:
        """The room's view of the selection: the role and the step; while the slips are
        written, how many are in (never what) and the room's code while the phones answer; from
        the nomination round on, the nominations with their reasons (the grid, as everyone sees
        it then), whose turn it is and who is next; the proposal; the consent round's answers;
        the outcome. Never the facilitator's script, the logbook or a slip still to fix. (Its
        sentences are worded apart from the facilitator's own, which the page shows beside it.)"""
        p = self.process
        if p is None:
            return AudienceState(APP, title=_("Selection"),
                                 step=_("The selection is about to begin"))
        step = p.step
        shown = [s for s in STEPS if s != "integrate-objections" or p.objections]
        where = _("Step {number} of {total}: {step}").format(
            number=shown.index(step) + 1, total=len(shown), step=_(STEP_LABELS[step]))
        title = _("Role: {role}").format(role=p.role.name)
        term = ngettext("Term: {months} month", "Term: {months} months",
                        p.role.term_months).format(months=p.role.term_months)
        rnd = p.round
        speaker = nxt = ""
        turns: tuple[str, ...] = ()
        if rnd is not None and step.endswith("round"):
            speaker, nxt = rnd.current or "", rnd.next_speaker or ""
            turns = (_("Turn {number} of {total}").format(number=len(rnd.turns) + 1,
                                                          total=len(rnd.order)),) \
                if speaker else (_("Everyone has had their turn."),)
        if step == "role":
            return AudienceState(APP, title=title, step=where, text=p.role.description,
                                 lines=(term, *(_("Qualification: {text}").format(text=q)
                                                for q in p.role.qualifications)))
        if step == "nominations":
            phones = self.phones
            if phones is not None and phones.open and not phones.revealed \
                    and self.room.room is not None:
                return AudienceState(APP, title=title, step=where,
                                     text=_("Write your nomination on your phone: whom, and "
                                            "why."),
                                     answered=phones.answered,
                                     expected=len(phones.joined) or None,
                                     room_code=self.room.room.code,
                                     room_title=self.room.room.title)
            return AudienceState(APP, title=title, step=where,
                                 text=_("Write your nomination: whom, and why. The slips "
                                        "stay hidden until all are in."),
                                 answered=len(p.nominations), expected=len(p.members))
        if step in ("nomination-round", "change-round", "proposal"):
            grid = p.nomination_grid(after_change=step != "nomination-round")
            answers = tuple(Answer(e.nominator, _("nominates {name}").format(name=e.nominee),
                                   e.reason + (_(" (was {name})").format(name=e.changed_from)
                                               if e.changed_from else ""))
                            for e in grid.entries)
            if step == "proposal" and p.proposal is not None:
                made = p.proposal
                return AudienceState(APP, title=title, step=where,
                                     text=ngettext("Proposal: {name} for {months} month",
                                                   "Proposal: {name} for {months} months",
                                                   made.term_months).format(
                                                       name=made.candidate,
                                                       months=made.term_months),
                                     lines=tuple(_("Because: {reason}").format(reason=r)
                                                 for r in made.reasons))
            lines = (term,) if step == "proposal" else turns
            return AudienceState(APP, title=title, step=where, answers=answers, lines=lines,
                                 speaker=speaker, next=nxt)
        if step == "consent-round":
            proposal = p.proposal
            months = proposal.term_months if proposal is not None else p.role.term_months
            answers = tuple(Answer(r.member, _(_RESPONSES.get(r.response,
                                                              r.response.capitalize())),
                                   r.reason)
                            for r in p.current_responses)
            return AudienceState(APP, title=title, step=f"{where} {p.consent_rounds}",
                                 text=ngettext("Any objection to {name} as {role} for {months} "
                                               "month? The candidate answers last.",
                                               "Any objection to {name} as {role} for {months} "
                                               "months? The candidate answers last.",
                                               months).format(name=p.candidate,
                                                              role=p.role.name, months=months),
                                 answers=answers, speaker=speaker, next=nxt, lines=turns)
        if step == "integrate-objections":
            return AudienceState(APP, title=title, step=where,
                                 text=_("Candidate: {name}").format(name=p.candidate),
                                 answers=tuple(Answer(o.member, _("Objection"), o.reason)
                                               for o in p.open_objections),
                                 lines=(_("Integrated so far: {count}").format(count=done),)
                                 if (done := sum(
                                     1 for o in p.objections if o.integrated)) else ())
        if step == "decided" and p.decision is not None:
            return AudienceState(APP, title=title, step=where,
                                 text=_("The circle consents: {name} for the role of "
                                        "{role}.").format(name=p.decision.holder,
                                                          role=p.role.name))
        a = p.announcement
        said = ngettext("{name} is our {role} from {starts} until {ends} ({months} month).",
                        "{name} is our {role} from {starts} until {ends} ({months} months).",
                        a.term_months).format(name=a.holder, role=a.role,
                                              starts=shown_date(a.starts),
                                              ends=shown_date(a.ends), months=a.term_months) \
            if a is not None else ""
        return AudienceState(APP, title=title, step=where, text=said)

    # ------------------------------------------------------------------ starting
    def start(self, role: str, members: Sequence[str], *, description: str = "",
              term_months: Any = 12, qualifications: Sequence[str] | str = (),
              first: str | None = None) -> str:
        """Begin the selection for ``role`` with ``members`` in seating order. "" when started;
        the process's sentence when refused (nothing started); the record's sentence when it
        cannot keep the selection (started all the same, without a record)."""
        if self.taken_over:
            return self._refuse_taken_over()
        try:
            quals = qualifications.splitlines() if isinstance(qualifications, str) \
                else qualifications
            made = Role(role, description, term_months, tuple(quals))
            process = SelectionProcess(made, list(members), first)
        except CourseError as exc:
            return self._done(exc.plain)
        problem = self.keeper.start(made.name, {"process": process.setup()})
        self.process = process
        self._forget_phones()
        return self._done(problem)

    def _restore(self, recorded: Recorded) -> str:
        self.process = recorded_process(recorded)
        self._forget_phones()
        asked = [a for m, a in recorded.steps if m == ASKED]
        if asked and self.process.step == "nominations":
            self._ask_again(asked[-1])
        return ""

    def _forget_phones(self) -> None:
        self.phones = None
        self.room.activity = None
        self.slips_to_fix = []

    def _ask_again(self, asked: dict[str, Any]) -> None:
        """After resuming: the question recorded as asked, counted again, or its revealed
        answers taken (again: slips already in the selection are not taken twice)."""
        store = self.keeper.store
        if store is None:
            return
        try:
            self.room.use(store.room(str(asked["room"])))
            responses = self.room.answers_of(int(asked["activity"]))
        except (CourseError, KeyError, TypeError, ValueError):
            self._forget_phones()
            return
        if responses:
            self._take(responses, again=True)
        self._count()

    # ------------------------------------------------------------------ the steps
    def act(self, method: str, **arguments: Any) -> str:
        """Run one of the process's calls; kept before it counts. "" or why not."""
        if self.taken_over:
            return self._refuse_taken_over()
        if self.process is None:
            return self._done(_("Start the selection first."))
        self.process, problem = self.keeper.run_step(
            self.process, method, arguments, ends=lambda p: p.step == "announced")
        return self._done(problem)

    def advance(self) -> str:
        """Move on when the step is complete (its "Next" button)."""
        was = self.process.step if self.process is not None else None
        problem = self.act("advance")
        if not problem and was == "nominations":
            self.slips_to_fix = []  # the nominations are closed: nothing is left to fix
            self._close_question()
            self._done()
        return problem

    def _close_question(self) -> None:
        """The slips are all in (typed by hand): a question still open on the phones is closed,
        so nobody keeps writing a slip that would not count."""
        activity, room = self.room.activity, self.room.room
        if activity is None or room is None or self.phones is None or not self.phones.open:
            return
        with contextlib.suppress(CourseError):
            room.close_activity(activity)
            self._count()

    def amend_role(self, *, description: str | None = None, term_months: Any = None,
                   qualifications: Sequence[str] | str | None = None, reason: str = "") -> str:
        return self.act("amend_role", description=description, term_months=term_months,
                        qualifications=qualifications, reason=reason)

    def nominate(self, member: str | None, nominee: str | None, reason: str, *,
                 slip: int | None = None) -> str:
        """One written nomination, typed by the secretary. ``slip``: the phone's slip (an index
        of :attr:`SelectionState.slips_to_fix`) this records, which then leaves the list."""
        problem = self.act("nominate", member=member, nominee=nominee, reason=reason)
        if not problem and slip is not None and 0 <= slip < len(self.slips_to_fix):
            del self.slips_to_fix[slip]
            self._done()
        return problem

    def read_nomination(self, note: str = "") -> str:
        return self.act("read_nomination", note=note)

    def change(self, nominee: str | None = None, reason: str = "") -> str:
        """The current person's answer in the change round (``None``: no change)."""
        return self.act("change", member=self._speaker(), nominee=nominee, reason=reason)

    def respond(self, response: str, reason: str = "") -> str:
        """The current person's answer in the consent round."""
        return self.act("respond", member=self._speaker(), response=response, reason=reason)

    def propose(self, candidate: str | None, reasons: Sequence[str] | str) -> str:
        return self.act("propose", candidate=candidate, reasons=list(reasons)
                        if not isinstance(reasons, str) else reasons)

    def integrate(self, objection: int | str, strategy: str, **details: Any) -> str:
        return self.act("integrate", objection=objection, strategy=strategy, **details)

    def announce(self, start: dt.date | str | None) -> str:
        return self.act("announce", start=start.isoformat()
                        if isinstance(start, dt.date) else start)

    def _speaker(self) -> str | None:
        rnd = self.process.round if self.process is not None else None
        return rnd.current if rnd is not None else None

    def _refuse_taken_over(self) -> str:
        from sociocracy.rooms.screens import taken_over_sentence

        return self._done(taken_over_sentence(self.NOUN))

    # ------------------------------------------------------------------ the phones
    def ask_phones(self) -> str:
        """Hand the written nominations to the phones of the workshop's room (kept in the record
        before the phones see it). "" or why not, in one sentence."""
        if self.taken_over:
            return self._refuse_taken_over()
        p = self.process
        if p is None or p.step != "nominations":
            return self._done(_("The phones write the nominations at the step "
                                "\"Nominations\"."))
        if self.keeper.store is None:
            return self._done(_("This selection is not kept in the workshop record, so phones "
                                "cannot take part: run the course with 'sociocracy-course "
                                "workshop' on this laptop."))
        try:
            room = self.room.room or self.room.find()
            if room is None:
                raise CourseError(_("There is no workshop room yet: create one in the Workshop "
                                    "room app and let people join first."))
            activity = self.room.ask("nomination", _(
                "Whom do you nominate for the role of {role}, and why? Nominating yourself is "
                "fine.").format(role=p.role.name))
        except CourseError as exc:
            return self._done(exc.plain)
        problem = self.keeper.save(ASKED, {"room": room.code, "activity": activity.id})
        if problem:  # not kept: close the question again, so no phone answers it in vain
            with contextlib.suppress(CourseError):
                room.close_activity(activity)
            self.room.activity = None
            return self._done(problem)
        self.slips_to_fix = []
        self._count()
        return self._done()

    def refresh_room(self) -> bool:
        """Read the count again (who joined, how many answered; never what). Returns whether
        it changed (the views are then told)."""
        if self.room.activity is None:
            return False
        before = self.phones
        self._count()
        if self.phones == before:
            return False
        self.changed()
        return True

    def _count(self) -> None:
        try:
            self.phones = self.room.progress()
        except CourseError as exc:
            self.message = exc.plain

    def reveal_phones(self) -> str:
        """"Reveal": the phones' answers go public in the room's record, then each becomes its
        writer's nomination. "" when every slip counted; else one sentence per slip kept for
        the facilitator (the others are in)."""
        if self.taken_over:
            return self._refuse_taken_over()
        if self.process is None or self.process.step != "nominations":
            return self._done(_("The phones' nominations are revealed at the step "
                                "\"Nominations\"."))
        try:
            responses = self.room.collect()
        except CourseError as exc:
            return self._done(exc.plain)
        problem = self._take(responses)
        self._count()
        return self._done(problem)

    def _take(self, responses: list[Any], *, again: bool = False) -> str:
        """Each answer becomes its writer's nomination, or a slip to fix (see the module)."""
        p = self.process
        assert p is not None
        kept: list[PhoneSlip] = []
        problems: list[str] = []
        for response in responses:
            name, nominee, reason = response.name, response.nominee, response.reason
            member = p.find_member(name)
            if again and member is not None and member in p.nominations:
                continue  # taken before the screen stopped
            if member is None:
                why = _("The slip from {name} is not counted: {name} is not a member of this "
                        "circle; record it for the member who wrote it, or set it aside."
                        ).format(name=name)
            elif p.find_member(nominee) is None:
                why = _("{name} nominated {nominee}, who is not a member of this circle: "
                        "choose whom {member} meant and record the slip.").format(
                            name=name, nominee=nominee, member=member)
            else:
                why = self.act("nominate", member=member, nominee=nominee, reason=reason)
                p = self.process
                assert p is not None
                if not why:
                    continue
                if self.taken_over:
                    return why
                why = _("The slip from {name} is not counted yet: {why}").format(name=name,
                                                                                   why=why)
            kept.append(PhoneSlip(name, nominee, reason, member, why))
            problems.append(why)
        self.slips_to_fix = kept
        return " ".join(problems)

    def drop_slip(self, index: int) -> str:
        """Set a phone's slip aside (a guest's, say): it stays in the room's record only."""
        if 0 <= index < len(self.slips_to_fix):
            del self.slips_to_fix[index]
        return self._done()

    # ------------------------------------------------------------------ the record
    def logbook_entry(self) -> str:
        """The selection as one Markdown logbook entry ("" before it starts)."""
        return self.process.to_markdown() if self.process is not None else ""

    def logbook_filename(self, day: dt.date) -> str:
        name = self.process.role.name if self.process is not None else "selection"
        return f"selection-{name}-{day.isoformat()}.md"

    @staticmethod
    def describe(recorded: Recorded) -> str:
        count = sum(1 for m, _data in recorded.steps if m in SelectionProcess.ACTIONS)
        step = _(STEP_LABELS[recorded_process(recorded).step])
        return ngettext("{count} step recorded so far; it stopped at the step \"{step}\".",
                        "{count} steps recorded so far; it stopped at the step \"{step}\".",
                        count).format(count=count, step=step)

    @staticmethod
    def export(recorded: Recorded) -> list[tuple[str, str, str]]:
        process = recorded_process(recorded)
        day = recorded.started_at.astimezone().date().isoformat()
        return [(f"selection-{process.role.name}-{day}-{recorded.id}.md", "text/markdown",
                 process.to_markdown())]

    @staticmethod
    def is_done(recorded: Recorded) -> bool:
        return recorded_process(recorded).step == "announced"


assert set(STEP_LABELS) == {"setup", *STEPS}
#: A consent round's answers as the projector shows them.
_RESPONSES = {"consent": N_("Consent"), "objection": N_("Objection")}
