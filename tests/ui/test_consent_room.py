"""The consent decision app with the workshop's room, in Chromium.

One ``sociocracy-course workshop`` server for the whole test session (``workshop_server``). Twelve
phones (390x844 contexts; ten open the room's QR link, two type the short address and the code)
answer the consent round; two object with reasons; the facilitator reveals the answers in the
consent app, integrates both objections there, and the downloaded logbook names every answer.
The same app on two tabs is in test_consent_two_tabs.py (a module of its own, so that the two
long tests can run on different workers: issue 27).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sociocracy.rooms import RoomStore
from tests.ui.conftest import PageLog, new_phone, screenshot, workshop_app_url
from tests.ui.test_pages import serious_axe_violations
from tools.voila_page import wait_until_rendered

pytestmark = pytest.mark.browser

APP = "apps/consent_decision.ipynb"
TWELVE = ["Ana", "Ben", "Chen", "Dee", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kim", "Lou"]
OBJECTIONS = {"Dee": "The shed roof leaks; fix it first", "Jo": "Saturdays clash with market"}



def _shown(page, label: str, **exact):
    """The box labelled ``label`` that shows (Projector mode's row holds a hidden copy)."""
    return page.get_by_label(label, **exact).locator("visible=true")

def _button(page, name: str):
    """The visible button labelled ``name`` (matched on its text: an icon's glyph is ignored)."""
    label = re.compile(rf"^\s*{re.escape(name)}\s*$")
    return page.locator("button:visible").filter(has_text=label)


def _open_app(browser, server, *, size=(1280, 900)):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    log = PageLog(allowed_host=server.host)
    log.attach(page)
    page.goto(workshop_app_url(server, APP), wait_until="domcontentloaded", timeout=90_000)
    wait_until_rendered(page, timeout=90_000)
    return context, page, log


def _run_round(page, count: int, notes: dict[int, str] | None = None) -> None:
    """Click "Next" once per person, waiting for the round to move on each time."""
    for number in range(1, count + 1):
        if notes and number in notes:
            page.get_by_label("Note for this turn:").fill(notes[number])
        _button(page, "Next").click()
        if number < count:
            expect(page.get_by_text(f"(turn {number + 1} of {count})")).to_be_visible()
        else:
            expect(page.get_by_text("The round is complete")).to_be_visible()


def _start(page, proposal: str, members: list[str] | None = None) -> None:
    page.get_by_label("Proposal").fill(proposal)
    if members is not None:
        page.get_by_label("Members").fill("\n".join(members))
    _button(page, "Start").click()
    expect(page.get_by_text("Facilitator:")).to_be_visible()


def test_twelve_phones_answer_the_consent_round_and_two_objections_are_integrated(
        browser, workshop_server, workshop_data, tmp_path: Path):
    server = workshop_server
    with RoomStore(workshop_data) as store:
        room = store.create_room("Garden co-op workshop")  # made in the Workshop room app
    fac_context, fac, fac_log = _open_app(browser, server)
    expect(fac.get_by_text(f"{room.title}: room code")).to_be_visible()  # picked up
    expect(fac.get_by_alt_text(re.compile(f"QR code.*join room {room.code}"))).to_be_visible()

    qr_link = room.join_link(f"{server.base}/join")
    phones = [new_phone(browser, server) for _ in TWELVE]
    for i, ((_context, page, _log), name) in enumerate(zip(phones, TWELVE, strict=True)):
        if i < 10:
            page.goto(qr_link)
        else:  # typed: the short address and the code, in lower case with a space
            page.goto(f"{server.base}/join")
            page.get_by_label("Room code").fill(f"{room.code[:2].lower()} {room.code[2:]}")
        page.get_by_label("Your name").fill(name)
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_text("Waiting for the facilitator…")).to_be_visible()
    expect(fac.get_by_text(re.compile("12 people have joined"))).to_be_visible()

    fac.get_by_label("Circle").fill("Garden circle")
    _button(fac, "Use the names of the people in the room").click()
    expect(fac.get_by_label("Members")).to_have_value("\n".join(TWELVE))
    _start(fac, "Open the tool shed on Saturdays")
    _button(fac, "Start clarifying questions").click()
    _run_round(fac, 12, {1: "Who holds the key?"})
    _button(fac, "Start quick reactions").click()
    expect(fac.get_by_role("heading", name="Quick-reactions round")).to_be_visible()
    _run_round(fac, 12)
    _button(fac, "Restate, then consent round").click()
    expect(fac.get_by_text(re.compile("Ana, do you have an objection"))).to_be_visible()

    _button(fac, "Ask the phones").click()
    for (_context, page, _log), name in zip(phones, TWELVE, strict=True):
        choice = "Objection" if name in OBJECTIONS else "Consent"
        radio = page.get_by_role("radio", name=choice, exact=True)
        expect(radio).to_be_visible()  # the page noticed the question by itself
        expect(page.get_by_text("Consent decision", exact=True)).to_be_visible()  # who asks
        radio.check()
        if name in OBJECTIONS:
            page.get_by_label("Reason").fill(OBJECTIONS[name])
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("Received", exact=False).first).to_be_visible()
    expect(fac.locator(".course-answered")).to_contain_text("12 of 12")
    assert OBJECTIONS["Dee"] not in fac.content()  # how many, never what, before the reveal
    screenshot(fac, "consent_room-counting")
    assert serious_axe_violations(fac) == []

    _button(fac, "Reveal").click()
    expect(fac.get_by_text("Everyone has answered. Announce the result")).to_be_visible()
    for reason in OBJECTIONS.values():
        expect(fac.get_by_text(f"({reason})")).to_be_visible()
    expect(fac.get_by_text("12 answers from the phones are in the consent round.")).to_be_visible()
    for _context, page, _log in phones:
        expect(page.get_by_text("Answers revealed: thank you")).to_be_visible()

    _button(fac, "Objections raised: integrate them").click()
    _shown(fac, "Objection", exact=True).select_option(label=f"Dee: {OBJECTIONS['Dee']}")
    _shown(fac, "Amended proposal").fill("Open the tool shed on Saturdays once the roof "
                                              "is fixed")
    _button(fac, "Integrate").click()
    expect(fac.get_by_text("amended the proposal").first).to_be_visible()
    _shown(fac, "Strategy").select_option(label="Shorten the term")
    months = _shown(fac, "New term (months)")
    months.fill("3")
    months.press("Enter")
    _button(fac, "Integrate").click()
    expect(fac.get_by_text("shortened the term from 12 to 3 months").first).to_be_visible()
    _button(fac, "Back to the consent round").click()
    expect(fac.get_by_text(re.compile(r"Consent round 2\."))).to_be_visible()
    for following in [*TWELVE[1:], None]:  # the second round answered aloud, in the room
        _button(fac, "Consent").click()
        if following:
            expect(fac.get_by_text(re.compile(f"{following}, do you have an objection"))
                   ).to_be_visible()
    expect(fac.get_by_text("Everyone has answered. Announce the result")).to_be_visible()
    _button(fac, "Consent reached: record it").click()
    _button(fac, "Publish").click()
    expect(fac.get_by_text("Published.")).to_be_visible()
    screenshot(fac, "consent_room-published")

    with fac.expect_download() as info:
        fac.get_by_role("link", name="Download the logbook entry (Markdown)").click()
    target = tmp_path / "logbook.md"
    info.value.save_as(target)
    entry = target.read_text(encoding="utf-8")
    first = entry.split("#### Consent round 1")[1].split("#### Consent round 2")[0]
    for name in TWELVE:  # every answer, by name
        said = f"objection: {OBJECTIONS[name]}" if name in OBJECTIONS else "consent"
        assert f". {name}: {said}" in first, name
    for name, reason in OBJECTIONS.items():
        assert f"{name} (consent round 1): {reason}. Integrated:" in entry
    assert "Who holds the key?" in entry and "Term: 3 months" in entry

    for context, _page, log in phones:
        assert log.problems() == []
        context.close()
    assert fac_log.problems() == []
    fac_context.close()
