"""Reading a trainer's exercise set (``exercises/data/NN_topic.yaml``) into checked tasks.

The format is documented in ``docs/exercise-format.md``. Everything a trainer can get wrong comes
back as a :class:`~sociocracy.core.errors.ScenarioError` naming file, line and field; a mistake in
one task does not hide the others: :func:`load_exercise_set` keeps the good tasks and lists the
broken ones in :attr:`ExerciseSetData.problems`, so a page shows a short message in the broken
task's place and the rest of the set still works. ``sociocracy-course check`` reports the same
problems as ``FILE:LINE: error code: message``.

Organisations and rounds in tasks are read and judged by the library's own rules
(:func:`sociocracy.circles.organization_from_yaml`, :meth:`Organization.validate`,
:class:`sociocracy.rounds.Round`): a task whose worked answer those rules reject is an error.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sociocracy.core.errors import CourseError, ScenarioError
from sociocracy.core.fields import suggest_field, unknown_field_message
from sociocracy.core.language import N_, _, localized, ngettext
from sociocracy.core.yaml_file import LoadedYaml, load_yaml, require
from sociocracy.course.exercise_tasks import (
    AIRTIME_MEASURES,
    BuildOrgTask,
    BuildRoundTask,
    ChartTask,
    ChooseTask,
    ExploreTask,
    OrderTask,
    PlanItem,
    PlanTask,
    SortItem,
    SortTask,
    Task,
    kinds,
)
from sociocracy.course.quizzes import KINDS as ASKS
from sociocracy.course.quizzes import questions_from_data

__all__ = ["ExerciseError", "ExerciseSetData", "is_exercise_set", "load_exercise_set",
           "read_exercise_set"]

_TOP_FIELDS = {"title", "lesson", "intro", "scenarios", "tasks"}
_COMMON = {"kind", "id", "title", "prompt", "hint", "worked", "scenario", "asks"}
_KIND_FIELDS = {
    "choose": {"multiple", "choices"},
    "sort": {"groups", "items"},
    "order": {"steps"},
    "plan": {"budget", "items"},
    "chart": {"model", "group_size", "mode", "seed", "measure", "top", "tolerance"},
    "build": {"build", "answer", "round", "seating", "first", "last"},
    "explore": {"method", "scale", "start"},
}


class ExerciseError(ScenarioError):
    """A problem in an exercise file; ``code`` names its kind for the ``check`` command."""

    def __init__(self, message: str, *, code: str = "invalid-task", path: str | None = None,
                 line: int | None = None, field: str | None = None) -> None:
        super().__init__(message, path=path, line=line, field=field, check_code=code)


@dataclass
class ExerciseSetData:
    """A loaded set: its title, the lesson it practises, and its tasks in file order.

    ``entries`` holds a :class:`Task` or, for a task that could not be read, its
    :class:`ScenarioError`, so that a page can show the error where the task would be.
    """

    title: str
    path: str
    lesson: str = ""
    intro: str = ""
    entries: list[Task | ScenarioError] = field(default_factory=list)

    #: Checks against the library's rules (circles, rounds, the models) not run yet, by entry.
    pending: dict[int, Callable[[], None]] = field(default_factory=dict, repr=False)

    @property
    def tasks(self) -> list[Task]:
        return [e for e in self.entries if isinstance(e, Task)]

    @property
    def problems(self) -> list[ScenarioError]:
        """Problems found so far (all of them once :meth:`check_all` has run)."""
        return [e for e in self.entries if isinstance(e, ScenarioError)]

    def ready(self, index: int) -> Task | ScenarioError:
        """Entry ``index`` after its rules check: the task, or the error that check found."""
        rules = self.pending.pop(index, None)
        if rules is not None:
            try:
                rules()
            except ScenarioError as exc:
                self.entries[index] = exc
        return self.entries[index]

    def check_all(self) -> ExerciseSetData:
        for index in list(self.pending):
            self.ready(index)
        return self


def is_exercise_set(data: Any) -> bool:
    """Whether parsed YAML looks like an exercise set (the ``check`` command asks)."""
    return isinstance(data, dict) and "tasks" in data


def _err(loaded: LoadedYaml, message: str, *keys: Any, code: str = "invalid-task",
         field_name: str | None = None) -> ExerciseError:
    base = loaded.error(message, *keys, field_name=field_name)
    return ExerciseError(message, code=code, path=base.path, line=base.line, field=base.field)


def _text(loaded: LoadedYaml, raw: dict, key: str, *at: Any, optional: bool = False) -> str:
    value = require(loaded, raw, key, (str, int, float), *at, optional=optional, default="")
    return str(value).strip()


def _list(loaded: LoadedYaml, raw: dict, key: str, *at: Any, least: int = 1) -> list:
    value = require(loaded, raw, key, list, *at)
    if len(value) < least:
        raise _err(loaded, ngettext("'{key}' needs at least {count} entry",
                                    "'{key}' needs at least {count} entries", least).format(
            key=key, count=least), *at, key)
    return value


#: "each task should be a group of fields", one whole sentence per part of a file.
_GROUP_OF_FIELDS = {
    "scenario": N_("each scenario should be a group of fields"),
    "person": N_("each person should be a group of fields"),
    "task": N_("each task should be a group of fields"),
    "item": N_("each item should be a group of fields"),
    "step": N_("each step should be a group of fields"),
    "circle's roles": N_("each circle's roles should be a group of fields"),
}


def _mapping(loaded: LoadedYaml, raw: Any, what: str, *at: Any) -> dict:
    if not isinstance(raw, dict):
        raise _err(loaded, _(_GROUP_OF_FIELDS[what]), *at)
    return raw


def _unknown_fields(loaded: LoadedYaml, raw: dict, allowed: set[str], what: str,
                    *at: Any) -> None:
    for key in raw:
        if key not in allowed:  # the quizzes' and organisations' wording, with "did you mean"
            raise _err(loaded, unknown_field_message(key, allowed, what), *at, key,
                       code="unknown-field")


def _sub_yaml(loaded: LoadedYaml, *prefix: Any) -> LoadedYaml:
    """The part of the file under ``prefix``, keeping the file's own line numbers."""
    data: Any = loaded.data
    for key in prefix:
        data = data[key]
    n = len(prefix)
    lines = {k[n:]: v for k, v in loaded.lines.items() if k[:n] == prefix}
    return LoadedYaml(data=data, path=loaded.path, lines=lines)


def _shown_order(task_id: str, count: int) -> tuple[int, ...]:
    """A fixed shuffle of ``count`` steps (never the right order), the same on every visit."""
    order = list(range(count))
    rng = random.Random(task_id)
    while order == sorted(order) and count > 1:
        rng.shuffle(order)
    return tuple(order)


# ---- scenarios -------------------------------------------------------------------------------


def _scenarios(loaded: LoadedYaml) -> dict[str, dict]:
    raw = require(loaded, loaded.data, "scenarios", dict, optional=True, default={})
    for name, scenario in raw.items():
        _mapping(loaded, scenario, "scenario", "scenarios", name)
        _unknown_fields(loaded, scenario, {"text", "people", "organisation"}, _("a scenario"),
                        "scenarios", name)
    return raw


def _people(loaded: LoadedYaml, scenario_name: str,
            scenario: dict) -> tuple[tuple[str, float, float], ...]:
    """The scenario's people as (name, preference, tolerance); the model checks them later."""
    at = ("scenarios", scenario_name)
    people = []
    for index, raw in enumerate(_list(loaded, scenario, "people", *at, least=1)):
        p_at = (*at, "people", index)
        _mapping(loaded, raw, "person", *p_at)
        _unknown_fields(loaded, raw, {"name", "about", "preference", "tolerance"}, _("a person"),
                        *p_at)
        people.append((_text(loaded, raw, "name", *p_at),
                       require(loaded, raw, "preference", float, *p_at),
                       require(loaded, raw, "tolerance", float, *p_at)))
    return tuple(people)


def _scenario_text(scenario: dict | None) -> str:
    if not scenario:
        return ""
    text = str(scenario.get("text") or "").strip()
    people = scenario.get("people") or []
    about = [f"{p.get('name')}: {p.get('about')}" for p in people
             if isinstance(p, dict) and p.get("about")]
    return "\n".join([text, *about]).strip()


# ---- tasks -----------------------------------------------------------------------------------


RulesCheck = Callable[[], None]


def _task(loaded: LoadedYaml, raw: Any, index: int,
          scenarios: dict[str, dict]) -> tuple[Task, RulesCheck | None]:
    """A task read from the file, and its check against the library's rules (run later)."""
    at: tuple[Any, ...] = ("tasks", index)
    _mapping(loaded, raw, "task", *at)
    kind = _text(loaded, raw, "kind", *at)
    if kind not in kinds():
        raise _err(loaded, _("'{kind}' is not a kind of task; use one of {kinds}").format(
            kind=kind, kinds=", ".join(kinds())), *at, "kind")
    _unknown_fields(loaded, raw, _COMMON | _KIND_FIELDS[kind],
                    _("a {kind} task").format(kind=kind), *at)
    scenario_name = _text(loaded, raw, "scenario", *at, optional=True)
    scenario = None
    if scenario_name:
        if scenario_name not in scenarios:
            known = ", ".join(scenarios) or _("none yet")
            raise _err(loaded, _("there is no scenario called '{name}' (known: {known})").format(
                name=scenario_name, known=known), *at, "scenario", code="unknown-scenario")
        scenario = scenarios[scenario_name]
    common = {
        "id": _text(loaded, raw, "id", *at, optional=True) or f"task-{index + 1}",
        "title": _text(loaded, raw, "title", *at),
        "prompt": _text(loaded, raw, "prompt", *at),
        "hint": _text(loaded, raw, "hint", *at),
        "worked": _text(loaded, raw, "worked", *at),
        "scenario_text": _scenario_text(scenario),
        "asks": _asks(loaded, raw, at),
    }
    builder = {"choose": _choose, "sort": _sort, "order": _order, "plan": _plan,
               "chart": _chart, "build": _build, "explore": _explore}[kind]
    built = builder(loaded, raw, at, common, scenario_name, scenario)
    return built if isinstance(built, tuple) else (built, None)


def _asks(loaded: LoadedYaml, raw: dict, at: tuple) -> str:
    """``asks:``: recall (the default) or application, as a quiz question's ``kind:`` (a task's
    ``kind:`` already names its kind of task: choose, sort, ...)."""
    asks = _text(loaded, raw, "asks", *at, optional=True) or "recall"
    if asks not in ASKS:
        raise _err(loaded, _("'{asks}' is not something a task can ask; use one of "
                             "{kinds}{suggestion}").format(
            asks=asks, kinds=", ".join(ASKS), suggestion=suggest_field(asks, ASKS)), *at, "asks",
                   code="wrong-type")
    return asks


def _choose(loaded, raw, at, common, _name, _scenario) -> ChooseTask:
    question = {"prompt": common["prompt"], "multiple": raw.get("multiple", False),
                "choices": raw.get("choices")}
    sub = LoadedYaml(data=[question], path=loaded.path,
                     lines={(0, *k[len(at):]): v for k, v in loaded.lines.items()
                            if k[:len(at)] == at})
    sub.lines[(0,)] = loaded.line_of(*at) or 1
    try:
        (parsed,) = questions_from_data([question], sub)
    except ScenarioError as exc:
        code = "answer-not-a-choice" if _no_right_answer(question) else "invalid-task"
        raise ExerciseError(exc.reason, code=code, path=exc.path, line=exc.line,
                            field=exc.field) from None
    return ChooseTask(**common, question=parsed)


def _no_right_answer(question: dict) -> bool:
    """Whether a choose task's choices mark too few (or, single-choice, too many) right."""
    choices = question.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        return False
    right = sum(1 for c in choices if isinstance(c, dict) and c.get("correct") is True)
    return right == 0 or (not question.get("multiple") and right != 1)


def _sort(loaded, raw, at, common, _name, _scenario) -> SortTask:
    groups = [str(g) for g in _list(loaded, raw, "groups", *at, least=2)]
    items = []
    for i, item in enumerate(_list(loaded, raw, "items", *at)):
        i_at = (*at, "items", i)
        _mapping(loaded, item, "item", *i_at)
        _unknown_fields(loaded, item, {"text", "group", "why"}, _("an item"), *i_at)
        group = _text(loaded, item, "group", *i_at)
        if group not in groups:
            raise _err(loaded, _("the group '{group}' is not one of the task's groups "
                                 "({groups})").format(group=group, groups=", ".join(groups)),
                       *i_at, "group", code="answer-not-a-choice")
        items.append(SortItem(_text(loaded, item, "text", *i_at), group,
                              _text(loaded, item, "why", *i_at)))
    return SortTask(**common, groups=tuple(groups), items=tuple(items))


def _order(loaded, raw, at, common, _name, _scenario) -> OrderTask:
    steps, whys = [], []
    for i, step in enumerate(_list(loaded, raw, "steps", *at, least=2)):
        s_at = (*at, "steps", i)
        _mapping(loaded, step, "step", *s_at)
        _unknown_fields(loaded, step, {"text", "why"}, _("a step"), *s_at)
        steps.append(_text(loaded, step, "text", *s_at))
        whys.append(_text(loaded, step, "why", *s_at))
    return OrderTask(**common, steps=tuple(steps), whys=tuple(whys),
                     start=_shown_order(common["id"], len(steps)))


def _plan(loaded, raw, at, common, _name, _scenario):
    budget = require(loaded, raw, "budget", int, *at)
    if budget <= 0:
        raise _err(loaded, _("the budget should be a number of minutes above 0"), *at,
                   "budget")
    items = []
    for i, item in enumerate(_list(loaded, raw, "items", *at, least=2)):
        i_at = (*at, "items", i)
        _mapping(loaded, item, "item", *i_at)
        _unknown_fields(loaded, item, {"text", "minutes", "rule", "why", "round"}, _("an item"),
                        *i_at)
        rule = _text(loaded, item, "rule", *i_at, optional=True) or "may"
        if rule not in ("must", "must-not", "may"):
            raise _err(loaded, _("'{rule}' is not a rule; use must, must-not or may").format(
                rule=rule), *i_at, "rule", code="answer-not-a-choice")
        round_kind = _text(loaded, item, "round", *i_at, optional=True) or None
        minutes = require(loaded, item, "minutes", int, *i_at)
        if minutes <= 0:
            raise _err(loaded, _("minutes should be above 0"), *i_at, "minutes")
        items.append(PlanItem(_text(loaded, item, "text", *i_at), minutes, rule,
                              _text(loaded, item, "why", *i_at), round_kind))
    task = PlanTask(**common, budget=budget, items=tuple(items))
    if task.total(task.best_plan()) > budget or any(
            task.items[i].rule == "must-not" for i in task.best_plan()):
        raise _err(loaded, _("the items marked 'must' take {minutes} minutes, more than the "
                             "budget of {budget}: no plan can be right").format(
            minutes=task.total(task.best_plan()), budget=budget), *at,
                   "budget", code="no-solution")

    def rules() -> None:
        from sociocracy.rounds import KINDS

        for i, item in enumerate(task.items):
            if item.round is not None and item.round not in KINDS:
                raise _err(loaded, _("'{kind}' is not a kind of round; use one of "
                                     "{kinds}").format(kind=item.round, kinds=", ".join(KINDS)),
                           *at, "items", i, "round")

    return task, rules


def _chart(loaded, raw, at, common, _name, _scenario):
    model = _text(loaded, raw, "model", *at, optional=True) or "airtime"
    if model != "airtime":
        raise _err(loaded, _("'{model}' is not a model a chart task can draw (it knows: "
                             "airtime)").format(model=model), *at, "model")
    size = require(loaded, raw, "group_size", int, *at)
    mode = _text(loaded, raw, "mode", *at, optional=True) or "open"
    measure = _text(loaded, raw, "measure", *at)
    if measure not in AIRTIME_MEASURES:
        raise _err(loaded, _("'{measure}' is not a measure; use one of {measures}").format(
            measure=measure, measures=", ".join(AIRTIME_MEASURES)), *at, "measure")
    top = require(loaded, raw, "top", int, *at, optional=True, default=3)
    if not 1 <= top <= size:
        raise _err(loaded, _("top should be from 1 to the group size ({size})").format(
            size=size), *at, "top")
    tolerance = require(loaded, raw, "tolerance", float, *at)
    if tolerance < 0:
        raise _err(loaded, _("the tolerance cannot be negative"), *at, "tolerance")
    seed = require(loaded, raw, "seed", int, *at, optional=True, default=1)

    def rules() -> None:
        from sociocracy.airtime import MAX_SIZE, MIN_SIZE, MODES

        if not MIN_SIZE <= size <= MAX_SIZE:
            raise _err(loaded, _("group_size should be from {low} to {high}").format(
                low=MIN_SIZE, high=MAX_SIZE), *at, "group_size")
        if mode not in MODES:
            raise _err(loaded, _("mode should be one of {modes}").format(
                modes=", ".join(MODES)), *at, "mode")

    return ChartTask(**common, model=model, group_size=size, mode=mode, seed=seed,
                     measure=measure, top=top, tolerance=tolerance), rules


def _build(loaded, raw, at, common, name, scenario):
    what = _text(loaded, raw, "build", *at)
    if what == "organisation":
        return _build_org(loaded, raw, at, common, name, scenario)
    if what == "round":
        return _build_round(loaded, raw, at, common)
    raise _err(loaded, _("'{what}' cannot be built; use organisation or round").format(
        what=what), *at, "build")


def _build_org(loaded, raw, at, common, name, scenario):
    if not scenario or "organisation" not in scenario:
        raise _err(loaded, _("a build-organisation task needs 'scenario:' naming a scenario "
                             "with an 'organisation:'"), *at, "scenario")
    answer_raw = require(loaded, raw, "answer", dict, *at)
    answer: dict[str, dict[str, str]] = {}
    for circle, roles in answer_raw.items():
        c_at = (*at, "answer", circle)
        _mapping(loaded, roles, "circle's roles", *c_at)
        answer[str(circle)] = {}
        for role, who in roles.items():
            if role not in ("leader", "delegate"):
                raise _err(loaded, _("'{role}' cannot be set here; use leader or "
                                     "delegate").format(role=role), *c_at, role)
            answer[str(circle)][role] = str(who)
    task = BuildOrgTask(**common, source=_sub_yaml(loaded, "scenarios", name, "organisation"),
                        answer=answer)

    def rules() -> None:
        org = task.organisation  # the library reads it; its errors name file, line and field
        for circle, roles in answer.items():
            c_at = (*at, "answer", circle)
            if org.find(circle) is None:
                raise _err(loaded, _("the organisation has no circle called '{circle}'").format(
                    circle=circle), *c_at, code="answer-not-a-choice", field_name="answer")
            members = org.circle(circle).members
            for role, who in roles.items():
                if who not in members:
                    raise _err(loaded, _("{person} is not a member of {circle} (members: "
                                         "{members})").format(person=who, circle=circle,
                                                              members=", ".join(members)),
                               *c_at, role, code="answer-not-a-choice")
        rejected = task.findings(answer)
        if rejected:
            raise _err(loaded, _("the rules reject the worked answer: {finding}").format(
                finding=rejected[0].message), *at, "answer", code="rules-reject")
        if not task.findings({}):
            raise _err(loaded, _("the organisation breaks no rule yet, so there is nothing to "
                                 "fix"), "scenarios", name, "organisation", code="nothing-to-do")

    return task, rules


def _build_round(loaded, raw, at, common):
    kind = _text(loaded, raw, "round", *at)
    seating = tuple(str(p) for p in _list(loaded, raw, "seating", *at, least=2))
    first = _text(loaded, raw, "first", *at, optional=True) or None
    last = _text(loaded, raw, "last", *at, optional=True) or None

    def rules() -> None:
        from sociocracy.rounds import KINDS, Round

        if kind not in KINDS:
            raise _err(loaded, _("'{kind}' is not a kind of round; use one of "
                                 "{kinds}").format(kind=kind, kinds=", ".join(KINDS)),
                       *at, "round")
        try:
            Round(kind, seating, first, last=last)
        except CourseError as exc:
            raise _err(loaded, _("the round's rules reject this: {reason}").format(
                reason=exc.plain), *at,
                       "first" if first else "seating", code="rules-reject") from None

    return BuildRoundTask(**common, round_kind=kind, seating=seating, first=first,
                          last=last), rules


def _explore(loaded, raw, at, common, name, scenario):
    if not scenario or "people" not in scenario:
        raise _err(loaded, _("an explore task needs 'scenario:' naming a scenario with "
                             "'people:'"), *at, "scenario")
    people = _people(loaded, name, scenario)
    method = _text(loaded, raw, "method", *at, optional=True) or "consent"
    scale = require(loaded, raw, "scale", dict, *at)
    s_at = (*at, "scale")
    _unknown_fields(loaded, scale, {"low", "high", "step", "unit"}, _("a scale"), *s_at)
    low = require(loaded, scale, "low", float, *s_at)
    high = require(loaded, scale, "high", float, *s_at)
    step = require(loaded, scale, "step", float, *s_at, optional=True, default=0.5)
    if not (high > low and step > 0):
        raise _err(loaded, _("the scale needs low below high and a step above 0"), *s_at,
                   "high")
    start = require(loaded, raw, "start", float, *at, optional=True, default=low)
    task = ExploreTask(**common, people=people, method=method, low=low, high=high,
                       step=step, start=start,
                       unit=_text(loaded, scale, "unit", *s_at, optional=True))

    def rules() -> None:
        from sociocracy.core.errors import InputError
        from sociocracy.tolerance import METHODS

        if method not in METHODS:
            raise _err(loaded, _("'{method}' is not a way of deciding; use one of "
                                 "{methods}").format(method=method, methods=", ".join(METHODS)),
                       *at, "method")
        try:
            task.members  # noqa: B018 - the model checks each person
        except InputError as exc:
            raise _err(loaded, exc.plain, "scenarios", name, "people") from None
        if not task.solutions():
            raise _err(loaded, _("no value from {low} to {high} passes with {method}: the "
                                 "people's ranges never all overlap").format(
                low=f"{low:g}", high=f"{high:g}", method=method), *at, "scale",
                       code="no-solution")
        if task.outcome(start).passed:
            raise _err(loaded, _("the start value passes already, so there is nothing to "
                                 "explore"), *at, "start", code="nothing-to-do")

    return task, rules


# ---- the file --------------------------------------------------------------------------------


def read_exercise_set(loaded: LoadedYaml, *, deep: bool = True) -> ExerciseSetData:
    """An exercise set from a parsed file; a broken task becomes a problem, not an exception.

    Problems with the file as a whole (not a mapping, no title, no tasks) raise. ``deep=False``
    leaves the checks against the library's rules (which import the models and numpy) for
    :meth:`ExerciseSetData.ready`, so a page opens fast and checks each task when it shows it.
    """
    data = loaded.data
    if not isinstance(data, dict):
        raise ScenarioError(_("an exercise file starts with 'title:' and has 'tasks:'"),
                            path=loaded.path, line=1)
    _unknown_fields(loaded, data, _TOP_FIELDS, _("an exercise file"))
    title = _text(loaded, data, "title")
    result = ExerciseSetData(title=title, path=loaded.path,
                             lesson=_text(loaded, data, "lesson", optional=True),
                             intro=_text(loaded, data, "intro", optional=True))
    scenarios = _scenarios(loaded)
    tasks = _list(loaded, data, "tasks")
    seen: dict[str, int] = {}
    for index, raw in enumerate(tasks):
        try:
            task, rules = _task(loaded, raw, index, scenarios)
            if task.id in seen:
                raise _err(loaded, _("two tasks have the id '{id}'; ids must differ").format(
                    id=task.id), "tasks", index, "id")
            seen[task.id] = index
            result.entries.append(task)
            if rules is not None:
                result.pending[index] = rules
        except ScenarioError as exc:
            result.entries.append(exc)
    return result.check_all() if deep else result


def load_exercise_set(path: str | Path, *, deep: bool = True) -> ExerciseSetData:
    """Read ``path`` (in the page's language when it has a copy, see
    :func:`~sociocracy.core.language.localized`); raises :class:`ScenarioError` only when the
    file as a whole is unusable."""
    return read_exercise_set(load_yaml(localized(path)), deep=deep)
