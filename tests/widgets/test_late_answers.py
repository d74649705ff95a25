"""A change that reaches the kernel just after "Check answer" is checked again.

The page sends a click at once but may hold back the value a person set just before it; these
tests play that order (click first, then the value) and then a change made long after the click,
which must leave the feedback alone.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest
from sociocracy.widgets import ObjectionSorter, Quiz, late_answers
from sociocracy.widgets.late_answers import LATE_SECONDS, answer_controls

from tests.widgets.test_practice import view_of

ROOT = Path(__file__).resolve().parents[2]
QUESTION = {"prompt": "Pick one", "choices": [
    {"text": "right", "correct": True, "why": "yes"}, {"text": "wrong", "why": "no"}]}


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand."""
    now = [1000.0]
    monkeypatch.setattr(late_answers.time, "monotonic", lambda: now[0])
    return now


def test_a_task_answer_arriving_after_the_click_is_checked_again(clock):
    view = view_of("04_objections.yaml", "integrate")
    view.answer_view.fill(3)                     # what the kernel had when the click came
    view.check_button.click()
    assert "Not this one." in view.feedback.value
    clock[0] += 0.8
    view.answer_view.fill(0, 1)                  # the person's last change, arriving late
    assert "<strong>Right.</strong>" in view.feedback.value
    assert view.last_result is not None and view.last_result.correct


def test_a_change_long_after_the_click_leaves_the_feedback_alone(clock):
    view = view_of("04_objections.yaml", "what-was-said")
    view.check_button.click()
    before = view.feedback.value
    clock[0] += LATE_SECONDS + 0.1
    view.answer_view.fill([item.group for item in view.task.items])
    assert view.feedback.value == before         # no live feedback to probe the answer with


def test_checking_from_code_does_not_start_the_watch(clock):
    view = view_of("04_objections.yaml", "integrate")
    view.answer_view.fill(3)
    view.check()                                 # not a click: tests and worked answers do this
    before = view.feedback.value
    view.answer_view.fill(0, 1)
    assert view.feedback.value == before


def test_a_quiz_answer_arriving_after_the_click_is_checked_again(clock):
    quiz = Quiz([QUESTION])
    view = quiz.views[0]
    view.check_button.click()
    assert "Choose an answer first." in view.feedback.value
    clock[0] += 0.5
    view.selector.value = 0
    assert "Right." in view.feedback.value
    assert "All 1 right." in quiz.score.value


def test_a_sorting_arriving_after_the_click_is_checked_again(clock):
    sorter = ObjectionSorter()
    sorter.check_button.click()
    kind = sorter.statements[0].kind
    sorter.choices[0].value = kind
    assert sorter.feedback[0] is not None and sorter.feedback[0].correct


def test_answer_controls_are_the_controls_not_the_text():
    box = widgets.Checkbox(description="a")
    menu = widgets.Dropdown(options=["x", "y"])
    root = widgets.VBox([widgets.HTML("<p>text</p>"), widgets.HBox([box, widgets.Label("l")]),
                         menu, widgets.Button(description="Check")])
    assert set(map(id, answer_controls([root]))) == {id(box), id(menu)}
