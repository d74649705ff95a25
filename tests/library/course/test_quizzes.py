"""Self-check questions as data: grading and trainers' quiz files."""

from __future__ import annotations

import pytest

from sociocracy.core.errors import ScenarioError
from sociocracy.course.quizzes import Choice, Question, grade, load_quiz, questions_from_data
from tests.conftest import ROOT

SINGLE = Question("Which?", (Choice("a", True, "a is right"), Choice("b", False, "b is wrong"),
                             Choice("c", False, "")))
MULTI = Question("All?", (Choice("a", True, "yes a"), Choice("b", True, "yes b"),
                          Choice("c", False, "not c")), multiple=True)


def test_single_choice_right_answer_is_graded_right_with_its_explanation():
    result = grade(SINGLE, [0])
    assert result.correct and result.headline == "Right."
    assert result.explanations == ((0, "a is right"),)


def test_single_choice_wrong_answer_explains_the_pick_and_the_missed_answer():
    result = grade(SINGLE, [1])
    assert not result.correct and result.headline == "Not quite."
    assert dict(result.explanations) == {0: "a is right", 1: "b is wrong"}


def test_multiple_choice_needs_every_correct_choice():
    partial = grade(MULTI, [0])
    assert not partial.correct and partial.missed == {1}
    assert partial.headline.startswith("Partly right")
    assert grade(MULTI, [0, 1]).correct
    assert not grade(MULTI, [0, 1, 2]).correct


def test_no_answer_is_not_right_and_asks_for_one():
    result = grade(SINGLE, [])
    assert not result.correct and result.headline == "Choose an answer first."


def test_single_choice_refuses_two_answers_and_unknown_choices():
    with pytest.raises(ValueError, match="one answer"):
        grade(SINGLE, [0, 1])
    with pytest.raises(IndexError):
        grade(SINGLE, [7])


def test_single_choice_question_needs_exactly_one_correct_choice():
    with pytest.raises(ValueError, match="exactly one correct"):
        Question("?", (Choice("a", True), Choice("b", True)))
    with pytest.raises(ValueError, match="at least two"):
        Question("?", (Choice("a", True),))


def test_question_round_trips_through_a_dict():
    assert Question.from_dict(MULTI.to_dict()) == MULTI


def test_quiz_file_errors_name_file_line_and_field(tmp_path):
    path = tmp_path / "quiz.yaml"
    path.write_text("questions:\n  - prompt: Q?\n    choices:\n      - text: a\n"
                    "        correct: true\n      - text: b\n        corect: true\n")
    with pytest.raises(ScenarioError) as info:
        load_quiz(path)
    assert info.value.line == 7 and info.value.field == "corect"
    assert "unknown field 'corect'" in str(info.value)


def test_quiz_file_with_two_right_answers_to_a_single_choice_question_is_refused(tmp_path):
    path = tmp_path / "quiz.yaml"
    path.write_text("questions:\n  - prompt: Q?\n    choices:\n      - text: a\n"
                    "        correct: true\n      - text: b\n        correct: true\n")
    with pytest.raises(ScenarioError, match="multiple: true") as info:
        load_quiz(path)
    assert info.value.line == 2


def test_plain_strings_are_accepted_as_wrong_choices():
    (question,) = questions_from_data([{"prompt": "?", "choices": [
        {"text": "a", "correct": True}, "b"]}])
    assert question.choices[1] == Choice("b", False, "")


@pytest.mark.parametrize("path", sorted((ROOT / "lessons" / "quizzes").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_every_course_quiz_file_loads_and_explains_every_choice(path):
    title, questions = load_quiz(path)
    assert title and questions
    for question in questions:
        assert all(choice.why for choice in question.choices), question.prompt


def test_check_command_accepts_the_course_quizzes_and_reports_a_broken_one(tmp_path):
    from sociocracy.course.checks import check_file

    for path in sorted((ROOT / "lessons" / "quizzes").glob("*.yaml")):
        assert check_file(path) == [], path.name
    broken = tmp_path / "quiz.yaml"
    broken.write_text("questions:\n  - prompt: Q?\n    kind: application\n    choices:\n"
                      "      - text: a\n"
                      "        correct: true\n        why: because\n      - b\n")
    (line,) = check_file(broken)
    assert str(line) == (f"{broken}:8: warning missing-why: the choice 'b' has no 'why:'; "
                         "learners learn most from an explanation of every choice, right or wrong")
    broken.write_text("questions:\n  - prompt: Q?\n    choices: []\n")
    (line,) = check_file(broken)
    assert line.severity == "error" and line.code == "invalid-file" and line.line == 2


def test_a_question_kind_is_recall_or_application_and_survives_a_round_trip(tmp_path):
    path = tmp_path / "quiz.yaml"
    path.write_text("questions:\n  - prompt: Sam prefers Tuesday. What does Sam say?\n"
                    "    kind: application\n    choices:\n      - text: consent\n"
                    "        correct: true\n      - text: objection\n", encoding="utf-8")
    _title, [question] = load_quiz(path)
    assert question.kind == "application"
    assert Question.from_dict(question.to_dict()) == question
    path.write_text("questions:\n  - prompt: Which?\n    kind: trick\n    choices:\n"
                    "      - text: a\n        correct: true\n      - text: b\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        load_quiz(path)
    assert refused.value.field == "kind" and "application" in str(refused.value)
