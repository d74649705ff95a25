"""Practice tasks as data, and how each kind is checked: the rules behind the exercise widgets.

Every task carries the text a learner needs to learn from a mistake: a *why* for each choice,
item or step, a hint ("what to look at"), and a worked answer with its reasoning. Checking lives
here, not in the widgets, so it is tested without Jupyter and the solutions notebook is written
from the very same objects.

Kinds (the ``kind:`` of a task in a trainer's file, see ``docs/exercise-format.md``):

* ``choose``: a :class:`sociocracy.course.quizzes.Question` (one or several right choices);
* ``sort``: put items into groups (objection / preference / question, ...);
* ``order``: put steps in order;
* ``plan``: pick agenda items or rounds within a time budget (rules: budget, must, must not);
* ``chart``: read a number off a simulated chart (the model computes the answer, within a
  stated tolerance);
* ``build``: fix an organisation until :meth:`sociocracy.circles.Organization.validate` finds no
  error, or put a round's speakers in the order :class:`sociocracy.rounds.Round` gives;
* ``explore``: move a proposal until the model (:func:`sociocracy.tolerance.decide`) says the
  target method passes it.

The library modules for the models (numpy, circles, rounds) are imported only when a task of that
kind is checked or solved, so a page that opens on a multiple-choice question stays light.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sociocracy.core.errors import InputError
from sociocracy.core.language import N_, _, ngettext
from sociocracy.course.quizzes import Attempts, Grade, Question, grade

__all__ = [
    "AIRTIME_MEASURES", "BuildOrgTask", "BuildRoundTask", "ChartTask", "ChooseTask",
    "ExploreTask", "Mark", "OrderTask", "PlanItem", "PlanTask", "Result", "SortItem", "SortTask",
    "Task",
]


@dataclass(frozen=True)
class Mark:
    """One line of feedback: ``right`` True/False/None (neutral), a label and the reason."""

    right: bool | None
    label: str
    why: str = ""


@dataclass(frozen=True)
class Result:
    """What checking an answer found: ``status`` is right, partial, wrong or empty (no answer).

    ``marks`` explain each part (why right, why wrong); ``look_at`` says where to look next.
    """

    status: str
    headline: str
    marks: tuple[Mark, ...] = ()
    look_at: str = ""

    @property
    def correct(self) -> bool:
        return self.status == "right"


def _result(marks: Sequence[Mark], *, partial_ok: bool = True, look_at: str = "",
            right: str | None = None, wrong: str | None = None) -> Result:
    good = sum(1 for m in marks if m.right is True)
    bad = sum(1 for m in marks if m.right is False)
    if bad == 0:
        return Result("right", _("Right.") if right is None else right, tuple(marks))
    status = "partial" if good and partial_ok else "wrong"
    headline = (_("Partly right: {good} of {total} in place.").format(good=good, total=good + bad)
                if status == "partial" else _("Not yet.") if wrong is None else wrong)
    return Result(status, headline, tuple(marks), look_at)


@dataclass(frozen=True)
class Task:
    """What every task has: a title, the question, a hint and the worked answer's reasoning."""

    id: str
    title: str
    prompt: str
    hint: str
    worked: str
    scenario_text: str = ""
    #: What the task asks of the learner: "recall" an idea, or "application" to a situation.
    asks: str = "recall"

    kind = "task"

    def worked_lines(self) -> list[str]:
        """The worked answer as lines of plain text (the reasoning comes after them)."""
        return []


# ---- choose ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChooseTask(Task):
    question: Question = field(default=None)  # type: ignore[assignment]
    kind = "choose"

    def check(self, selected: Iterable[int]) -> Result:
        return self._result(grade(self.question, selected))

    def check_attempt(self, attempts: Attempts, selected: Iterable[int], *,
                      again: bool = False) -> Result:
        """Check a try, as a lesson quiz does (:class:`Attempts`): a wrong first answer to a
        single-choice task shows why it is not right and the hint, not the answer."""
        return self._result(attempts.check(selected, again=again))

    def _result(self, g: Grade) -> Result:
        if not g.selected:
            return Result("empty", _("Choose an answer first."))
        marks = []
        for index in sorted(g.selected | g.missed):
            choice = self.question.choices[index]
            if index in g.missed:
                marks.append(Mark(False, _("You missed “{choice}”").format(choice=choice.text),
                                  choice.why))
            else:
                marks.append(Mark(choice.correct, _("“{choice}”").format(choice=choice.text),
                                  choice.why))
        if g.correct:
            return Result("right", _("Right."), tuple(marks))
        status = "partial" if (g.selected - g.wrong) else "wrong"
        headline = g.headline if status == "partial" else _("Not this one.")
        if g.retry:
            headline = _("Not this one. Read why, then try once more.")
        return Result(status, headline, tuple(marks), self.hint)

    def worked_lines(self) -> list[str]:
        return [(_("Right: {choice}. {why}") if c.correct else
                 _("Not right: {choice}. {why}")).format(choice=c.text, why=c.why)
                .replace("..", ".").rstrip() for c in self.question.choices]


# ---- sort ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SortItem:
    text: str
    group: str
    why: str


@dataclass(frozen=True)
class SortTask(Task):
    groups: tuple[str, ...] = ()
    items: tuple[SortItem, ...] = ()
    kind = "sort"

    def check(self, answer: Sequence[str | None]) -> Result:
        """``answer[i]`` is the group chosen for item ``i`` (``None``: not sorted yet)."""
        if len(answer) != len(self.items):
            raise InputError(ngettext("Sort all {count} item.", "Sort all {count} items.",
                                      len(self.items)).format(count=len(self.items)))
        if all(a is None for a in answer):
            return Result("empty", _("Put each item into a group first."))
        marks = []
        for item, chosen in zip(self.items, answer, strict=True):
            if chosen is None:
                marks.append(Mark(False, _("“{item}”: not sorted yet").format(item=item.text),
                                  ""))
            elif chosen == item.group:
                marks.append(Mark(True, _("“{item}”: {group}").format(item=item.text,
                                                                      group=item.group),
                                  item.why))
            else:
                marks.append(Mark(False, _("“{item}”: not {group}").format(item=item.text,
                                                                           group=chosen),
                                  _("Read it again: what is the speaker doing with these "
                                    "words?")))
        return _result(marks, look_at=self.hint)

    def worked_lines(self) -> list[str]:
        return [f"{item.text} → {item.group}. {item.why}" for item in self.items]


# ---- order -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderTask(Task):
    steps: tuple[str, ...] = ()       # the right order
    whys: tuple[str, ...] = ()
    start: tuple[int, ...] = ()       # the order shown first (indices into steps)
    kind = "order"

    def check(self, order: Sequence[int]) -> Result:
        """``order`` lists step indices as the learner placed them."""
        if sorted(order) != list(range(len(self.steps))):
            raise InputError(_("Place every step exactly once."))
        marks = []
        for place, index in enumerate(order):
            text = self.steps[index]
            if index == place:
                marks.append(Mark(True, f"{place + 1}. {text}", self.whys[index]))
            else:
                marks.append(Mark(False, f"{place + 1}. {text}",
                                  _("This belongs in place {place}.").format(place=index + 1)))
        return _result(marks, look_at=self.hint)

    def worked_lines(self) -> list[str]:
        return [f"{n}. {step}. {why}".rstrip()
                for n, (step, why) in enumerate(zip(self.steps, self.whys, strict=True), 1)]


# ---- plan ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanItem:
    text: str
    minutes: int
    rule: str      # "must", "must-not" or "may"
    why: str
    round: str | None = None   # a kind of round (sociocracy.rounds.KINDS), shown with its purpose


@dataclass(frozen=True)
class PlanTask(Task):
    budget: int = 0
    items: tuple[PlanItem, ...] = ()
    kind = "plan"

    def total(self, picked: Iterable[int]) -> int:
        return sum(self.items[i].minutes for i in set(picked))

    def check(self, picked: Iterable[int]) -> Result:
        chosen = set(picked)
        if not chosen:
            return Result("empty", _("Pick the items for your plan first."))
        marks = []
        for index, item in enumerate(self.items):
            if item.rule == "must" and index not in chosen:
                marks.append(Mark(False, _("Missing: {item}").format(item=item.text), item.why))
            elif item.rule == "must-not" and index in chosen:
                marks.append(Mark(False, _("Leave out: {item}").format(item=item.text),
                                  item.why))
            elif index in chosen:
                marks.append(Mark(True, _("{text} ({minutes} min)").format(
                    text=item.text, minutes=item.minutes), item.why))
        total = self.total(chosen)
        if total > self.budget:
            marks.append(Mark(False, _("{total} minutes: {over} over the {budget}-minute "
                                       "budget").format(total=total, over=total - self.budget,
                                                        budget=self.budget),
                              _("Something has to go, or be shorter.")))
        else:
            marks.append(Mark(True, _("{total} of {budget} minutes").format(
                total=total, budget=self.budget), _("Within the budget.")))
        return _result(marks, look_at=self.hint, right=_("Right: this plan works."))

    def best_plan(self) -> tuple[int, ...]:
        """The items every working plan has (the musts), plus the "may" items that fit."""
        plan = [i for i, item in enumerate(self.items) if item.rule == "must"]
        left = self.budget - self.total(plan)
        for i, item in enumerate(self.items):
            if item.rule == "may" and item.minutes <= left:
                plan.append(i)
                left -= item.minutes
        return tuple(sorted(plan))

    def worked_lines(self) -> list[str]:
        plan = self.best_plan()
        lines = [_("{text} ({minutes} min).").format(text=self.items[i].text,
                                                     minutes=self.items[i].minutes)
                 + f" {self.items[i].why}" for i in plan]
        lines += [_("Not in the plan: {item}. {why}").format(item=item.text, why=item.why)
                  for i, item in enumerate(self.items) if i not in plan]
        lines.append(_("Total: {total} of {budget} minutes.").format(total=self.total(plan),
                                                                     budget=self.budget))
        return lines


def parse_number(text: str) -> float | None:
    """A number typed by a person ("70", "70 %", "70,5"); ``None`` when empty."""
    cleaned = text.strip().rstrip("%").strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise InputError(_("“{text}” is not a number; type digits, for example 42.").format(
            text=text.strip())) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(_("Type an ordinary number, for example 42."))
    return value


# ---- chart -----------------------------------------------------------------------------------

#: What a chart task can ask about an airtime simulation: measure -> (label, unit).
AIRTIME_MEASURES: dict[str, tuple[str, str]] = {
    "top_share": (N_("share of the talking done by the most talkative people"), "%"),
    "silent": (N_("people who never spoke"), N_("people")),
    "largest_share": (N_("share of the talking done by the person who spoke most"), "%"),
}


@dataclass(frozen=True)
class ChartTask(Task):
    model: str = "airtime"
    group_size: int = 8
    mode: str = "open"
    seed: int = 1
    measure: str = "top_share"
    top: int = 3
    tolerance: float = 0.0
    kind = "chart"

    def shares(self) -> Any:
        """Each person's share of the talking in the simulated meeting (the model's own run)."""
        from sociocracy.airtime import simulate_airtime

        return simulate_airtime(self.group_size, self.mode, seed=self.seed)[0]  # type: ignore[arg-type]

    @property
    def unit(self) -> str:
        return AIRTIME_MEASURES[self.measure][1]

    def answer(self) -> float:
        """The right answer, computed by the model (so the data can never disagree with it)."""
        from sociocracy.airtime import top_share

        shares = self.shares()
        if self.measure == "silent":
            return float((shares <= 0).sum())
        if self.measure == "largest_share":
            return round(float(shares.max()) * 100, 1)
        return round(float(top_share(shares, self.top)) * 100, 1)

    def check(self, value: float | str | None) -> Result:
        """Check a number (or the text a learner typed: "70", "70 %", "70,5")."""
        if isinstance(value, str):
            value = parse_number(value)
        if value is None:
            return Result("empty", _("Type a number first."))
        answer = self.answer()
        off = value - answer
        unit = " %" if self.unit == "%" else f" {_(self.unit)}"
        if abs(off) <= self.tolerance + 1e-9:
            return Result("right", _("Right."), (Mark(True, f"{value:g}{unit}",
                          _("The chart shows {answer}; anything within {tolerance} "
                            "counts.").format(answer=f"{answer:g}{unit}",
                                              tolerance=f"{self.tolerance:g}{unit}")),))
        shown = f"{value:g}{unit}"
        headline = (_("Not yet: {value} is too high.") if off > 0
                    else _("Not yet: {value} is too low.")).format(value=shown)
        return Result("wrong", headline,
                      (Mark(False, shown,
                            _("Answers within {tolerance} of the chart count.").format(
                                tolerance=f"{self.tolerance:g}{unit}")),),
                      self.hint)

    def worked_lines(self) -> list[str]:
        unit = " %" if self.unit == "%" else f" {_(self.unit)}"
        return [_("Answer: {answer} (within {tolerance}).").format(
            answer=f"{self.answer():g}{unit}", tolerance=f"{self.tolerance:g}{unit}")]


# ---- build -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildOrgTask(Task):
    """Fix the roles of an organisation (leader, delegate per circle) until the rules pass."""

    source: Any = None    # the scenario's organisation as a LoadedYaml (lines kept), read lazily
    answer: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # circle -> role -> who
    kind = "build"
    build = "organisation"

    @cached_property
    def organisation(self) -> Any:
        """The starting organisation, read by the library when the task is first needed."""
        from sociocracy.circles import organization_from_yaml

        return organization_from_yaml(self.source)

    def editable(self) -> list[tuple[str, tuple[str, ...]]]:
        """(circle, its members) for each circle whose roles the learner may set."""
        return [(c.name, tuple(c.members)) for c in self.organisation.circles]

    def with_roles(self, roles: Mapping[str, Mapping[str, str | None]]) -> Any:
        """A copy of the organisation with ``roles`` applied (the library does the setting)."""
        import copy

        org = copy.deepcopy(self.organisation)
        for circle, assigned in roles.items():
            for role, person in assigned.items():
                org.set_role(circle, role, person or None)
        return org

    def findings(self, roles: Mapping[str, Mapping[str, str | None]]) -> list[Any]:
        """The library's findings (errors only) for the organisation with ``roles``."""
        from datetime import date

        org = self.with_roles(roles)
        return [f for f in org.validate(today=date(2026, 1, 1)) if f.severity == "error"]

    def check(self, roles: Mapping[str, Mapping[str, str | None]]) -> Result:
        errors = self.findings(roles)
        if not errors:
            return Result("right", _("Right: the rules find nothing to fix."),
                          (Mark(True, _("Every circle below the top is double-linked"),
                                _("A leader and a delegate, two different people, who are "
                                  "members of both circles.")),))
        before = len(self.findings({}))
        marks = tuple(Mark(False, f.circle or _("The organisation"), f.message) for f in errors)
        status = "partial" if len(errors) < before else "wrong"
        headline = (ngettext("Partly right: {count} problem left.",
                             "Partly right: {count} problems left.", len(errors)).format(
                                 count=len(errors))
                    if status == "partial" else _("Not yet: the rules still find problems."))
        return Result(status, headline, marks, self.hint)

    def worked_lines(self) -> list[str]:
        return [f"{circle}: " + ", ".join(
                    (_("leader {person}") if role == "leader" else _("delegate {person}")
                     ).format(person=who) for role, who in roles.items())
                for circle, roles in self.answer.items()]


@dataclass(frozen=True)
class BuildRoundTask(Task):
    """Put people in the order they speak in a round; :class:`~sociocracy.rounds.Round` decides."""

    round_kind: str = "consent"
    seating: tuple[str, ...] = ()
    first: str | None = None
    last: str | None = None
    kind = "build"
    build = "round"

    def expected(self) -> tuple[str, ...]:
        from sociocracy.rounds import Round

        return Round(self.round_kind, self.seating, self.first, last=self.last).order

    def check(self, order: Sequence[str]) -> Result:
        if sorted(order) != sorted(self.seating):
            raise InputError(_("Place every person exactly once."))
        expected = self.expected()
        marks = []
        for place, who in enumerate(order):
            if expected[place] == who:
                why = (_("Speaks last, whoever starts.") if who == self.last
                       else _("In seating order."))
                marks.append(Mark(True, f"{place + 1}. {who}", why))
            else:
                marks.append(Mark(False, f"{place + 1}. {who}",
                                  _("{person} speaks in place {place}.").format(
                                      person=who, place=expected.index(who) + 1)))
        return _result(marks, look_at=self.hint)

    def worked_lines(self) -> list[str]:
        return [" → ".join(self.expected())]


# ---- explore ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExploreTask(Task):
    """Move a proposal (a number on the topic's scale) until ``method`` passes it."""

    people: tuple[tuple[str, float, float], ...] = ()   # name, preference, tolerance
    method: str = "consent"
    low: float = 0.0
    high: float = 10.0
    step: float = 0.5
    start: float = 0.0
    unit: str = ""
    kind = "explore"

    @cached_property
    def members(self) -> tuple[Any, ...]:
        """The people as :class:`sociocracy.tolerance.Member` (the model is imported lazily)."""
        from sociocracy.tolerance import Member

        return tuple(Member(name, preference, tolerance)
                     for name, preference, tolerance in self.people)

    def values(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [round(self.low + i * self.step, 6) for i in range(count + 1)]

    def outcome(self, value: float) -> Any:
        from sociocracy.tolerance import decide

        return decide(self.method, list(self.members), value)

    def solutions(self) -> list[float]:
        """Every value on the scale the model passes (the worked answer names their range)."""
        return [v for v in self.values() if self.outcome(v).passed]

    def check(self, value: float | None) -> Result:
        if value is None:
            return Result("empty", _("Set the proposal first."))
        outcome = self.outcome(value)
        marks = [Mark(name not in outcome.outside, name,
                      _("can work with it") if name not in outcome.outside
                      else _("would object: it is outside their range of tolerance"))
                 for name in (m.name for m in self.members)]
        if outcome.passed:
            return Result("right", _("Right: {value} passes.").format(
                value=f"{value:g} {self.unit}".strip()), tuple(marks))
        return _result(marks, look_at=self.hint, partial_ok=False,
                       wrong=_("Not yet: {count} would object.").format(
                           count=len(outcome.outside)))

    def worked_lines(self) -> list[str]:
        found = self.solutions()
        if not found:
            return [_("No value on this scale passes.")]
        return [_("Any value from {low} to {high} passes.").format(
            low=f"{found[0]:g}", high=f"{found[-1]:g} {self.unit}".strip())]


def kinds() -> tuple[str, ...]:
    """The task kinds a trainer can write."""
    return ("choose", "sort", "order", "plan", "chart", "build", "explore")
