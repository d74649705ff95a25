"""The intro session in Chromium (issue 26): the presenter's laptop and the projector's audience
view, two pages of one session. The projector shows the slide in large type, never the speaker's
notes, fits 1280x720 without scrolling, and follows the presenter's clicks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.ui.conftest import open_notebook, screenshot
from tests.ui.test_pages import serious_axe_violations

pytestmark = pytest.mark.browser


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
