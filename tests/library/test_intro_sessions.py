"""Intro session plans (issue 26): trainers' files, timings checked with the planner's rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from sociocracy.core.errors import ScenarioError
from sociocracy.course.checks import check_file
from sociocracy.intro_sessions import ACTIVITIES, load_plan, parse_plan

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "workshops").glob("*.yaml"))

GOOD = """\
title: A short taste
minutes: 20
parts:
  - title: Check-in
    kind: activity
    activity: check-in
    minutes: 5
    prompt: How are you arriving?
  - title: Consent in a breath
    kind: talk
    minutes: 5
    slides:
      - title: Consent
        body: Nobody has an objection.
        notes: Keep it short.
  - title: Decide something small
    kind: activity
    activity: consent
    minutes: 5
  - title: Evaluation
    kind: evaluation
    minutes: 5
"""


def test_three_plans_ship_a_taste_an_evening_and_a_workshop_and_each_adds_up():
    lengths = sorted(load_plan(path).minutes for path in SHIPPED)
    assert lengths == [45, 90, 180]
    for path in SHIPPED:
        plan = load_plan(path)
        assert plan.needed == plan.minutes, path.name
        assert plan.validate() == [], (path.name, [str(f) for f in plan.validate()])
        assert check_file(path) == []
        assert {p.activity for p in plan.parts if p.kind == "activity"} <= set(ACTIVITIES)


def test_the_schedule_runs_back_to_back():
    plan = parse_plan(GOOD)
    times = [(start, end) for _part, start, end in plan.schedule()]
    assert times == [(0, 5), (5, 10), (10, 15), (15, 20)]
    assert plan.parts[1].slides[0].notes == "Keep it short."
    assert [p.app for p in plan.parts] == ["rounds", "", "consent", "rounds"]


def test_a_plan_over_its_time_is_an_error_at_the_minutes_line():
    plan = parse_plan(GOOD.replace("minutes: 20", "minutes: 15"), "plan.yaml")
    over = [f for f in plan.validate() if f.code == "over-time"]
    assert len(over) == 1 and over[0].severity == "error" and over[0].line == 2
    assert "20 minutes" in over[0].message and "15" in over[0].message


def test_spare_time_no_evaluation_no_activity_and_a_long_talk_are_warnings():
    text = GOOD.replace("minutes: 20", "minutes: 40").replace(
        "kind: evaluation", "kind: break").replace("activity: check-in", "activity: round")
    plan = parse_plan(text)
    codes = {f.code: f.severity for f in plan.validate()}
    assert codes == {"spare-time": "warning", "no-evaluation": "warning"}
    talk_only = parse_plan("title: T\nminutes: 20\nparts:\n  - title: Talk\n    kind: talk\n"
                           "    minutes: 20\n    slides:\n      - title: S\n")
    assert {f.code for f in talk_only.validate()} == {"no-activity", "no-evaluation",
                                                       "long-talk"}


@pytest.mark.parametrize(("change", "where", "says"), [
    (("activity: consent", "activity: concent"), 18, "not an activity the course can run"),
    (("kind: talk", "kind: lecture"), 10, "not a kind of part"),
    (("    prompt: How", "    promt: How"), 8, "did you mean 'prompt'"),
    (("minutes: 20", "minutes: twenty"), 2, "minutes"),
])
def test_a_mistake_names_file_line_and_field(tmp_path, change, where, says):
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    lines = check_file(path)
    assert lines, change
    assert any(line.line == where and says in line.message for line in lines), [
        str(line) for line in lines]


def test_an_indentation_slip_is_one_line_not_a_traceback(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD.replace("    kind: talk", "   kind: talk"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_plan(path)
    assert caught.value.line is not None and "plan.yaml" in str(caught.value)
    [line] = check_file(path)
    assert line.severity == "error"
