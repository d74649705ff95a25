"""Two screens on one round, in Chromium: the laptop and a second tab (or a tablet).

One screen writes at a time. The second screen is offered to take the round over; the first
then refuses its own clicks with one sentence, and nothing either screen showed as done is lost.
"Start a new round" on the second screen never ends the first screen's live round.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from sociocracy.rooms import RoomStore
from tests.ui.conftest import open_notebook, screenshot
from tests.ui.test_pages import serious_axe_violations

pytestmark = pytest.mark.browser

APP = "apps/round_facilitator.ipynb"
TAKEN = "This round was taken over by another screen"
# A click that reaches the first tab before its heartbeat is refused by the session with the
# same sentence: tests/library/test_sessions_rounds.py holds that.


@pytest.fixture
def two_tabs(browser, voila):
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    pages = [context.new_page() for context in contexts]
    for page in pages:
        page.set_default_timeout(30_000)
    yield pages
    for context in contexts:
        context.close()


def _start(page, people: list[str], prompt: str) -> None:
    page.get_by_label("Participants:").fill("\n".join(people))
    page.get_by_label("Prompt:").fill(prompt)
    page.get_by_role("button", name="Start the round").click()
    expect(page.locator(".course-round-current")).to_have_text(people[0])


def _next(page, note: str) -> None:
    page.get_by_label("Note for this turn:").fill(note)
    page.get_by_role("button", name="Next", exact=True).click()


def _recorded_notes(prompt: str) -> list[list[str]]:
    with RoomStore() as store:
        rounds = [s for s in store.sessions("rounds") if prompt in s.title]
        return [[turn["note"] for turn in s.steps[-1][1]["round"]["turns"]] if s.steps else []
                for s in rounds]


def test_the_second_screen_takes_the_round_over_and_the_first_refuses_its_clicks(
    two_tabs, voila,
):
    a, b = two_tabs
    prompt = f"Arriving {uuid.uuid4().hex[:6]}?"
    open_notebook(a, voila, APP)
    _start(a, ["Ana", "Ben", "Chen", "Dee"], prompt)
    _next(a, "A-note-1")
    expect(a.locator(".course-round-current")).to_have_text("Ben")

    open_notebook(b, voila, APP)
    expect(b.get_by_text("This round is open on another screen (since")).to_be_visible()
    expect(b.locator(".course-app-resume")).to_contain_text(prompt)
    b.get_by_role("button", name="Take it over").click()
    expect(b.locator(".course-round-current")).to_have_text("Ben")
    expect(b.get_by_text("A-note-1")).to_be_visible()  # what A showed as done is here
    screenshot(b, "two_screens_taken_over")
    assert serious_axe_violations(b) == []

    # The first tab learns it at its next heartbeat (every 5 s): it says so, its buttons stop.
    a.get_by_label("Note for this turn:").fill("A-note-2")
    expect(a.get_by_text(TAKEN).first).to_be_visible()
    expect(a.get_by_role("button", name="Take it back")).to_be_visible()
    expect(a.get_by_role("button", name="Next", exact=True)).to_be_disabled()
    screenshot(a, "two_screens_stale_tab")
    _next(b, "B-note-2")
    expect(b.locator(".course-round-current")).to_have_text("Chen")
    assert _recorded_notes(prompt) == [["A-note-1", "B-note-2"]]


def test_a_new_round_on_the_second_screen_leaves_the_first_screens_round_running(
    two_tabs, voila,
):
    a, b = two_tabs
    prompt = f"Quiet hours {uuid.uuid4().hex[:6]}?"
    open_notebook(a, voila, APP)
    _start(a, ["Ana", "Ben", "Chen"], prompt)
    _next(a, "first")

    open_notebook(b, voila, APP)
    expect(b.get_by_text("This round is open on another screen (since")).to_be_visible()
    b.get_by_role("button", name="Start a new round").click()
    other = f"Other {uuid.uuid4().hex[:6]}?"
    _start(b, ["Eve", "Fay"], other)

    _next(a, "second")  # the first screen still holds its own round
    expect(a.locator(".course-round-current")).to_have_text("Chen")
    expect(a.get_by_text(TAKEN)).to_have_count(0)
    assert _recorded_notes(prompt) == [["first", "second"]]
    with RoomStore() as store:
        mine = [s for s in store.unfinished_sessions("rounds") if prompt in s.title]
        assert len(mine) == 1  # not marked finished by the other screen
