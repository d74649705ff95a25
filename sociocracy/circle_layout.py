"""Where to draw each circle: sub-circles around their parent, touching it or nested inside it.

The picture practitioners draw has the general circle in the middle and its departments around
it, each linked by two lines (the double link); users of circle-mapping tools ask for exactly
that (Maptio issue #325, in ``shared/research/sociocracy-sources.md`` §4). We place each circle's
own disc (its *seat*) at the centre of a *region* that also holds all its sub-circles:

* the sub-circles' regions sit on a ring around the seat, each inside its own wedge of angle
  ``2·asin(R/D)``, so two siblings can never overlap; the ring's radius ``D`` is the smallest that
  gives every wedge room (found by bisection), so small sub-circles touch their parent's seat;
* when the wedges fit in half a turn they go on the side facing away from the grandparent, so a
  mission circle, its general circle and the departments read from top to bottom;
* a region is a disc around its seat that holds its ring, so regions nest.

Each circle costs a constant amount of work plus a short bisection over its children, so 1,000
circles are laid out in milliseconds (``benchmarks/circles_bench.py``). Broken organisations (an
unknown parent, a loop of parents) are still drawn: those circles are drawn as extra top circles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sociocracy.circle_model import Structure

__all__ = ["CircleLayout", "Disc", "layout"]


@dataclass(frozen=True)
class Disc:
    """A disc in drawing units: centre ``(x, y)`` and radius ``r``."""

    x: float
    y: float
    r: float

    def overlaps(self, other: Disc, tolerance: float = 1e-9) -> bool:
        return math.hypot(self.x - other.x, self.y - other.y) < self.r + other.r - tolerance

    def contains(self, other: Disc, tolerance: float = 1e-9) -> bool:
        return math.hypot(self.x - other.x, self.y - other.y) + other.r <= self.r + tolerance


@dataclass(frozen=True)
class CircleLayout:
    """Positions, in the order of ``org.circles``.

    ``seats[i]`` is where circle ``i`` itself is drawn; ``regions[i]`` the disc holding it and
    all its sub-circles; ``parents[i]`` the index of the parent it is drawn under (``None`` at the
    top); ``links`` the (child, parent) pairs to draw as double-link lines.
    """

    seats: tuple[Disc, ...]
    regions: tuple[Disc, ...]
    parents: tuple[int | None, ...]

    @property
    def links(self) -> list[tuple[int, int]]:
        return [(i, p) for i, p in enumerate(self.parents) if p is not None]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(xmin, xmax, ymin, ymax) of everything drawn."""
        if not self.regions:
            return (-1.0, 1.0, -1.0, 1.0)
        tops = [self.regions[i] for i, p in enumerate(self.parents) if p is None]
        return (min(d.x - d.r for d in tops), max(d.x + d.r for d in tops),
                min(d.y - d.r for d in tops), max(d.y + d.r for d in tops))


def _drawing_parents(org: Structure) -> list[int | None]:
    """Each circle's parent index; unknown parents and loops are cut so the tree is a forest."""
    index: dict[str, int] = {}
    for i, circle in enumerate(org.circles):
        index.setdefault(circle.name.casefold(), i)
    parents: list[int | None] = [
        index.get(c.parent.casefold()) if c.parent else None for c in org.circles
    ]
    state = [0] * len(parents)  # 0 new, 1 being walked, 2 done
    for start in range(len(parents)):
        path = []
        node: int | None = start
        while node is not None and state[node] == 0:
            state[node] = 1
            path.append(node)
            nxt = parents[node]
            if nxt is not None and state[nxt] == 1:  # closes a loop: cut it here
                parents[node] = None
                nxt = None
            node = nxt
        for walked in path:
            state[walked] = 2
    return parents


def _ring(radii: list[float], seat: float, gap: float) -> tuple[float, list[float]]:
    """Distance ``D`` and angles (local frame, "away from the parent" is straight down)."""
    pads = [r + gap / 2 for r in radii]
    near = seat + gap + max(radii)

    def turn(distance: float) -> float:
        return sum(2 * math.asin(min(1.0, p / distance)) for p in pads)

    if turn(near) <= math.pi:  # fits in the lower half: spread it there
        distance, start, span = near, -math.pi, math.pi
    else:
        low, high = near, max(near, sum(pads) / 2 + 1e-9)  # asin(x) <= pi*x/2 bounds the turn
        if turn(low) > 2 * math.pi:
            for _ in range(50):
                mid = (low + high) / 2
                low, high = (mid, high) if turn(mid) > 2 * math.pi else (low, mid)
        distance = high if turn(low) > 2 * math.pi else low
        start, span = math.pi / 2, 2 * math.pi
    widths = [2 * math.asin(min(1.0, p / distance)) for p in pads]
    spare = max(0.0, span - sum(widths)) / len(widths)
    angles, at = [], start + spare / 2
    for width in widths:
        angles.append(at + width / 2)
        at += width + spare
    return distance, angles


def _enclose(discs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """A small disc holding all ``discs`` (x, y, r): never too small, close to the smallest.

    Starts at the centre of the bounding box and moves towards the farthest disc a shrinking
    step at a time (Badoiu and Clarkson's iteration); the radius is always measured, so every
    disc is inside whatever centre the iteration ends on.
    """
    cx = (min(x - r for x, y, r in discs) + max(x + r for x, y, r in discs)) / 2
    cy = (min(y - r for x, y, r in discs) + max(y + r for x, y, r in discs)) / 2

    def reach(px: float, py: float) -> tuple[float, tuple[float, float, float]]:
        return max((math.hypot(x - px, y - py) + r, (x, y, r)) for x, y, r in discs)

    best_r, _ = reach(cx, cy)
    best = (cx, cy)
    for step in range(1, 24):
        _, (fx, fy, fr) = reach(cx, cy)
        d = math.hypot(fx - cx, fy - cy) or 1.0
        tx, ty = fx + (fx - cx) / d * fr, fy + (fy - cy) / d * fr  # farthest point
        cx, cy = cx + (tx - cx) / (step + 1), cy + (ty - cy) / (step + 1)
        radius, _ = reach(cx, cy)
        if radius < best_r:
            best_r, best = radius, (cx, cy)
    return best[0], best[1], best_r


def _rotate(x: float, y: float, angle: float) -> tuple[float, float]:
    cos, sin = math.cos(angle), math.sin(angle)
    return x * cos - y * sin, x * sin + y * cos


def layout(org: Structure, seat_radius: float = 1.0, gap: float = 0.25) -> CircleLayout:
    """Place every circle of ``org``; no two seats and no two sibling regions overlap.

    Each circle is first laid out in its own frame (its seat at the origin, "away from the
    parent" pointing down), children before parents; then frames are rotated and moved into
    place from the top down.
    """
    n = len(org.circles)
    parents = _drawing_parents(org)
    children: list[list[int]] = [[] for _ in range(n)]
    for i, p in enumerate(parents):
        if p is not None:
            children[p].append(i)
    roots = [i for i, p in enumerate(parents) if p is None]

    order: list[int] = []  # parents before children, without recursion (deep trees are fine)
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(children[node]))

    radius = [seat_radius] * n                   # region radius
    centre = [(0.0, 0.0)] * n                    # region centre, in the circle's own frame
    ring: list[tuple[float, float, float]] = [(0.0, 0.0, 0.0)] * n  # x, y, angle in parent frame
    for node in reversed(order):  # children before parents
        kids = children[node]
        if not kids:
            continue
        distance, angles = _ring([radius[k] for k in kids], seat_radius, gap)
        discs = [(0.0, 0.0, seat_radius)]
        for kid, angle in zip(kids, angles, strict=True):
            x, y = distance * math.cos(angle), distance * math.sin(angle)
            ring[kid] = (x, y, angle)
            discs.append((x, y, radius[kid] + gap / 2))
        cx, cy, r = _enclose(discs)
        centre[node], radius[node] = (cx, cy), r

    seat_at = [(0.0, 0.0)] * n
    region_at = [(0.0, 0.0)] * n
    frame = [0.0] * n  # rotation of each circle's own frame
    x = 0.0
    for root in roots:
        region_at[root] = (x + radius[root], 0.0)
        seat_at[root] = (region_at[root][0] - centre[root][0], -centre[root][1])
        x += 2 * radius[root] + gap
    for node in order:
        p = parents[node]
        if p is None:
            continue
        rx, ry, angle = ring[node]
        ox, oy = _rotate(rx, ry, frame[p])
        region_at[node] = (seat_at[p][0] + ox, seat_at[p][1] + oy)
        frame[node] = frame[p] + angle + math.pi / 2
        cx, cy = _rotate(*centre[node], frame[node])
        seat_at[node] = (region_at[node][0] - cx, region_at[node][1] - cy)

    seats = tuple(Disc(sx, sy, seat_radius) for sx, sy in seat_at)
    regions = tuple(Disc(rx, ry, r) for (rx, ry), r in zip(region_at, radius, strict=True))
    return CircleLayout(seats=seats, regions=regions, parents=tuple(parents))
