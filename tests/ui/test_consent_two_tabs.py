"""The consent decision app on two screens, in Chromium, on the test session's workshop server.

Two tabs on one decision: tab B takes it over and tab A then refuses its clicks with the
sentence; "Start a new consent decision" in a second tab leaves the first tab's live decision
unfinished and writable. Nothing either tab showed as done is lost. (The app with the room's
twelve phones is in test_consent_room.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sociocracy.rooms import RoomStore
from sociocracy.sessions.consent import recorded_process
from tests.ui.test_consent_room import _button, _open_app, _start

pytestmark = pytest.mark.browser

TAKEN = "This consent decision was taken over by another screen"


def _note_and_next(page, note: str) -> None:
    page.get_by_label("Note for this turn:").fill(note)
    _button(page, "Next").click()


def _recorded_notes(data: Path, proposal: str) -> list[str]:
    with RoomStore(data) as store:
        recorded = next(s for s in store.sessions("consent") if s.title == proposal)
        process = recorded_process(recorded)
    return [t.note for t in process.rounds[0][1].turns]


def _set_aside_what_is_offered(page) -> None:
    """A decision left unfinished by an earlier test is offered: start a new one instead."""
    new = _button(page, "Start a new consent decision")
    if new.count():
        new.click()
        expect(new).to_have_count(0)


def test_two_tabs_take_over_and_start_new_and_nothing_shown_as_done_is_lost(
        browser, workshop_server, workshop_data):
    server = workshop_server
    a_context, a, a_log = _open_app(browser, server, size=(1100, 800))
    _set_aside_what_is_offered(a)
    _start(a, "Paint the shed green", ["Ana", "Ben", "Chen"])
    _button(a, "Start clarifying questions").click()
    _note_and_next(a, "A-note-1")
    expect(a.get_by_text("(turn 2 of 3)")).to_be_visible()

    b_context, b, b_log = _open_app(browser, server, size=(1100, 800))
    expect(b.get_by_text(re.compile(
        r"This consent decision is open on another screen \(since \d\d:\d\d, last active"))
    ).to_be_visible()
    _button(b, "Take it over").click()
    expect(b.get_by_text("Resumed.")).to_be_visible()
    expect(b.locator("table.course-round-turns").last).to_contain_text("A-note-1")
    expect(b.locator(".course-round-current")).to_have_text("Ben")

    _note_and_next(a, "A-note-2")  # the stale tab: refused, with the sentence
    expect(a.get_by_text(TAKEN).first).to_be_visible()
    expect(a.locator(".course-round-current")).to_have_text("Ben")
    _note_and_next(b, "B-note-2")
    expect(b.locator(".course-round-current")).to_have_text("Chen")
    _button(a, "Take it back").click()  # offered on the stale tab, above its decision
    expect(a.locator(".course-round-current")).to_have_text("Chen")
    expect(a.locator("table.course-round-turns").last).to_contain_text("B-note-2")
    _note_and_next(b, "B-note-3")  # now tab B is the stale one
    expect(b.get_by_text(TAKEN).first).to_be_visible()
    assert _recorded_notes(workshop_data, "Paint the shed green") == ["A-note-1", "B-note-2"]
    for context in (a_context, b_context):
        context.close()

    # The other order: a second tab starts a new decision; the first tab's stays its own.
    c_context, c, c_log = _open_app(browser, server, size=(1100, 800))
    _set_aside_what_is_offered(c)
    _start(c, "Plant beans by the gate", ["Dee", "Eli"])
    _button(c, "Start clarifying questions").click()
    _note_and_next(c, "C-note-1")
    expect(c.get_by_text("(turn 2 of 2)")).to_be_visible()
    d_context, d, d_log = _open_app(browser, server, size=(1100, 800))
    expect(d.get_by_text(re.compile("This consent decision is open on another screen"))
           ).to_be_visible()
    _button(d, "Start a new consent decision").click()
    _start(d, "Buy a rain barrel", ["Fay", "Gus"])
    _note_and_next(c, "C-note-2")  # still writable: its decision was left to it
    expect(c.get_by_text("The round is complete")).to_be_visible()
    assert c.get_by_text(TAKEN).count() == 0
    _button(c, "Start quick reactions").click()
    expect(c.get_by_role("heading", name="Quick-reactions round")).to_be_visible()
    assert _recorded_notes(workshop_data, "Plant beans by the gate") == ["C-note-1", "C-note-2"]
    with RoomStore(workshop_data) as store:
        unfinished = {s.title for s in store.unfinished_sessions("consent")}
    assert {"Plant beans by the gate", "Buy a rain barrel"} <= unfinished
    for log in (a_log, b_log, c_log, d_log):
        assert log.problems() == []
    for context in (c_context, d_context):
        context.close()
