"""The way through the course: which page comes next, and the navigation cell every page ends with.

The order is the course map's (:mod:`sociocracy.course.course_map`): the course home, the lessons
that exist, then the workshop apps; the last page leads back home. Practice pages are a side
path: a lesson offers its practice (``exercises/NN_topic.ipynb``, "Practise"), and the practice
leads on to the lesson after it. (The optional code exercises for JupyterLab live in
``exercises/code/`` and are linked only from the practice pages, so "Next" never strands someone
in the app view (Voila) on a page with nowhere to type.)

Every lesson, exercise, solution and app ends with a markdown cell tagged ``course-nav``, written
by ``python tools/build_home.py`` from this module; a test fails when one is stale. Links are
relative, so they work in JupyterLab and in Voila alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sociocracy.core.language import _
from sociocracy.course.course_map import (
    APPS,
    COMPANIONS,
    FINISH,
    LESSONS,
    Page,
    course_root,
    page_exists,
)

__all__ = ["NAV_TAG", "Stop", "course_path", "exercise_for", "nav_cell", "nav_markdown",
           "navigated_notebooks"]

#: The tag of the generated navigation cell (and its cell id).
NAV_TAG = "course-nav"
HOME = LESSONS[0]


@dataclass(frozen=True)
class Stop:
    """A page on the way through the course, with the name a link to it shows."""

    path: str
    label: str


def _label(page: Page) -> str:
    """The name a link to ``page`` shows, in the current language (the page titles are marked
    in :mod:`~sociocracy.course.course_map`)."""
    if page is HOME:
        return _("Course home")
    if page is FINISH:
        return _(page.title)
    if page.path.startswith("lessons/"):
        return _("Lesson {number}: {title}").format(number=int(page.slug.split("_", 1)[0]),
                                                    title=_(page.title))
    return _("App: {title}").format(title=_(page.title))


def course_path(root: Path | None = None) -> list[Stop]:
    """The main path: home, the lessons that exist, the page after them, then the apps that
    exist, in map order."""
    return [Stop(p.path, _label(p)) for p in (*LESSONS, FINISH, *APPS)
            if page_exists(p.path, root)]


def exercise_for(lesson_path: str, root: Path | None = None) -> Stop | None:
    """The practice page that goes with a lesson (``exercises/<same name>``), if it exists."""
    name = PurePosixPath(lesson_path).name
    if not lesson_path.startswith("lessons/") or not page_exists(f"exercises/{name}", root):
        return None
    lesson = next(p for p in LESSONS if p.path == lesson_path)
    number = int(lesson.slug.split("_", 1)[0])
    return Stop(f"exercises/{name}", _("Exercises for lesson {number}: {title}").format(
        number=number, title=_(lesson.title)))


def _href(target: str, from_path: str) -> str:
    here = PurePosixPath(from_path).parent
    there = PurePosixPath(target)
    return there.name if there.parent == here else f"../{target}"


def _link(stop: Stop, from_path: str) -> str:
    return f"[{stop.label}]({_href(stop.path, from_path)})"


def _field(name: str, value: str) -> str:
    """A line of the navigation list: ``- **Next:** [Lesson 3: ...](...)``."""
    return f"- **{name}** {value}"


def _neighbours(path: str, root: Path | None) -> tuple[Stop | None, Stop | None]:
    stops = course_path(root)
    paths = [s.path for s in stops]
    index = paths.index(path)
    previous = stops[index - 1] if index > 0 else None
    following = stops[index + 1] if index + 1 < len(stops) else None
    return previous, following


def nav_markdown(path: str, root: Path | None = None) -> str:
    """The navigation cell of one page (``path`` relative to the course root).

    A solution gets the same cell as its exercise: exercises are generated from solutions
    (:mod:`sociocracy.course.notebook_exercises`), so the two must agree.
    """
    home = Stop(HOME.path, _("Course home"))
    folder = PurePosixPath(path).parts[0]
    if folder in ("exercises", "solutions"):
        lesson_path = f"lessons/{PurePosixPath(path).name.replace('_solution.ipynb', '.ipynb')}"
        lesson = next(s for s in course_path(root) if s.path == lesson_path)
        _previous, following = _neighbours(lesson_path, root)
        lines = [_field(_("Next:"), _link(following or home, path)),
                 _field(_("Back:"), f"{_link(lesson, path)} · {_link(home, path)}")]
        return "\n".join(["---", "", *lines])
    previous, following = _neighbours(path, root)
    if following is None:
        lines = [_field(_("Next:"), _("this is the last page of the course: back to the "
                                      "{link}").format(link=_link(home, path)))]
    else:
        lines = [_field(_("Next:"), _link(following, path))]
    practise = exercise_for(path, root)
    if practise is not None:
        lines.append(_field(_("Practise:"), _link(practise, path)))
    if previous is not None:
        lines.append(_field(_("Previous:"), _link(previous, path)))
    if following is not None and path != HOME.path and (previous is None
                                                         or previous.path != HOME.path):
        lines.append(f"- {_link(home, path)}")
    return "\n".join(["---", "", *lines])


def nav_cell(path: str, root: Path | None = None) -> dict:
    """The navigation cell as notebook JSON (nbformat 4.5, fixed id so rebuilding is stable)."""
    return {"cell_type": "markdown", "id": NAV_TAG, "metadata": {"tags": [NAV_TAG]},
            "source": nav_markdown(path, root)}




def navigated_notebooks(root: Path | None = None) -> list[str]:
    """Every notebook that gets a navigation cell: lessons, apps, exercises and solutions (not
    the companion pages, such as the audience view, that another page opens)."""
    root = root or course_root()
    companions = {page.path for page in COMPANIONS}
    found = []
    for folder in ("lessons", "apps", "exercises", "solutions"):
        found += [f"{folder}/{p.name}" for p in sorted((root / folder).glob("*.ipynb"))
                  if f"{folder}/{p.name}" not in companions]
    return found
