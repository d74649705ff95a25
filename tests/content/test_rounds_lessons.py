"""Lesson 02's content promises (hygiene and exercise drift are checked course-wide elsewhere)."""

from __future__ import annotations

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]


def test_the_lesson_shows_the_quiz_and_is_honest_about_thompsons_figure() -> None:
    lesson = nbformat.read(ROOT / "lessons/02_rounds.ipynb", as_version=4)
    sources = "\n".join(cell.source for cell in lesson.cells)
    assert 'Quiz.from_yaml("quizzes/02_rounds.yaml")' in sources
    assert (ROOT / "lessons/quizzes/02_rounds.yaml").is_file()
    assert "sourcing has been questioned" in sources
    for source in ("Many Voices One Song", "Karpowitz", "Fay", "Hastie", "Woolley", "Riedl"):
        assert source in sources, source


def test_solution_cells_that_hold_answers_are_marked_for_the_generator() -> None:
    solution = nbformat.read(ROOT / "solutions/02_rounds.ipynb", as_version=4)
    marked = [c for c in solution.cells if "### BEGIN SOLUTION" in c.source]
    assert len(marked) == 3
