"""Charts with a text alternative: matplotlib figures shown as images that say what they show.

A matplotlib PNG has no text alternative, which screen readers (and axe's ``image-alt`` rule)
rightly flag. Every chart in the course is therefore turned into an ``<img>`` with an ``alt`` text
written by the tool that draws it, e.g. "Bar chart: 3 of 8 people did 70% of the talking".

We draw on :class:`matplotlib.figure.Figure` directly, not through ``pyplot``: no global figure
state, nothing leaks into notebook output, and a figure is freed as soon as it is replaced.
"""

from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
from matplotlib.figure import Figure

__all__ = ["ChartView", "figure_to_html", "new_figure"]


def new_figure(width: float = 6.4, height: float = 3.6) -> Figure:
    """A figure in the course style (no pyplot; call :func:`figure_to_html` to show it)."""
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig


def figure_to_html(fig: Figure, alt: str, *, caption: str | None = None) -> str:
    """The figure as an ``<img>`` with ``alt`` text (escaped), optionally with a visible caption."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    img = (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
           f'style="max-width:100%;height:auto">')
    if caption:
        return (f'<figure class="course-chart" style="margin:0">{img}'
                f"<figcaption>{html.escape(caption)}</figcaption></figure>")
    return f'<div class="course-chart">{img}</div>'


class ChartView(widgets.HTML):
    """A widget that shows one chart at a time; :meth:`show` replaces it.

    ``alt`` keeps the current text alternative, so tests (and screen readers) can check what the
    chart says without looking at pixels.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.alt = ""

    def show(self, fig: Figure, alt: str, *, caption: str | None = None) -> None:
        self.alt = alt
        self.value = figure_to_html(fig, alt, caption=caption)
        fig.clear()
