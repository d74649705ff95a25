"""Charts with a text alternative, readable at every width: matplotlib figures as inline SVG.

A chart is drawn on a :class:`matplotlib.figure.Figure` (never ``pyplot``: no global figure state,
nothing leaks into notebook output) and shown as vector graphics inlined in the page:

* **Readable at every width.** The SVG is scaled to its box (``width:100%``) but never beyond its
  natural size, so text is at its largest on a desktop and a projector and shrinks only on narrow
  screens. Figures are drawn :data:`PHONE_WIDTH` inches wide, close to a phone's width, and no text
  is smaller than :data:`MIN_FONT` points: on a 360 px phone (a chart box of about 330 px) text is
  then at least 12 px on screen (``12 pt x 330/324``, with 1 pt = 1 user unit of the SVG). Wider
  figures (the circle map) say so with ``scroll=True``: they keep a minimum width and scroll
  inside their own box instead of shrinking their text away.
* **Sharp under zoom.** Vector output: names and labels stay crisp at 200 % browser zoom and on a
  projector. Text is kept as SVG ``<text>`` (``svg.fonttype = none``), so it can be searched,
  selected, and checked by tests.
* **A text alternative.** The ``<svg>`` carries ``role="img"`` and an ``aria-label`` written by
  the tool that draws it, e.g. "Bar chart: 3 of 8 people did 70% of the talking". Matplotlib
  writes people's names as escaped XML text, never markup.

matplotlib is imported on first use, not when this module is imported: a page that shows no chart
when it opens (the round facilitator, the consent app) does not pay for it.
"""

from __future__ import annotations

import html
import io
import re
from typing import TYPE_CHECKING

import ipywidgets as widgets

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["MIN_FONT", "PHONE_WIDTH", "ChartView", "figure_to_html", "figure_to_svg",
           "new_figure"]

#: Width of a chart in inches (72 SVG user units each): 324 units, about a phone's width.
PHONE_WIDTH = 4.5
#: Smallest text in a chart, in points (SVG user units): 12 px on a 360 px phone, 16 px at
#: natural size (the size of lesson text).
MIN_FONT = 12.0
#: Smallest width (CSS px) of a chart that scrolls in its own box instead of shrinking.
SCROLL_MIN_WIDTH = 560

_ID = re.compile(r'\sid="([^"]+)"')
_REFERENCE = re.compile(r'(?:url\(#|href="#)([^)"]+)')


def new_figure(width: float = PHONE_WIDTH, height: float = 3.4) -> Figure:
    """A figure in the course style (no pyplot; show it with :class:`ChartView`)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _enforce_min_font(fig: Figure, smallest: float) -> None:
    """Raise every text of ``fig`` (titles, labels, ticks, legends) to at least ``smallest`` pt."""
    from matplotlib.text import Text

    fig.draw_without_rendering()  # creates the tick labels, so they are found below
    for text in fig.findobj(Text):
        size = text.get_fontsize()  # points (matplotlib resolves "large" and such to numbers)
        if text.get_text() and isinstance(size, (int, float)) and size < smallest:
            text.set_fontsize(smallest)


def figure_to_svg(fig: Figure, alt: str, *, min_font: float | None = MIN_FONT,
                  scroll: bool = False) -> str:
    """``fig`` as an inline ``<svg role="img" aria-label=alt>``, sized to its box.

    ``min_font`` (points) raises smaller text first; ``None`` keeps sizes as drawn (a drawing that
    chose its own sizes, like the circle map). ``scroll`` keeps a minimum width: the chart then
    scrolls inside its own box on narrow screens (see :func:`figure_to_html`).
    """
    import matplotlib

    if min_font:
        _enforce_min_font(fig, min_font)
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "font.sans-serif": ["DejaVu Sans"]}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # Ids such as "figure_1" repeat in every chart; keep only the ones the drawing refers to
    # (matplotlib makes those unique per figure), so several charts can share one page.
    used = set(_REFERENCE.findall(svg))
    svg = _ID.sub(lambda m: m.group(0) if m.group(1) in used else "", svg)
    natural = fig.get_figwidth() * 96  # CSS px at 100 % (1 in = 96 px)
    limits = (f"min-width:{min(natural, SCROLL_MIN_WIDTH):.0f}px;" if scroll else "")
    opening = (f'<svg role="img" aria-label="{html.escape(alt, quote=True)}" focusable="false" '
               f'style="max-width:{natural:.0f}px;{limits}" ')
    return svg.replace("<svg ", opening, 1)


def figure_to_html(fig: Figure, alt: str, *, caption: str | None = None,
                   min_font: float | None = MIN_FONT, scroll: bool = False) -> str:
    """The figure as vector graphics with ``alt`` text (escaped), optionally with a caption.

    With ``scroll``, the chart sits in a box that scrolls sideways on narrow screens; the box is
    focusable and named, so keyboard users can scroll it too.
    """
    svg = figure_to_svg(fig, alt, min_font=min_font, scroll=scroll)
    if scroll:
        svg = (f'<div class="course-scroll" tabindex="0" role="group" '
               f'aria-label="Chart, scrolls sideways">{svg}</div>')
    if caption:
        return (f'<figure class="course-chart" style="margin:0">{svg}'
                f"<figcaption>{html.escape(caption)}</figcaption></figure>")
    return f'<div class="course-chart">{svg}</div>'


class ChartView(widgets.HTML):
    """A widget that shows one chart at a time; :meth:`show` replaces it.

    ``alt`` keeps the current text alternative, so tests (and screen readers) can check what the
    chart says without looking at pixels.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.add_class("course-chart-view")
        self.alt = ""

    def show(self, fig: Figure, alt: str, *, caption: str | None = None,
             min_font: float | None = MIN_FONT, scroll: bool = False) -> None:
        self.alt = alt
        self.value = figure_to_html(fig, alt, caption=caption, min_font=min_font, scroll=scroll)
        fig.clear()
