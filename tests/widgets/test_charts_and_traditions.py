"""Charts carry a text alternative; the traditions comparison follows its drop-downs."""

from __future__ import annotations

import re
import subprocess
import sys

from sociocracy.widgets import ChartView, TraditionCompare, figure_to_html
from sociocracy.widgets.charts import MIN_FONT, new_figure
from sociocracy.widgets.palette import OKABE_ITO, SERIES
from sociocracy.widgets.traditions import comparison_html

HOSTILE = "<img src=x onerror=alert(1)>"


def test_chart_html_is_inline_vector_graphics_with_an_escaped_text_alternative():
    fig = new_figure()
    fig.add_subplot().bar(["a", "b"], [1, 2])
    markup = figure_to_html(fig, 'Bar chart: "A" <b>1</b>', caption="Shares & turns")
    assert markup.count("<svg ") == 1 and "<img" not in markup and "base64" not in markup
    assert 'role="img" aria-label="Bar chart: &quot;A&quot; &lt;b&gt;1&lt;/b&gt;"' in markup
    assert "<figcaption>Shares &amp; turns</figcaption>" in markup
    assert "<?xml" not in markup and "<metadata>" not in markup


def test_chart_text_stays_text_no_smaller_than_the_minimum():
    fig = new_figure()
    ax = fig.add_subplot()
    ax.bar(["Ana", "Ben"], [1, 2])
    ax.set_title("Tiny title", fontsize=6)
    markup = figure_to_html(fig, "Bars")
    assert ">Tiny title</text>" in markup and ">Ana</text>" in markup
    sizes = [float(size) for size in re.findall(r"font-size: ([0-9.]+)px", markup)]
    assert sizes and min(sizes) >= MIN_FONT


def test_names_in_charts_are_escaped_text_never_markup():
    fig = new_figure()
    fig.add_subplot().bar([HOSTILE], [1])
    markup = figure_to_html(fig, f"Bar for {HOSTILE}")
    assert "<img" not in markup
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup


def test_several_charts_on_a_page_share_no_ids():
    first, second = (figure_to_html(_bars(), "one"), figure_to_html(_bars(), "two"))
    ids = re.findall(r' id="([^"]+)"', first + second)
    assert len(ids) == len(set(ids))
    assert 'id="figure_1"' not in first


def _bars():
    fig = new_figure()
    fig.add_subplot().bar(["a", "b"], [1, 2])
    return fig


def test_importing_the_round_and_consent_tools_does_not_import_matplotlib():
    code = ("import sys; from sociocracy.widgets import RoundFacilitator, ConsentFacilitator; "
            "RoundFacilitator(); ConsentFacilitator(); "
            "print('matplotlib' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


_drawn = []


def draw_rising_line(values):
    """A drawing function for the test below; keeps its figure so the test can look at it."""
    fig = new_figure()
    fig.add_subplot().plot(values)
    _drawn.append(fig)
    return fig


def test_chart_view_keeps_the_alt_text_and_frees_the_figure():
    view = ChartView()
    view.draw(draw_rising_line, [1, 2, 3.25], alt="Line rising from 1 to 3")
    (fig,) = _drawn
    assert view.alt == "Line rising from 1 to 3"
    assert 'aria-label="Line rising from 1 to 3"' in view.value
    assert fig.axes == []  # cleared, so a long-lived kernel does not pile up figures


def test_palette_is_okabe_ito():
    assert OKABE_ITO["vermillion"] == "#D55E00" and len(set(SERIES)) == len(SERIES)


def test_tradition_compare_follows_the_dropdowns():
    compare = TraditionCompare()
    assert "Sociocracy (SoFA)" in compare.table.value and "Consensus" in compare.table.value
    compare.right.value = "Holacracy"
    assert "four criteria" in compare.table.value
    assert compare.left.description and compare.right.description


def test_full_comparison_table_has_headers_for_every_tradition():
    table = comparison_html()
    assert table.count("<th scope='col'>") == 6
    assert "Stand aside" in table or "stand aside" in table
