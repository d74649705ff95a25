"""Projector mode on one screen (issue 25), in Chromium at 1280×720: the selection, the meeting
and the consent decision show the audience view's content with the step's controls folded to ONE
row under it, at every step of a run through each app.

At each step: nothing to scroll (the document and Voila's own scrolling box), the audience view's
main text at 32 px or more, every button a person can see (on screen and not folded away: the
element under its centre is the button) on one line, the laptop's views folded away; at some
steps axe finds nothing serious. The controls are the row's: its copies of the page's own
widgets (a hidden copy in the folded views shares each label, so locators are scoped to the row).
Screenshots: ``test-artifacts/screenshots/projector-one-row-*.png`` (the window at 1280×720; at
the busiest steps also 1920×1080, nothing to scroll, and a 390×844 phone, nothing sideways).
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.ui.conftest import ARTIFACTS, open_notebook
from tests.ui.test_pages import serious_axe_violations

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
BIG = {"width": 1920, "height": 1080}

#: What the one screen shows: how tall the page is, and the buttons a person can see there.
ONE_SCREEN_JS = """() => {
  const doc = document.scrollingElement, cells = document.querySelector('#rendered_cells');
  const seen = [...document.querySelectorAll('#rendered_cells button')].filter(b => {
    const r = b.getBoundingClientRect();
    if (!r.width || !r.height || b.closest('.course-app-resume')) return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && (hit === b || b.contains(hit));
  });
  const offer = [...document.querySelectorAll('.course-app-resume')].reduce(
    (sum, box) => sum + box.getBoundingClientRect().height, 0);
  return {height: Math.max(doc.scrollHeight, cells ? cells.scrollHeight : 0),
          innerHeight: innerHeight, offer: offer,
          tops: seen.map(b => Math.round(b.getBoundingClientRect().top)),
          buttons: seen.map(b => b.textContent.trim())};
}"""
MAIN_TEXT = ".course-audience-panel :is(.aud-title, .aud-text, .aud-speaker)"


def _shot(page, name: str) -> None:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or PROJECTOR
    page.screenshot(path=str(folder / f"projector-one-row-{name}-{size['width']}x"
                                      f"{size['height']}.png"))


def _row(page):
    """Projector mode's one row of controls (the only one shown)."""
    return page.locator(".course-projector-controls").locator("visible=true")


def _one_screen(page, name: str, *, buttons: list[str], axe: bool = False) -> None:
    """The step in Projector mode at 1280×720: the audience view, its main text large, the
    step's controls (``buttons``, by name) in one row, nothing to scroll."""
    expect(page.locator(".course-audience-panel .course-audience")).to_be_visible()
    row = _row(page)
    expect(row).to_have_count(1)
    for name_ in buttons:
        expect(row.get_by_role("button", name=name_, exact=True)).to_be_visible()
    page.evaluate("() => { const c = document.querySelector('#rendered_cells');"
                  " if (c) c.scrollTop = 0; window.scrollTo(0, 0); }")
    page.wait_for_timeout(200)  # the layout settles (CSS only: nothing to wait for)
    found = page.evaluate(ONE_SCREEN_JS)
    # (a session left open by another test adds its "Take it over" box above the app)
    assert found["height"] <= found["innerHeight"] + found["offer"], (name, found)
    tops = found["tops"]
    assert tops and max(tops) - min(tops) <= 4, (name, found)  # one line of buttons
    assert set(buttons) <= set(found["buttons"]), (name, found)
    sizes = page.locator(MAIN_TEXT).evaluate_all(
        "els => els.filter(e => e.offsetParent).map(e => parseFloat(getComputedStyle(e)"
        ".fontSize))")
    assert sizes and min(sizes) >= 32, (name, sizes)
    _shot(page, name)
    if axe:
        assert serious_axe_violations(page) == [], name


def _other_sizes(page, name: str) -> None:
    """The same step on a 1920×1080 projector (nothing to scroll) and on a phone (nothing to
    scroll sideways), kept as screenshots."""
    page.set_viewport_size(BIG)
    page.wait_for_timeout(300)  # the layout settles (CSS only: nothing to wait for)
    found = page.evaluate(ONE_SCREEN_JS)
    assert found["height"] <= found["innerHeight"] + found["offer"], (name, found)
    _shot(page, name)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    width = page.evaluate("() => Math.max(document.scrollingElement.scrollWidth,"
                          " (document.querySelector('#rendered_cells') || {}).scrollWidth || 0)")
    assert width <= PHONE["width"], (name, width)
    _shot(page, name)
    page.set_viewport_size(PROJECTOR)


def _projector(page, on: bool = True) -> None:
    box = page.get_by_label("Projector mode")
    box.check() if on else box.uncheck()


def _click(page, name: str) -> None:
    _row(page).get_by_role("button", name=name, exact=True).click()


def _fill(locator, value: str) -> None:
    locator.fill(value)
    locator.press("Tab")  # ipywidgets sends a text box's value when it loses focus


def _visible_button(page, name: str):
    name_ = re.compile(rf"^\s*{re.escape(name)}\s*$")
    return page.locator("button:visible").filter(has_text=name_)


@pytest.fixture
def projector_page(browser, voila):
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_the_selection_runs_in_projector_mode_with_one_row_of_controls(projector_page, voila):
    page = projector_page
    tag = uuid.uuid4().hex[:4]
    members = [f"Ana{tag}", "Ben", "Chen"]
    open_notebook(page, voila, "apps/selection.ipynb")
    set_aside = _visible_button(page, "Set it aside")
    if set_aside.count():
        set_aside.first.click()
    _fill(page.get_by_label("Role", exact=True), "Treasurer")
    _fill(page.get_by_label("Members", exact=True), "\n".join(members))
    _projector(page)
    _one_screen(page, "selection-setup", buttons=["Start"])
    _click(page, "Start")
    panel = page.locator(".course-audience-panel")
    expect(panel.locator(".aud-title")).to_have_text("Role: Treasurer")
    _one_screen(page, "selection-role", buttons=["Consent to the role: write nominations"],
                axe=True)
    _click(page, "Consent to the role: write nominations")
    _one_screen(page, "selection-nominations", buttons=["Reveal the nominations"])

    _projector(page, False)  # paper slips are typed on the laptop: they stay hidden till all in
    for number, who in enumerate(members, start=1):
        expect(page.get_by_label("Slip from")).to_have_value(who)
        page.get_by_label("Nominates").select_option(label=members[number % 3])
        _fill(page.get_by_label("Because"), f"{who} trusts {members[number % 3]}")
        _visible_button(page, "Record the slip").click()
        expect(page.get_by_text(f"Slips in: {number} of 3")).to_be_visible()
    _projector(page)
    _click(page, "Reveal the nominations")  # the busiest step: the grid, read out
    expect(panel.locator(".aud-speaker")).to_have_text(members[0])
    _one_screen(page, "selection-nomination-round", buttons=["Read out: next"], axe=True)
    _other_sizes(page, "selection-nomination-round")
    for who in members[1:]:
        _click(page, "Read out: next")
        expect(panel.locator(".aud-speaker")).to_have_text(who)
    _click(page, "Read out: next")
    _one_screen(page, "selection-nomination-round-done", buttons=["Start the change round"])
    _click(page, "Start the change round")
    _one_screen(page, "selection-change-round", buttons=["Record the answer"])
    for _ in members:
        _click(page, "Record the answer")
    _click(page, "Go to the proposal")
    _fill(_row(page).get_by_label("Reasons heard"), "trusted by two")
    _one_screen(page, "selection-proposal", buttons=["Propose"])
    _click(page, "Propose")
    _click(page, "Start the consent round")
    _one_screen(page, "selection-consent-round", buttons=["Consent", "Objection"], axe=True)
    for _ in members:
        _click(page, "Consent")
    _one_screen(page, "selection-consent-round-done", buttons=["Consent reached: record it"])
    _click(page, "Consent reached: record it")
    _one_screen(page, "selection-decided", buttons=["Announce"])
    _click(page, "Announce")
    expect(panel.locator(".course-audience")).to_contain_text("is our Treasurer")
    _projector(page, False)


def test_the_meeting_runs_in_projector_mode_with_one_row_of_controls(projector_page, voila):
    page = projector_page
    open_notebook(page, voila, "apps/meeting.ipynb")
    set_aside = _visible_button(page, "Set it aside")
    if set_aside.count():
        set_aside.first.click()
    _fill(page.get_by_label("Circle", exact=True), f"Kitchen {uuid.uuid4().hex[:4]}")
    _fill(page.get_by_label("Length (min)", exact=True), "30")
    _fill(page.get_by_label("Item title", exact=True), "Fridge report")
    page.get_by_label("Kind of item").select_option(label="Report")
    _fill(page.get_by_label("Minutes", exact=True), "5")
    _visible_button(page, "Add item").click()
    _fill(page.get_by_label("People present", exact=True), "Ana\nBen\nChloé")
    _projector(page)
    _one_screen(page, "meeting-setup", buttons=["Start the meeting"])
    _click(page, "Start the meeting")
    panel = page.locator(".course-audience-panel")
    expect(panel.locator(".aud-step")).to_contain_text("Check-in round")
    _one_screen(page, "meeting-check-in", buttons=["Start a round", "Next part"], axe=True)
    _click(page, "Start a round")
    expect(panel.locator(".aud-speaker")).to_have_text("Ana")
    expect(page.locator(".course-round-current")).to_be_hidden()  # shown once, in the panel
    _one_screen(page, "meeting-round", buttons=["Next", "Pass", "Undo"], axe=True)
    _other_sizes(page, "meeting-round")
    _click(page, "Next")
    expect(panel.locator(".aud-speaker")).to_have_text("Ben")
    _click(page, "Next")
    _click(page, "Next")
    expect(panel.locator(".aud-step")).to_contain_text("complete")
    _one_screen(page, "meeting-round-done", buttons=["Undo last turn", "Next part"])
    _click(page, "Next part")
    expect(panel.locator(".aud-step")).not_to_contain_text("Check-in")
    _one_screen(page, "meeting-next-part", buttons=["Next part"])
    _projector(page, False)


def test_every_step_of_a_consent_decision_is_one_row_in_projector_mode(projector_page, voila):
    page = projector_page
    members = ["Ana", "Ben", "Chen"]
    open_notebook(page, voila, "apps/consent_decision.ipynb")
    for offer in ("Set it aside", "Start a new consent decision"):
        found = _visible_button(page, offer)
        if found.count():
            found.first.click()
            expect(found).to_have_count(0)
    _fill(page.get_by_label("Circle", exact=True), "Kitchen circle")
    _fill(page.get_by_label("Proposal", exact=True), "Buy a second fridge for the café")
    _fill(page.get_by_label("Members", exact=True), "\n".join(members))
    _projector(page)
    _one_screen(page, "consent-setup", buttons=["Start"], axe=True)
    _click(page, "Start")
    panel = page.locator(".course-audience-panel")
    expect(panel.locator(".aud-text")).to_have_text("Buy a second fridge for the café")
    _one_screen(page, "consent-present", buttons=["Start clarifying questions"])
    _click(page, "Start clarifying questions")
    for _ in members:
        _click(page, "Next")
    _click(page, "Start quick reactions")
    _one_screen(page, "consent-quick-reactions", buttons=["Next", "Pass", "Undo"])
    for _ in members:
        _click(page, "Next")
    expect(_row(page).get_by_label("Amended wording")).to_be_visible()
    _one_screen(page, "consent-quick-reactions-done",
                buttons=["Amend the proposal", "Restate, then consent round"], axe=True)
    _click(page, "Restate, then consent round")
    _one_screen(page, "consent-round", buttons=["Consent", "Objection"])
    _fill(_row(page).get_by_label("Reason (objection)"), "The kitchen's wiring may not hold")
    _click(page, "Objection")
    expect(panel.locator(".aud-answers")).to_contain_text("wiring")
    for _ in members[1:]:
        _click(page, "Consent")
    _click(page, "Objections raised: integrate them")
    _one_screen(page, "consent-integrate", buttons=["Integrate"], axe=True)
    _other_sizes(page, "consent-integrate")
    _row(page).get_by_label("Strategy").select_option(label="Shorten the term")
    expect(_row(page).get_by_label("New term (months)")).to_be_visible()
    _one_screen(page, "consent-integrate-shorten", buttons=["Integrate"])
    _click(page, "Integrate")
    _click(page, "Back to the consent round")
    for _ in members:
        _click(page, "Consent")
    _click(page, "Consent reached: record it")
    expect(_row(page).get_by_label("Review date")).to_be_visible()
    _one_screen(page, "consent-decided", buttons=["Publish"], axe=True)
    _click(page, "Publish")
    _one_screen(page, "consent-published", buttons=["New decision"])
    _projector(page, False)
