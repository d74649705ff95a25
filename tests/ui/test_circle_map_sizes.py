"""Circle maps people can read (issue 25): member names at 16 px at 1280 wide, in lesson 05 and
in the circle map app with seven circles, and a phone that never scrolls the page sideways.

Names used to be squeezed into their seats (5-7 px in lesson 05 at 1280 wide); now a seat shows
what fits at 16 px and "+ N more", with every member listed beside the map. Sizes are measured
as the browser draws them: each SVG ``<text>``'s font size times the SVG's scale on screen.
"""

from __future__ import annotations

import pytest

from tests.ui.conftest import open_notebook, screenshot

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

#: Every text in the map's SVG with its size on screen (CSS px).
TEXT_SIZES_JS = """(svg) => Array.from(svg.querySelectorAll('text'))
  .filter(t => t.textContent.trim())
  .map(t => { const m = t.getScreenCTM();
              return [t.textContent, parseFloat(getComputedStyle(t).fontSize) *
                                     Math.hypot(m.a, m.b)]; })"""

SEVEN_CIRCLES = "organization: Seven Circles School\ncircles:\n" + "".join(
    f"  - name: {name}\n    type: {kind}\n" + (f"    parent: {parent}\n" if parent else "")
    + f"    aim: {name} aim\n    domain: {name.lower()}\n"
    + f"    members: [{', '.join(people)}]\n"
    + (f"    leader: {people[0]}\n    delegate: {people[1]}\n" if parent else "")
    for name, kind, parent, people in [
        ("Board", "mission", None, ["Ada", "Bo", "Cy", "Di"]),
        ("General Circle", "general", "Board",
         ["Ada", "Bo", "Eve", "Fox", "Gil", "Hal", "Ivy", "Jon", "Kim", "Lu"]),
        ("Teaching", "department", "General Circle", ["Eve", "Fox", "Mo", "Ned", "Oli", "Pat"]),
        ("Buildings", "department", "General Circle", ["Gil", "Hal", "Quin", "Ray", "Sol"]),
        ("Parents", "department", "General Circle", ["Ivy", "Jon", "Tia", "Uma", "Vic", "Wes"]),
        ("Finance", "department", "General Circle", ["Kim", "Lu", "Xan", "Yas"]),
        ("Garden Club", "helping", "Teaching", ["Mo", "Ned", "Zed"]),
    ])


def _names(svg) -> list[tuple[str, float]]:
    return [(text, size) for text, size in svg.evaluate(TEXT_SIZES_JS)]


def test_lesson_05s_map_names_are_16_px_at_1280_wide_with_everyone_listed(page, voila):
    page.set_viewport_size(DESKTOP)
    open_notebook(page, voila, "lessons/05_circles.ipynb")
    page.locator("h3", has_text="read a circle map").scroll_into_view_if_needed()
    svg = page.locator(".course-circle-map svg[role=img]").first
    svg.scroll_into_view_if_needed()
    sizes = _names(svg)
    assert ("Ana (L)", pytest.approx(16, abs=0.5)) in [(t, s) for t, s in sizes]
    smallest = min(sizes, key=lambda pair: pair[1])
    assert smallest[1] >= 16 - 0.01, smallest
    listed = page.locator(".course-map-members").first.inner_text()
    assert "General Circle (general): Ana (L), Omar (D), Ben, Chen, Dee, Eli, Fay, Gus" in listed
    screenshot(page, "circle-map-lesson-05-1280")


def test_a_seven_circle_map_in_the_app_is_16_px_at_1280_wide(page, voila, tmp_path):
    page.set_viewport_size(DESKTOP)
    open_notebook(page, voila, "apps/circle_map.ipynb")
    upload = tmp_path / "seven.yaml"
    upload.write_text(SEVEN_CIRCLES, encoding="utf-8")
    with page.expect_file_chooser() as chooser:  # ipywidgets' upload opens the browser's
        page.locator(".course-circle-builder .widget-upload").first.click()
    chooser.value.set_files(str(upload))
    page.locator(".course-circle-builder [role=status]",
                 has_text="Opened seven.yaml").first.wait_for()
    svg = page.locator(".course-circle-map svg[role=img]").first
    assert "7 circles" in svg.get_attribute("aria-label")
    svg.scroll_into_view_if_needed()
    sizes = _names(svg)
    assert any(text.startswith("+ ") and text.endswith(" more") for text, _ in sizes)
    smallest = min(sizes, key=lambda pair: pair[1])
    assert smallest[1] >= 16 - 0.01, smallest
    screenshot(page, "circle-map-app-seven-circles-1280")


def test_on_a_phone_the_map_says_it_scrolls_and_the_page_never_does(browser, voila):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    phone = context.new_page()
    try:
        open_notebook(phone, voila, "lessons/05_circles.ipynb")
        phone.locator("h3", has_text="read a circle map").scroll_into_view_if_needed()
        phone.locator(".course-circle-map svg[role=img]").first.scroll_into_view_if_needed()
        hint = phone.locator(".course-circle-map .course-scroll-hint").first
        assert hint.is_visible()
        assert "swipe it sideways" in hint.inner_text()
        box = phone.locator(".course-circle-map .course-scroll").first
        widths = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert widths[0] > widths[1]  # the map scrolls in its own box...
        page_width = phone.evaluate("() => [document.documentElement.scrollWidth, "
                                    "document.documentElement.clientWidth]")
        assert page_width[0] <= page_width[1]  # ...and the page does not
        screenshot(phone, "circle-map-lesson-05-phone")
    finally:
        context.close()
