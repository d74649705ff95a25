"""The round facilitator app in the browser with the workshop room's phones: "Ask the phones",
"N of M answered", "Reveal", and each person's written words as their turn's note.

The test session's ``sociocracy-course workshop``; a room made for the workshop; three
phones at 390x844 in their own browser contexts join by its QR link; the facilitator opens the
round facilitator app (no names in the set-up), asks the phones, and the round that the reveal
starts is the people who answered, in join order, each with their words in the note box.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sociocracy.rooms import RoomStore
from tests.ui.test_pages import serious_axe_violations
from tests.ui.test_workshop_room import facilitator_url, new_phone
from tools.course_server import CourseServer
from tools.voila_page import wait_until_rendered

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def data(workshop_data) -> Path:
    """The shared workshop server's record (each test makes rooms of its own in it)."""
    return workshop_data


@pytest.fixture(scope="module")
def workshop(workshop_server) -> CourseServer:
    """The test session's one workshop server (``workshop_server`` in tests/ui/conftest.py):
    a server of this module's own would cost a start-up and its kernels (issue 27)."""
    return workshop_server


def test_the_round_facilitator_asks_the_phones_and_their_words_become_the_notes(
        browser, workshop, data):
    with RoomStore(data) as store:
        room = store.create_room("Taste of sociocracy")
    link = room.join_link(f"{workshop.base}/join")
    phones = [new_phone(browser, workshop) for _ in range(3)]
    names = ["Ana", "<img src=x onerror=alert(1)>", "Cy"]
    for (_context, page, _log), name in zip(phones, names, strict=True):
        page.goto(link)
        page.get_by_label("Your name").fill(name)
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_text("Waiting for the facilitator…")).to_be_visible()

    fac_context = browser.new_context(viewport={"width": 1280, "height": 800})
    fac = fac_context.new_page()
    fac.set_default_timeout(30_000)
    url = facilitator_url(workshop).replace("workshop_room.ipynb", "round_facilitator.ipynb")
    fac.goto(url, wait_until="domcontentloaded", timeout=90_000)
    wait_until_rendered(fac, timeout=90_000)
    fac.get_by_label("Prompt:").fill("How are you arriving?")
    fac.get_by_role("button", name="Ask the phones").click()
    expect(fac.locator(".course-answered")).to_contain_text("0 of 3")

    words = ["Curious", "Tired <b>but</b> here", "Glad"]
    for (_context, page, _log), text in zip(phones, words, strict=True):
        box = page.get_by_label("Your words")
        expect(box).to_be_visible(timeout=10_000)  # the page noticed the question by itself
        expect(page.get_by_text("Round facilitator")).to_be_visible()
        expect(page.get_by_text("How are you arriving?")).to_be_visible()
        box.fill(text)
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("Received", exact=False).first).to_be_visible()
    expect(fac.locator(".course-answered")).to_contain_text("3 of 3", timeout=10_000)
    assert "Curious" not in fac.content()  # how many, not what, before the reveal

    fac.get_by_role("button", name="Reveal", exact=True).click()
    current = fac.locator(".course-round-current")
    expect(current).to_have_text("Ana")
    note = fac.get_by_label("Note for this turn:")
    expect(note).to_have_value("Curious")
    fac.get_by_role("button", name="Next", exact=True).click()
    expect(current).to_have_text(names[1])
    expect(note).to_have_value(words[1])
    for _context, page, _log in phones:
        expect(page.get_by_text("Answers revealed: thank you")).to_be_visible(timeout=10_000)
    assert serious_axe_violations(fac) == []
    assert fac.locator("img[src='x']").count() == 0 and fac.locator("b", has_text="but").count() \
        == 0
    assert re.search(r"turn 2 of 3", fac.content())
    for context, _page, log in phones:
        assert log.problems() == []
        context.close()
    fac_context.close()
