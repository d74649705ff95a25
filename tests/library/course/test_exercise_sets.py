"""Exercise sets as trainer data: each kind's right, wrong and partial answers, and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sociocracy.core.errors import InputError, ScenarioError
from sociocracy.core.yaml_file import parse_yaml
from sociocracy.course.exercise_sets import ExerciseError, load_exercise_set, read_exercise_set
from sociocracy.course.exercise_tasks import (
    BuildOrgTask,
    BuildRoundTask,
    ChartTask,
    ChooseTask,
    ExploreTask,
    OrderTask,
    PlanTask,
    SortTask,
    parse_number,
)

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "exercises" / "data"
SHIPPED = sorted(DATA.glob("*.yaml"))


def task_of(name: str, kind: type, index: int = 0):
    tasks = [t for t in load_exercise_set(DATA / name).tasks if isinstance(t, kind)]
    return tasks[index]


def read(text: str, path: str = "set.yaml"):
    return read_exercise_set(parse_yaml(text, path))


HEAD = "title: T\ntasks:\n"


def test_shipped_sets_cover_every_existing_lesson_and_load_without_problems():
    assert {p.stem[:2] for p in SHIPPED} >= {"01", "02", "03", "04", "05", "06", "08", "11"}
    for path in SHIPPED:
        data = load_exercise_set(path)
        assert data.problems == [], path
        assert len(data.tasks) >= 3, path


def test_the_shipped_sets_use_every_kind_of_task():
    kinds = {type(t) for path in SHIPPED for t in load_exercise_set(path).tasks}
    assert kinds == {ChooseTask, SortTask, OrderTask, PlanTask, ChartTask, BuildOrgTask,
                     BuildRoundTask, ExploreTask}


# ---- each kind: right, partial, wrong ----------------------------------------------------------

def test_choose_right_partial_and_wrong_answers_explain_each_choice():
    task = task_of("04_objections.yaml", ChooseTask, 1)  # a key, or the hoses outside
    assert task.id == "integrate" and task.question.multiple
    right = task.check({0, 1})
    assert right.status == "right" and all(m.right for m in right.marks)
    partial = task.check({0})
    assert partial.status == "partial"
    assert any("missed" in m.label and "shed can stay locked" in m.why for m in partial.marks)
    wrong = task.check({2})
    assert wrong.status == "wrong"
    assert any(m.right is False and "does not remove the" in m.why for m in wrong.marks)
    assert wrong.look_at == task.hint
    assert task.check(set()).status == "empty"


def test_sort_counts_the_items_in_place_and_says_why_for_each():
    task = task_of("04_objections.yaml", SortTask)
    answer = [item.group for item in task.items]
    assert task.check(answer).status == "right"
    answer[3] = "preference"  # the seedlings objection, put with preferences
    result = task.check(answer)
    assert result.status == "partial" and result.headline.startswith("Partly right: 4 of 5")
    assert [m.right for m in result.marks].count(False) == 1
    assert task.check([None] * len(task.items)).status == "empty"
    with pytest.raises(InputError):
        task.check(["question"])


def test_order_says_where_each_misplaced_step_belongs():
    task = task_of("01_why_sociocracy.yaml", OrderTask)
    assert task.start != tuple(range(len(task.steps)))  # never shown already solved
    assert task.check(list(range(len(task.steps)))).status == "right"
    swapped = [1, 0, *range(2, len(task.steps))]
    result = task.check(swapped)
    assert result.status == "partial"
    assert result.marks[0].why == "This belongs in place 2."
    assert task.check(list(reversed(range(len(task.steps))))).status == "wrong"


def test_plan_checks_the_budget_and_the_must_and_must_not_rules():
    task = task_of("02_rounds.yaml", PlanTask)
    best = task.best_plan()
    assert task.check(best).status == "right" and task.total(best) <= task.budget
    debate = next(i for i, item in enumerate(task.items) if item.rule == "must-not")
    over = task.check({*best, debate})
    assert over.status == "partial"
    labels = " ".join(m.label for m in over.marks)
    assert "Leave out: Open debate" in labels and "over the 30-minute budget" in labels
    consent = next(i for i, item in enumerate(task.items) if item.round == "consent")
    missing = task.check(set(best) - {consent})
    assert any(m.label == "Missing: Consent round" for m in missing.marks)


def test_chart_answer_comes_from_the_model_within_the_stated_tolerance():
    from sociocracy.airtime import simulate_airtime, top_share

    task = task_of("02_rounds.yaml", ChartTask)
    shares = simulate_airtime(8, "open", seed=task.seed)[0]
    assert task.answer() == pytest.approx(top_share(shares, 3) * 100, abs=0.05)
    assert task.check(task.answer() + task.tolerance).status == "right"
    high = task.check(str(task.answer() + task.tolerance + 1))
    assert high.status == "wrong" and "too high" in high.headline
    assert task.check(f"{task.answer():.0f} %").status == "right"
    assert task.check("").status == "empty"
    with pytest.raises(InputError, match="not a number"):
        task.check("seventy")


def test_parse_number_accepts_commas_and_percent_signs():
    assert parse_number(" 70,5 % ") == 70.5
    assert parse_number("") is None


def test_build_organisation_is_judged_by_organization_validate():
    task = task_of("05_circles.yaml", BuildOrgTask)
    assert task.check({}).status == "wrong"
    codes = {f.code for f in task.findings({"Garden": {"leader": "Eli", "delegate": "Ana"}})}
    assert codes == {"link-not-in-parent"}  # the library's own rule, not a copy
    partial = task.check({"Garden": {"leader": "Ana", "delegate": None}})
    assert partial.status == "partial" and "delegate" in partial.marks[0].why.lower()
    assert task.check({"Garden": {"leader": "Ben", "delegate": "Ana"}}).status == "right"
    assert task.organisation.circle("Garden").leader is None  # checking never edits the scenario


def test_build_round_order_is_the_order_round_gives():
    from sociocracy.rounds import Round

    task = task_of("02_rounds.yaml", BuildRoundTask)
    expected = Round("consent", task.seating, "Dev", last="Ben").order
    assert task.check(expected).status == "right"
    result = task.check(list(task.seating))
    assert result.status != "right"
    assert any("Ben speaks in place 6" in m.why for m in result.marks)


def test_explore_is_checked_by_tolerance_decide():
    task = task_of("03_consent.yaml", ExploreTask)
    assert task.solutions() == [4.0, 4.5]
    start = task.check(task.start)
    assert start.status == "wrong" and "would object" in start.headline
    assert [m.label for m in start.marks if m.right is False] == ["Ana", "Ben", "Femi"]
    assert task.check(4.5).status == "right"
    assert task.worked_lines() == ["Any value from 4 to 4.5 evenings a month passes."]


def test_every_task_has_hint_worked_reasoning_and_a_worked_answer():
    for path in SHIPPED:
        for task in load_exercise_set(path).tasks:
            assert task.hint and task.worked and task.worked_lines(), (path, task.id)


# ---- bad trainer data ----------------------------------------------------------------------

def only_problem(text: str) -> ScenarioError:
    data = read(text)
    (problem,) = data.problems
    return problem


def test_a_missing_field_names_file_line_and_field():
    problem = only_problem(HEAD + "  - kind: choose\n    title: A\n    prompt: B\n    worked: C\n"
                           "    choices: [{text: x, correct: true}, {text: y}]\n")
    assert (problem.path, problem.line, problem.field) == ("set.yaml", 3, "hint")
    assert "missing" in str(problem)


def test_a_wrong_type_names_its_line():
    problem = only_problem(HEAD + "  - kind: plan\n    title: A\n    prompt: B\n    hint: H\n"
                           "    worked: W\n    budget: ten\n    items: []\n")
    assert (problem.line, problem.field) == (8, "budget")
    assert "whole number" in problem.reason


def test_a_sort_answer_that_is_not_one_of_the_groups_is_an_error():
    problem = only_problem(HEAD + "  - kind: sort\n    title: A\n    prompt: B\n    hint: H\n"
                           "    worked: W\n    groups: [a, b]\n    items:\n"
                           "      - {text: one, group: c, why: z}\n")
    assert isinstance(problem, ExerciseError) and problem.check_code == "answer-not-a-choice"
    assert (problem.line, problem.field) == (10, "group")


def test_an_organisation_the_rules_reject_is_an_error():
    text = (DATA / "05_circles.yaml").read_text(encoding="utf-8").replace(
        "Garden: {leader: Ana, delegate: Ben}", "Garden: {leader: Ana, delegate: Ana}")
    problems = read(text, "05.yaml").problems
    assert [p.check_code for p in problems] == ["rules-reject"]
    assert "both leader and delegate" in problems[0].reason or "Ana" in problems[0].reason


def test_a_round_the_round_rules_reject_is_an_error():
    text = (DATA / "02_rounds.yaml").read_text(encoding="utf-8").replace(
        "first: Dev\n", "first: Ben\n")  # Ben cannot both start and speak last
    (problem,) = read(text).problems
    assert problem.check_code == "rules-reject" and "cannot both start and speak last" in str(
        problem)


def test_a_broken_task_leaves_the_other_tasks_usable():
    text = (DATA / "02_rounds.yaml").read_text(encoding="utf-8").replace(
        "    measure: top_share\n", "    measure: loudest\n")
    data = read(text)
    assert len(data.problems) == 1 and len(data.tasks) == 4
    assert isinstance(data.entries[2], ScenarioError)


def test_a_file_that_is_not_an_exercise_set_raises():
    with pytest.raises(ScenarioError, match="title"):
        read("- just\n- a list\n")
    with pytest.raises(ScenarioError) as raised:
        read("title: T\n")
    assert raised.value.field == "tasks"


def test_unknown_fields_and_scenarios_are_reported():
    problem = only_problem(HEAD + "  - kind: choose\n    title: A\n    prompt: B\n    hint: H\n"
                           "    worked: W\n    scenario: nowhere\n"
                           "    choices: [{text: x, correct: true}, {text: y}]\n")
    assert problem.check_code == "unknown-scenario" and problem.line == 8
    problem = only_problem(HEAD + "  - kind: choose\n    title: A\n    prompt: B\n    hint: H\n"
                           "    worked: W\n    colour: red\n"
                           "    choices: [{text: x, correct: true}, {text: y}]\n")
    assert problem.check_code == "unknown-field" and problem.field == "colour"
