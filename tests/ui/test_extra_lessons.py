"""Lessons 08 and 11 in a real browser: the simulator follows its drop-down, and the case study
can be walked by keyboard alone, with focus following each choice."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.ui.conftest import open_notebook

pytestmark = pytest.mark.browser


def test_considerations_simulator_follows_the_group_size(page, page_log, voila):
    open_notebook(page, voila, "lessons/08_proposal_forming.ipynb")
    sentence = page.locator(".course-considerations [role=status]").first
    expect(sentence).to_contain_text("of 20 considerations came out")
    page.get_by_label("People in the meeting", exact=True).select_option(label="4")
    expect(sentence).to_contain_text("of 8 considerations came out", timeout=30_000)
    chart = page.locator(".course-considerations svg[role=img]").first
    expect(chart).to_have_attribute("aria-label", re.compile("of 4 members"))
    assert page_log.problems() == []


def test_case_study_can_be_walked_by_keyboard(page, page_log, voila):
    open_notebook(page, voila, "lessons/11_being_an_ambassador.ipynb")
    study = page.locator(".course-case-study")
    first = study.get_by_role("button", name="A. Design the full structure")
    first.focus()
    page.keyboard.press("Enter")
    expect(study.locator("[role=status]")).to_contain_text("Too many circles", timeout=30_000)
    # The clicked button is gone; focus moves to the first choice of the next situation.
    next_first = study.get_by_role("button", name="A. Add a monthly coordination meeting")
    expect(next_first).to_be_focused(timeout=30_000)
    page.keyboard.press("Enter")
    expect(study).to_contain_text("Pitfalls met on this path: 2.", timeout=30_000)
    restart = study.get_by_role("button", name="Start again")
    expect(restart).to_be_focused(timeout=30_000)
    page.keyboard.press("Enter")
    expect(study).to_contain_text("you are at the start", timeout=30_000)
    assert page_log.problems() == []
