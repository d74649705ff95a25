"""How long validating and laying out an organisation takes, for 100, 1,000 and 10,000 circles.

Run: ``.venv/bin/python benchmarks/circles_bench.py``. Prints figures, asserts nothing (speed
depends on the machine; tests never time anything). Two kinds of comparison make the numbers
portable:

* **baseline ratio**: each time is divided by a baseline measured in the same run on the same
  organisation, namely reading every circle's fields once (the least work any check must do);
* **growth**: the time for 10 times more circles divided by the time for the smaller size
  (about 10 means the cost grows in proportion to the number of circles).

The design target (``shared/DESIGN.md``): 1,000 circles validated and laid out well under a
second.

A second table times reading a trainer's organisation *file* of 1,111 circles (about 280 KB, no
aliases: ``tools/organisation_files.py``) and checking it, as ``sociocracy-course check`` and the
circle map's upload do. Its baseline is ``yaml.safe_load`` of the same text with PyYAML's
pure-Python loader (what the course's reader used before it was bounded, issue 21 item 8), and
libyaml's ``CSafeLoader`` is shown beside it.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: find tools/

import yaml  # noqa: E402

from sociocracy.circles import Organization, layout, parse_organization  # noqa: E402
from tools.bench import best_of  # noqa: E402
from tools.organisation_files import large_organisation_yaml  # noqa: E402

SIZES = (100, 1_000, 10_000)
WIDTH = 5  # sub-circles per circle, a realistic branching


def organisation(n: int) -> Organization:
    """A valid organisation of ``n`` circles: 5 members each, double-linked, unique domains."""
    org = Organization(f"Benchmark {n}")
    for i in range(n):
        parent = f"Circle {(i - 1) // WIDTH}" if i else None
        circle = org.add_circle(f"Circle {i}", parent=parent, aim=f"Aim {i}",
                                domain=f"area {i}, tools {i}")
        circle.members = [f"P{i}-{k}" for k in range(3)]
        if parent:
            circle.leader, circle.delegate = circle.members[0], circle.members[1]
            org.circle(parent).members += [circle.leader, circle.delegate]
    return org


def touch_every_circle(org: Organization) -> int:
    """The baseline: read each circle's fields once."""
    total = 0
    for circle in org.circles:
        total += len(circle.name) + len(circle.members) + len(circle.aim) + len(str(circle.domain))
    return total


def main() -> int:
    today = date(2026, 1, 1)
    print(f"Python {sys.version.split()[0]}; best of several runs; {WIDTH} sub-circles per circle")
    print(f"{'circles':>8} {'baseline':>10} {'validate':>10} {'layout':>10} {'both':>10} "
          f"{'both/baseline':>14} {'growth x10':>11}")
    previous = None
    for n in SIZES:
        org = organisation(n)
        repeat = 7 if n <= 1_000 else 3
        findings = org.validate(today)
        assert not [f for f in findings if f.severity == "error"], findings[:3]
        base = best_of(lambda org=org: touch_every_circle(org), repeat)
        check = best_of(lambda org=org: org.validate(today), repeat)
        place = best_of(lambda org=org: layout(org), repeat)
        both = check + place
        growth = f"{both / previous:>10.1f}x" if previous else f"{'-':>11}"
        print(f"{n:>8} {base * 1e3:>8.2f}ms {check * 1e3:>8.1f}ms {place * 1e3:>8.1f}ms "
              f"{both * 1e3:>8.1f}ms {both / base:>13.0f}x {growth}")
        previous = both
    read_file(today)
    return 0


def read_file(today: date, circles: int = 1_111) -> None:
    """Reading and checking an organisation file, against ``yaml.safe_load`` of the same text."""
    text = large_organisation_yaml(circles)
    repeat = 5
    plain = best_of(lambda: yaml.load(text, Loader=yaml.SafeLoader), repeat)
    libyaml = (best_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader), repeat)
               if getattr(yaml, "__with_libyaml__", False) else float("nan"))
    org = parse_organization(text, "federation.yaml")
    assert len(org.circles) == circles
    read = best_of(lambda: parse_organization(text, "federation.yaml"), repeat)
    both = best_of(lambda: parse_organization(text, "federation.yaml").validate(today), repeat)
    print(f"\nAn organisation file of {circles:,} circles ({len(text) / 1000:.0f} KB, no aliases):")
    print(f"{'safe_load (baseline)':>22} {'CSafeLoader':>12} {'read':>10} {'read+validate':>14} "
          f"{'x baseline':>11}")
    print(f"{plain * 1e3:>20.0f}ms {libyaml * 1e3:>10.0f}ms {read * 1e3:>8.0f}ms "
          f"{both * 1e3:>12.0f}ms {both / plain:>10.2f}x")


if __name__ == "__main__":
    sys.exit(main())
