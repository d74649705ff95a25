"""A lesson comes text first (issue 27): its text is shown before its cells have run, and then
every widget is drawn and answers, as on a page sent whole.

Lessons are sent progressively (``sociocracy.shell.server.renders_progressively``); their cells
run while the browser loads Voila's script and the widget manager comes in when they have run
(``sociocracy.shell.early_run``). The times are printed by ``benchmarks/voila_load.py``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.ui.conftest import open_notebook, screenshot

pytestmark = pytest.mark.browser

LESSON = "lessons/02_rounds.ipynb"


def test_a_lessons_text_is_shown_before_its_widgets(page, voila):
    """The text is on screen before any widget can be: Voila's script (which draws them, and
    on the old page showed the text with them) is held back until the text was checked."""
    held: list = []
    page.route("**/voila/static/voila.js*", lambda route: held.append(route))
    page.goto(voila.url(LESSON), wait_until="commit")
    heading = page.get_by_role("heading", name="Rounds: every voice, in turn")
    expect(heading).to_be_visible()
    expect(heading).to_be_in_viewport()  # at the top, no spinner above it
    expect(page.locator("#loading")).to_have_count(0)
    expect(page.get_by_text("Who talks in an open discussion?")).to_be_visible()
    assert page.locator(".course-airtime").count() == 0  # no widget yet: the text came first
    for route in held:
        route.continue_()
    page.unroute("**/voila/static/voila.js*")


def test_a_lessons_widgets_are_all_drawn_and_answer(page, page_log, voila):
    open_notebook(page, voila, LESSON)
    for tool in (".course-airtime", ".course-quiz"):
        expect(page.locator(tool)).to_have_count(1)
    expect(page.get_by_role("button", name="Another meeting")).to_be_visible()
    chart = page.locator(".course-airtime .course-chart-view svg")
    assert "meeting of 8 people" in (chart.get_attribute("aria-label") or "")
    page.get_by_label("People:").select_option("9")
    page.wait_for_function(
        "() => (document.querySelector('.course-airtime .course-chart-view svg')"
        ".getAttribute('aria-label') || '').includes('meeting of 9 people')")
    screenshot(page, "02_rounds_text_first")
    assert page_log.problems() == []
