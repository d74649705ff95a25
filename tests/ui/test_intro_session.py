"""The intro session in Chromium (issue 26): the presenter's laptop and the projector's audience
view, two pages of one session. The projector shows the slide in large type, never the speaker's
notes, fits 1280x720 without scrolling, and follows the presenter's clicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.ui.conftest import open_notebook, screenshot
from tests.ui.test_pages import serious_axe_violations

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def test_the_projector_follows_the_presenter_through_the_slides(browser, voila):
    laptop_context = browser.new_context(viewport={"width": 1280, "height": 800})
    projector_context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        laptop = laptop_context.new_page()
        laptop.set_default_timeout(30_000)
        open_notebook(laptop, voila, "apps/intro_session.ipynb")
        laptop.get_by_label("Plan:").select_option(label="A taste of sociocracy (45 minutes)")
        expect(laptop.locator(".course-intro-plan")).to_contain_text("Welcome and check-in")
        laptop.get_by_role("button", name="Start the session").click()
        expect(laptop.get_by_text("Part 1: Welcome and check-in round")).to_be_visible()
        laptop.get_by_role("button", name="Next part").click()
        expect(laptop.get_by_text("Slide 1 of 2")).to_be_visible()
        expect(laptop.get_by_text("Do not lecture", exact=False)).to_be_visible()
        # One screen for both: the audience view shows only in Projector mode.
        panel = laptop.locator(".course-audience-panel")
        expect(panel).to_be_hidden()
        laptop.get_by_label("Projector mode").check()
        expect(panel).to_contain_text("Everyone spoke once")
        expect(laptop.get_by_text("Do not lecture", exact=False)).to_be_hidden()
        laptop.get_by_label("Projector mode").uncheck()
        expect(panel).to_be_hidden()
        assert serious_axe_violations(laptop) == []
        screenshot(laptop, "intro-presenter-1280")

        projector = projector_context.new_page()
        projector.set_default_timeout(30_000)
        open_notebook(projector, voila, "apps/audience.ipynb?app=intro_session")
        title = projector.locator(".course-audience .aud-title").first
        expect(title).to_have_text("Everyone spoke once", timeout=10_000)
        assert "Do not lecture" not in projector.locator("#rendered_cells").inner_text()
        size = title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        body = projector.locator(".aud-slide li").first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 32 and body >= 32, (size, body)
        room = projector.evaluate("() => [document.documentElement.scrollHeight, innerHeight,"
                                  " document.documentElement.scrollWidth, innerWidth]")
        assert room[0] <= room[1] and room[2] <= room[3], room
        assert serious_axe_violations(projector) == []
        screenshot(projector, "intro-audience-1280x720")

        laptop.get_by_role("button", name="Next slide").click()
        expect(title).to_have_text("Sociocracy in one breath", timeout=5_000)
    finally:
        laptop_context.close()
        projector_context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_handout_prints_on_one_or_two_sides_unclipped_with_a_qr_code_that_reads(
        browser, paper):
    import pypdfium2
    import zxingcpp
    from sociocracy.widgets.handout import handout_html

    from sociocracy.intro_sessions import load_plan

    address = "http://192.168.1.20:8866/"
    plan = load_plan(ROOT / "workshops" / "organisation_workshop_180.yaml")  # the longest
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(handout_html(plan, course_address=address))
        pdf = pypdfium2.PdfDocument(page.pdf(format=paper, print_background=True))
    finally:
        context.close()
    assert 1 <= len(pdf) <= 2
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for expected in ("Sociocracy in five sentences", "What adopting sociocracy takes",
                     "sociocracyforall.org/solt/", "made by the"):
        # Letters of small print may come out one per line: compare without the spaces.
        assert "".join(expected.split()) in "".join(text.split()), expected  # nothing cut off
    found = []
    for index in range(len(pdf)):
        image = pdf[index].render(scale=2).to_pil()
        width, height = image.size
        # Nothing printed in the outer 3 % of the sheet: the margins hold, nothing is clipped.
        edge = image.convert("L").crop((int(width * 0.97), 0, width, height))
        assert edge.getextrema()[0] > 200, f"page {index + 1} prints to its right edge"
        found += [code.text for code in zxingcpp.read_barcodes(image)]
    assert found == [address]
