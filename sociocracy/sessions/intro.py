"""The intro session app's session: a plan run part by part, slide by slide, against the clock.

An :class:`IntroSession` owns where the presenter is in a :class:`~sociocracy.intro_sessions.Plan`
(the part, the slide, when the part started) and keeps every move in the workshop record before
it counts, so a crashed laptop resumes at the same slide with the same clock. Two views show it:
the presenter's (speaker notes, the next part, time left, the controls) and the room's audience
view (the slide or the activity in large type, the room's code while people join).

Activities run through the existing apps' sessions, not through copies: an activity part names
its app (a round, a consent decision, a circle map, a selection), the presenter runs it there, and
the audience view shows that app's own audience view (what its session publishes) under the
part's title. After the session, :meth:`IntroSession.after_session` gathers one document from the
record: the plan as it ran and every app session held during it (the rounds' notes, the consent
decision's logbook, the evaluation's answers).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sociocracy.core.errors import CourseError
from sociocracy.core.language import N_, _
from sociocracy.core.markdown_text import md_text
from sociocracy.intro_sessions import ACTIVITIES, Plan, PlanPart

from .audience import APPS, AudienceState
from .base import AppSession
from .follow_up import KIND as FOLLOW_UP
from .follow_up import QUESTION, FollowUp, contacts_csv, follow_up_of
from .keeper import Recorded
from .room_link import RoomLink

__all__ = ["APP", "IntroSession", "IntroState", "recorded_plan"]

#: The name under which intro sessions are kept in the workshop record.
APP = "intro_session"
MOVE = "move"


def recorded_plan(recorded: Recorded) -> Plan:
    """The plan a recorded intro session ran, checked again as a file is."""
    return Plan.from_dict(recorded.setup["plan"], path=f"record of session {recorded.id}")


@dataclass(frozen=True)
class IntroState:
    """What the presenter's view shows at one moment. ``step`` is "setup", "run" or "end";
    ``part``/``slide`` are indices; ``seconds_left`` of the current part (negative when over);
    ``message`` is the last refusal ("" when the last action was done)."""

    step: str
    title: str
    part: int
    slide: int
    current: PlanPart | None
    following: PlanPart | None
    seconds_left: float
    total_left: float
    message: str
    taken_over: bool


class IntroSession(AppSession[IntroState]):
    """A live intro session, without a screen. ``record=True`` keeps it in the workshop record
    (``store``, default: the user's record); ``clock`` gives seconds (tests pass a fake one)."""

    APP = APP
    NOUN = N_("intro session")
    ENDS = True

    def __init__(self, *, store: Any = None, record: bool = False, owner: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(store=store, record=record, owner=owner, clock=clock)
        self.clock = clock
        self.plan: Plan | None = None
        self.step = "setup"
        self.part = 0
        self.slide = 0
        self.part_started = 0.0
        self.session_started = 0.0
        #: The workshop's room, for its code on the audience view while people join.
        self.room = RoomLink(lambda: self.keeper.store, asked_by=N_("Intro session"), clock=clock)
        # A past session's files need the record (the sessions held during it, the follow-up
        # in the room), which the static :meth:`export` cannot reach: after a reload, the
        # presenter still finds the participants' document and the contacts in "past sessions".
        self.keeper._export = self.past_files

    # ------------------------------------------------------------------ state
    @property
    def state(self) -> IntroState:
        plan = self.plan
        if plan is None or self.step == "setup":
            return IntroState("setup", "", 0, 0, None, None, 0.0, 0.0, self.message,
                              self.taken_over)
        current = plan.parts[self.part] if self.step == "run" else None
        following = plan.parts[self.part + 1] if self.part + 1 < len(plan.parts) else None
        now = self.clock()
        left = (current.minutes * 60 - (now - self.part_started)) if current else 0.0
        total = plan.minutes * 60 - (now - self.session_started)
        return IntroState(self.step, plan.title, self.part, self.slide, current,
                          following if self.step == "run" else None, left, total,
                          self.message, self.taken_over)

    def audience(self) -> AudienceState | None:
        """The room's view: the slide (title and body), the activity's title and prompt (and
        that app's own audience view, which the audience page shows beneath), the time box;
        never the speaker notes."""
        plan = self.plan
        room = self.room.room or self.room.find()
        joining = {"room_code": room.code, "room_title": room.title} if room is not None else {}
        if plan is None or self.step == "setup":
            return AudienceState(APP, title=_("Welcome"), step=_("We begin in a moment"),
                                 **joining)
        if self.step == "end":
            asked = self.follow_up()
            lines: tuple[str, ...] = (_("Where to learn more: sociocracyforall.org"),)
            if asked.open:
                lines = (_("On your phone: {question}").format(question=_(QUESTION)), *lines)
            return AudienceState(APP, title=plan.title, step=_("Thank you"), lines=lines)
        part = plan.parts[self.part]
        ends = self.part_started + part.minutes * 60
        common: dict[str, Any] = {"timer_ends": ends, "timer_total": part.minutes * 60}
        if part.kind == "talk" and part.slides:
            slide = part.slides[min(self.slide, len(part.slides) - 1)]
            return AudienceState(APP, title=slide.title, step=part.title,
                                 drawing={"markdown": slide.body}, **common)
        if part.kind == "break":
            return AudienceState(APP, title=_("Break"), step=part.title, **common)
        app = part.app
        label = _("Evaluation round") if part.kind == "evaluation" else \
            _(ACTIVITIES.get(part.activity, ("", N_("Activity")))[1]).capitalize()
        if self.part == 0:  # people are still arriving: the room's code stays up
            common.update(joining)
        return AudienceState(APP, title=part.title, step=label, text=part.prompt,
                             drawing={"follow": app} if app in APPS else {}, **common)

    # ------------------------------------------------------------------ moves
    def start(self, plan: Plan) -> str:
        """Start the session with ``plan`` at its first part; refused when the plan has errors
        (the sentence names the first)."""
        errors = [f for f in plan.validate() if f.severity == "error"]
        if errors:
            return self._done(_("This plan cannot run yet: {problem}").format(
                problem=errors[0].message))
        problem = self.keeper.start(plan.title, {"plan": plan.to_dict()})
        self.plan, self.step, self.part, self.slide = plan, "run", 0, 0
        self.session_started = self.part_started = self.clock()
        self._save()
        return self._done(problem)

    def next_slide(self) -> str:
        """The next slide of a talk, or the next part after its last slide."""
        part = self._current()
        if part is None:
            return self._done(_("No part is running."))
        if part.kind == "talk" and self.slide + 1 < len(part.slides):
            return self._move(self.part, self.slide + 1, keep_clock=True)
        return self.next_part()

    def previous_slide(self) -> str:
        """Back one slide (within the part)."""
        if self._current() is None:
            return self._done(_("No part is running."))
        if self.slide == 0:
            return self._done(_("This is the part's first slide."))
        return self._move(self.part, self.slide - 1, keep_clock=True)

    def next_part(self) -> str:
        """On to the next part (its clock starts now); after the last part, the end."""
        if self._current() is None or self.plan is None:
            return self._done(_("No part is running."))
        if self.part + 1 >= len(self.plan.parts):
            return self.end()
        return self._move(self.part + 1, 0)

    def previous_part(self) -> str:
        """Back to the part before (its clock starts again)."""
        if self._current() is None:
            return self._done(_("No part is running."))
        if self.part == 0:
            return self._done(_("This is the first part."))
        return self._move(self.part - 1, 0)

    def end(self) -> str:
        """The session is over: it stays in the record, finished."""
        if self.plan is None or self.step != "run":
            return self._done(_("No session is running."))
        before = self.step
        self.step = "end"
        problem = self._save()
        if problem:
            self.step = before
            return self._done(problem)
        self.keeper.finish()
        return self._done()

    # ------------------------------------------------------------------ the follow-up question
    def can_ask_follow_up(self) -> bool:
        """The follow-up question belongs to the end: the last part, or after it."""
        if self.plan is None:
            return False
        return self.step == "end" or (self.step == "run"
                                      and self.part == len(self.plan.parts) - 1)

    def ask_follow_up(self) -> str:
        """Ask the room's phones "Would you like to hear about SoFA's trainings?" (yes or no,
        then, only after a yes, an optional way to be contacted). Refused before the last part,
        without a room, or when this session asked it already."""
        if not self.can_ask_follow_up():
            return self._done(_("The follow-up question is asked at the end: in the last part "
                                "or after the session ends."))
        if self._follow_up_activity() is not None:  # a second one would hide the first's
            return self._done(_("The follow-up question was asked already in this session; "
                                "its answers are shown here."))
        try:
            self.room.ask(FOLLOW_UP, _(QUESTION))  # the phones read it as asked
        except CourseError as exc:
            return self._done(exc.plain)
        return self._done()

    def show_follow_up(self) -> str:
        """Close the follow-up question and show its answers to the presenter (never to the
        room: the audience view and the participants' document carry counts only)."""
        activity = self._follow_up_activity()
        if activity is None:
            return self._done(_("The follow-up question has not been asked yet."))
        try:
            self.room.activity = activity
            self.room.collect()
        except CourseError as exc:
            return self._done(exc.plain)
        return self._done()

    def follow_up(self) -> FollowUp:
        """Where the follow-up question stands (answers once shown)."""
        try:
            return follow_up_of(self.room.room, self._follow_up_activity())
        except CourseError:
            return FollowUp()

    def _follow_up_activity(self) -> Any:
        """This session's follow-up question in the workshop's room: the newest one this app
        asked since the session started (found again from the record after a restart)."""
        room = self.room.room or self.room.find()
        if room is None or self.plan is None:
            return None
        try:
            activities = room.activities
        except CourseError:
            return None
        for activity in reversed(activities):
            if (activity.kind == FOLLOW_UP and activity.asked_by == self.room.asked_by
                    and activity.opened_at.timestamp() >= self.session_started - 1):
                return activity
        return None

    def _current(self) -> PlanPart | None:
        if self.plan is None or self.step != "run":
            return None
        return self.plan.parts[self.part]

    def _move(self, part: int, slide: int, *, keep_clock: bool = False) -> str:
        before = (self.part, self.slide, self.part_started)
        self.part, self.slide = part, slide
        if not keep_clock:
            self.part_started = self.clock()
        problem = self._save()
        if problem:
            self.part, self.slide, self.part_started = before
        return self._done(problem)

    def _save(self) -> str:
        return self.keeper.save(MOVE, {"step": self.step, "part": self.part,
                                       "slide": self.slide, "part_started": self.part_started,
                                       "session_started": self.session_started})

    # ------------------------------------------------------------------ the record
    def _restore(self, recorded: Recorded) -> str:
        self.plan = recorded_plan(recorded)
        moves = [data for step, data in recorded.steps if step == MOVE]
        last = moves[-1] if moves else {"step": "run", "part": 0, "slide": 0,
                                        "part_started": recorded.started_at.timestamp(),
                                        "session_started": recorded.started_at.timestamp()}
        self.step = "run" if last["step"] == "end" and not recorded.finished else last["step"]
        self.part, self.slide = int(last["part"]), int(last["slide"])
        self.part_started = float(last["part_started"])
        self.session_started = float(last["session_started"])
        if not 0 <= self.part < len(self.plan.parts):
            raise ValueError("part out of range")
        return ""

    @staticmethod
    def describe(recorded: Recorded) -> str:
        plan = recorded_plan(recorded)
        moves = [data for step, data in recorded.steps if step == MOVE]
        part = int(moves[-1]["part"]) if moves else 0
        return _("It stopped at part {number} of {total}, \"{title}\".").format(
            number=part + 1, total=len(plan.parts), title=plan.parts[part].title)

    @staticmethod
    def is_done(recorded: Recorded) -> bool:
        return any(step == MOVE and data.get("step") == "end" for step, data in recorded.steps)

    @staticmethod
    def export(recorded: Recorded) -> list[tuple[str, str, str]]:
        plan = recorded_plan(recorded)
        day = recorded.started_at.astimezone().date().isoformat()
        return [(f"intro-session-{day}-{recorded.id}.md", "text/markdown",
                 after_session_markdown(recorded, plan, []))]

    def past_files(self, recorded: Recorded) -> list[tuple[str, str, str]]:
        """A past intro session's files, read with the record: the participants' document (with
        the rounds held during it and the follow-up's counts) and, when people left a way to
        reach them, the facilitator's contacts (CSV)."""
        store = self.keeper.store
        if store is None:
            return self.export(recorded)
        plan = recorded_plan(recorded)
        day = recorded.started_at.astimezone().date().isoformat()
        later = [s.started_at.timestamp() for s in store.sessions(APP)
                 if s.started_at > recorded.started_at]
        until = min(later) if later else self.clock()
        asked = past_follow_up(store, recorded, until)
        files = [(f"intro-session-{day}-{recorded.id}.md", "text/markdown",
                  after_session_markdown(recorded, plan, held_during(store, recorded, until),
                                         asked.counts() if asked.shown else ""))]
        if asked.contacts:
            files.append((f"intro-session-{day}-{recorded.id}-contacts-for-the-facilitator.csv",
                          "text/csv", contacts_csv(asked)))
        return files

    def after_session(self) -> str:
        """One document for the participants: the plan as it ran and every app session held
        during it (the rounds' notes, the consent decision's logbook, the evaluation's answers),
        as the record holds them. "" when no record is kept."""
        recorded = self.keeper.session if self.keeper.session is not None else None
        store = self.keeper.store
        if store is None or self.plan is None:
            return ""
        if recorded is None:  # finished: the newest of this app's sessions
            past = store.sessions(APP)
            if not past:
                return ""
            recorded = past[0]
        asked = self.follow_up()
        return after_session_markdown(recorded, self.plan,
                                      held_during(store, recorded, self.clock()),
                                      asked.counts() if asked.shown else "")


def held_during(store: Any, recorded: Recorded, now: float) -> list[tuple[str, Recorded]]:
    """Every other app's session started while ``recorded`` ran, oldest first."""
    start = recorded.started_at.timestamp()
    found = []
    for app in ("rounds", "consent", "selection", "circle_map", "meeting", "workshop_room"):
        try:
            sessions = store.sessions(app)
        except CourseError:
            continue
        found += [(app, s) for s in sessions if start <= s.started_at.timestamp() <= now]
    return sorted(found, key=lambda pair: pair[1].started_at)


def past_follow_up(store: Any, recorded: Recorded, until: float) -> FollowUp:
    """The follow-up question an intro session asked (the newest one asked by the intro session
    in any room between its start and ``until``)."""
    start = recorded.started_at.timestamp()
    try:
        rooms = list(store.rooms())
    except CourseError:
        return FollowUp()
    found: list[tuple[float, Any, Any]] = []
    for room in rooms:
        for activity in room.activities:
            at = activity.opened_at.timestamp()
            if (activity.kind == FOLLOW_UP and activity.asked_by == "Intro session"
                    and start <= at <= until):
                found.append((at, room, activity))
    if not found:
        return FollowUp()
    _at, room, activity = max(found, key=lambda item: item[0])
    return follow_up_of(room, activity)


def _files_of(app: str, recorded: Recorded) -> list[tuple[str, str, str]]:
    from . import ConsentSession, RoundSession, SelectionSession, WorkshopSession
    from .meeting import MeetingSession

    kinds: dict[str, Any] = {"rounds": RoundSession, "consent": ConsentSession,
                             "selection": SelectionSession, "meeting": MeetingSession,
                             "workshop_room": WorkshopSession}
    kind = kinds.get(app)
    if kind is None:
        return []
    try:
        return list(kind.export(recorded))
    except (CourseError, KeyError, TypeError, ValueError):
        return []


def after_session_markdown(recorded: Recorded, plan: Plan,
                           held: list[tuple[str, Recorded]], follow_up: str = "") -> str:
    """The session's record as one Markdown document: the plan with its parts' times, then each
    app session held during it, in order, as that app writes its own record; then the follow-up
    question's counts (``follow_up``; never who said yes, nor their contacts)."""
    when = recorded.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    lines = [f"# {md_text(plan.title)}", "", _("Held on {when}.").format(when=when), ""]
    if plan.description:
        lines += [md_text(plan.description), ""]
    lines += ["## " + _("What we did"), ""]
    for index, (part, start, end) in enumerate(plan.schedule(), start=1):
        lines.append(_("{number}. {title} ({start}–{end} min)").format(
            number=index, title=md_text(part.title), start=f"{start:g}", end=f"{end:g}"))
    for app, session in held:
        for name, mime, content in _files_of(app, session):
            if mime in ("text/markdown", "text/plain") and name.endswith((".md", ".txt")):
                lines += ["", "---", "", content.strip()]
    if follow_up:
        lines += ["", "## " + _("Staying in touch"), "", md_text(follow_up)]
    lines += ["", "## " + _("Where to learn more"), "",
              "- Sociocracy For All: <https://www.sociocracyforall.org/>",
              _("- *Many Voices One Song*, SoFA's handbook: "
                "<https://www.sociocracyforall.org/mvos/>"), ""]
    return "\n".join(lines)
