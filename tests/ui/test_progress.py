"""A learner's path (issue 24, part 5): progress kept in the learner's own browser.

Pages opened and quiz scores are kept in localStorage (share/jupyter/voila/templates/course/
course-progress.js); the course home shows where the learner stands and where to continue, after
the browser was closed, and forgets it all on request.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sociocracy.course.quizzes import load_quiz
from tests.ui.conftest import open_notebook, screenshot
from tests.ui.test_pages import serious_axe_violations

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
KEY = "sociocracy-course-progress"


def _kept(page) -> dict:
    return json.loads(page.evaluate(f"() => localStorage.getItem('{KEY}') || 'null'") or "null")


def _answer_the_first_question_right(page, quiz_file: str) -> None:
    _title, questions = load_quiz(ROOT / "lessons" / quiz_file)
    first = questions[0]
    right = next(c.text for c in first.choices if c.correct)
    view = page.locator(".course-quiz").locator(".widget-vbox, .jupyter-widgets").filter(
        has=page.get_by_role("radio", name=right, exact=True)).last
    page.get_by_role("radio", name=right, exact=True).first.check()
    view.get_by_role("button", name="Check answer").first.click()


def test_the_home_shows_where_the_learner_stands_after_the_browser_closed(browser, voila,
                                                                          tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    open_notebook(page, voila, "lessons/02_rounds.ipynb")
    open_notebook(page, voila, "lessons/01_why_sociocracy.ipynb")
    _answer_the_first_question_right(page, "quizzes/01_why_sociocracy.yaml")
    page.wait_for_function(
        f"() => (JSON.parse(localStorage.getItem('{KEY}') || '{{}}').pages || {{}})"
        "['lessons/01_why_sociocracy.ipynb']?.quiz?.answered >= 1", timeout=15_000)
    kept = _kept(page)
    assert kept["last"] == "lessons/01_why_sociocracy.ipynb"
    assert set(kept["pages"]) == {"lessons/01_why_sociocracy.ipynb", "lessons/02_rounds.ipynb"}
    assert kept["pages"]["lessons/01_why_sociocracy.ipynb"]["quiz"]["right"] == 1
    state = context.storage_state(path=str(tmp_path / "state.json"))
    context.close()  # the browser is closed: only what it stored on the device remains

    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  storage_state=state)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_notebook(page, voila, "lessons/00_start_here.ipynb")
        panel = page.locator(".course-progress-panel").first
        expect(panel).to_contain_text("Continue where you left off")
        expect(panel.locator(".course-progress-continue a")).to_have_text("Why sociocracy?")
        expect(panel).to_contain_text("Lessons opened: 2")
        expect(panel).to_contain_text("quiz: 1 of")
        href = panel.locator(".course-progress-continue a").get_attribute("href")
        assert href == "../lessons/01_why_sociocracy.ipynb"
        # Fits a phone: nothing sticks out sideways.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        assert serious_axe_violations(page) == []
        screenshot(page, "progress-home-phone")
        panel.screenshot(path=str(screenshot(page, "progress-panel-phone")))

        # A revisit whose quiz is not answered yet never erases the earlier score.
        open_notebook(page, voila, "lessons/01_why_sociocracy.ipynb")
        page.wait_for_timeout(1_000)
        assert _kept(page)["pages"]["lessons/01_why_sociocracy.ipynb"]["quiz"]["right"] == 1

        open_notebook(page, voila, "lessons/00_start_here.ipynb")
        panel = page.locator(".course-progress-panel").first
        panel.get_by_role("button", name="Clear my progress").click()
        # It asks once more, with the focus on the answer.
        yes = panel.get_by_role("button", name="Yes, clear my progress")
        expect(yes).to_be_focused()
        page.keyboard.press("Enter")
        expect(panel).to_contain_text("Nothing yet")
        assert _kept(page) is None
    finally:
        context.close()
