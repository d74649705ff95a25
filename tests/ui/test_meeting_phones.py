"""The meeting app's check-in written on four phones first, then revealed into the spoken round
(issue 20, item 3), in Chromium: the test session's ``sociocracy-course workshop``, the
workshop's room made beforehand (as the Workshop room app would), the meeting app at 1280x800 and
four phones at 390x844 on the join page.

The meeting app finds the workshop's room by itself, "Ask the phones" puts the check-in question
on the phones, the count follows their "Send" ("4 of 4 answered") without knowing what was
written, and "Reveal" starts the spoken round with each person's words as their note (a phone
that joined as "ana" is the member Ana). The minutes hold every word.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sociocracy.rooms import RoomStore
from tests.ui.conftest import PageLog, screenshot
from tests.ui.test_meeting import _add_item, _button, _fill
from tests.ui.test_pages import serious_axe_violations
from tests.ui.test_workshop_room import facilitator_url, new_phone
from tools.course_server import CourseServer
from tools.voila_page import wait_until_rendered

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"
MEMBERS = ["Ana", "Ben", "Chloé", "Dev"]
#: What each phone joins as, and writes.
PHONES = [("ana", "Glad to be here"), ("Ben", f"Tired {HOSTILE}"), ("Chloé", "Curious"),
          ("Dev", "Late bus, all good")]


@pytest.fixture(scope="module")
def data(workshop_data) -> Path:
    """The shared workshop server's record (each test makes rooms of its own in it)."""
    return workshop_data


@pytest.fixture(scope="module")
def workshop(workshop_server) -> CourseServer:
    """The test session's one workshop server (``workshop_server`` in tests/ui/conftest.py):
    a server of this module's own would cost a start-up and its kernels (issue 27)."""
    return workshop_server


def meeting_url(server: CourseServer) -> str:
    token = re.search(r"[?&]token=(\w+)", facilitator_url(server))
    assert token, "the facilitator's link holds no token"
    return f"{server.base}/voila/render/apps/meeting.ipynb?token={token.group(1)}"


def test_the_check_in_is_written_on_four_phones_then_spoken_in_the_meeting(browser, workshop,
                                                                          data):
    with RoomStore(data) as store:  # the workshop's room, made in the Workshop room app
        room = store.create_room("Garden circle meeting")
    join_link = room.join_link(f"{workshop.base}/join")
    phones = [new_phone(browser, workshop) for _ in PHONES]
    for (_context, page, _log), (name, _words) in zip(phones, PHONES, strict=True):
        page.goto(join_link)
        page.get_by_label("Your name").fill(name)
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_text("Waiting for the facilitator…")).to_be_visible()

    fac_context = browser.new_context(viewport={"width": 1280, "height": 800},
                                      accept_downloads=True)
    fac = fac_context.new_page()
    fac.set_default_timeout(30_000)
    fac_log = PageLog(allowed_host=workshop.host)
    fac_log.attach(fac)
    fac.goto(meeting_url(workshop), wait_until="domcontentloaded", timeout=90_000)
    wait_until_rendered(fac, timeout=90_000)
    _fill(fac, "Circle", "Garden circle")
    _add_item(fac, expect, "Compost report", "Report", 10)
    _fill(fac, "People present", "\n".join(MEMBERS))
    _button(fac, "Start the meeting").click()
    expect(fac.get_by_text("The meeting has started")).to_be_visible()

    _button(fac, "Ask the phones").click()
    expect(fac.get_by_text("Asked the phones.")).to_be_visible()
    count = fac.locator(".course-meeting-phones-count")
    expect(count).to_contain_text("0 of 4 answered")
    for (_context, page, _log), (_name, words) in zip(phones, PHONES, strict=True):
        box = page.get_by_label("Your words")
        expect(box).to_be_visible(timeout=10_000)  # the phone noticed the question by itself
        expect(page.get_by_text("How are you arriving at this meeting?")).to_be_visible()
        box.fill(words)
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("Received", exact=False).first).to_be_visible()
    expect(count).to_contain_text("4 of 4 answered", timeout=10_000)  # refreshed every 2 s
    assert "Late bus" not in fac.content()  # how many, not what, before the reveal
    screenshot(fac, "meeting-phones-counting")

    _button(fac, "Reveal").click()
    expect(fac.get_by_text("Revealed.")).to_be_visible()
    current = fac.locator(".course-round-current")
    note = fac.get_by_label("Note for this turn:")
    for member, (_name, words) in zip(MEMBERS, PHONES, strict=True):
        expect(current).to_have_text(member)
        expect(note).to_have_value(words)  # the person's written words are their note
        _button(fac, "Next").click()
    expect(fac.get_by_text("The round is complete.", exact=True)).to_be_visible()
    screenshot(fac, "meeting-phones-spoken-round")
    assert serious_axe_violations(fac) == []
    for _context, page, _log in phones:
        expect(page.get_by_text("Answers revealed")).to_be_visible(timeout=10_000)

    _button(fac, "Next part").click()
    expect(fac.locator("li[aria-current='step']")).to_contain_text("Administration")
    with fac.expect_download() as info:
        fac.get_by_role("link", name="Download the minutes of the meeting (Markdown)").click()
    minutes = Path(info.value.path()).read_text(encoding="utf-8")
    for member, (_name, words) in zip(MEMBERS, PHONES, strict=True):
        assert f"{member}: {words.replace('<', chr(92) + '<')}" in minutes
    assert fac.locator("img[src='x']").count() == 0
    for context, page, log in phones:
        assert page.locator("img[src='x']").count() == 0
        assert log.problems() == []
        context.close()
    assert fac_log.problems() == []
    fac_context.close()
