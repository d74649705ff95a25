"""Self-checks of the rounds exercises: placeholders, right answers, and explanations."""

from __future__ import annotations

import pytest

from sociocracy.course.rounds_exercises import (
    AGENDA_PLAN,
    MEETING,
    check_agenda_plan,
    check_missing_voices,
    check_passing,
)
from sociocracy.rounds import ROUND_KINDS

RIGHT_PASSING = {kind: rule.passing for kind, rule in ROUND_KINDS.items()}


@pytest.mark.parametrize("check", [check_passing, check_agenda_plan, check_missing_voices])
def test_the_placeholder_is_not_answered_yet_rather_than_an_error(check) -> None:
    feedback = check(...)
    assert not feedback.correct and feedback.headline.startswith("Not answered yet")


def test_passing_right_answers_and_a_mistake_explained() -> None:
    assert check_passing(RIGHT_PASSING).correct
    wrong = {**RIGHT_PASSING, "consent": "allowed"}
    feedback = check_passing(wrong)
    assert not feedback.correct and feedback.headline.startswith("7 of 8 right")
    assert any("no abstaining" in point for point in feedback.points)


def test_agenda_plan_points_at_the_first_wrong_round_with_the_reason() -> None:
    plan = [kind for kind, _ in AGENDA_PLAN]
    assert check_agenda_plan(plan).correct
    skipped = [k for k in plan if k != "clarifying-questions"]
    feedback = check_agenda_plan(skipped)
    assert not feedback.correct
    assert "Round 2 should be a clarifying-questions round" in str(feedback)
    unknown = check_agenda_plan(["check-in", "vote"])
    assert "not kinds of round in the course: vote" in unknown.headline


def test_missing_voices_are_the_silent_and_the_nearly_silent_are_named() -> None:
    silent = {name for name, share in MEETING if share == 0}
    assert silent == {"Femi", "Gita"}
    feedback = check_missing_voices(silent)
    assert feedback.correct and "Hana" in str(feedback)
    partial = check_missing_voices(["Femi", "Hana"])
    assert not partial.correct
    assert "Gita never spoke" in str(partial) and "Hana did speak" in str(partial)


def test_feedback_html_escapes_what_the_learner_typed() -> None:
    html = check_missing_voices(["<b>x</b>"])._repr_html_()
    assert "<b>x" not in html and "&lt;b&gt;x" in html
