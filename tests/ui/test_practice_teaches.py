"""Practice that teaches, by keyboard too (issue 24, part 4), in Chromium: few tests, each a path.

- A lesson quiz played by keyboard: a wrong answer gets a hint and a second try (not the answer),
  the second try is right; the radio buttons sit level with their text and carry no visible
  "Answer N:" label; the focus ring is the course's 3 px ring.
- A practice page by keyboard: after "Next" the focus is on the new task; Enter in the number
  field checks; feedback below the screen is scrolled into view; six speakers are ordered with
  "Move to bottom", one press each.
- The course home on a 360 px phone: every link of the "Ten benefits" table is on the screen.
"""

from __future__ import annotations

import re

import pytest

from sociocracy.course.exercise_sets import load_exercise_set
from tests.conftest import ROOT
from tests.ui.conftest import PHONE, open_notebook, screenshot
from tests.ui.test_pages import serious_axe_violations
from tests.ui.test_practice import TASK, active_is, press_button, settle, tab_to

pytestmark = pytest.mark.browser

OKABE_BLUE = "rgb(0, 114, 178)"


def focus_ring(locator) -> tuple[str, str]:
    return tuple(locator.evaluate(
        "e => { const s = getComputedStyle(e); return [s.outlineWidth, s.outlineColor]; }"))


def radio_offset(radio) -> float:
    """How far (px) a radio button's middle is from the middle of its text's first line."""
    return radio.evaluate("""input => {
        const label = input.closest('label');
        const text = [...label.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
        const range = document.createRange();
        range.selectNodeContents(text);
        const line = range.getClientRects()[0];
        const box = input.getBoundingClientRect();
        return Math.abs((box.top + box.bottom) / 2 - (line.top + line.bottom) / 2);
    }""")


def test_a_quiz_gives_a_hint_and_a_second_try_by_keyboard(page, page_log, voila):
    open_notebook(page, voila, "lessons/03_consent.ipynb")
    question = page.locator(".course-quiz .widget-vbox").filter(
        has=page.get_by_text(re.compile(r"Question 1 of"))).first
    radios = question.locator("input[type=radio]")
    tab_to(page, radios.first)
    page.keyboard.press("Space")  # the first choice: "Objection, because Tuesday is better"
    settle(page)
    assert focus_ring(radios.first) == ("3px", OKABE_BLUE)
    check = question.get_by_role("button", name="Check answer", exact=True)
    tab_to(page, check)
    assert focus_ring(check) == ("3px", OKABE_BLUE)  # ipywidgets' own is a faint 1 px line
    page.keyboard.press("Enter")
    status = question.locator("[role=status]")
    status.filter(has_text="try once more").wait_for()
    said = status.inner_text()
    assert "not a wish for something better" in said  # why that choice is wrong: the hint
    assert "Consent (no objection)" not in said  # the answer is not given away
    screenshot(page, "quiz-second-try")
    tab_to(page, radios.first)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the third choice, the right one
    settle(page)
    press_button(page, question, "Check answer")
    status.filter(has_text="Right.").wait_for()
    # No visible "Answer 1:" label, but the group keeps its name for screen readers.
    label = question.locator(".course-quiz-choices > .widget-label")
    assert label.inner_text().strip() == "Answers to question 1"
    assert (label.bounding_box() or {"width": 0})["width"] <= 1
    assert all(radio_offset(radios.nth(i)) <= 2 for i in range(radios.count()))
    assert page_log.problems() == []
    assert serious_axe_violations(page) == []


def test_practice_moves_focus_to_the_next_task_and_checks_on_enter(browser, voila):
    tasks = load_exercise_set(ROOT / "exercises" / "data" / "02_rounds.yaml").tasks
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        open_notebook(page, voila, "exercises/02_rounds.ipynb")
        practice = page.locator(".course-practice")
        press_button(page, practice, "Next")
        heading = page.locator(".course-task-heading", has_text="Exercise 2 of")
        heading.wait_for()
        page.wait_for_function(
            "() => document.activeElement && document.activeElement.classList"
            ".contains('course-task-heading')")
        assert "Exercise 2 of" in page.evaluate("() => document.activeElement.textContent")

        # Six speakers in order with "Move to bottom": one press per speaker, in speaking order.
        round_task = tasks[1]
        listing = page.locator(TASK).locator("select").first
        seating = list(round_task.seating)
        for name in round_task.expected():
            listing.select_option(label=f"{seating.index(name) + 1}. {name}")
            settle(page)
            press_button(page, page.locator(TASK), "Move to bottom")
            settle(page)
            seating.remove(name)
            seating.append(name)
            listing.locator("option").last.filter(has_text=name).wait_for()
        press_button(page, page.locator(TASK), "Check answer")
        status = page.locator(TASK).locator("[role=status]")
        status.filter(has_text="Right").wait_for()
        # The feedback was below the phone's screen: it is scrolled into view.
        page.wait_for_timeout(600)  # a smooth scroll
        box = status.bounding_box()
        assert box is not None and box["y"] < 844 and box["y"] + min(box["height"], 200) > 0
        screenshot(page, "practice-round-phone-feedback")

        press_button(page, practice, "Next")
        field = page.get_by_label(re.compile("Your answer"))
        field.wait_for()
        tab_to(page, field)
        page.keyboard.type(f"{tasks[2].answer():g}")
        page.keyboard.press("Enter")  # no Tab, no click: Enter checks
        page.locator(TASK).locator("[role=status]").filter(has_text="Right").wait_for()
        assert active_is(page, field)
    finally:
        context.close()


def test_the_home_s_benefits_table_keeps_its_links_on_a_phone(browser, voila):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        open_notebook(page, voila, "lessons/00_start_here.ipynb")
        links = page.locator(".celltag_benefits-map td a")
        assert links.count() >= 10
        for i in range(links.count()):
            box = links.nth(i).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, (
                links.nth(i).inner_text())
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        where = page.locator(".celltag_benefits-map td:nth-child(5)").first.evaluate(
            "e => getComputedStyle(e, '::before').content")
        assert "Where you learn it" in where  # each cell keeps its column's name
        assert "small pieces of code" not in page.locator("#rendered_cells").inner_text()
        screenshot(page, "home-benefits-phone")
    finally:
        context.close()
