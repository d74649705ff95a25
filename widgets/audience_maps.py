"""The circle map on the projector: every circle and its people, in type the back row can read.

The lesson's and the app's map (:mod:`.circle_drawing`) draws circles inside circles, where the
layout's geometry decides the size of each disc: at 1280×720 a seven-circle map gives each disc
about 85 px, too small for names of 24 px. The audience view keeps what the layout decides (the
tree of circles, with unknown parents and loops of parents cut:
:func:`sociocracy.circle_layout.layout`) and draws it as tiers, top circle first, each circle a
rounded card sized to the screen, linked to its parent by the leader's line (solid) and the
delegate's (dashed). A card shows as many members as fit at 24 px or more, the leader and the
delegate first, then "+ 3 more". On a phone-sized window the map becomes a list; screen readers
always read the list.

Everything is sized against the map's own width (``cqw``) with a floor, so 1920×1080 shows the
same map larger, and nothing scrolls. People's text is escaped (:func:`html_text`).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

from sociocracy.circle_labels import link_marks, more_line, no_members
from sociocracy.circle_layout import layout
from sociocracy.circle_model import type_label
from sociocracy.circles import Circle, Organization
from sociocracy.core.language import _
from sociocracy.core.people_text import html_text
from sociocracy.sessions.audience import AudienceState

from .circle_drawing import DELEGATE_COLOUR, LEADER_COLOUR, TYPE_COLOURS
from .palette import NEUTRAL

__all__ = ["map_html"]

#: The map's box at the smallest projector (1280×720) in px: the window less the page's padding
#: and the step and title above the map (measured in Chromium), and the box's ratio kept at every
#: size: ``width = min(100%, (100vh - HEADER) * RATIO)``.
DESIGN_WIDTH = 1214.0
HEADER = "11.75rem"
DESIGN_HEIGHT = 720 - 188.0
#: In a facilitator's page in Projector mode (one screen), the map leaves room above it for the
#: page's title and below it for the controls' first line; its names may then be smaller.
PANEL_HEADER = "28rem"
RATIO = DESIGN_WIDTH / DESIGN_HEIGHT
#: Names are never smaller than this at 1280×720 when the map allows it (the issue asks 24 px);
#: a very wide or deep map goes down to FLOOR rather than off the screen.
NAME_PX = 24.0
FLOOR_PX = 14.0
LINE = 1.2       # line height, in font sizes
CHAR = 0.56      # an average character's width, in font sizes (a bold title: 0.62)

STYLE = """<style>
.course-audience .aud-map{position:relative;margin:0 auto;container-type:inline-size;
  width:min(100%%,calc((100vh - %(header)s) * %(ratio).4f));aspect-ratio:%(ratio).4f;}
.course-audience-panel .course-audience .aud-map{--aud-map-floor:12px;
  width:min(100%%,calc((100vh - %(panel)s) * %(ratio).4f))}
.course-audience .aud-map-links{position:absolute;inset:0;width:100%%;height:100%%}
.course-audience .aud-map-card{position:absolute;box-sizing:border-box;border:2px solid #333;
  border-radius:1.2em;background:#fff;overflow:hidden;padding:.15em .5em;line-height:1.2;
  display:flex;flex-direction:column;align-items:center}
.course-audience .aud-map-card .aud-map-band{position:absolute;inset:0;opacity:.28}
.course-audience .aud-map-name{position:relative;font-weight:bold;margin:0;text-align:center;
  overflow-wrap:anywhere}
.course-audience .aud-map-members{position:relative;display:grid;gap:0 .6em;margin:0;padding:0;
  list-style:none;text-align:center;width:100%%}
.course-audience .aud-map-members li{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.course-audience .aud-map-list{position:absolute;width:1px;height:1px;overflow:hidden;
  clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:700px){.course-audience .aud-map,.course-audience .aud-map-line{display:none}
  .course-audience .aud-map-list{position:static;width:auto;height:auto;clip:auto;
    white-space:normal;font-size:20px;padding-left:1.1em}}
</style>"""


#: The key's words about the lines: not on a phone, where the map is a list, nor for a screen
#: reader, which reads the list.
LINE_WORDS = "<span class='aud-map-line' aria-hidden='true'>%s</span>"


@dataclass(frozen=True)
class _Circle:
    name: str
    parent: str | None
    type: str
    members: tuple[str, ...]
    leader: str
    delegate: str


def _circles(drawing: dict[str, Any]) -> tuple[_Circle, ...]:
    """The drawing's circles, read defensively (it came through the record as JSON)."""
    found = []
    for raw in drawing.get("circles") or ():
        if not isinstance(raw, dict) or not raw.get("name"):
            continue
        members = raw.get("members") or []
        found.append(_Circle(str(raw["name"]), str(raw.get("parent") or "") or None,
                             str(raw.get("type") or ""),
                             tuple(str(m) for m in members if m) if isinstance(members, list)
                             else (), str(raw.get("leader") or ""),
                             str(raw.get("delegate") or "")))
    return tuple(found)


def _marked(circle: _Circle) -> list[str]:
    """The members as the card lists them: leader and delegate first, marked (L) and (D)."""
    def marks(person: str) -> str:
        found = [m for who, m in zip((circle.leader, circle.delegate), link_marks(), strict=True)
                 if who and who.casefold() == person.casefold()]
        return f"{person} ({', '.join(found)})" if found else person

    linked = [p for p in circle.members if p.casefold() in
              {circle.leader.casefold(), circle.delegate.casefold()} - {""}]
    return [marks(p) for p in linked + [p for p in circle.members if p not in linked]]


def _tiers(parents: tuple[int | None, ...]) -> tuple[list[int], list[float], list[float]]:
    """Each circle's tier (depth) and its horizontal slot (centre, span) in leaf widths: leaves
    side by side in order, a parent centred over its children (a tidy tree)."""
    n = len(parents)
    children: list[list[int]] = [[] for _kid in range(n)]
    for i, p in enumerate(parents):
        if p is not None:
            children[p].append(i)
    depth = [0] * n
    centre = [0.0] * n
    span = [1.0] * n
    next_leaf = 0.0
    for root in (i for i, p in enumerate(parents) if p is None):
        stack: list[tuple[int, bool]] = [(root, False)]
        while stack:  # depth first, children before their parent is placed
            node, done = stack.pop()
            if done:
                kids = children[node]
                if kids:
                    left = centre[kids[0]] - span[kids[0]] / 2
                    right = centre[kids[-1]] + span[kids[-1]] / 2
                    centre[node], span[node] = (left + right) / 2, right - left
                else:
                    centre[node], span[node] = next_leaf + 0.5, 1.0
                    next_leaf += 1
                continue
            stack.append((node, True))
            for kid in reversed(children[node]):
                depth[kid] = depth[node] + 1
                stack.append((kid, False))
    return depth, centre, span


def _cqw(px: float) -> str:
    """``px`` at 1280×720 as a share of the map's width, so the map grows with the window."""
    return f"{px / DESIGN_WIDTH * 100:.3f}cqw"


def _card(circle: _Circle, width: float, height: float) -> tuple[float, int, list[str]]:
    """Font size (px at 1280×720), columns and the names shown (the last one "+ N more" when
    they do not all fit) for a card of ``width`` × ``height`` px."""
    names = _marked(circle)
    size = max(FLOOR_PX, min(40.0, height / (LINE * 4.6), NAME_PX * 1.4))
    size = max(size, NAME_PX) if height >= LINE * NAME_PX * 2.6 else size
    while True:
        title_lines = max(1, math.ceil(len(circle.name) * CHAR * 1.15 * 1.1 * size
                                       / max(width - 0.9 * size, 1)))
        rows = max(0, int((height - 0.5 * size - title_lines * LINE * 1.1 * size)
                          // (LINE * size)))
        longest = max((len(n) for n in names), default=1)
        columns = max(1, min(3, int((width - size) // (longest * CHAR * size + 0.6 * size))))
        if rows >= 1 or size <= FLOOR_PX:
            break
        size = max(FLOOR_PX, size * 0.9)
    capacity = max(rows, 1) * columns
    shown = names if len(names) <= capacity else \
        [*names[:capacity - 1], more_line(len(names) - capacity + 1)]
    if not names:
        shown = [no_members()]
    return size, columns, shown


def map_html(state: AudienceState) -> str:
    """The map of ``state.drawing`` (``{"circles": [{name, parent, type, members, leader,
    delegate}, ...]}``) as HTML: cards in tiers that fit the window, and the same as a list."""
    circles = _circles(state.drawing)
    if not circles:
        return ""
    tree = Organization(state.title, [Circle(c.name, parent=c.parent) for c in circles])
    parents = layout(tree).parents  # the course's one rule for the tree drawn
    depth, centre, span = _tiers(parents)
    slots = max(c + s / 2 for c, s in zip(centre, span, strict=True))  # the leaves, in a row
    tiers = max(depth) + 1
    tier_h = DESIGN_HEIGHT / tiers
    gap = min(28.0, tier_h * 0.16)  # room between tiers for the link lines
    slot_w = DESIGN_WIDTH / max(slots, 1.0)
    boxes: list[tuple[float, float, float, float]] = []  # left, top, width, height in px
    cards = []
    for i, circle in enumerate(circles):
        width = min(span[i] * slot_w, max(slot_w, DESIGN_WIDTH * 0.34)) - 12
        height = tier_h - gap
        left = centre[i] * slot_w - width / 2
        top = depth[i] * tier_h + (gap / 2 if depth[i] else 0)
        boxes.append((left, top, width, height))
        size, columns, shown = _card(circle, width, height)
        floor = min(NAME_PX, size)
        colour = TYPE_COLOURS.get(circle.type, NEUTRAL)
        items = "".join(f"<li class='aud-map-member'>{html_text(n)}</li>" for n in shown)
        cards.append(
            f"<div class='aud-map-card' style='left:{left / DESIGN_WIDTH * 100:.3f}%;"
            f"top:{top / DESIGN_HEIGHT * 100:.3f}%;width:{width / DESIGN_WIDTH * 100:.3f}%;"
            f"height:{height / DESIGN_HEIGHT * 100:.3f}%;font-size:max(var(--aud-map-floor,"
            f"{floor:.1f}px),"
            f"{_cqw(size)})'><div class='aud-map-band' style='background:{colour}'></div>"
            f"<p class='aud-map-name' style='font-size:1.1em'>{html_text(circle.name)}</p>"
            f"<ul class='aud-map-members' style='grid-template-columns:repeat({columns},"
            f"minmax(0,auto))'>{items}</ul></div>")
    lines = []
    for child, parent in ((i, p) for i, p in enumerate(parents) if p is not None):
        cl, ct, cw, _ch = boxes[child]
        pl, pt, pw, ph = boxes[parent]
        x0, y0, x1, y1 = pl + pw / 2, pt + ph, cl + cw / 2, ct
        middle = (y0 + y1) / 2
        for who, offset, colour, dash in ((circles[child].leader, -5, LEADER_COLOUR, ""),
                                          (circles[child].delegate, 5, DELEGATE_COLOUR,
                                           " stroke-dasharray='10 6'")):
            if who:  # down from the parent, along, down to the child: an elbow per link
                points = (f"{x0 + offset:.1f},{y0:.1f} {x0 + offset:.1f},{middle + offset:.1f} "
                          f"{x1 + offset:.1f},{middle + offset:.1f} {x1 + offset:.1f},{y1:.1f}")
                lines.append(f"<polyline points='{points}' fill='none' stroke='{colour}' "
                             f"stroke-width='4'{dash}/>")
    svg = (f"<svg class='aud-map-links' viewBox='0 0 {DESIGN_WIDTH:.0f} {DESIGN_HEIGHT:.0f}' "
           f"preserveAspectRatio='none' aria-hidden='true' focusable='false'>"
           f"{''.join(lines)}</svg>")
    listed = []
    for circle, up in zip(circles, parents, strict=True):
        kind = type_label(circle.type)
        if up is not None:
            kind = _("{type}, inside {parent}").format(type=kind, parent=circles[up].name)
        people = ", ".join(_marked(circle)) or no_members()
        listed.append(f"<li><strong>{html_text(circle.name)}</strong> "
                      f"({html_text(kind)}): {html_text(people)}</li>")
    style = STYLE % {"header": HEADER, "panel": PANEL_HEADER, "ratio": RATIO}
    leader, delegate = link_marks()
    label = html.escape(_("Circles and their members"), quote=True)
    key = (html.escape(_("({mark}) leader").format(mark=leader))
           + LINE_WORDS % html.escape(_(": solid line")) + " · "
           + html.escape(_("({mark}) delegate").format(mark=delegate))
           + LINE_WORDS % html.escape(_(": dashed line")))
    return (f"{style}<div class='aud-map' aria-hidden='true'>{svg}{''.join(cards)}</div>"
            f"<ul class='aud-map-list' aria-label='{label}'>"
            f"{''.join(listed)}</ul><p class='aud-map-key' "
            "style='font-size:max(20px,1.6vw);margin:.2em 0 0;text-align:center'>"
            f"{key}</p>")
