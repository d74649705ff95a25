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
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from sociocracy.core.language import N_, _

from . import chart_cache
from .chart_cache import CachedSvg

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
#: An id where it is defined or referred to: prefix, name, closing character.
_KEPT_ID = re.compile(r'(\sid="|url\(#|href="#)([^)"]+)([)"])')
_showings = 0


def new_figure(width: float = PHONE_WIDTH, height: float = 3.4) -> Figure:
    """A figure in the course style (no pyplot; show it with :class:`ChartView`)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _enforce_min_font(fig: Figure, smallest: float) -> None:
    """Raise every text of ``fig`` (titles, labels, ticks, legends) to at least ``smallest`` pt.

    Without drawing the figure first: tick labels get their text only when drawn, so their size is
    set through the axis (which also sizes ticks made later), and every other text directly.
    """
    from matplotlib.text import Text

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for minor, ticks in ((False, axis.get_major_ticks()),
                                 (True, axis.get_minor_ticks())):
                size = ticks[0].label1.get_fontsize() if ticks else 0.0
                if not isinstance(size, (int, float)) or size < smallest:
                    axis.set_tick_params(which="minor" if minor else "major",
                                         labelsize=smallest)
    for text in fig.findobj(Text):
        size = text.get_fontsize()  # points (matplotlib resolves "large" and such to numbers)
        if isinstance(size, (int, float)) and size < smallest:
            text.set_fontsize(smallest)


def _svg_of(fig: Figure, min_font: float | None) -> CachedSvg:
    """The figure's SVG (ids kept only where referred to) and its natural width in CSS px."""
    import matplotlib

    if min_font:
        _enforce_min_font(fig, min_font)
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "font.sans-serif": ["DejaVu Sans"]}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    used = set(_REFERENCE.findall(svg))
    svg = _ID.sub(lambda m: m.group(0) if m.group(1) in used else "", svg)
    return CachedSvg(svg=svg, natural_width=fig.get_figwidth() * 96)  # 1 in = 96 CSS px


def _opened(chart: CachedSvg, alt: str, scroll: bool | str) -> str:
    """The SVG with its text alternative and size limits, and ids unique to this showing.

    Ids such as clip paths are made unique per showing (a kept chart can be shown twice on a
    page), so several charts can share one page.
    """
    global _showings
    _showings += 1
    svg = _KEPT_ID.sub(lambda m: f"{m.group(1)}{m.group(2)}-c{_showings}{m.group(3)}", chart.svg)
    natural = chart.natural_width
    limits = (f"min-width:{min(natural, SCROLL_MIN_WIDTH):.0f}px;" if scroll else "")
    opening = (f'<svg role="img" aria-label="{html.escape(alt, quote=True)}" focusable="false" '
               f'style="max-width:{natural:.0f}px;{limits}" ')
    return svg.replace("<svg ", opening, 1)


def figure_to_svg(fig: Figure, alt: str, *, min_font: float | None = MIN_FONT,
                  scroll: bool = False) -> str:
    """``fig`` as an inline ``<svg role="img" aria-label=alt>``, sized to its box.

    ``min_font`` (points) raises smaller text first; ``None`` keeps sizes as drawn (a drawing that
    chose its own sizes, like the circle map). ``scroll`` keeps a minimum width: the chart then
    scrolls inside its own box on narrow screens (see :func:`figure_to_html`).
    """
    return _opened(_svg_of(fig, min_font), alt, scroll)


#: Said above a chart that scrolls in its own box, on screens narrow enough for it to scroll
#: (the stylesheet shows it below 620 px): a phone user must know there is more to the right.
SCROLL_HINT = N_("This chart is wider than your screen: swipe it sideways to see all of it.")


def _wrapped(svg: str, caption: str | None, scroll: bool | str) -> str:
    if scroll:
        hint = scroll if isinstance(scroll, str) else _(SCROLL_HINT)
        label = html.escape(_("Chart, scrolls sideways"), quote=True)
        svg = (f'<p class="course-scroll-hint">{html.escape(hint)}</p>'
               f'<div class="course-scroll" tabindex="0" role="group" '
               f'aria-label="{label}">{svg}</div>')
    if caption:
        return (f'<figure class="course-chart" style="margin:0">{svg}'
                f"<figcaption>{html.escape(caption)}</figcaption></figure>")
    return f'<div class="course-chart">{svg}</div>'


def figure_to_html(fig: Figure, alt: str, *, caption: str | None = None,
                   min_font: float | None = MIN_FONT, scroll: bool = False) -> str:
    """The figure as vector graphics with ``alt`` text (escaped), optionally with a caption.

    With ``scroll``, the chart sits in a box that scrolls sideways on narrow screens; the box is
    focusable and named, so keyboard users can scroll it too.
    """
    return _wrapped(figure_to_svg(fig, alt, min_font=min_font, scroll=scroll), caption, scroll)


def _warm_drawing(function: Callable[..., Figure], args: tuple, kwargs: dict,
                  min_font: float | None) -> None:
    """Draw a chart to SVG and throw it away: matplotlib's first drawing, done ahead."""
    fig = function(*args, **kwargs)
    _svg_of(fig, min_font)
    fig.clear()


class ChartView(widgets.HTML):
    """A widget that shows one chart at a time; :meth:`draw` replaces it.

    ``alt`` keeps the current text alternative, so tests (and screen readers) can check what the
    chart says without looking at pixels. ``from_cache`` says whether the last chart was shown
    from :mod:`~sociocracy.widgets.chart_cache` rather than drawn.

    ``keep_opening=True`` says that the view's first chart is what its page opens with, drawn
    from the course's own data (lesson settings, example files, exercise data) and never from
    text typed on the page: that chart is kept on disk for the next visitor. Other charts are
    kept in this kernel's memory only, so nobody's names end up in a cache folder.
    """

    def __init__(self, *, keep_opening: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.add_class("course-chart-view")
        self.alt = ""
        self.from_cache = False
        self.keep_opening = keep_opening
        self._drawn = 0

    def draw(self, function: Callable[..., Figure], *args: Any, alt: str,
             caption: str | None = None, min_font: float | None = MIN_FONT,
             scroll: bool | str = False, **kwargs: Any) -> None:
        """Show ``function(*args, **kwargs)``, a module-level function that returns a figure.

        The drawing is kept by its inputs (see :mod:`~sociocracy.widgets.chart_cache`): with
        ``keep_opening``, this view's first chart on disk, so the next visitor's page opens
        without importing matplotlib; every chart in memory. A function or value the cache
        cannot key is simply drawn.
        """
        opening = self._drawn == 0 and self.keep_opening
        self._drawn += 1
        try:
            key: str | None = chart_cache.chart_key(function, args, kwargs, min_font=min_font)
        except TypeError:
            key = None
        kept = chart_cache.lookup(key, disk=opening) if key else None
        self.from_cache = kept is not None
        if kept is None:
            fig = function(*args, **kwargs)
            kept = _svg_of(fig, min_font)
            fig.clear()
            if key:
                chart_cache.remember(key, kept, disk=opening)
        elif opening and "matplotlib" not in sys.modules:
            chart_cache.warm_up(drawing=partial(_warm_drawing, function, args, kwargs, min_font))
        self.alt = alt
        self.value = _wrapped(_opened(kept, alt, scroll), caption, scroll)
