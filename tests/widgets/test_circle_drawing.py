"""The circle map is vector graphics that names every member, readable on a projector."""

from __future__ import annotations

import html
import re
from pathlib import Path

from sociocracy.widgets import CircleMap

from sociocracy.circles import load_organization

ROOT = Path(__file__).resolve().parents[2]
GREEN_VALLEY = ROOT / "examples" / "organizations" / "green_valley_coop.yaml"


def svg_texts(markup: str) -> list[str]:
    """The text of every SVG <text> element, unescaped."""
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", markup)]


def svg_font_sizes(markup: str) -> list[float]:
    """Font size (pt, the SVG's user units) of every <text> element."""
    return [float(size) for size in re.findall(r"<text[^>]*font-size: ([0-9.]+)px", markup)]


def test_the_map_is_vector_and_every_member_is_named_on_it_or_in_the_list_beside_it():
    org = load_organization(GREEN_VALLEY)
    shown = CircleMap(org)
    assert "<svg " in shown.chart.value and "data:image/png" not in shown.chart.value
    listed = html.unescape(shown.members_list.value)
    general = next(c for c in org.circles if c.type == "general")
    assert len(general.members) > 7
    for circle in org.circles:
        for person in circle.members:
            assert person in listed, f"{person} of {circle.name} is not listed"
    assert any(re.fullmatch(r"\+ \d+ more", t) for t in svg_texts(shown.chart.value))  # a full seat


def test_names_on_the_lesson_map_are_16_px_at_its_natural_width():
    """Issue 25: names were 5-7 px in lesson 05 at 1280 wide (squeezed into the seats)."""
    markup = CircleMap(load_organization(GREEN_VALLEY)).chart.value
    width_pt = float(re.search(r'<svg[^>]*width="([0-9.]+)pt"', markup).group(1))
    natural_px = float(re.search(r"max-width:([0-9.]+)px", markup).group(1))
    assert natural_px <= 940  # fits the lesson column at 1280 wide: shown at natural size
    px_per_pt = natural_px / width_pt
    names = [size * px_per_pt for size in svg_font_sizes(markup)]
    assert names and min(names) >= 16 - 0.01


def test_the_map_keeps_its_text_alternative_and_scrolls_in_its_own_box():
    shown = CircleMap(load_organization(GREEN_VALLEY))
    assert "Green Valley" in shown.chart.alt
    assert 'role="img" aria-label="Circle map of Green Valley' in shown.chart.value
    assert 'class="course-scroll" tabindex="0"' in shown.chart.value


def test_a_long_name_is_cut_on_the_map_and_whole_in_the_list():
    org = load_organization(GREEN_VALLEY)
    long = "Maria-Magdalena Esperanza Villanueva de la Fuente"
    org.circles[0].members.insert(0, long)
    shown = CircleMap(org)
    assert any(t.startswith("Maria-") and t.endswith("…") for t in svg_texts(shown.chart.value))
    assert long in html.unescape(shown.members_list.value)
