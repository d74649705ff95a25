"""A trainer's typo costs one message box on the page, not the rest of the lesson.

The course is copied to a temporary folder, a quiz and a case study are broken there the way a
trainer might break them (``wy:`` for ``why:``, a ``next:`` to a step that does not exist), the
example organisation gets an indentation slip (lessons 05 and 06 draw it), a trainer's agenda
one too (lesson 9 lists it), and a course server serves the copy.
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT
from tests.ui.conftest import open_notebook, screenshot
from tools.course_server import start_course_server


@pytest.fixture(scope="module")
def broken_course(tmp_path_factory):
    root = tmp_path_factory.mktemp("broken-course")
    for folder in ("lessons", "share", "examples"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "voila.json", root / "voila.json")
    quiz = root / "lessons" / "quizzes" / "02_rounds.yaml"
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(text.replace("        why:", "        wy:", 1), encoding="utf-8")
    line = text.splitlines().index(next(ln for ln in text.splitlines()
                                        if ln.startswith("        why:"))) + 1
    story = root / "lessons" / "case_studies" / "community_garden.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "next: seven_circles", "next: seven_circels", 1), encoding="utf-8")
    org = root / "examples" / "organizations" / "green_valley_coop.yaml"
    org_text = org.read_text(encoding="utf-8")
    org.write_text(org_text.replace("    domain: vegetable beds", "     domain: vegetable beds", 1),
                   encoding="utf-8")
    agenda = root / "examples" / "agendas" / "kitchen_may.yaml"
    agenda.write_text("circle: Kitchen\ndate: 2027-05-06\nminutes: 60\nagenda:\n"
                      "  - title: Menu report\n   kind: report\n", encoding="utf-8")
    tension = root / "lessons" / "case_studies" / "watering_tension.yaml"
    tension.write_text(tension.read_text(encoding="utf-8").replace(
        "tool: round", "tool: rounds", 1), encoding="utf-8")
    server = start_course_server(root / "voila.log", root=root)
    yield server, line
    server.stop(wait=False)  # the next module need not wait for it (tests/conftest.py does)


def _slip_line() -> int:
    text = (ROOT / "examples" / "organizations" / "green_valley_coop.yaml").read_text("utf-8")
    return text.splitlines().index("    domain: vegetable beds, orchard, compost, garden tools") + 1


@pytest.mark.parametrize(("lesson", "heading"), [
    ("lessons/05_circles.ipynb", "read a circle map"),
    ("lessons/06_double_linking.ipynb", "spot the broken link")])
def test_an_indentation_slip_in_the_organisation_shows_one_box_and_the_rest(page, broken_course,
                                                                         lesson, heading):
    server, _line = broken_course
    open_notebook(page, server, lesson)
    # widgets are drawn when they come into view: scroll to the map's place first
    page.locator("h3", has_text=heading).scroll_into_view_if_needed()
    box = page.locator(".course-feedback-wrong", has_text="This circle map cannot be shown")
    box.wait_for()
    said = box.inner_text()
    assert f"green_valley_coop.yaml, line {_slip_line()} (field 'domain')" in said
    assert "the indentation of this line does not match the lines above it" in said
    cells = page.locator("#rendered_cells")
    assert cells.locator("h2", has_text="Sources").is_visible()
    cells.locator("h2", has_text="Check your understanding").scroll_into_view_if_needed()
    cells.locator(".course-quiz").first.wait_for()  # the rest of the lesson ran
    assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0
    assert "Traceback" not in cells.inner_text()
    screenshot(page, f"broken-organisation-{lesson.split('/')[1].split('_')[0]}")


def test_lesson_9_lists_a_trainers_agenda_and_a_broken_one_is_a_box(page, broken_course):
    server, _line = broken_course
    open_notebook(page, server, "lessons/09_meetings.ipynb")
    page.locator("h3", has_text="plan a meeting").scroll_into_view_if_needed()
    menu = page.get_by_label("Open an agenda").first
    menu.scroll_into_view_if_needed()
    # ipywidgets writes the options' spaces as no-break spaces
    labels = [label.replace("\xa0", " ") for label in menu.locator("option").all_inner_texts()]
    assert "Garden, 2027-03-04 (garden_march.yaml, the course's)" in labels
    broken = "kitchen_may.yaml (your course folder): has a mistake"
    assert broken in labels
    menu.select_option(index=labels.index(broken))
    box = page.locator(".course-feedback-wrong", has_text="This agenda cannot be shown").first
    box.wait_for()
    assert "examples/agendas/kitchen_may.yaml, line 6 (field 'kind')" in box.inner_text()


def test_a_typo_in_a_quiz_shows_file_line_and_field_and_the_rest_of_the_lesson(page,
                                                                              broken_course):
    server, line = broken_course
    open_notebook(page, server, "lessons/02_rounds.ipynb")
    box = page.locator(".course-feedback-wrong", has_text="This quiz cannot be shown")
    box.wait_for()
    assert f"quizzes/02_rounds.yaml, line {line} (field 'wy')" in box.inner_text()
    assert "why" in box.inner_text().split("field 'wy')", 1)[1]
    cells = page.locator("#rendered_cells")
    assert cells.locator("h2", has_text="Summary").is_visible()
    assert cells.locator("h2", has_text="Sources").is_visible()
    assert cells.locator("li:has(strong:text-is('Next:')) a").is_visible()
    assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0
    assert "Traceback" not in cells.inner_text()
    screenshot(page, "broken-quiz-lesson-02")


def test_a_broken_case_study_shows_its_message_and_the_rest_of_the_lesson(page, broken_course):
    server, _line = broken_course
    open_notebook(page, server, "lessons/11_being_an_ambassador.ipynb")
    box = page.locator(".course-feedback-wrong", has_text="This case study cannot be shown")
    box.wait_for()
    assert "community_garden.yaml, line" in box.inner_text()
    assert "(field 'next')" in box.inner_text()
    cells = page.locator("#rendered_cells")
    assert cells.locator("h2", has_text="Sources").is_visible()
    assert cells.locator(".course-quiz").count() == 1


def test_a_tension_story_with_an_unknown_tool_shows_its_line_and_the_rest_of_lesson_08(
        page, broken_course):
    server, _line = broken_course
    text = (ROOT / "lessons" / "case_studies" / "watering_tension.yaml").read_text("utf-8")
    line = text.splitlines().index("    tool: round") + 1
    open_notebook(page, server, "lessons/08_proposal_forming.ipynb")
    box = page.locator(".course-feedback-wrong", has_text="This case study cannot be shown")
    box.wait_for()
    assert f"watering_tension.yaml, line {line} (field 'tool')" in box.inner_text()
    assert "did you mean 'round'?" in box.inner_text()
    cells = page.locator("#rendered_cells")
    assert cells.locator("h2", has_text="Sources").is_visible()
    assert cells.locator(".course-quiz").count() == 1
    assert cells.locator(".course-considerations").count() == 1
    assert "Traceback" not in cells.inner_text()
