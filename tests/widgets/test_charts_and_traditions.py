"""Charts carry a text alternative; the traditions comparison follows its drop-downs."""

from __future__ import annotations

from sociocracy.widgets import ChartView, TraditionCompare, figure_to_html
from sociocracy.widgets.charts import new_figure
from sociocracy.widgets.palette import OKABE_ITO, SERIES
from sociocracy.widgets.traditions import comparison_html


def test_chart_html_has_an_escaped_alt_text_and_an_inline_image():
    fig = new_figure()
    fig.add_subplot().bar(["a", "b"], [1, 2])
    markup = figure_to_html(fig, 'Bar chart: "A" <b>1</b>', caption="Shares & turns")
    assert markup.count("<img ") == 1
    assert 'src="data:image/png;base64,' in markup
    assert 'alt="Bar chart: &quot;A&quot; &lt;b&gt;1&lt;/b&gt;"' in markup
    assert "<figcaption>Shares &amp; turns</figcaption>" in markup


def test_chart_view_keeps_the_alt_text_and_frees_the_figure():
    view = ChartView()
    fig = new_figure()
    fig.add_subplot().plot([1, 2, 3])
    view.show(fig, "Line rising from 1 to 3")
    assert view.alt == "Line rising from 1 to 3"
    assert 'alt="Line rising from 1 to 3"' in view.value
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
