"""Exercises are generated from their solutions, so the two can never drift apart.

``solutions/NN_topic_solution.ipynb`` is the canonical notebook; its exercise is
``exercises/NN_topic.ipynb``. (The ``_solution`` in the name is what JupyterLab shows on the tab,
so a learner with both open can tell them apart: JupyterLab names tabs by file name only.) In it:

* code between a line ``### BEGIN SOLUTION`` and a line ``### END SOLUTION`` is replaced, in the
  exercise, by ``...  # your answer here`` (indented like the markers);
* cells tagged ``solution-only`` (worked explanations, hidden checks of the solution) are left out;
* the title gains nothing and loses "(solution)" / "Solution:" wording from ``metadata.title``.

``sociocracy-course build-exercises`` writes ``exercises/``; ``--check`` only reports what is out of
date (the tests use it). Plain ``json`` is used, so this works without Jupyter installed.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from sociocracy.core.errors import CourseError

__all__ = ["BEGIN", "END", "PLACEHOLDER", "build_exercises", "exercise_from_solution",
           "exercise_name"]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
PLACEHOLDER = "...  # your answer here"
SOLUTION_ONLY = "solution-only"
SUFFIX = "_solution"


def exercise_name(solution_name: str) -> str:
    """``02_rounds_solution.ipynb`` -> ``02_rounds.ipynb`` (the exercise of a solution)."""
    stem = solution_name.removesuffix(".ipynb")
    if not stem.endswith(SUFFIX):
        raise CourseError(f"solutions/{solution_name}: a solution's name ends in "
                          f"'{SUFFIX}.ipynb', e.g. 02_rounds{SUFFIX}.ipynb")
    return stem.removesuffix(SUFFIX) + ".ipynb"


def _strip_solution(source: str, where: str) -> str:
    out: list[str] = []
    inside = False
    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if stripped == BEGIN:
            if inside:
                raise CourseError(f"{where}, line {number} of the cell: '{BEGIN}' twice in a row")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(indent + PLACEHOLDER)
        elif stripped == END:
            if not inside:
                raise CourseError(f"{where}, line {number} of the cell: '{END}' without a "
                                  f"'{BEGIN}' before it")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise CourseError(f"{where}: '{BEGIN}' is never closed by '{END}'")
    return "\n".join(out)


def _title(title: str) -> str:
    title = re.sub(r"\s*\((solution|solved)\)\s*$", "", title, flags=re.IGNORECASE)
    return re.sub(r"^(Solution|Solutions)\s*[:\-–]\s*", "Exercise: ", title)


def exercise_from_solution(solution: dict, name: str = "solution") -> dict:
    """The exercise notebook for a solution notebook (both as parsed JSON)."""
    exercise = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(exercise.get("cells", [])):
        if SOLUTION_ONLY in cell.get("metadata", {}).get("tags", []):
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        if cell.get("cell_type") == "code":
            source = _strip_solution(source, f"{name}, cell {index + 1}")
            cell["outputs"] = []
            cell["execution_count"] = None
        cell["source"] = source
        cells.append(cell)
    exercise["cells"] = cells
    metadata = exercise.setdefault("metadata", {})
    if "title" in metadata:
        metadata["title"] = _title(metadata["title"])
    return exercise


def _dump(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def build_exercises(root: Path, *, check: bool = False) -> list[Path]:
    """Write (or, with ``check``, only compare) every exercise; returns those that changed."""
    changed: list[Path] = []
    for solution_path in sorted((root / "solutions").glob("*.ipynb")):
        try:
            solution = json.loads(solution_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise CourseError(f"{solution_path}: not a valid notebook ({exc.msg}, line "
                              f"{exc.lineno})") from None
        text = _dump(exercise_from_solution(solution, str(solution_path.relative_to(root))))
        target = root / "exercises" / exercise_name(solution_path.name)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            changed.append(target)
            if not check:
                target.parent.mkdir(exist_ok=True)
                target.write_text(text, encoding="utf-8")
    return changed
