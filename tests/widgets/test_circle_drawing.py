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


def test_the_map_is_vector_and_names_every_member_of_every_circle():
    org = load_organization(GREEN_VALLEY)
    shown = CircleMap(org).chart.value
    assert "<svg " in shown and "data:image/png" not in shown
    texts = " ".join(svg_texts(shown))
    general = next(c for c in org.circles if c.type == "general")
    assert len(general.members) > 7  # the map used to stop at seven and say "+1 more"
    for circle in org.circles:
        for person in circle.members:
            assert person in texts, f"{person} of {circle.name} is not on the map"
    assert "more" not in texts


def test_the_map_keeps_its_text_alternative_and_scrolls_in_its_own_box():
    shown = CircleMap(load_organization(GREEN_VALLEY))
    assert "Green Valley" in shown.chart.alt
    assert 'role="img" aria-label="Circle map of Green Valley' in shown.chart.value
    assert 'class="course-scroll" tabindex="0"' in shown.chart.value


def test_a_long_name_wraps_on_the_map_instead_of_being_cut():
    org = load_organization(GREEN_VALLEY)
    long = "Maria-Magdalena Esperanza Villanueva de la Fuente"
    org.circles[0].members.append(long)
    texts = svg_texts(CircleMap(org).chart.value)
    assert "…" not in " ".join(texts)
    assert all(word in " ".join(texts) for word in long.split())
