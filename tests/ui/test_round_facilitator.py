"""The round facilitator app in Voila, used the way an ambassador uses it: by the page alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.ui.conftest import open_notebook, screenshot
from tests.ui.test_pages import serious_axe_violations

pytestmark = pytest.mark.browser

APP = "apps/round_facilitator.ipynb"
HOSTILE = "<img src=x onerror=alert(1)>"
PEOPLE = ["Ana", "Ben", HOSTILE, "Dara"]
NOTES = {
    "Ana": "Glad to be here, a bit tired",
    "Ben": "Worried about the garden budget",
    HOSTILE: "I like the quiet-hours idea",
    "Dara": "Can we review it in three months?",
}


def _set_up(page, kind_label: str) -> None:
    page.get_by_label("Participants:").fill("\n".join(PEOPLE))
    page.get_by_label("Kind of round:").select_option(label=kind_label)
    page.get_by_label("Prompt:").fill("How do the quiet hours sit with you?")
    page.get_by_role("button", name="Start the round").click()


def test_a_four_person_round_facilitated_by_clicking_exports_minutes_with_every_note(
    page, page_log, voila,
):
    open_notebook(page, voila, APP)
    _set_up(page, "Quick-reactions round")
    current = page.locator(".course-round-current")
    for name in PEOPLE:
        expect(current).to_have_text(name)  # shown as typed, even the hostile name
        page.get_by_label("Note for this turn:").fill(NOTES[name])
        page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_role("heading", name="The round is complete")).to_be_visible()
    screenshot(page, "round_facilitator_complete")
    assert serious_axe_violations(page) == []  # the summary and downloads, not only the set-up

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the minutes (Markdown)").click()
    download = info.value
    assert download.suggested_filename.endswith("-minutes.md")
    minutes = Path(download.path()).read_text(encoding="utf-8")
    for note in NOTES.values():
        assert note in minutes
    assert "How do the quiet hours sit with you?" in minutes
    assert "\\<img src=x onerror=alert(1)>" in minutes  # escaped for Markdown, not dropped

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the turns as a table (CSV)").click()
    table = Path(info.value.path()).read_text(encoding="utf-8")
    assert all(note in table for note in NOTES.values())

    assert page.locator("img[src='x']").count() == 0  # the name never became an element
    assert page_log.problems() == []


def test_pass_is_disabled_in_a_consent_round_and_the_page_says_why(page, page_log, voila):
    open_notebook(page, voila, APP)
    _set_up(page, "Consent round")
    expect(page.locator(".course-round-current")).to_have_text("Ana")
    expect(page.get_by_role("button", name="Pass", exact=True)).to_be_disabled()
    reason = page.locator(".course-pass-reason")
    expect(reason).to_be_visible()
    expect(reason).to_contain_text("Passing is not possible in a consent round")
    assert serious_axe_violations(page) == []  # the running round, not only the set-up
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.locator(".course-round-current")).to_have_text("Ben")
    page.get_by_role("button", name="Undo", exact=True).click()
    expect(page.locator(".course-round-current")).to_have_text("Ana")
    assert page_log.problems() == []


def test_kill_9_of_the_kernel_mid_round_then_reopening_resumes_it_by_keyboard(
    page, page_log, voila,
):
    """The page's kernel is killed with SIGKILL mid-round: every turn shown is in the record."""
    import signal

    from sociocracy.rooms import RoomStore
    from tests.ui.test_hardening_pages import _kernel_process

    open_notebook(page, voila, APP)
    _set_up(page, "Check-in round")
    current = page.locator(".course-round-current")
    for name in PEOPLE[:2]:
        expect(current).to_have_text(name)
        page.get_by_label("Note for this turn:").fill(NOTES[name])
        page.get_by_role("button", name="Next", exact=True).click()
    expect(current).to_have_text(HOSTILE)
    kernel = _kernel_process(page)
    kernel.send_signal(signal.SIGKILL)
    kernel.wait(10)
    page.goto("about:blank")  # the dying page may log its lost kernel: the crash, not a fault
    page_log.forget()

    open_notebook(page, voila, APP)                                  # a new kernel
    offer = page.get_by_text("An unfinished round was found.")
    expect(offer).to_be_visible()
    expect(page.get_by_text("2 of 4 turns were taken")).to_be_visible()
    resume = page.get_by_role("button", name="Resume it")
    resume.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("2 turns were in the record.")).to_be_visible()
    expect(current).to_have_text(HOSTILE)
    screenshot(page, "round_facilitator_resumed")
    assert serious_axe_violations(page) == []
    for name in PEOPLE[2:]:
        expect(current).to_have_text(name)  # as a facilitator would: the next name, then type
        page.get_by_label("Note for this turn:").fill(NOTES[name])
        page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_role("heading", name="The round is complete")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the minutes (Markdown)").click()
    minutes = Path(info.value.path()).read_text(encoding="utf-8")
    assert all(note in minutes for note in NOTES.values())  # the turns before the reload too
    assert page_log.problems() == []  # the reopened page: nothing may go wrong
    with RoomStore() as store:  # the record holds the whole round, in one session
        steps = store.sessions("rounds")[0].steps
        assert [turn["note"] for turn in steps[-1][1]["round"]["turns"]] == list(NOTES.values())
