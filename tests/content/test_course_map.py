"""The course map, the course home generated from it, and links between notebooks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sociocracy.course.course_map import (
    APPS,
    BENEFITS,
    COMPANIONS,
    FINISH,
    LESSONS,
    page_by_path,
    page_exists,
)
from tools.build_home import rebuilt_home

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p for folder in ("lessons", "apps", "exercises", "solutions")
                   for p in (ROOT / folder).rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_there_are_ten_benefits_numbered_in_order():
    assert [b.number for b in BENEFITS] == list(range(1, 11))


def test_every_benefit_points_only_to_pages_on_the_map():
    for benefit in BENEFITS:
        assert benefit.taught_in, benefit.name
        for path in benefit.taught_in:
            page_by_path(path)  # raises KeyError when a page is not on the map


def test_the_course_home_and_lesson_01_exist():
    assert page_exists("lessons/00_start_here.ipynb", ROOT)
    assert page_exists("lessons/01_why_sociocracy.ipynb", ROOT)


def test_every_notebook_in_lessons_and_apps_is_on_the_map():
    on_map = {p.path for p in (*LESSONS, FINISH, *APPS, *COMPANIONS)}
    for folder in ("lessons", "apps"):
        for path in (ROOT / folder).glob("*.ipynb"):
            assert f"{folder}/{path.name}" in on_map, f"{path.name} is missing in course_map.py"


def test_course_home_is_up_to_date_with_the_map():
    current = json.loads((ROOT / "lessons" / "00_start_here.ipynb").read_text())
    assert current == rebuilt_home(ROOT), "run: python tools/build_home.py"


def test_course_home_links_existing_pages_and_marks_the_rest_coming():
    home = json.loads((ROOT / "lessons" / "00_start_here.ipynb").read_text())
    text = "\n".join(c["source"] for c in home["cells"])
    for page in LESSONS[1:] + APPS:
        if page_exists(page.path, ROOT):
            assert f"[{page.title}](" in text
        else:
            assert f"{page.title} *(coming)*" in text


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_in_a_notebook_points_to_an_existing_file(notebook):
    cells = json.loads(notebook.read_text())["cells"]
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for target in LINK.findall(cell["source"]):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            path = (notebook.parent / target.split("#")[0]).resolve()
            assert path.exists(), f"{notebook.name} links to missing {target}"


def test_every_one_of_the_ten_benefits_is_taught_on_a_page_that_exists():
    untaught = [b.name for b in BENEFITS
                if not any(page_exists(path, ROOT) for path in b.taught_in)]
    assert untaught == []


def test_every_quiz_and_case_study_of_the_course_checks_without_errors():
    """Lessons guard their hidden checks with ``if not quiz.problem``, so nbval alone would not
    notice a broken course file: this test does."""
    from sociocracy.course.checks import check_file

    files = sorted((ROOT / "lessons").glob("*/*.yaml"))
    assert len(files) >= 9
    errors = [str(line) for path in files for line in check_file(path)
              if line.severity == "error"]
    assert errors == []


def test_every_lesson_with_a_practice_page_is_linked_to_it_from_the_home():
    home = json.loads((ROOT / "lessons" / "00_start_here.ipynb").read_text())
    text = "\n".join(c["source"] for c in home["cells"])
    practised = [p for p in LESSONS if p.practice and page_exists(p.practice, ROOT)]
    assert len(practised) >= 8
    for page in practised:
        assert f"](../{page.practice})" in text, f"{page.path}: no link to its practice"


#: Lessons that landed while their practice set was being written (the lead adds them with
#: docs/exercise-format.md). Delete an entry when its exercises/data/NN_topic.yaml lands.
PRACTICE_PENDING: set[str] = set()


def test_every_existing_lesson_has_a_practice_page():
    for page in LESSONS[1:]:
        if page_exists(page.path, ROOT) and page.path not in PRACTICE_PENDING:
            assert page.practice and page_exists(page.practice, ROOT), page.path


def test_the_pending_list_names_only_lessons_still_without_practice():
    for path in PRACTICE_PENDING:
        page = page_by_path(path)
        assert page.practice and not page_exists(page.practice, ROOT), f"{path} has practice now"


def test_every_try_it_link_on_the_home_names_a_heading_of_its_lesson():
    """Benefits 1, 5 and 9 (issue 24): the home links each simulation's own section."""
    from sociocracy.course.course_map import heading_anchor
    linked = {b.number for b in BENEFITS if b.try_it}
    assert {1, 5, 9} <= linked
    home = json.loads((ROOT / "lessons" / "00_start_here.ipynb").read_text())
    text = "\n".join(c["source"] for c in home["cells"])
    for benefit in BENEFITS:
        for path, heading in benefit.try_it:
            cells = json.loads((ROOT / path).read_text())["cells"]
            headings = [line.lstrip("#").strip() for c in cells if c["cell_type"] == "markdown"
                        for line in c["source"].splitlines() if line.startswith("#")]
            assert heading in headings, f"{path} has no heading {heading!r}"
            assert f"{Path(path).name}#{heading_anchor(heading)})" in text
