"""The meeting app in a real browser: plan a meeting, run every part by clicking, get the minutes.

The check-in and the evaluation are run as rounds inside the meeting. Hostile text typed into an
item, a note and a round turn must appear literally; the downloaded minutes must hold every note.
The page is also checked with axe while the meeting runs, and at a phone's width.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.ui.conftest import open_notebook, screenshot
from tests.ui.test_pages import serious_axe_violations

pytestmark = pytest.mark.browser

APP = "apps/meeting.ipynb"
HOSTILE = "<img src=x onerror=alert(1)>"
PEOPLE = ["Ana", "Ben", "Chloé"]


def _button(page, name: str):
    label = re.compile(rf"^\s*{re.escape(name)}\s*$")
    return page.locator("button:visible").filter(has_text=label)


def _fill(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Tab")  # ipywidgets sends a text box's value on change (blur)


def _run_round(page, expect, notes: list[str]) -> None:
    for number, note in enumerate(notes, start=1):
        _fill(page, "Note for this turn:", note)
        _button(page, "Next").click()
        if number < len(notes):
            expect(page.get_by_text(f"(turn {number + 1} of {len(notes)})")).to_be_visible()
    expect(page.get_by_text("The round is complete.", exact=True)).to_be_visible()


def _add_item(page, expect, title: str, kind: str, minutes: int) -> None:
    _fill(page, "Item title", title)
    page.get_by_label("Kind of item").select_option(label=kind)
    _fill(page, "Minutes", str(minutes))
    _button(page, "Add item").click()
    expect(page.get_by_role("option", name=re.compile(re.escape(title)))).to_be_attached()


def test_plan_and_run_a_whole_meeting_by_clicking_and_download_the_minutes(
        page, page_log, voila, tmp_path: Path):
    from playwright.sync_api import expect

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_notebook(page, voila, APP)

    # ---- plan
    _fill(page, "Circle", "Garden circle")
    _fill(page, "Length (min)", "45")
    _add_item(page, expect, f"Compost report {HOSTILE}", "Report", 10)
    _add_item(page, expect, "New beds", "Exploration", 15)
    expect(page.get_by_text("Ready.")).to_be_visible()
    page.get_by_role("button", name="Show the timeline chart").click()  # drawn on request
    expect(page.locator(".course-chart svg[role=img]").first).to_have_attribute(
        "aria-label", re.compile("New beds from minute 18"))
    expect(page.get_by_role("link", name="Download the agenda to print (Markdown)")
           ).to_be_visible()
    screenshot(page, "meeting-planned")
    _fill(page, "People present", "\n".join(PEOPLE))
    _button(page, "Start the meeting").click()
    expect(page.get_by_text("The meeting has started")).to_be_visible()

    # ---- run every part
    notes: list[str] = []
    parts = ["Check-in round", "Administration", "Consent to the agenda",
             f"Compost report {HOSTILE}", "New beds", "Update the backlog", "Evaluation round"]
    for number, title in enumerate(parts):
        current = page.locator("li[aria-current='step']")
        expect(current).to_contain_text(title)
        if title in ("Check-in round", "Evaluation round"):
            _button(page, "Start a round").click()
            expect(page.get_by_text(f"{title} started.")).to_be_visible()
            turns = [f"{title} turn {i} {HOSTILE}" for i in range(len(PEOPLE))]
            _run_round(page, expect, turns)
            notes += turns
            if title == "Check-in round":
                screenshot(page, "meeting-check-in-round")
        note = f"Note on {title.split(' <')[0]} {HOSTILE}"
        _fill(page, "Notes for this part", note)
        notes.append(note)
        if title == "Update the backlog":
            _fill(page, "Add to backlog", f"Tool shed {HOSTILE}")
            _button(page, "Add to backlog").click()
            expect(page.get_by_text("Added to the backlog:")).to_be_visible()
            notes.append(f"Tool shed {HOSTILE}")
        if title == "New beds":
            assert serious_axe_violations(page) == []
        last = number == len(parts) - 1
        _button(page, "End the meeting" if last else "Next part").click()
        if last:
            expect(page.get_by_text("The meeting is over.")).to_be_visible()
        else:
            expect(page.get_by_text(re.compile(rf"^Done: {re.escape(title)}\."))).to_be_visible()
    screenshot(page, "meeting-over")

    # ---- typed text shown literally, never as markup
    expect(page.get_by_text(f"Compost report {HOSTILE}").first).to_be_visible()
    assert page.locator("#rendered_cells img[src='x']").count() == 0
    assert dialogs == []

    # ---- the minutes hold every note
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the minutes of the meeting (Markdown)").click()
    target = tmp_path / "minutes.md"
    download_info.value.save_as(target)
    minutes = target.read_text(encoding="utf-8")
    for text in notes:
        assert text.replace("<", "\\<") in minutes, text
    assert "# Minutes: Garden circle" in minutes and "Present: Ana, Ben, Chloé" in minutes
    assert page_log.problems() == []


def test_the_meeting_app_fits_a_phone_without_sideways_scrolling(browser, voila):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_notebook(page, voila, APP)
        wide = page.evaluate("() => { const el = document.querySelector('#rendered_cells') ||"
                             " document.body; return el.scrollWidth - el.clientWidth; }")
        screenshot(page, "meeting-phone")
        assert wide <= 1
    finally:
        context.close()
