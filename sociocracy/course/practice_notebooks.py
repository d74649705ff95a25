"""The practice pages and their worked answers, written from the trainer's YAML file.

For each ``exercises/data/NN_topic.yaml``:

* ``exercises/NN_topic.ipynb`` is a tiny page that shows the set as an app
  (``ExerciseSet.from_yaml("data/NN_topic.yaml")``), so a trainer's edit shows on reload;
* ``solutions/NN_topic_solution.ipynb`` lists every task's worked answer and reasoning, in Markdown
  written from the same loaded tasks the app checks against, so the two cannot disagree.

``sociocracy-course build-exercises`` writes them (and refuses while a set has a broken task);
``--check`` (and a test) reports any that are out of date with their YAML file. Trainers' text
goes through :func:`escape_markdown`.
"""

from __future__ import annotations

from pathlib import Path

from sociocracy.core.markdown_text import escape_markdown
from sociocracy.course.course_map import page_by_path
from sociocracy.course.exercise_sets import ExerciseSetData, load_exercise_set
from sociocracy.course.navigation import nav_cell

__all__ = ["practice_notebook", "practice_notebooks", "solution_notebook"]

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def _md(text: str) -> str:
    return "\n".join(escape_markdown(line) for line in text.splitlines())


def _cell(kind: str, source: str, number: int) -> dict:
    cell: dict = {"cell_type": kind, "id": f"cell-{number:02d}", "metadata": {},
                  "source": source}
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def _notebook(cells: list[tuple[str, str]], title: str, path: str, root: Path | None) -> dict:
    """A notebook with the course's navigation cell at the end (as ``build_home.py`` writes it)."""
    return {"cells": [*(_cell(kind, source, n) for n, (kind, source) in enumerate(cells)),
                      nav_cell(path, root)],
            "metadata": {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"},
                         "title": title},
            "nbformat": 4, "nbformat_minor": 5}


def _lesson_link(data: ExerciseSetData, prefix: str = "../") -> str:
    if not data.lesson:
        return ""
    path = f"lessons/{data.lesson}.ipynb"
    try:
        title = page_by_path(path).title
    except KeyError:
        title = data.lesson
    number = data.lesson.split("_", 1)[0]
    return f"[Lesson {int(number)}: {title}]({prefix}{path})" if number.isdigit() else ""


def practice_notebook(data: ExerciseSetData, name: str, root: Path | None = None) -> dict:
    """The page that shows the set as an app (``name`` is the file's stem, e.g. 02_rounds)."""
    lesson = _lesson_link(data)
    # The set's intro is shown by the widget, read from the file on each visit, so a trainer who
    # changes it sees it on reload; only the title (also the browser tab's) needs a rebuild.
    intro = (f"# {_md(data.title)}\n\n"
             + (f"Practice for {lesson}. " if lesson else "")
             + "You practise right here in the browser: answer with the controls below, and "
               "every answer gets feedback that says why. No programming needed. All the worked "
               "answers, with their reasoning, are on one page too: "
               f"[worked answers](../solutions/{name}_solution.ipynb).")
    if root is not None and (root / "solutions" / "code" / f"{name}_solution.ipynb").exists():
        intro += ("\n\n*An extra, for people who like code:* [small Python exercises]"
                  f"(code/{name}.ipynb) on the same ideas. You do not need them for the practice "
                  "on this page.")
    code = ("from sociocracy.widgets import ExerciseSet\n\n"
            f'ExerciseSet.from_yaml("data/{name}.yaml", intro=True)')
    return _notebook([("markdown", intro), ("code", code)], data.title,
                     f"exercises/{name}.ipynb", root)


def solution_notebook(data: ExerciseSetData, name: str, root: Path | None = None) -> dict:
    """Every task's worked answer and reasoning, as Markdown (no code runs on this page)."""
    title = f"Worked answers: {data.title}"
    lesson = _lesson_link(data)
    cells = [("markdown",
              f"# {_md(title)}\n\n"
              f"The worked answers to the [practice](../exercises/{name}.ipynb)"
              + (f" for {lesson}" if lesson else "") + ". Try each exercise first: you learn "
              "more from an answer you have thought about. This page is written from the same "
              "file as the practice, so it always matches it.")]
    for number, task in enumerate(data.tasks, 1):
        parts = [f"## {number}. {_md(task.title)}"]
        if task.scenario_text:
            parts.append(_md(task.scenario_text).replace("\n", "\n\n"))
        parts.append(f"**{_md(task.prompt)}**")
        answer = task.worked_lines()
        if answer:
            parts.append("**Answer:**\n\n" + "\n".join(f"- {_md(line)}" for line in answer))
        parts.append(f"**Why:** {_md(task.worked)}")
        cells.append(("markdown", "\n\n".join(parts)))
    return _notebook(cells, title, f"solutions/{name}_solution.ipynb", root)


def practice_notebooks(root: Path) -> dict[Path, dict]:
    """Every generated practice page and worked-answers page, by the path it is written to."""
    notebooks: dict[Path, dict] = {}
    for source in sorted((root / "exercises" / "data").glob("*.yaml")):
        data = load_exercise_set(source)
        if data.problems:  # worked answers for a half-broken set would silently drop tasks
            raise data.problems[0]
        notebooks[root / "exercises" / f"{source.stem}.ipynb"] = practice_notebook(
            data, source.stem, root)
        notebooks[root / "solutions" / f"{source.stem}_solution.ipynb"] = solution_notebook(
            data, source.stem, root)
    return notebooks
