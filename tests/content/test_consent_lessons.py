"""Lessons 03-04's content promises (hygiene and exercise drift are checked course-wide)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _text(path: str) -> str:
    return "\n".join(cell.source for cell in nbformat.read(ROOT / path, as_version=4).cells)


@pytest.mark.parametrize(("lesson", "quiz"), [("03_consent", "03_consent"),
                                              ("04_objections", "04_objections")])
def test_each_lesson_shows_its_quiz_and_names_the_ambassador_benefits(lesson, quiz):
    text = _text(f"lessons/{lesson}.ipynb")
    assert f'Quiz.from_yaml("quizzes/{quiz}.yaml")' in text
    assert (ROOT / f"lessons/quizzes/{quiz}.yaml").is_file()
    assert "## Why this matters for an ambassador" in text
    assert "**2. Better decisions:**" in text
    assert "## Sources" in text and "Many Voices One Song" in text


def test_lesson_03_teaches_tolerance_and_is_honest_about_the_model():
    text = _text("lessons/03_consent.ipynb")
    for phrase in ("range of tolerance", "good enough for now", "safe enough to try",
                   "49.9 %", "King & Griffin", "do you object?"):
        assert phrase in text.lower() or phrase in text, phrase


def test_lesson_04_has_the_newsletter_example_and_why_stand_aside_is_not_sofa():
    text = _text("lessons/04_objections.ipynb")
    for phrase in ("15 %", "10 %", "7 %", "4 %", "Measure the concern",
                   'Why "stand aside" is not SoFA sociocracy', "Dynamic Governance",
                   "Sociocracy 3.0", "Holacracy", "**5. Conflict resolution:**"):
        assert phrase in text, phrase


@pytest.mark.parametrize(("solution", "answers"), [("03_consent", 3), ("04_objections", 3)])
def test_solution_answers_are_marked_for_the_exercise_generator(solution, answers):
    cells = nbformat.read(ROOT / f"solutions/{solution}.ipynb", as_version=4).cells
    assert len([c for c in cells if "### BEGIN SOLUTION" in c.source]) == answers
