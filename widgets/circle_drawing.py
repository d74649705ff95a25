"""Drawing an organisation as a circle map (a matplotlib ``Figure``, never pyplot).

The map is shown as vector graphics (see :mod:`sociocracy.widgets.charts`), so names stay sharp
on a projector and under browser zoom. Every member of every circle is written in their circle
(long names wrap); the more members, the smaller their names, so that they fit inside the seat.

Positions come from :func:`sociocracy.circles.layout`; this module only paints them. Meaning is
never carried by colour alone (Okabe & Ito 2008; WCAG 1.4.1): circle types are also written
under each name; the leader's link is a solid line marked ``L`` with a downward triangle (it
carries the parent's view down), the delegate's a dashed line marked ``D`` with an upward
triangle; circles with an error carry a "!" badge, with a warning a "?" badge. Names are drawn
with mathtext off, so a ``$`` in a name is shown as typed.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

from sociocracy.circles import Finding, Organization, layout

from .charts import new_figure
from .palette import NEUTRAL, OKABE_ITO, PROBLEM

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["DELEGATE_COLOUR", "LEADER_COLOUR", "TYPE_COLOURS", "draw_map"]

TYPE_COLOURS = {
    "mission": OKABE_ITO["reddish_purple"],
    "general": OKABE_ITO["sky_blue"],
    "department": OKABE_ITO["bluish_green"],
    "helping": OKABE_ITO["yellow"],
}
LEADER_COLOUR = OKABE_ITO["orange"]
DELEGATE_COLOUR = OKABE_ITO["blue"]
_WRAP = 20  # characters of a member's name on one line


def _members_text(circle) -> str:
    """Every member, one a line (long names wrap), with their roles as L and D."""
    lines = []
    for person in circle.members:
        marks = [mark for role, mark in (("leader", "L"), ("delegate", "D"))
                 if (getattr(circle, role) or "").casefold() == person.casefold()]
        shown = f"{person} ({', '.join(marks)})" if marks else person
        lines += textwrap.wrap(shown, _WRAP, break_long_words=True) or [shown]
    return "\n".join(lines) if lines else "no members yet"


def _short(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link(ax, child, parent, offset: float, colour: str, style: str, marker: str, letter: str,
          size: float) -> None:
    """One link line between two seats, shifted sideways by ``offset`` (in seat radii)."""
    dx, dy = parent.x - child.x, parent.y - child.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    nx, ny = -uy * offset * child.r, ux * offset * child.r
    # from the child's rim to the parent's rim, so the line is visible between them
    x0, y0 = child.x + ux * child.r + nx, child.y + uy * child.r + ny
    x1, y1 = parent.x - ux * parent.r + nx, parent.y - uy * parent.r + ny
    ax.plot([x0, x1], [y0, y1], color=colour, linestyle=style, linewidth=2.2, zorder=3,
            solid_capstyle="round")
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    ax.plot([mx], [my], marker=marker, color=colour, markersize=min(size * 1.3, 9),
            markeredgecolor="black", markeredgewidth=0.6, zorder=4)
    ax.text(mx + nx * 2.2, my + ny * 2.2, letter, fontsize=size, fontweight="bold",
            ha="center", va="center", zorder=5, parse_math=False)


def draw_map(org: Organization, findings: list[Finding] | None = None,
             highlight: str | None = None, width: float = 7.5) -> Figure:
    """The circle map of ``org``; circles named in ``findings`` get badges, ``highlight`` a ring.

    matplotlib is imported here, not with the module: a page whose map is kept in the chart
    cache opens without it.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle as DiscPatch

    if not org.circles:
        fig = new_figure(3.4, 1.0)  # narrower than a phone: the sentence never scrolls away
        fig.text(0.5, 0.5, "No circles yet: add the circle at the top to start the map.",
                 ha="center", va="center", fontsize=12, parse_math=False, wrap=True)
        return fig
    drawn = layout(org, gap=0.7)  # room between circles for the link lines
    xmin, xmax, ymin, ymax = drawn.bounds
    span_x, span_y = max(xmax - xmin, 1e-6), max(ymax - ymin, 1e-6)
    height = min(9.0, max(3.2, width * span_y / span_x + 0.6))
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    ax.set_aspect("equal")
    ax.axis("off")
    pad = 0.3
    ax.set_xlim(xmin - pad, xmax + pad)
    ax.set_ylim(ymin - pad, ymax + pad)
    # font size from the size of a seat on the page (72 points per inch)
    scale = min(width / (span_x + 2 * pad), (height - 0.6) / (span_y + 2 * pad)) * 72
    size = max(3.0, min(12.0, scale / 5.5))
    detailed = size >= 3.0

    worst: dict[str, str] = {}
    for finding in findings or []:
        if finding.circle and worst.get(finding.circle) != "error":
            worst[finding.circle] = finding.severity

    for i, circle in enumerate(org.circles):
        region, seat = drawn.regions[i], drawn.seats[i]
        colour = TYPE_COLOURS.get(circle.type, NEUTRAL)
        if region.r > seat.r + 1e-9:
            ax.add_patch(DiscPatch((region.x, region.y), region.r, facecolor=colour, alpha=0.07,
                                   edgecolor=NEUTRAL, linestyle="--", linewidth=0.8, zorder=1))
        ax.add_patch(DiscPatch((seat.x, seat.y), seat.r, facecolor=colour, alpha=0.35,
                               edgecolor="black", linewidth=1.0, zorder=2))
        severity = worst.get(circle.name)
        if severity:
            ax.add_patch(DiscPatch((seat.x, seat.y), seat.r, fill=False, linewidth=2.5,
                                   edgecolor=PROBLEM if severity == "error" else NEUTRAL,
                                   zorder=2.5))
            bx, by = seat.x + seat.r * 0.72, seat.y + seat.r * 0.72
            ax.text(bx, by, "!" if severity == "error" else "?", fontsize=size * 1.2,
                    fontweight="bold", ha="center", va="center", zorder=6, color="black",
                    parse_math=False, bbox={"boxstyle": "circle,pad=0.2", "linewidth": 1.2,
                                            "facecolor": "white",
                                            "edgecolor": PROBLEM if severity == "error"
                                            else NEUTRAL})
        if highlight and circle.name == highlight:
            ax.add_patch(DiscPatch((seat.x, seat.y), seat.r * 1.12, fill=False, linewidth=3,
                                   edgecolor="black", linestyle=":", zorder=2.6))
        ax.text(seat.x, seat.y + seat.r * 0.45, _short(circle.name), fontsize=size,
                fontweight="bold", ha="center", va="center", zorder=5, parse_math=False)
        ax.text(seat.x, seat.y + seat.r * 0.22, f"({circle.type})", fontsize=size * 0.75,
                ha="center", va="center", zorder=5, parse_math=False, style="italic")
        if detailed:
            lines = _members_text(circle).split("\n")
            # more than four lines go into two columns; the lines fill the seat below its type:
            # fewer members, larger names
            columns = ([lines] if len(lines) <= 4 else
                       [lines[:(len(lines) + 1) // 2], lines[(len(lines) + 1) // 2:]])
            rows = len(columns[0])
            fit = scale * seat.r * 0.9 / (1.3 * rows)
            if len(columns) == 2:
                fit = min(fit, scale * seat.r * 0.85 / (0.6 * max(map(len, lines))))
            for column, dx in zip(columns, (0.0,) if len(columns) == 1 else (-0.42, 0.42),
                                  strict=True):
                ax.text(seat.x + dx * seat.r, seat.y + seat.r * 0.08, "\n".join(column),
                        fontsize=min(size * 0.9, fit), ha="center", va="top", zorder=5,
                        parse_math=False, linespacing=1.05)

    for child, parent in drawn.links:
        circle = org.circles[child]
        if circle.leader:
            _link(ax, drawn.seats[child], drawn.seats[parent], -0.18, LEADER_COLOUR, "-", "v",
                  "L", size)
        if circle.delegate:
            _link(ax, drawn.seats[child], drawn.seats[parent], 0.18, DELEGATE_COLOUR, "--", "^",
                  "D", size)

    handles = [
        Line2D([], [], color=LEADER_COLOUR, linestyle="-", marker="v", markeredgecolor="black",
               label="L: leader (solid line)"),
        Line2D([], [], color=DELEGATE_COLOUR, linestyle="--", marker="^",
               markeredgecolor="black", label="D: delegate (dashed line)"),
        Line2D([], [], linestyle="none", marker="$!$", color=PROBLEM, label="!: error"),
        Line2D([], [], linestyle="none", marker="$?$", color=NEUTRAL, label="?: warning"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=10, frameon=False)
    return fig
