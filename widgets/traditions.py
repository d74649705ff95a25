"""``TraditionCompare``: put two ways of deciding side by side, aspect by aspect.

Learners pick two traditions from labelled drop-downs; the table below shows how each handles
decisions, objections, structure and selection. The texts come from ``sociocracy.traditions``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from sociocracy.core.language import _
from sociocracy.traditions import ASPECTS, TRADITIONS, tradition

from .looks import lighten

__all__ = ["TraditionCompare", "comparison_html"]


class TraditionCompare(widgets.VBox):
    """Two drop-downs and a two-column comparison table."""

    def __init__(self, left: str = "Sociocracy (SoFA)", right: str = "Consensus") -> None:
        super().__init__()
        names = [(_(t.name), t.name) for t in TRADITIONS]
        style = {"description_width": "initial"}
        self.left = widgets.Dropdown(options=names, value=left, description=_("Compare"),
                                     style=style)
        self.right = widgets.Dropdown(options=names, value=right, description=_("with"),
                                      style=style)
        self.table = widgets.HTML()
        for control in (self.left, self.right):
            control.observe(self._redraw, names="value")
        self.children = [widgets.HBox([self.left, self.right]), self.table]
        self._redraw()
        lighten(self)  # one shared layout and style per kind (issue 27)

    def _redraw(self, _change: object = None) -> None:
        a, b = tradition(self.left.value), tradition(self.right.value)
        rows = "".join(
            f"<tr><th scope='row'>{html.escape(_(label))}</th>"
            f"<td>{html.escape(_(getattr(a, key)))}</td>"
            f"<td>{html.escape(_(getattr(b, key)))}</td></tr>"
            for key, label in ASPECTS.items()
        )
        caption, aspect = html.escape(_("How the two compare")), html.escape(_("Aspect"))
        self.table.value = (
            f"<table class='course-compare'><caption>{caption}"
            f"</caption><thead><tr><th scope='col'>{aspect}</th>"
            f"<th scope='col'>{html.escape(_(a.name))}</th>"
            f"<th scope='col'>{html.escape(_(b.name))}</th></tr></thead><tbody>{rows}</tbody>"
            "</table>"
        )


def comparison_html() -> str:
    """The whole comparison as one accessible HTML table (headers scoped, caption given)."""
    head = "".join(f"<th scope='col'>{html.escape(_(t.name))}</th>" for t in TRADITIONS)
    body = "".join(
        f"<tr><th scope='row'>{html.escape(_(label))}</th>"
        + "".join(f"<td>{html.escape(_(getattr(t, key)))}</td>" for t in TRADITIONS) + "</tr>"
        for key, label in ASPECTS.items()
    )
    caption = html.escape(_("Five ways of deciding together"))
    aspect = html.escape(_("Aspect"))
    return (f"<table class='course-compare'><caption>{caption}</caption>"
            f"<thead><tr><th scope='col'>{aspect}</th>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def ComparisonTable() -> widgets.HTML:
    """The comparison of the five traditions as a widget, for a lesson to show as it is."""
    return widgets.HTML(comparison_html())
