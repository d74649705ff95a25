"""Large organisation files, written as trainers write them, for tests and benchmarks.

A real federation or a large school district can have a thousand circles; the course must read,
check and draw such a file quickly (``shared/DESIGN.md``: 1,000 circles well under a second).
"""

from __future__ import annotations

#: Sub-circles per circle: 1,111 circles are then four levels (1 + 10 + 100 + 1,000).
WIDTH = 10


def large_organisation_yaml(circles: int, members: int = 5) -> str:
    """An organisation file of ``circles`` circles with ``members`` people of their own, no aliases.

    Every circle below the top one names its parent, and a leader and a delegate from its own
    members, who are members of the parent circle too (the double link); aims and domains are
    all different, so the file has no errors (a parent with ten sub-circles is large: warnings).
    1,111 circles of five are about 300 KB.
    """
    own = [[f"P{i}-{k}" for k in range(members)] for i in range(circles)]
    links: list[list[str]] = [[] for _ in range(circles)]
    for i in range(1, circles):
        links[(i - 1) // WIDTH] += own[i][:2]
    lines = ["# A large made-up organisation (tools/organisation_files.py).",
             f"organization: Federation of {circles} circles", "circles:"]
    for i in range(circles):
        lines += [f"  - name: Circle {i}",
                  f"    aim: Look after area {i} so that its people can do their work.",
                  f"    domain: area {i}, tools {i}",
                  f"    members: [{', '.join(own[i] + links[i])}]"]
        if i:
            lines += [f"    parent: Circle {(i - 1) // WIDTH}",
                      f"    leader: {own[i][0]}", f"    delegate: {own[i][1]}"]
    return "\n".join(lines) + "\n"
