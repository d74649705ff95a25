"""Exercises generated from solutions: placeholders, left-out cells, and staying in sync."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sociocracy.core.errors import CourseError
from sociocracy.course.notebook_exercises import (
    PLACEHOLDER,
    build_exercises,
    exercise_from_solution,
)

ROOT = Path(__file__).resolve().parents[2]


def notebook(*cells: dict, title: str = "Solution: Rounds") -> dict:
    return {"cells": list(cells), "metadata": {"title": title}, "nbformat": 4,
            "nbformat_minor": 5}


def code(source: str, *tags: str) -> dict:
    return {"cell_type": "code", "source": source, "metadata": {"tags": list(tags)},
            "outputs": [], "execution_count": None}


def test_solution_code_becomes_a_placeholder_with_the_same_indent():
    solution = notebook(code("def plan():\n    ### BEGIN SOLUTION\n    return 3\n"
                             "    ### END SOLUTION\ncheck(plan())"))
    exercise = exercise_from_solution(solution)
    assert exercise["cells"][0]["source"] == f"def plan():\n    {PLACEHOLDER}\ncheck(plan())"


def test_solution_only_cells_are_left_out_and_the_title_changes():
    solution = notebook(code("x = 1"), code("assert x == 1", "solution-only"))
    exercise = exercise_from_solution(solution)
    assert [c["source"] for c in exercise["cells"]] == ["x = 1"]
    assert exercise["metadata"]["title"] == "Exercise: Rounds"


def test_unclosed_solution_marker_is_an_error_naming_the_cell():
    with pytest.raises(CourseError, match=r"cell 1.*never closed"):
        exercise_from_solution(notebook(code("### BEGIN SOLUTION\nx = 1")))


def test_end_marker_without_begin_is_an_error():
    with pytest.raises(CourseError, match="without"):
        exercise_from_solution(notebook(code("x = 1\n### END SOLUTION")))


def test_build_writes_then_reports_nothing_to_do(tmp_path):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "02_x_solution.ipynb").write_text(json.dumps(notebook(code("a = 1"))))
    assert build_exercises(tmp_path, check=True) == [tmp_path / "exercises" / "02_x.ipynb"]
    assert not (tmp_path / "exercises").exists()  # check mode writes nothing
    assert build_exercises(tmp_path) == [tmp_path / "exercises" / "02_x.ipynb"]
    assert build_exercises(tmp_path, check=True) == []


def test_course_exercises_are_up_to_date_with_their_solutions():
    assert build_exercises(ROOT, check=True) == [], "run: sociocracy-course build-exercises"


def test_every_solution_has_an_exercise_and_no_exercise_is_orphaned():
    solutions = {p.name.replace("_solution.ipynb", ".ipynb")
                 for p in (ROOT / "solutions").glob("*.ipynb")}
    exercises = {p.name for p in (ROOT / "exercises").glob("*.ipynb")}
    assert solutions == exercises
