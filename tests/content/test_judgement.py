"""Self-checks test judgement (issue 24, part 3): meaning checks on the quizzes and practice sets.

Counted with the same functions as ``sociocracy-course check`` (:mod:`sociocracy.course.judgement`),
so the figure the command prints and the one held here cannot disagree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sociocracy.core.yaml_file import load_yaml
from sociocracy.course.judgement import COURSE_TARGET, SET_TARGET, Share, count_loaded

ROOT = Path(__file__).resolve().parents[2]
QUIZZES = sorted((ROOT / "lessons" / "quizzes").glob("*.yaml"))
SETS = sorted((ROOT / "exercises" / "data").glob("*.yaml"))


def _share(path: Path) -> Share:
    share = count_loaded(load_yaml(path))
    assert share is not None, path.name
    return share


def test_at_least_seventy_percent_of_the_course_s_self_checks_ask_for_application():
    total = sum((_share(p) for p in QUIZZES + SETS), Share())
    assert total.total >= 100, "quizzes and tasks went missing"
    assert total.fraction >= COURSE_TARGET, (
        f"only {total.application} of {total.total} self-checks ask for application")


@pytest.mark.parametrize("path", QUIZZES + SETS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_quiz_and_practice_set_has_at_least_half_application(path):
    share = _share(path)
    assert share.fraction >= SET_TARGET, f"{path.name}: {share.application} of {share.total}"


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_every_practice_task_says_what_it_asks(path):
    """A task without ``asks:`` would silently count as recall: every one is marked on purpose."""
    for task in load_yaml(path).data["tasks"]:
        assert task.get("asks") in ("recall", "application"), (path.name, task.get("id"))


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_order_tasks_ask_for_a_situation_and_give_a_reason_for_every_step(path):
    for task in load_yaml(path).data["tasks"]:
        if task["kind"] != "order":
            continue
        assert task["asks"] == "application", f"{task['id']} is a pure-recall order task"
        assert all(str(step.get("why", "")).strip() for step in task["steps"]), task["id"]


@pytest.mark.parametrize("path", QUIZZES + SETS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_wrong_choice_has_a_correcting_why(path):
    data = load_yaml(path).data
    questions = data.get("questions") or [t for t in data["tasks"] if t["kind"] == "choose"]
    for question in questions:
        for choice in question["choices"]:
            if not choice.get("correct"):
                assert len(str(choice.get("why", "")).split()) >= 8, (path.name, choice["text"])


def _choice_texts(name: str) -> list[str]:
    data = load_yaml(ROOT / "lessons" / "quizzes" / name).data
    return [c["text"].casefold() for q in data["questions"] for c in q["choices"]]


def test_the_straw_man_choices_the_review_named_are_gone():
    """Quiz 11 Q2 ('grading the facilitator') and Q6 ('convince every group', 'only success
    stories' as the sole rival), quiz 10 Q2 option 3 ('settled for good')."""
    eleven = " | ".join(_choice_texts("11_being_an_ambassador.yaml"))
    assert "grading the facilitator" not in eleven
    assert "convince every group" not in eleven
    ten = " | ".join(_choice_texts("10_feedback.yaml"))
    assert "settled for good" not in ten
