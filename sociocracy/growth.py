"""A growing organisation: from 5 to 40 volunteers, month by month, with circles, roles and terms.

Benefit 9 (sustainable practices) has two halves in the course's founding text: helping
communities make environmentally responsible decisions, and keeping groups going. This module
lets a learner run both in one story. A volunteer garden grows from 5 to 40 people over
:data:`MONTHS` months. The learner decides when to split a circle, which roles to fill and for
which term; each month the model shows meeting hours per person, unfilled roles, overloaded
people and decisions stalled in a circle's backlog. In month :data:`HEATING_MONTH` the first
circle decides an environmental policy (heat the hall less), with or without measures and a
review date, through :mod:`sociocracy.policies`.

What the sources say (Rau & Koch-Gonzalez, *Many Voices One Song*, 2018): a circle's default size
is five to seven members ("Membership"); each circle has a leader, a delegate, a facilitator and
a secretary ("Circle roles", :data:`sociocracy.meeting_load.CIRCLE_ROLES`); the leader and the
delegate of a department circle are members of the general circle too ("Types of circles",
"Double-linking"); roles
and policies have terms ("Terms", "Term ends"); a group can have more circles and meetings than
its people can fill ("'Too-many-meetings' and 'too-many-circles' syndrome"); a fear about a
policy can be measured with an alarm threshold ("Measure the concern"). That a role held for a
long time without a break wears people out is practitioners' experience (Rolebase issue 53), not
a finding.

What the model assumes (every number below is ours, chosen to make the trade-offs visible):

* Growth is steady: ``5 + 35 * month / MONTHS`` people, rounded. A newcomer joins the
  department circle with the fewest members.
* Each member brings :data:`ISSUES_PER_MEMBER` decisions a month to their circle; the general
  circle gets :data:`ISSUES_PER_CIRCLE` per department circle. A meeting has
  :data:`MEETING_MINUTES` minutes, :data:`FRAME_MINUTES` of them opening and closing; a decision
  takes three rounds of :data:`MINUTES_PER_TURN` minutes per member, so a big circle decides
  fewer things per meeting; a selection takes :data:`SELECTION_MINUTES`; a circle with no
  facilitator gets through half as much. What is not decided waits in the backlog ("stalled").
* Hours per person: every circle a person sits in meets monthly for ``hours_per_meeting`` hours,
  and adds a meeting for every :data:`EXTRA_MEETING_EVERY` stalled decisions (up to
  :data:`MAX_EXTRA` more; practitioners report groups answering a backlog with more meetings);
  a person is overloaded above ``hours_available`` hours a month (both the defaults of
  :class:`sociocracy.meeting_load.MeetingLoad`), with :data:`MAX_ROLES` roles or more, or after
  :data:`TIRED_AFTER` months in the same role without a break.
* A role is filled by the member of the circle with the fewest roles, not the one who just
  held it if someone else can, and never leader and delegate by the same person.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from sociocracy.circle_model import role_label
from sociocracy.consent import add_months
from sociocracy.core.errors import InputError, ProcessError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.meeting_load import CIRCLE_ROLES, MeetingLoad
from sociocracy.policies import Measure, Policy, simulate_policy

__all__ = [
    "HEATING_CHOICES", "HEATING_MONTH", "MONTHS", "NAMES", "TERMS", "GrowingOrganisation",
    "GrowthCircle", "HeatingOutcome", "MonthReport", "Seat", "people_at",
]

MONTHS = 24
START_PEOPLE, END_PEOPLE = 5, 40
ISSUES_PER_MEMBER = 0.35
ISSUES_PER_CIRCLE = 0.15
#: A circle adds one extra meeting a month for every this many stalled decisions (at most
#: MAX_EXTRA): groups answer a backlog with more meetings.
EXTRA_MEETING_EVERY, MAX_EXTRA = 3, 3
MEETING_MINUTES, FRAME_MINUTES, MINUTES_PER_TURN, SELECTION_MINUTES = 120, 30, 2, 20
MAX_ROLES = 3
TIRED_AFTER = 12
#: Terms a learner can choose for a role, in months.
TERMS: tuple[int, ...] = (6, 12, 24)
#: A circle splits only when both halves keep at least this many members.
MIN_SPLIT_HALF = 3
STALLED_AT = 1.0  # a decision counts as stalled once a whole one waits in the backlog

_LOAD_DEFAULTS = {f.name: f.default for f in dataclasses.fields(MeetingLoad)}
HOURS_PER_MEETING = float(_LOAD_DEFAULTS["hours_per_meeting"])  # type: ignore[arg-type]
HOURS_AVAILABLE = float(_LOAD_DEFAULTS["hours_available"])  # type: ignore[arg-type]

#: The garden's volunteers, in the order they join (made up for the course).
NAMES: tuple[str, ...] = (
    "Ana", "Ben", "Chloé", "Dev", "Ema", "Femi", "Gita", "Hugo", "Ines", "Jonas", "Kemal", "Lea",
    "Malik", "Nora", "Olu", "Priya", "Quinn", "Rosa", "Sami", "Tove", "Umar", "Vera", "Wen",
    "Ximena", "Yusuf", "Zoe", "Aiko", "Bram", "Carmen", "Dario", "Elif", "Finn", "Grace", "Hamid",
    "Ivy", "Jules", "Kofi", "Lina", "Mateo", "Nia",
)

#: Work areas a split circle can take on, in order (the first circle is the whole garden).
#: Names are kept in English (they are how the model finds a circle); people read
#: :func:`circle_label`.
AREAS: tuple[str, ...] = (N_("Growing"), N_("Events"), N_("Money"), N_("Maintenance"),
                          N_("Outreach"), N_("Children's garden"), N_("Compost"),
                          N_("Seed library"))
GENERAL = N_("General circle")
FIRST = N_("Garden circle")

#: The environmental item, decided by the first circle in this month.
HEATING_MONTH = 6
HEATING_CHOICES: dict[str, str] = {
    "measure": N_("Adopt it with two measures and a review in six months"),
    "plain": N_("Adopt it as it is: no measure, no review date"),
    "postpone": N_("Put it off until everyone is sure"),
}
_START = dt.date(2027, 1, 1)


def circle_label(name: str) -> str:
    """A garden circle's name as people read it in the page's language."""
    return _(name)


def people_at(month: int) -> int:
    """How many volunteers the garden has in ``month`` (0 to :data:`MONTHS`)."""
    month = max(0, min(MONTHS, month))
    return START_PEOPLE + round((END_PEOPLE - START_PEOPLE) * month / MONTHS)


def _measures() -> tuple[str, str]:
    """The heating policy's two measures, named in the page's language."""
    return _("attendance"), _("warmth rating")


@dataclass
class Seat:
    """A role in a circle: who holds it (None: unfilled), months left of the term, months held."""

    holder: int | None = None
    term_left: int = 0
    held_for: int = 0
    last_holder: int | None = None


@dataclass
class GrowthCircle:
    """A circle of the garden: its members (indices into :data:`NAMES`), roles and backlog."""

    name: str
    members: list[int]
    roles: dict[str, Seat]
    backlog: float = 0.0
    selections: int = 0  # selections held this month (they take meeting time)

    @property
    def is_general(self) -> bool:
        return self.name == GENERAL

    @property
    def stalled(self) -> int:
        return int(self.backlog // STALLED_AT)

    @property
    def meetings(self) -> int:
        """Meetings a month: one, plus extra ones to catch up with a backlog."""
        return 1 + min(MAX_EXTRA, self.stalled // EXTRA_MEETING_EVERY)


@dataclass(frozen=True)
class HeatingOutcome:
    """What came of the heating item: the policy (None without one) and what the review found."""

    choice: str
    policy: Policy | None
    decided_month: int
    review_month: int | None
    review: str = ""  # filled in when the review month is reached


@dataclass(frozen=True)
class MonthReport:
    """What the learner sees after a month."""

    month: int
    people: int
    hours: dict[str, float]             # meeting hours a month, per person
    overloaded: dict[str, str]          # person -> why
    unfilled: tuple[tuple[str, str], ...]   # (circle, role)
    stalled: dict[str, int]             # circle -> decisions waiting
    events: tuple[str, ...]

    @property
    def stalled_total(self) -> int:
        return sum(self.stalled.values())


@dataclass
class GrowingOrganisation:
    """The garden as it grows; every change goes through a method that checks it is allowed."""

    seed: int = 1
    month: int = 0
    circles: list[GrowthCircle] = field(default_factory=list)
    heating: HeatingOutcome | None = None
    events: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.circles:
            self.circles = [GrowthCircle(FIRST, list(range(START_PEOPLE)),
                                   self._seats(general=False, alone=True))]

    # ---- what the learner can do ------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.month >= MONTHS

    @property
    def people(self) -> int:
        return people_at(self.month)

    @property
    def departments(self) -> list[GrowthCircle]:
        return [c for c in self.circles if not c.is_general]

    def circle(self, name: str) -> GrowthCircle:
        for circle in self.circles:
            if circle.name == name:
                return circle
        raise InputError(_("There is no circle called '{circle}'.").format(
            circle=circle_label(name)))

    def can_split(self, name: str) -> str:
        """"" when ``name`` can split, else the sentence saying why not."""
        circle = self.circle(name)
        if circle.is_general:
            return _("The general circle is made of the other circles' links; split those "
                     "instead.")
        if len(self.departments) >= len(AREAS):
            return _("The garden has no more areas of work to give a new circle.")
        if len(circle.members) < 2 * MIN_SPLIT_HALF:
            return ngettext("{circle} has {count} member: each new circle needs at least "
                            "{least}.",
                            "{circle} has {count} members: each new circle needs at least "
                            "{least}.", len(circle.members)).format(
                circle=circle_label(name), count=len(circle.members), least=MIN_SPLIT_HALF)
        return ""

    def split(self, name: str) -> GrowthCircle:
        """Split a department circle in two; both select their roles afresh."""
        self._refuse_if_finished()
        why = self.can_split(name)
        if why:
            raise ProcessError(why)
        circle = self.circle(name)
        if circle.name == FIRST:  # the whole garden becomes its first area of work
            circle.name = AREAS[0]
        taken = {c.name for c in self.circles}
        new_name = next(a for a in AREAS if a not in taken)
        half = len(circle.members) // 2
        moving = circle.members[half:]
        circle.members = circle.members[:half]
        circle.roles = self._seats(general=False, alone=False)
        new = GrowthCircle(new_name, moving, self._seats(general=False, alone=False),
                     backlog=circle.backlog / 2)
        circle.backlog /= 2
        self.circles.insert(len(self.departments), new)
        if not any(c.is_general for c in self.circles):
            self.circles.append(GrowthCircle(GENERAL, [],
                                             self._seats(general=True, alone=False)))
        self._sync_general()
        self.events.append(_("{circle} split into {first} and {second}; both select their "
                             "roles.").format(circle=circle_label(name),
                                              first=circle_label(circle.name),
                                              second=circle_label(new_name)))
        return new

    def fill(self, circle_name: str, role: str, term_months: int) -> str:
        """Select someone for ``role`` for ``term_months``; returns who (the model chooses)."""
        self._refuse_if_finished()
        if term_months not in TERMS:
            raise InputError(_("Choose a term of {terms} months.").format(
                terms=", ".join(map(str, TERMS))))
        circle = self.circle(circle_name)
        if role not in circle.roles:
            raise InputError(_("{circle} has no role called '{role}'.").format(
                circle=circle_label(circle_name), role=role_label(role)))
        seat = circle.roles[role]
        if seat.holder is not None:
            raise ProcessError(_("{person} is already {role} of {circle}.").format(
                person=NAMES[seat.holder], role=role_label(role),
                circle=circle_label(circle_name)))
        candidates = [p for p in circle.members if not self._clashes(circle, role, p)]
        if not candidates:
            raise ProcessError(_("Nobody in {circle} can take the {role} role yet.").format(
                circle=circle_label(circle_name), role=role_label(role)))
        fresh = [p for p in candidates if p != seat.last_holder] or candidates
        counts = self.roles_held()
        person = min(fresh, key=lambda p: (counts.get(p, 0), p))
        seat.holder, seat.term_left = person, term_months
        seat.held_for = seat.held_for if person == seat.last_holder else 0
        circle.selections += 1
        self._sync_general()
        self.events.append(_("{circle} selected {person} as {role} for {months} months.").format(
            circle=circle_label(circle_name), person=NAMES[person], role=role_label(role),
            months=term_months))
        return NAMES[person]

    def decide_heating(self, choice: str) -> HeatingOutcome:
        """The first circle decides the environmental item (see :data:`HEATING_CHOICES`)."""
        if choice not in HEATING_CHOICES:
            raise InputError(_("Choose one of: {choices}.").format(
                choices=", ".join(HEATING_CHOICES)))
        if self.month < HEATING_MONTH:
            raise ProcessError(_("The heating item comes up in month {month}.").format(
                month=HEATING_MONTH))
        if self.heating is not None and self.heating.choice != "postpone":
            raise ProcessError(_("The heating item has been decided."))
        decided = add_months(_START, self.month)
        policy = None
        review_month = None
        if choice == "measure":
            attendance, warmth = _measures()
            policy = Policy(
                title=_("Heat the hall to 18 °C"),
                text=_("To burn less heating oil, the hall is heated to 18 °C instead of 21 °C. "
                       "Attendance at the winter workshops and the warmth people report in the "
                       "evaluation round are measured monthly; if attendance falls by 15 % or "
                       "the warmth rating by 20 %, the circle reviews at once."),
                decided=decided, term_months=6, circle=circle_label(self.departments[0].name),
                measures=(Measure(attendance, 100, 0.15), Measure(warmth, 7, 0.20)))
            review_month = self.month + policy.term_months
        elif choice == "plain":
            review_month = self.month + 6  # when the argument comes back, with nothing to read
        self.heating = HeatingOutcome(choice, policy, self.month, review_month)
        self.events.append(_("Heating item: {choice}.").format(
            choice=_(HEATING_CHOICES[choice]).lower()))
        if choice == "postpone":
            self.departments[0].backlog += 1.0
            self.events.append(_("The item goes back on the backlog, and the hall stays at "
                                 "21 °C, burning as much oil as before, while the circle waits "
                                 "to be sure."))
        return self.heating

    def next_month(self) -> MonthReport:
        """Hold this month's meetings, let people join, end terms; the new month's report."""
        self._refuse_if_finished()
        self.events = []
        for circle in self.circles:
            circle.backlog = max(0.0, circle.backlog + self._arrivals(circle)
                                 - self._capacity(circle))
            circle.selections = 0
        self.month += 1
        for _newcomer in range(people_at(self.month) - people_at(self.month - 1)):
            home = min(self.departments, key=lambda c: len(c.members))
            home.members.append(self._everyone_count())
        for circle in self.circles:
            for role, seat in circle.roles.items():
                if seat.holder is None:
                    continue
                seat.term_left -= 1
                seat.held_for += 1
                if seat.term_left <= 0:
                    self.events.append(_("{person}'s term as {role} of {circle} ended: select "
                                         "again.").format(person=NAMES[seat.holder],
                                                          role=role_label(role),
                                                          circle=circle_label(circle.name)))
                    seat.last_holder, seat.holder = seat.holder, None
        self._sync_general()
        self._review_heating()
        return self.report()

    # ---- what the learner sees ----------------------------------------------------------------

    def roles_held(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for circle in self.circles:
            for seat in circle.roles.values():
                if seat.holder is not None:
                    counts[seat.holder] = counts.get(seat.holder, 0) + 1
        return counts

    def report(self) -> MonthReport:
        everyone = range(self._everyone_count())
        meetings = {p: 0 for p in everyone}
        for circle in self.circles:
            for p in circle.members:
                meetings[p] += circle.meetings
        hours = {NAMES[p]: meetings[p] * HOURS_PER_MEETING for p in everyone}
        counts = self.roles_held()
        overloaded: dict[str, str] = {}
        for p in everyone:
            why = []
            if hours[NAMES[p]] > HOURS_AVAILABLE:
                why.append(_("{hours} meeting hours a month").format(
                    hours=f"{hours[NAMES[p]]:g}"))
            if counts.get(p, 0) >= MAX_ROLES:
                why.append(ngettext("{count} role", "{count} roles", counts[p]).format(
                    count=counts[p]))
            long = [_("{role} of {circle} for {months} months").format(
                        role=role_label(role), circle=circle_label(c.name),
                        months=seat.held_for)
                    for c in self.circles for role, seat in c.roles.items()
                    if seat.holder == p and seat.held_for >= TIRED_AFTER]
            why += long
            if why:
                overloaded[NAMES[p]] = "; ".join(why)
        unfilled = tuple((c.name, role) for c in self.circles for role, seat in c.roles.items()
                         if seat.holder is None)
        stalled = {c.name: c.stalled for c in self.circles if c.stalled}
        return MonthReport(self.month, self.people, hours, overloaded, unfilled, stalled,
                           tuple(self.events))

    # ---- rules inside ---------------------------------------------------------------------

    def _refuse_if_finished(self) -> None:
        if self.finished:
            raise ProcessError(_("The simulation ends after month {month}; start again to "
                                 "try other choices.").format(month=MONTHS))

    def _everyone_count(self) -> int:
        return sum(len(c.members) for c in self.departments)

    @staticmethod
    def _seats(*, general: bool, alone: bool) -> dict[str, Seat]:
        # A lone circle has no parent to link to; the general circle's members are links.
        roles = [r for r in CIRCLE_ROLES
                 if not ((general or alone) and r in ("leader", "delegate"))]
        return {role: Seat() for role in roles}

    def _clashes(self, circle: GrowthCircle, role: str, person: int) -> bool:
        """The delegate is never the circle's leader (MVOS, "Double-linking")."""
        other = {"leader": "delegate", "delegate": "leader"}.get(role)
        return bool(other and other in circle.roles and circle.roles[other].holder == person)

    def _sync_general(self) -> None:
        general = next((c for c in self.circles if c.is_general), None)
        if general is None:
            return
        links = []
        for c in self.departments:
            for role in ("leader", "delegate"):
                seat = c.roles.get(role)
                if seat and seat.holder is not None and seat.holder not in links:
                    links.append(seat.holder)
        general.members = links
        for seat in general.roles.values():  # a holder who left the general circle
            if seat.holder is not None and seat.holder not in links:
                seat.last_holder, seat.holder = seat.holder, None

    def _arrivals(self, circle: GrowthCircle) -> float:
        if circle.is_general:
            return ISSUES_PER_CIRCLE * len(self.departments)
        return ISSUES_PER_MEMBER * len(circle.members)

    @staticmethod
    def _capacity(circle: GrowthCircle) -> float:
        size = len(circle.members)
        if size < 2:
            return 0.0
        minutes = max(0, MEETING_MINUTES - FRAME_MINUTES - SELECTION_MINUTES * circle.selections)
        per_decision = 3 * size * MINUTES_PER_TURN
        rate = minutes / per_decision
        return rate / 2 if circle.roles.get("facilitator", Seat()).holder is None else rate

    def _review_heating(self) -> None:
        heating = self.heating
        if heating is None or heating.review_month != self.month:
            return
        if heating.policy is not None:
            months = heating.policy.term_months
            attendance, warmth = (m.name for m in heating.policy.measures)
            run = simulate_policy(heating.policy, months, seed=self.seed,
                                  effect={attendance: 0.05, warmth: 0.1},
                                  noise={attendance: 0.05, warmth: 0.05})
            values = {m.name: float(run.values[0, -1, i])
                      for i, m in enumerate(heating.policy.measures)}
            check = heating.policy.check(months, values)
            first = run.first_alarm[0]
            found = check.reason.split(": ", 1)[1]  # "no alarm (...). The term has ended: ..."
            review = _("Review of '{policy}' in month {month}, at the end of its {term}-month "
                       "term: {found}").format(policy=heating.policy.title, month=self.month,
                                               term=months, found=found)
            if first:
                review += " " + _("An alarm had already fired in month {month} of the "
                                  "term.").format(month=first)
            review += " " + _("The hall burned about a fifth less oil over the winter (the "
                              "policy's aim; the course's illustrative figure).")
        else:
            review = _("Six months on, some say the hall is too cold, others that the oil bill "
                       "fell. Nothing was measured and no review date was set, so the heating "
                       "comes back as an argument between opinions.")
        self.heating = dataclasses.replace(heating, review=review)
        self.events.append(review)
