"""Phones in a browser join a Hub user's room through the join service (issue 22).

The service runs as the Hub starts it (``tests/join_service.py``, PostgreSQL); the facilitator's
Workshop room session runs here as it would in Ana's single-user server. Two phones (browser
contexts with no Hub login) open the QR link, join, see the question arrive by themselves (the
page's poll, under the service's prefix), and send their answers with the page's own script.
Axe and a phone's width are checked on the service's pages; screenshots at 390x844.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from sociocracy.rooms import RoomStore
from sociocracy.sessions.workshop import WorkshopSession
from tests.join_service import ROOT_PATH
from tests.ui.conftest import PHONE, PageLog, screenshot
from tests.ui.test_pages import serious_axe_violations


def test_two_phones_answer_through_the_service_in_a_browser(browser, join_service):
    ana = WorkshopSession(store=RoomStore(join_service.store, owner="ana"))
    ana.create_room("Taste of sociocracy")
    room = ana.room.room
    assert room is not None
    host = join_service.base.split("://", 1)[1]
    phones = []
    for name in ("Ana", "Ben"):
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.set_default_timeout(20_000)
        log = PageLog(allowed_host=host)
        log.attach(page)
        page.goto(f"{join_service.base}{ROOT_PATH}/{room.code}?t={room.token}")
        assert re.search(rf"{ROOT_PATH}/{room.code}$", page.url)  # the token left the address
        page.get_by_label("Your name").fill(name)
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_text(f"You joined as {name}")).to_be_visible()
        phones.append((context, page, log))
    assert serious_axe_violations(phones[0][1]) == []
    screenshot(phones[0][1], "join-service-waiting-390")

    ana.ask("check-in", "How are you arriving?")
    for (_context, page, _log), words in zip(phones, ("Curious", "Tired but here"),
                                             strict=True):
        # the poll reloaded the page by itself when the question was opened
        expect(page.get_by_text("How are you arriving?")).to_be_visible()
        words_box = page.get_by_label("Your words")
        words_box.fill(words)
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("Received")).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert serious_axe_violations(phones[1][1]) == []
    screenshot(phones[1][1], "join-service-received-390")

    ana.refresh(quiet=True)
    assert ana.answered == 2
    ana.reveal()
    assert dict(ana.answers) == {"Ana": "Curious", "Ben": "Tired but here"}
    for context, _page, log in phones:
        assert log.problems() == []
        context.close()
