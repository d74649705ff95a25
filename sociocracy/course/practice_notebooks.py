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

from sociocracy.core.errors import ScenarioError
from sociocracy.core.language import DEFAULT, TRANSLATIONS, _, speaking
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
        title = _(page_by_path(path).title)
    except KeyError:
        title = data.lesson
    number = data.lesson.split("_", 1)[0]
    if not number.isdigit():
        return ""
    label = _("Lesson {number}: {title}").format(number=int(number), title=title)
    return f"[{label}]({prefix}{path})"


def practice_notebook(data: ExerciseSetData, name: str, root: Path | None = None) -> dict:
    """The page that shows the set as an app (``name`` is the file's stem, e.g. 02_rounds)."""
    lesson = _lesson_link(data)
    # The set's intro is shown by the widget, read from the file on each visit, so a trainer who
    # changes it sees it on reload; only the title (also the browser tab's) needs a rebuild.
    intro = (f"# {_md(data.title)}\n\n"
             + (_("Practice for {lesson}.").format(lesson=lesson) + " " if lesson else "")
             + _("You practise right here in the browser: answer with the controls below, and "
                 "every answer gets feedback that says why. No programming needed. All the "
                 "worked answers, with their reasoning, are on one page too: "
                 "[worked answers]({link}).").format(link=f"../solutions/{name}_solution.ipynb"))
    if root is not None and (root / "solutions" / "code" / f"{name}_solution.ipynb").exists():
        intro += "\n\n" + _(
            "*An extra, for people who like code:* [small Python exercises]({link}) on the same "
            "ideas. You do not need them for the practice on this page.").format(
                link=f"code/{name}.ipynb")
    code = ("from sociocracy.widgets import ExerciseSet\n\n"
            f'ExerciseSet.from_yaml("data/{name}.yaml", intro=True)')
    return _notebook([("markdown", intro), ("code", code)], data.title,
                     f"exercises/{name}.ipynb", root)


def solution_notebook(data: ExerciseSetData, name: str, root: Path | None = None) -> dict:
    """Every task's worked answer and reasoning, as Markdown (no code runs on this page)."""
    title = _("Worked answers: {title}").format(title=data.title)
    lesson = _lesson_link(data)
    practice = f"../exercises/{name}.ipynb"
    opening = (_("The worked answers to the [practice]({link}) for {lesson}.").format(
        link=practice, lesson=lesson) if lesson else
        _("The worked answers to the [practice]({link}).").format(link=practice))
    cells = [("markdown",
              f"# {_md(title)}\n\n{opening} "
              + _("Try each exercise first: you learn more from an answer you have thought "
                  "about. This page is written from the same file as the practice, so it always "
                  "matches it."))]
    for number, task in enumerate(data.tasks, 1):
        parts = [f"## {number}. {_md(task.title)}"]
        if task.scenario_text:
            parts.append(_md(task.scenario_text).replace("\n", "\n\n"))
        parts.append(f"**{_md(task.prompt)}**")
        answer = task.worked_lines()
        if answer:
            parts.append("**" + _("Answer:") + "**\n\n"
                         + "\n".join(f"- {_md(line)}" for line in answer))
        parts.append("**" + _("Why:") + "** " + _md(task.worked))
        cells.append(("markdown", "\n\n".join(parts)))
    return _notebook(cells, title, f"solutions/{name}_solution.ipynb", root)


def _pages(source: Path, root: Path, out: Path) -> dict[Path, dict]:
    """The practice page and worked answers of one set file, written under ``out``."""
    data = load_exercise_set(source)
    if data.problems:  # worked answers for a half-broken set would silently drop tasks
        raise data.problems[0]
    return {out / "exercises" / f"{source.stem}.ipynb": practice_notebook(data, source.stem, root),
            out / "solutions" / f"{source.stem}_solution.ipynb": solution_notebook(
                data, source.stem, root)}


def translated_sets(root: Path) -> list[tuple[str, Path]]:
    """(language, file) for every translated set, ``translations/<lang>/exercises/data/*.yaml``."""
    found = []
    for folder in sorted((root / TRANSLATIONS).glob("*/exercises/data")):
        language = folder.parents[1].name
        found += [(language, source) for source in sorted(folder.glob("*.yaml"))]
    return found


def practice_notebooks(root: Path) -> dict[Path, dict]:
    """Every generated practice page and worked-answers page, by the path it is written to.

    English pages from ``exercises/data/``; for each language ``L`` with a translated set
    (``translations/L/exercises/data/NN_topic.yaml``) also ``translations/L/exercises/`` and
    ``translations/L/solutions/``, written from the translated set with the generator's own words
    in ``L``. Their links are the English pages' (the server shows a translated page at the
    English page's address).
    """
    notebooks: dict[Path, dict] = {}
    with speaking(DEFAULT):  # the English pages, whatever language this process speaks
        for source in sorted((root / "exercises" / "data").glob("*.yaml")):
            notebooks.update(_pages(source, root, root))
    for language, source in translated_sets(root):
        if not (root / "exercises" / "data" / source.name).is_file():
            raise ScenarioError(
                _("this translated practice set has no English set "
                  "exercises/data/{name} to translate; rename it or remove it").format(
                    name=source.name), path=str(source))
        with speaking(language):
            notebooks.update(_pages(source, root, root / TRANSLATIONS / language))
    return notebooks
