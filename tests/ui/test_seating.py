"""Issue 25 in the browser: the Workshop room's spoken round seated as the room sits before its
first turn (a place box, the keyboard on "Move up", "Start with"), and the room's record lists the
turns in that order with their notes, the pass and the outcome. Also: "Open on the phones" on one
line at 1280 px, and the page at 390 px without sideways scrolling. Screenshots at 1280x800 and
390x844 go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sociocracy.rooms import RoomStore
from tests.ui.conftest import PageLog, screenshot, workshop_app_url
from tests.ui.test_pages import serious_axe_violations
from tools.voila_page import wait_until_rendered

pytestmark = pytest.mark.browser

PEOPLE = ("Ana", "Bo", "Cy", "Dee")


def _no_sideways_scrolling(page) -> bool:
    return page.evaluate("""() => [document.documentElement,
        document.querySelector('#rendered_cells')].filter(Boolean)
        .every(e => e.scrollWidth <= e.clientWidth + 1)""")


def test_the_spoken_round_is_seated_before_it_starts_and_the_record_follows_that_order(
        browser, workshop_server, workshop_data):
    with RoomStore(workshop_data) as store:
        room = store.create_room("Seating as the room sits")
        activity = room.open_activity("check-in", "How are you arriving?")
        for name in PEOPLE:  # joined in this order: the round starts in join order
            room.respond(room.join(name).key, activity, words=f"{name} writes: fine")
    label = f"Seating as the room sits ({room.code}, {room.created_at:%Y-%m-%d})"

    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    log = PageLog(allowed_host=workshop_server.host)
    log.attach(page)
    page.goto(workshop_app_url(workshop_server, "apps/workshop_room.ipynb"),
              wait_until="domcontentloaded", timeout=90_000)
    wait_until_rendered(page, timeout=90_000)
    page.get_by_label("Earlier rooms:").select_option(label=label)
    page.get_by_role("button", name="Resume this room").click()
    expect(page.locator(".course-answered")).to_contain_text("4 of 4", timeout=10_000)
    # the button's label on one line at 1280 px (it wrapped onto two in a 10.5em box)
    opener = page.get_by_role("button", name="Open on the phones")
    line = opener.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20")
    box = opener.bounding_box()
    assert box is not None and box["height"] < 1.9 * line, box

    page.get_by_role("button", name="Reveal all answers").click()
    current = page.locator(".course-round-current")
    expect(current).to_have_text("Ana")
    order = page.get_by_label("Speaking order:")
    expect(order).to_be_visible()
    order.select_option("Dee")
    page.get_by_label("To place:").fill("1")
    page.get_by_role("button", name="Move to this place").click()
    expect(current).to_have_text("Dee")  # Dee, Ana, Bo, Cy
    page.get_by_label("Start with:").select_option("Bo")
    expect(current).to_have_text("Bo")  # round the circle from Bo: Bo, Cy, Dee, Ana
    order.select_option("Ana")
    page.get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")  # by keyboard: Bo, Cy, Ana, Dee
    expect(order.locator("option")).to_have_text(["Bo", "Cy", "Ana", "Dee"])
    expect(page.get_by_label("Note for this turn:")).to_have_value("Bo writes: fine")
    assert serious_axe_violations(page) == []  # the seating controls, labelled
    screenshot(page, "seating_1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert _no_sideways_scrolling(page)
    screenshot(page, "seating_390")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("button", name="Next", exact=True).click()
    expect(current).to_have_text("Cy")
    expect(page.get_by_label("Speaking order:")).to_be_hidden()  # fixed once someone spoke
    page.get_by_role("button", name="Pass", exact=True).click()
    expect(current).to_have_text("Ana")
    for _ in range(2):
        page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_role("heading", name="The round is complete")).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the room's record (Markdown)").click()
    record = Path(info.value.path()).read_text(encoding="utf-8")
    turns = re.findall(r"^\d+\. (\w+) \((\d\d:\d\d)\): (.*)$", record, flags=re.M)
    assert [(who, said) for who, _when, said in turns] == [
        ("Bo", "Bo writes: fine"), ("Cy", "passed"), ("Ana", "Ana writes: fine"),
        ("Dee", "Dee writes: fine")]
    assert "- Ana: Ana writes: fine" in record  # the written answers, beside it
    assert "Outcome: round complete at" in record and "(4 of 4 turns, 1 pass)" in record
    assert "Times are local" in record
    assert log.problems() == []
    context.close()
