"""Names in a workshop room, in the browser: one rule from the phone to the spoken round.

The test session's ``sociocracy-course workshop``, the facilitator's page at 1280x800 and
two phones at 390x844 (issue 20, item 4; issue 21, item 9):

* a phone that types "ana" or "Anа" (Cyrillic "а") while an Ana is in the room, or a name with an
  invisible character (``Bob\\u202eecilA``, ``Ana\\u200b``), is refused on the phone, at join,
  with a sentence; it joins once it types a name of its own;
* the facilitator's "have joined" list shows each name isolated: a right-to-left name does not
  pull the next name's digits into its run, and an override that an older record holds does
  not mirror the names after it (measured from where the browser draws the text);
* the reveal starts the spoken round even on names an older record let join twice ("Ana" and
  "ana", two identical 60-character names), told apart within 60 characters.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sociocracy.rooms import RoomStore
from tests.old_records import join_as_before
from tests.ui.conftest import PageLog, screenshot
from tests.ui.test_workshop_room import facilitator_url, new_phone
from tools.course_server import CourseServer
from tools.voila_page import wait_until_rendered

pytestmark = pytest.mark.browser

TAKEN = "Someone here already uses the name Ana: add an initial."
INVISIBLE = "cannot hold invisible characters"
LONG = "x" * 60
#: Where the browser draws pieces of an element's text: [left, right, top, bottom] of each.
PLACES = """([selector, pieces]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let text = '';
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]);
                              text += walker.currentNode.data; }
  const at = (pos) => { for (let i = nodes.length - 1; i >= 0; i--) {
    if (nodes[i][1] <= pos) return [nodes[i][0], pos - nodes[i][1]]; } };
  return pieces.map((piece) => {
    const start = text.indexOf(piece);
    if (start < 0) return null;
    const range = document.createRange();
    range.setStart(...at(start)); range.setEnd(...at(start + piece.length));
    const box = range.getBoundingClientRect();
    return [box.left, box.right, box.top, box.bottom];
  });
}"""


@pytest.fixture(scope="module")
def data(workshop_data) -> Path:
    """The shared workshop server's record (each test makes rooms of its own in it)."""
    return workshop_data


@pytest.fixture(scope="module")
def workshop(workshop_server) -> CourseServer:
    """The test session's one workshop server (``workshop_server`` in tests/ui/conftest.py):
    a server of this module's own would cost a start-up and its kernels (issue 27)."""
    return workshop_server


def reads_before(one: list[float], other: list[float]) -> bool:
    """Whether ``one`` is drawn wholly before ``other``: on a line above, or left of it."""
    _left, right, _top, bottom = one
    other_left, _other_right, other_top, _other_bottom = other
    return bottom <= other_top + 1 or right <= other_left + 1


def refused(page, name: str, sentence: str) -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("alert")).to_contain_text(sentence)
    expect(page.get_by_label("Your name")).to_have_attribute("aria-invalid", "true")


def test_names_are_refused_at_join_shown_isolated_and_the_reveal_works(browser, workshop, data):
    fac_context = browser.new_context(viewport={"width": 1280, "height": 800})
    fac = fac_context.new_page()
    fac.set_default_timeout(30_000)
    fac_log = PageLog(allowed_host=workshop.host)
    fac_log.attach(fac)
    fac.goto(facilitator_url(workshop), wait_until="domcontentloaded", timeout=90_000)
    wait_until_rendered(fac, timeout=90_000)
    fac.get_by_label("New room's title:").fill("Names")
    fac.get_by_role("button", name="Create a room").click()
    expect(fac.get_by_text("Room code", exact=True)).to_be_visible()
    with RoomStore(data) as store:
        room = store.rooms()[0]
        # what an older record may hold: names its join path let in twice, and an override
        before = [join_as_before(room, name) for name in ("Ana", "ana", "Bob\u202eecilA")]
    qr_link = room.join_link(f"{workshop.base}/join")

    first, second = new_phone(browser, workshop), new_phone(browser, workshop)
    page = first[1]
    page.goto(qr_link)
    refused(page, "ana", TAKEN)
    refused(page, "An\u0430", TAKEN)  # a Cyrillic а
    refused(page, "Ana\u200b", INVISIBLE)
    refused(page, "Bob\u202eecilA", "U+202E (RIGHT-TO-LEFT OVERRIDE)")
    page.get_by_label("Your name").fill("علی")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("Waiting for the facilitator…")).to_be_visible()
    second[1].goto(qr_link)
    second[1].get_by_label("Your name").fill("2Pac")
    second[1].get_by_role("button", name="Join").click()
    expect(second[1].get_by_text("Waiting for the facilitator…")).to_be_visible()
    with RoomStore(data) as store:  # later in the list, so the names above share a line
        before += [join_as_before(store.room(room.code), LONG) for _ in range(2)]

    fac.get_by_role("button", name="Refresh").click()
    joined = fac.locator("p", has_text=re.compile("7 people have joined"))
    expect(joined).to_be_visible(timeout=10_000)
    joined.evaluate("element => element.classList.add('names-under-test')")
    override, rtl, digits = fac.evaluate(
        PLACES, [".names-under-test", ["ecilA", "علی", "2Pac"]])
    assert reads_before(override, rtl), "the override mirrored the names after it"
    assert reads_before(rtl, digits), "the right-to-left name pulled the next name's digits in"
    screenshot(fac, "workshop_names_joined")

    fac.get_by_label("Activity:").select_option(label="Check-in words")
    fac.get_by_role("button", name="Open on the phones").click()
    for _context, phone_page, _log in (first, second):
        expect(phone_page.get_by_label("Your words")).to_be_visible(timeout=10_000)
        phone_page.get_by_label("Your words").fill("here")
        phone_page.get_by_role("button", name="Send").click()
        expect(phone_page.get_by_text("Received").first).to_be_visible()
    with RoomStore(data) as store:
        again = store.room(room.code)
        for number, person in enumerate(before):
            again.respond(person.key, again.current_activity, words=f"words {number}")
    expect(fac.locator(".course-answered")).to_contain_text("7 of 7", timeout=10_000)

    fac.get_by_role("button", name="Reveal all answers").click()
    expect(fac.get_by_text("7 answers revealed")).to_be_visible()
    expect(fac.locator(".course-round-current")).to_have_text("Ana")
    table = fac.locator("table.course-round-turns").first
    for name in ("ana (2)", "BobecilA", LONG, "x" * 56 + " (2)"):
        expect(table.get_by_role("cell", name=name, exact=True)).to_be_visible()
    fac.get_by_role("button", name="Next", exact=True).click()
    expect(fac.locator(".course-round-current")).to_have_text("ana (2)")
    assert fac.get_by_role("alert").count() == 0
    screenshot(fac, "workshop_names_revealed")

    refusals = [p for p in first[2].problems() if "status of 400 (Bad Request)" in p]
    assert len(refusals) == 4  # the four refused joins, answered 400 with the sentence
    for context, _page, log in (first, second):
        assert [p for p in log.problems() if p not in refusals] == []
        context.close()
    assert fac_log.problems() == []
    fac_context.close()
