"""The selection app with phones, in the browser: eight phones write the nominations.

The test session's ``sociocracy-course workshop`` (through tests/ui/test_workshop_room.py's
fixtures); a room made for the workshop; eight phones at 390x844
in their own browser contexts join it by its QR link. The selection app (facilitator's page,
1280x800) asks the phones at the nominations step, shows "N of 8 answered" by itself, reveals
them into the selection, and the process goes on through the nomination round to the change
round. One phone joins with a name and writes a reason that are markup: both are shown as text.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sociocracy.rooms import RoomStore
from tests.ui import test_workshop_room as shared
from tests.ui.conftest import PageLog, screenshot
from tests.ui.test_pages import serious_axe_violations
from tests.ui.test_workshop_room import facilitator_url, new_phone
from tools.voila_page import wait_until_rendered

pytestmark = pytest.mark.browser

# The workshop room's fixtures: the test session's one workshop server and its record.
data, workshop = shared.data, shared.workshop

HOSTILE_NAME = "<b>Hana</b>"
HOSTILE_REASON = "<img src=x onerror=alert(1)> calm $x^2$"
MEMBERS = ["Ana", "Ben", "Chloé", "Dev", "Eli", "Fay", "Gus", HOSTILE_NAME]


def _button(page, name: str):
    label = re.compile(rf"^\s*{re.escape(name)}\s*$")
    return page.locator("button:visible").filter(has_text=label)


def test_eight_phones_write_the_nominations_revealed_into_the_selection(browser, workshop,
                                                                          data):
    with RoomStore(data) as store:
        room = store.create_room("Selection of a facilitator")
    link = room.join_link(f"{workshop.base}/join")  # what the room's QR code holds
    phones = [new_phone(browser, workshop) for _ in MEMBERS]
    for name, (_context, page, _log) in zip(MEMBERS, phones, strict=True):
        page.goto(link)
        page.get_by_label("Your name").fill(name)
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_text("Waiting for the facilitator…")).to_be_visible()

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    fac = context.new_page()
    fac.set_default_timeout(30_000)
    fac_log = PageLog(allowed_host=workshop.host)
    fac_log.attach(fac)
    dialogs: list[str] = []
    fac.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    fac.goto(facilitator_url(workshop).replace("apps/workshop_room.ipynb", "apps/selection.ipynb"),
             wait_until="domcontentloaded", timeout=90_000)
    wait_until_rendered(fac, timeout=90_000)
    fac.get_by_label("Role", exact=True).fill("Facilitator")
    fac.get_by_label("Members").fill("\n".join(MEMBERS))
    _button(fac, "Start").click()
    _button(fac, "Consent to the role: write nominations").click()
    _button(fac, "Ask the phones").click()
    expect(fac.locator(".course-answered")).to_contain_text("0 of 8 answered")

    for number, (name, (_context, page, _log)) in enumerate(zip(MEMBERS, phones, strict=True)):
        nominee = page.get_by_label("Nominee")
        expect(nominee).to_be_visible(timeout=10_000)  # the phone noticed the question itself
        expect(page.get_by_text("Selection", exact=True)).to_be_visible()  # who asked
        # small letters and spaces typed on a phone still name the member
        nominee.fill("  dev " if number < 3 else "Ana")
        page.get_by_label("Reason").fill(HOSTILE_REASON if name == HOSTILE_NAME
                                         else f"{name} trusts them")
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("Received").first).to_be_visible()
    expect(fac.locator(".course-answered")).to_contain_text("8 of 8 answered", timeout=10_000)
    assert "Ana trusts them" not in fac.content()  # how many, never what, before the reveal
    screenshot(fac, "selection-phones-counting")
    assert serious_axe_violations(fac) == []

    _button(fac, "Reveal").click()
    expect(fac.get_by_text("Slips in: 8 of 8")).to_be_visible()
    for _context, page, _log in phones[:2]:
        expect(page.get_by_text("Answers revealed: thank you")).to_be_visible(timeout=10_000)
    _button(fac, "Reveal the nominations").click()
    grid = fac.locator("table.course-selection-grid")
    expect(grid).to_contain_text("Ana trusts them")
    expect(grid).to_contain_text(HOSTILE_REASON)      # shown as text, never as markup
    expect(grid).to_contain_text(HOSTILE_NAME)
    for number in range(1, len(MEMBERS) + 1):
        expect(fac.get_by_text(f"(turn {number} of 8)").first).to_be_visible()
        _button(fac, "Read out: next").click()
    expect(fac.get_by_text("Everyone has spoken.")).to_be_visible()
    _button(fac, "Start the change round").click()
    expect(fac.get_by_text("Change round (turn 1 of 8)")).to_be_visible()
    expect(fac.get_by_label("Answer", exact=True).locator("option").first).to_have_text(
        "No change (keeps Dev)")

    assert fac.locator("#rendered_cells img[src='x']").count() == 0
    assert fac.locator("#rendered_cells b", has_text="Hana").count() == 0
    assert dialogs == []
    assert fac_log.problems() == []
    for phone_context, page, log in phones:
        assert page.locator("img[src='x']").count() == 0
        assert log.problems() == []
        phone_context.close()
    context.close()
    with RoomStore(data) as store:  # the selection, as kept: every slip from the phones
        [session] = store.unfinished_sessions("selection")
        steps = [step for step, _ in session.steps]
        assert steps.count("nominate") == 8 and "phones-asked" in steps
        session.finish()
