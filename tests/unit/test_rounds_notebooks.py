"""The rounds notebooks: stored clean, titled, and the exercise generated from the solution.

Until the course's ``build-exercises`` command (and its own test) exists, this test applies the
convention from ``docs/DEVELOPING.md`` itself, so that the two notebooks cannot drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ["lessons/02_rounds.ipynb", "solutions/02_rounds.ipynb", "exercises/02_rounds.ipynb",
             "apps/round_facilitator.ipynb"]
BLOCK = re.compile(r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION[ \t]*$", re.M | re.S)


def load(path: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / path, as_version=4)


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_is_stored_clean_with_a_title_and_an_h1(path: str) -> None:
    nb = load(path)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.metadata.get("title")
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_exercise_notebook_is_generated_from_the_solutions() -> None:
    solution, exercise = load("solutions/02_rounds.ipynb"), load("exercises/02_rounds.ipynb")
    expected = []
    for cell in solution.cells:
        if "solution-only" in cell.metadata.get("tags", []):
            continue
        source = cell.source
        if cell.cell_type == "code":
            source = BLOCK.sub(lambda m: f"{m.group(1)}...  # your answer here", source)
        expected.append((cell.cell_type, source))
    assert [(c.cell_type, c.source) for c in exercise.cells] == expected
    assert "BEGIN SOLUTION" not in str(exercise)


def test_the_lesson_shows_the_quiz_from_its_yaml_file() -> None:
    sources = "\n".join(cell.source for cell in load("lessons/02_rounds.ipynb").cells)
    assert 'Quiz.from_yaml("quizzes/02_rounds.yaml")' in sources
    assert (ROOT / "lessons/quizzes/02_rounds.yaml").is_file()
    assert "questioned" in sources  # honest about Thompson's figure
