"""Navigation: every page ends with a generated "Next"/home cell, and the links form one path.

These are file tests: they read the notebooks' markdown and follow relative links, the way a
browser resolves them. A browser test (tests/ui/test_navigation.py) clicks the same links in Voila.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

import pytest

from sociocracy.course.course_map import APPS, FINISH, LESSONS, page_exists
from sociocracy.course.navigation import (
    NAV_TAG,
    course_path,
    exercise_for,
    nav_markdown,
    navigated_notebooks,
)
from tools.build_home import stale

ROOT = Path(__file__).resolve().parents[2]
HOME = "lessons/00_start_here.ipynb"


def nav_links(path: str) -> dict[str, str]:
    """The navigation cell's links by their label ("Next", "Previous", ...), resolved to paths."""
    cells = json.loads((ROOT / path).read_text(encoding="utf-8"))["cells"]
    assert NAV_TAG in cells[-1]["metadata"].get("tags", []), f"{path}: no navigation cell last"
    found: dict[str, str] = {}
    for line in cells[-1]["source"].splitlines():
        label = re.match(r"- (?:\*\*(\w[\w ]*?):?\*\*)?", line)
        for text, href in re.findall(r"\[([^\]]+)\]\(([^)]+)\)", line):
            target = str(PurePosixPath(path).parent / href)
            parts: list[str] = []
            for part in target.split("/"):
                parts = parts[:-1] if part == ".." else [*parts, part]
            resolved = "/".join(parts)
            assert (ROOT / resolved).is_file(), f"{path}: '{text}' leads to missing {resolved}"
            if text == "Course home":
                found["home"] = resolved
            if label and label.group(1) and label.group(1) not in found:
                found[label.group(1)] = resolved
    return found


def test_navigation_cells_are_up_to_date():
    assert stale(ROOT) == [], "run: python tools/build_home.py"


@pytest.mark.parametrize("path", navigated_notebooks(ROOT))
def test_every_page_links_the_course_home_and_a_next_page_that_exists(path):
    links = nav_links(path)
    assert "Next" in links
    if path != HOME:
        assert links["home"] == HOME


def test_following_next_from_the_home_visits_every_page_once_and_comes_back_home():
    expected = [p.path for p in (*LESSONS, FINISH, *APPS) if page_exists(p.path, ROOT)]
    visited, here = [], HOME
    while here not in visited:
        visited.append(here)
        here = nav_links(here)["Next"]
    assert visited == expected
    assert here == HOME, "the last page's Next should lead back to the course home"


def test_following_previous_from_the_last_page_leads_back_to_the_home():
    stops = [s.path for s in course_path(ROOT)]
    walked, here = [stops[-1]], stops[-1]
    while "Previous" in (links := nav_links(here)):
        here = links["Previous"]
        walked.append(here)
    assert walked == stops[::-1]


def test_lesson_06_leads_to_lesson_07_selection_and_on_to_lesson_08():
    text = "\n".join(c["source"] for c in json.loads(
        (ROOT / "lessons/06_double_linking.ipynb").read_text(encoding="utf-8"))["cells"])
    assert "Next:** Lesson 7" not in text  # no hand-written promise, only the generated link
    assert nav_links("lessons/06_double_linking.ipynb")["Next"] == "lessons/07_selection.ipynb"
    assert nav_links("lessons/07_selection.ipynb")["Next"] == "lessons/08_proposal_forming.ipynb"


def test_every_exercise_is_offered_by_its_lesson_and_leads_on_to_the_lesson_after_it():
    for path in navigated_notebooks(ROOT):
        if not path.startswith("exercises/"):
            continue
        lesson = f"lessons/{PurePosixPath(path).name}"
        assert nav_links(lesson)["Practise"] == path
        assert nav_links(path)["Next"] == nav_links(lesson)["Next"]
        assert nav_links(path)["Back"] == lesson


def test_a_lesson_without_exercises_offers_none(tmp_path):
    (tmp_path / "lessons").mkdir()
    for page in LESSONS[:3]:
        (tmp_path / page.path).write_text("{}", encoding="utf-8")
    assert exercise_for("lessons/02_rounds.ipynb", tmp_path) is None
    assert "Practise" not in nav_markdown("lessons/02_rounds.ipynb", tmp_path)


def test_a_new_lesson_appears_in_the_path_the_day_its_notebook_lands(tmp_path):
    for folder in ("lessons", "apps"):
        (tmp_path / folder).mkdir()
    for page in (*LESSONS, *APPS):
        if page_exists(page.path, ROOT) or page.path == "lessons/07_selection.ipynb":
            (tmp_path / page.path).write_text("{}", encoding="utf-8")
    assert "[Lesson 7: Selection](07_selection.ipynb)" in nav_markdown(
        "lessons/06_double_linking.ipynb", tmp_path)
