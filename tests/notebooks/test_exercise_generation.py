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
    (tmp_path / "solutions" / "code").mkdir(parents=True)
    (tmp_path / "solutions" / "code" / "02_x_solution.ipynb").write_text(
        json.dumps(notebook(code("a = 1"))))
    target = tmp_path / "exercises" / "code" / "02_x.ipynb"
    assert build_exercises(tmp_path, check=True) == [target]
    assert not (tmp_path / "exercises").exists()  # check mode writes nothing
    assert build_exercises(tmp_path) == [target]
    assert build_exercises(tmp_path, check=True) == []


def _course_with_lesson_02(tmp_path: Path) -> Path:
    """A course folder with the home and lesson 2 (the navigation cell links them)."""
    (tmp_path / "lessons").mkdir()
    for name in ("00_start_here.ipynb", "02_rounds.ipynb"):
        (tmp_path / "lessons" / name).write_text("{}", encoding="utf-8")
    data = tmp_path / "exercises" / "data"
    data.mkdir(parents=True)
    return data


def test_practice_pages_are_written_from_the_yaml_and_go_stale_when_it_changes(tmp_path):
    data = _course_with_lesson_02(tmp_path)
    source = (ROOT / "exercises" / "data" / "02_rounds.yaml").read_text(encoding="utf-8")
    (data / "02_rounds.yaml").write_text(source, encoding="utf-8")
    written = build_exercises(tmp_path)
    assert set(written) == {tmp_path / "exercises" / "02_rounds.ipynb",
                            tmp_path / "solutions" / "02_rounds_solution.ipynb"}
    page = json.loads((tmp_path / "exercises" / "02_rounds.ipynb").read_text())
    assert 'ExerciseSet.from_yaml("data/02_rounds.yaml", intro=True)' in page["cells"][1]["source"]
    # A trainer changes a worked answer: the solutions page is out of date until rebuilt.
    (data / "02_rounds.yaml").write_text(
        source.replace("Open debate does not fit", "An open debate would not fit"),
        encoding="utf-8")
    assert build_exercises(tmp_path, check=True) == [
        tmp_path / "solutions" / "02_rounds_solution.ipynb"]
    build_exercises(tmp_path)
    solution = (tmp_path / "solutions" / "02_rounds_solution.ipynb").read_text()
    assert "An open debate would not fit" in solution


def test_course_exercises_are_up_to_date_with_their_solutions():
    assert build_exercises(ROOT, check=True) == [], "run: sociocracy-course build-exercises"


def test_every_solution_has_an_exercise_and_no_exercise_is_orphaned():
    for folder in ("", "code"):
        solutions = {p.name.replace("_solution.ipynb", ".ipynb")
                     for p in (ROOT / "solutions" / folder).glob("*.ipynb")}
        exercises = {p.name for p in (ROOT / "exercises" / folder).glob("*.ipynb")}
        assert solutions == exercises, folder or "practice"


def test_every_practice_page_has_its_yaml_file():
    pages = {p.stem for p in (ROOT / "exercises").glob("*.ipynb")}
    data = {p.stem for p in (ROOT / "exercises" / "data").glob("*.yaml")}
    assert pages == data


def test_build_refuses_a_set_with_a_broken_task_naming_file_and_line(tmp_path):
    from sociocracy.core.errors import ScenarioError

    data = _course_with_lesson_02(tmp_path)
    source = (ROOT / "exercises" / "data" / "02_rounds.yaml").read_text(encoding="utf-8")
    (data / "02_rounds.yaml").write_text(source.replace("budget: 30", "budget: lots"),
                                         encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        build_exercises(tmp_path)
    assert raised.value.field == "budget" and raised.value.path.endswith("02_rounds.yaml")
    assert not (tmp_path / "solutions").exists()
