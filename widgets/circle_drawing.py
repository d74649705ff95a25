"""Drawing an organisation as a circle map (a matplotlib ``Figure``, never pyplot).

The map is shown as vector graphics (see :mod:`sociocracy.widgets.charts`), so names stay sharp
on a projector and under browser zoom. Names are drawn at a size people can read, chosen by the
caller (``name_px``: 16 px in a lesson, 24 px for a room), and the map is sized to fit a box
(``box``); a seat holds what fits at that size (:func:`sociocracy.circle_labels.seat_text`):
the circle's name, its type and its first members, then "+ N more". The full list goes beside
the map (:func:`members_html`). Before issue 25 every member was squeezed in, at 5 to 7 px.

Positions come from :func:`sociocracy.circles.layout`; this module only paints them. Meaning is
never carried by colour alone (Okabe & Ito 2008; WCAG 1.4.1): circle types are also written
under each name; the leader's link is a solid line marked ``L`` with a downward triangle (it
carries the parent's view down), the delegate's a dashed line marked ``D`` with an upward
triangle; circles with an error carry a "!" badge, with a warning a "?" badge. Names are drawn
with mathtext off, so a ``$`` in a name is shown as typed.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

from sociocracy.circle_labels import (
    CHAR_EM,
    LINE_EM,
    link_marks,
    member_label,
    no_members,
    seat_text,
)
from sociocracy.circle_layout import Disc
from sociocracy.circle_model import type_label
from sociocracy.circles import Finding, Organization, layout
from sociocracy.core.language import _
from sociocracy.core.people_text import html_text

from .charts import new_figure
from .palette import NEUTRAL, OKABE_ITO, PROBLEM

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["AUDIENCE_NAME_PX", "DELEGATE_COLOUR", "LEADER_COLOUR", "LESSON_BOX",
           "LESSON_NAME_PX", "TYPE_COLOURS", "draw_map", "members_html"]

TYPE_COLOURS = {
    "mission": OKABE_ITO["reddish_purple"],
    "general": OKABE_ITO["sky_blue"],
    "department": OKABE_ITO["bluish_green"],
    "helping": OKABE_ITO["yellow"],
}
LEADER_COLOUR = OKABE_ITO["orange"]
DELEGATE_COLOUR = OKABE_ITO["blue"]
#: Member names on screen (CSS px) in a lesson and an app at its natural size: lesson text size.
LESSON_NAME_PX = 16.0
#: Member names for a room (the audience view on a projector): readable from the back.
AUDIENCE_NAME_PX = 24.0
#: The box (CSS px) a lesson's map fits in: the lesson column at 1280 px is about 940 px wide;
#: a map may be taller than the screen (the page scrolls down, never sideways).
LESSON_BOX = (900.0, 1100.0)
_PT_PER_PX = 0.75  # SVG text is in points; 1 CSS px = 0.75 pt at the chart's natural size


def members_html(org: Organization) -> str:
    """Every circle's members, leader and delegate marked, as a list to show beside the map.

    The map names only as many members as it can at a readable size ("+ 3 more"); this list has
    them all. People's names are escaped (:func:`html_text`).
    """
    items = []
    for circle in org.circles:
        people = ", ".join(html_text(member_label(circle, person)) for person in circle.members)
        items.append(f"<li><strong>{html_text(circle.name)}</strong> "
                     f"({html_text(type_label(circle.type))}): "
                     f"{people or html.escape(no_members())}</li>")
    leader, delegate = link_marks()
    key = _("{leader}: leader, {delegate}: delegate.").format(leader=leader, delegate=delegate)
    heading = html.escape(_("Who is in each circle"))
    return (f"<h4>{heading}</h4>"
            f"<p class='course-map-key'>{html.escape(key)}</p>"
            f"<ul class='course-map-members'>{''.join(items)}</ul>") if items else ""


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


def _closer_top(seats: list[Disc], parents: tuple[int | None, ...], gap: float) -> list[Disc]:
    """Move a top circle with one sub-circle (a mission circle above its general circle) next
    to that sub-circle, when nothing is in the way.

    The layout keeps a circle clear of its sub-circle's whole region, so a mission circle sits
    a whole organisation's height above the general circle: on a wide screen that empty strip
    costs a third of the map's size, and so of its names. Only the drawing moves it.
    """
    for top, parent in enumerate(parents):
        if parent is not None:
            continue
        kids = [i for i, p in enumerate(parents) if p == top]
        if len(kids) != 1:
            continue
        kid, seat = seats[kids[0]], seats[top]
        dx, dy = seat.x - kid.x, seat.y - kid.y
        length = math.hypot(dx, dy)
        reach = kid.r + seat.r + gap
        if length <= reach:
            continue
        moved = Disc(kid.x + dx / length * reach, kid.y + dy / length * reach, seat.r)
        others = [d for i, d in enumerate(seats) if i != top]
        if all(math.hypot(moved.x - d.x, moved.y - d.y) >= moved.r + d.r + gap - 1e-9
               for d in others if d is not kid):
            seats[top] = moved
    return seats


def draw_map(org: Organization, findings: list[Finding] | None = None,
             highlight: str | None = None, *, name_px: float = LESSON_NAME_PX,
             box: tuple[float, float] = LESSON_BOX) -> Figure:
    """The circle map of ``org``; circles named in ``findings`` get badges, ``highlight`` a ring.

    Size and scale: ``name_px`` is the size of every name on screen, in CSS px, when the map is
    shown at its natural size; ``box`` is the (width, height) in CSS px the whole map, legend
    included, must fit in at that size. The map is scaled to the largest size that fits the box;
    each seat then holds as many members as fit at ``name_px`` ("+ N more" for the others: show
    :func:`members_html` beside it). A lesson uses the defaults (16 px names, a 900 px wide
    column). An audience view on a 1280x720 projector asks for ``name_px=AUDIENCE_NAME_PX``
    (24 px) and a box that leaves room for its title, e.g. ``box=(1240, 560)``; it must show the
    SVG at its natural width (``ChartView`` never enlarges a chart, and shrinks it only in a box
    narrower than the map). The box always wins: a 6-circle map at 24 px in 1240x560 has seats
    of about 45 px, which hold only the start of each circle's name ("Gar…"), so an audience view
    should pair it with the members in large type, or draw fewer circles (the one under
    discussion with its parent and sub-circles).

    matplotlib is imported here, not with the module: a page whose map is kept in the chart
    cache opens without it.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle as DiscPatch

    size = name_px * _PT_PER_PX  # points
    box_w, box_h = box
    if not org.circles:
        fig = new_figure(min(3.4, box_w / 96), 1.0)  # narrower than a phone
        fig.text(0.5, 0.5, _("No circles yet: add the circle at the top to start the map."),
                 ha="center", va="center", fontsize=max(size, 12), parse_math=False, wrap=True)
        return fig
    gap = 0.7  # room between circles for the link lines
    drawn = layout(org, gap=gap)
    seats = _closer_top(list(drawn.seats), drawn.parents, gap)
    # the seats' own extent: the faint regions around sub-circles may be cut at the edge
    xmin = min(d.x - d.r for d in seats)
    xmax = max(d.x + d.r for d in seats)
    ymin = min(d.y - d.r for d in seats)
    ymax = max(d.y + d.r for d in seats)
    pad = 0.15
    span_x, span_y = xmax - xmin + 2 * pad, ymax - ymin + 2 * pad
    # the legend's widest entry, "D: delegate (dashed line)", and its line marker
    column_px = 26 * CHAR_EM * name_px + 3 * name_px
    narrow = box_w < 2 * column_px  # the legend in one column
    legend_px = (4 if narrow else 2) * LINE_EM * name_px * 1.25 + name_px
    unit = min(box_w / span_x, (box_h - legend_px) / span_y)  # px per seat radius
    # the box is a promise (a projector must not scroll): a seat too small for its text says
    # less ("+ N more", a name cut with "…"), the map never outgrows the box
    width_px, map_px = span_x * unit, span_y * unit
    width_px = max(width_px, min(box_w, column_px * (1 if narrow else 2)))  # the legend fits
    fig = new_figure(width_px / 96, (map_px + legend_px) / 96)
    fig.set_layout_engine("none")
    ax = fig.add_axes((0, legend_px / (map_px + legend_px), 1, map_px / (map_px + legend_px)))
    ax.set_aspect("equal", adjustable="datalim")
    ax.axis("off")
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    half_w, half_h = width_px / unit / 2, span_y / 2
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)

    worst: dict[str, str] = {}
    for finding in findings or []:
        if finding.circle and worst.get(finding.circle) != "error":
            worst[finding.circle] = finding.severity

    for i, circle in enumerate(org.circles):
        region, seat = drawn.regions[i], seats[i]
        colour = TYPE_COLOURS.get(circle.type, NEUTRAL)
        if region.r > seat.r + 1e-9 and seat == drawn.seats[i]:  # a moved top: no region
            ax.add_patch(DiscPatch((region.x, region.y), region.r, facecolor=colour, alpha=0.07,
                                   edgecolor=NEUTRAL, linestyle="--", linewidth=0.8, zorder=1))
        ax.add_patch(DiscPatch((seat.x, seat.y), seat.r, facecolor=colour, alpha=0.35,
                               edgecolor="black", linewidth=1.0, zorder=2))
        severity = worst.get(circle.name)
        if severity:
            ax.add_patch(DiscPatch((seat.x, seat.y), seat.r, fill=False, linewidth=2.5,
                                   edgecolor=PROBLEM if severity == "error" else NEUTRAL,
                                   zorder=2.5))
            bx, by = seat.x + seat.r * 0.8, seat.y + seat.r * 0.8
            ax.text(bx, by, "!" if severity == "error" else "?", fontsize=size,
                    fontweight="bold", ha="center", va="center", zorder=6, color="black",
                    parse_math=False, bbox={"boxstyle": "circle,pad=0.2", "linewidth": 1.2,
                                            "facecolor": "white",
                                            "edgecolor": PROBLEM if severity == "error"
                                            else NEUTRAL})
        if highlight and circle.name == highlight:
            ax.add_patch(DiscPatch((seat.x, seat.y), seat.r * 1.12, fill=False, linewidth=3,
                                   edgecolor="black", linestyle=":", zorder=2.6))
        text = seat_text(circle, seat.r * unit, name_px)
        line = LINE_EM * name_px / unit  # one line, in drawing units
        rows = [(row, "bold", "normal") for row in text.title.split("\n")]
        rows += [(text.kind, "normal", "italic")] if text.kind else []
        rows += [(row, "normal", "normal") for row in text.members]
        top = seat.y + len(rows) * line / 2
        for k, (row, weight, style) in enumerate(rows):
            ax.text(seat.x, top - (k + 0.5) * line, row, fontsize=size, fontweight=weight,
                    style=style, ha="center", va="center_baseline", zorder=5, parse_math=False)

    leader, delegate = link_marks()
    for child, parent in drawn.links:
        circle = org.circles[child]
        if circle.leader:
            _link(ax, seats[child], seats[parent], -0.18, LEADER_COLOUR, "-", "v",
                  leader, size)
        if circle.delegate:
            _link(ax, seats[child], seats[parent], 0.18, DELEGATE_COLOUR, "--", "^",
                  delegate, size)

    handles = [
        Line2D([], [], color=LEADER_COLOUR, linestyle="-", marker="v", markeredgecolor="black",
               label=_("{mark}: leader (solid line)").format(mark=leader)),
        Line2D([], [], color=DELEGATE_COLOUR, linestyle="--", marker="^",
               markeredgecolor="black",
               label=_("{mark}: delegate (dashed line)").format(mark=delegate)),
        Line2D([], [], linestyle="none", marker="$!$", color=PROBLEM, label=_("!: error")),
        Line2D([], [], linestyle="none", marker="$?$", color=NEUTRAL, label=_("?: warning")),
    ]
    fig.legend(handles=handles, loc="lower center", ncols=1 if narrow else 2, fontsize=size,
               frameon=False, borderaxespad=0.2)
    return fig
