"""The course in the room: on participants' phones, on a projector, with long names.

- (That every page fits a 360 px phone is checked in ``tests/ui/test_pages.py``, on the same load
  as its other checks.)
- Chart text is at least 12 px on screen on that phone; widget text is 16 px, like lesson text.
- Each workshop app has a "Projector mode" switch, remembered across a reload in the same tab,
  that folds the instructions away and shows what the room needs in large type (screenshots
  ``projector-*.png``).
- The circle map is vector graphics, every member listed beside it; a long name wraps under
  "Now speaking".
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from sociocracy.circles import load_organization
from tests.conftest import ROOT
from tests.ui.conftest import open_notebook, screenshot
from tests.ui.overflow import OVERFLOW_JS

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
#: Workshop apps: their notebooks ask for the projector switch in their metadata.
ROOM_APPS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "apps").glob("*.ipynb")
                   if (json.loads(p.read_text()).get("metadata", {}).get("course") or {})
                   .get("projector"))
LONG_NAME = "Maria-Magdalena Esperanza Villanueva de la Fuente"

#: The smallest chart text on screen, in CSS px: each SVG <text>'s font size times the scale
#: from SVG user units to screen pixels.
CHART_TEXT_JS = """(svg) => {
  const sizes = Array.from(svg.querySelectorAll('text'))
    .filter(t => t.textContent.trim())
    .map(t => { const m = t.getScreenCTM();
                return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); });
  return Math.min(...sizes);
}"""


@pytest.fixture
def phone(browser, voila):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_phone_labels_sit_above_their_fields(phone, voila):
    open_notebook(phone, voila, "apps/round_facilitator.ipynb")
    label = phone.locator(".widget-label", has_text="Participants:").first.bounding_box()
    field = phone.get_by_label("Participants:").bounding_box()
    assert label["y"] + label["height"] <= field["y"] + 1
    assert field["width"] >= PHONE["width"] * 0.8  # the field takes the width, not the label


def test_lesson_02_airtime_chart_text_is_at_least_12_px_on_a_phone(phone, voila):
    open_notebook(phone, voila, "lessons/02_rounds.ipynb")
    chart = phone.locator(".course-airtime svg[role=img]").first
    assert chart.get_attribute("aria-label").startswith("Bar chart")
    assert chart.evaluate(CHART_TEXT_JS) >= 12


def test_widget_text_is_as_large_as_lesson_text(page, voila):
    open_notebook(page, voila, "apps/round_facilitator.ipynb")
    label = page.locator(".widget-label", has_text="Participants:").first
    lesson = page.locator(".jp-RenderedMarkdown p").first
    size = "el => parseFloat(getComputedStyle(el).fontSize)"
    assert label.evaluate(size) == lesson.evaluate(size) == 16
    assert page.get_by_role("button", name="Start the round").evaluate(size) == 16


def test_the_three_workshop_apps_have_the_projector_switch():
    assert {"apps/round_facilitator.ipynb", "apps/consent_decision.ipynb",
            "apps/circle_map.ipynb"} <= set(ROOM_APPS)


@pytest.mark.parametrize("path", ROOM_APPS)
def test_projector_mode_is_a_labelled_switch_remembered_across_a_reload(page, voila, path):
    open_notebook(page, voila, path)
    switch = page.get_by_label("Projector mode")
    expect(switch).not_to_be_checked()
    instructions = page.locator(".jp-RenderedMarkdown p").first
    expect(instructions).to_be_visible()
    switch.check()
    expect(instructions).to_be_hidden()  # folded away
    expect(page.locator("h1").first).to_be_visible()
    page.reload(wait_until="domcontentloaded")
    open_notebook(page, voila, path)
    expect(page.get_by_label("Projector mode")).to_be_checked()
    assert page.evaluate("() => document.body.classList.contains('course-projector')")
    expect(page.locator(".jp-RenderedMarkdown p").first).to_be_hidden()
    page.get_by_label("Projector mode").uncheck()
    expect(page.locator(".jp-RenderedMarkdown p").first).to_be_visible()


def test_lessons_have_no_projector_switch(page, voila):
    open_notebook(page, voila, "lessons/02_rounds.ipynb")
    assert page.get_by_label("Projector mode").count() == 0


def _font_px(locator) -> float:
    return locator.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")


def test_projected_round_shows_prompt_and_long_name_in_large_type_without_overlap(page, voila):
    """Projector mode shows the round's audience view (the laptop's own view folds away) with
    the buttons in one row under it."""
    page.set_viewport_size({"width": 1280, "height": 800})
    open_notebook(page, voila, "apps/round_facilitator.ipynb")
    page.get_by_label("Projector mode").check()
    page.get_by_label("Participants:").fill(f"Ana\n{LONG_NAME}\nBen")
    page.get_by_label("Prompt:").fill("How are you arriving today?")
    page.get_by_role("button", name="Start the round").click()
    page.get_by_role("button", name="Next", exact=True).click()
    name = page.locator(".course-audience-panel .aud-speaker")
    expect(name).to_have_text(LONG_NAME)
    expect(page.locator(".course-round-current")).to_be_hidden()  # the laptop's view folds
    screenshot(page, "projector-round_facilitator")
    label = page.locator(".course-audience-panel .aud-label").bounding_box()
    box = name.bounding_box()
    assert label["y"] + label["height"] <= box["y"] + 1  # the name does not cover the label
    assert box["x"] + box["width"] <= 1280
    # the whole name is shown (wrapped), not cut off inside its box
    assert name.evaluate("el => el.scrollWidth <= el.clientWidth + 1 && "
                         "el.scrollHeight <= el.clientHeight + 1")
    assert _font_px(name) >= 48
    assert _font_px(page.locator(".course-audience-panel .aud-title")) >= 32
    buttons = page.locator(".course-projector-controls button").locator("visible=true")
    tops = buttons.evaluate_all("els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    assert len(tops) == 4 and max(tops) - min(tops) <= 4  # Next, Pass, Undo, Back: one row


def test_a_long_name_wraps_under_now_speaking_on_a_phone(phone, voila):
    open_notebook(phone, voila, "apps/round_facilitator.ipynb")
    phone.get_by_label("Participants:").fill(f"{LONG_NAME}\nBen")
    phone.get_by_role("button", name="Start the round").click()
    name = phone.locator(".course-round-current")
    expect(name).to_have_text(LONG_NAME)
    label = phone.get_by_text("Now speaking:", exact=True).bounding_box()
    box = name.bounding_box()
    assert label["y"] + label["height"] <= box["y"] + 1
    assert box["x"] + box["width"] <= PHONE["width"]
    assert name.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    found = phone.evaluate(OVERFLOW_JS)
    assert found["cut"] == [], found["cut"]


def test_end_of_round_chart_keeps_its_title_and_readable_text_on_a_phone(phone, voila):
    open_notebook(phone, voila, "apps/round_facilitator.ipynb")
    phone.get_by_label("Participants:").fill(f"{LONG_NAME}\nBen")
    phone.get_by_role("button", name="Start the round").click()
    for _ in range(2):
        phone.get_by_role("button", name="Next", exact=True).click()
    chart = phone.locator(".course-round-facilitator svg[role=img]").first
    expect(chart).to_be_visible()
    title = chart.locator("text", has_text="Airtime in this round")
    expect(title).to_have_count(1)
    box, frame = title.bounding_box(), chart.bounding_box()
    assert box["x"] >= frame["x"] - 1 and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    assert chart.evaluate(CHART_TEXT_JS) >= 12
    screenshot(phone, "phone-round_facilitator-end")
    found = phone.evaluate(OVERFLOW_JS)
    assert found["cut"] == [], found["cut"]


def test_the_circle_map_is_vector_and_names_every_member(page, voila):
    open_notebook(page, voila, "lessons/05_circles.ipynb")
    org = load_organization(ROOT / "examples" / "organizations" / "green_valley_coop.yaml")
    page.locator("h3", has_text="read a circle map").scroll_into_view_if_needed()
    svg = page.locator(".course-circle-map svg[role=img]").first
    assert "Green Valley" in svg.get_attribute("aria-label")
    assert page.locator(".course-circle-map img").count() == 0  # no bitmap
    # on the map as many as fit at a readable size ("+ N more"), all of them in the list
    listed = page.locator(".course-circle-map .course-map-members").first.inner_text()
    missing = [person for circle in org.circles for person in circle.members
               if person not in listed]
    assert missing == []


def test_projected_consent_round_shows_proposal_and_speaker_large(page, voila):
    """Projector mode shows the decision's audience view: the proposal and who answers, large;
    never the facilitator's script or the logbook."""
    page.set_viewport_size({"width": 1280, "height": 800})
    open_notebook(page, voila, "apps/consent_decision.ipynb")
    page.get_by_label("Projector mode").check()
    page.get_by_label("Circle").fill("Garden circle")
    page.get_by_label("Proposal").fill("Water the beans on Sundays")
    page.get_by_label("Members").fill("Ana\nBen")
    page.get_by_role("button", name="Start", exact=True).click()
    for label in ("Start clarifying questions", "Start quick reactions",
                  "Restate, then consent round"):
        if label != "Start clarifying questions":
            for _ in range(2):
                page.get_by_role("button", name="Next", exact=True).click()
        page.get_by_role("button", name=label).click()
    panel = page.locator(".course-audience-panel")
    expect(panel.locator(".aud-step")).to_have_text("Consent round")
    speaker = panel.locator(".aud-speaker")
    expect(speaker).to_have_text("Ana")
    proposal = panel.locator(".aud-text")
    expect(proposal).to_have_text("Water the beans on Sundays")
    assert _font_px(proposal) >= 32 and _font_px(speaker) >= 48
    expect(page.locator(".course-prompt")).to_be_hidden()  # the script stays on the laptop
    expect(page.locator(".course-logbook")).to_be_hidden()  # no raw or long record projected
    assert page.locator("textarea:visible").count() == 0
    expect(page.get_by_role("button", name="Consent", exact=True)).to_be_visible()
    screenshot(page, "projector-consent_decision")
