"""How long the hidden-considerations simulation takes for 1,000 to 100,000 meetings.

Run: ``.venv/bin/python benchmarks/proposals_bench.py``. Prints figures, asserts nothing (speed
depends on the machine; tests never time anything). Two comparisons make the numbers portable:

* **baseline ratio**: each time divided by the time of the single random draw open discussion
  needs (``rng.multinomial`` for the same meetings), measured in the same run: the least work any
  simulation of these meetings must do;
* **growth**: the time for 10 times more meetings divided by the time for the smaller number
  (about 10 means the cost grows in proportion).

The design target (``shared/DESIGN.md``): simulating 10,000 meetings well under a second; the
lesson's widget simulates 1,000 meetings of each kind on every change.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: find tools/

from sociocracy.proposals import airtime_shares, compare  # noqa: E402
from tools.bench import best_of  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
GROUP, PER_MEMBER = 10, 2


def main() -> None:
    shares = airtime_shares(GROUP)
    previous = None
    print(f"group of {GROUP}, {PER_MEMBER} considerations each; open discussion and rounds")
    print(f"{'meetings':>9} {'compare (ms)':>13} {'baseline (ms)':>14} {'ratio':>6} {'growth':>7}")
    for n in SIZES:
        rng = np.random.default_rng(0)
        baseline = best_of(lambda n=n, rng=rng: rng.multinomial(GROUP * PER_MEMBER, shares,
                                                                 size=n))
        both = best_of(lambda n=n: compare(GROUP, per_member=PER_MEMBER, meetings=n, seed=1))
        growth = f"{both / previous:7.1f}" if previous else f"{'-':>7}"
        print(f"{n:>9,} {both * 1000:13.2f} {baseline * 1000:14.2f} {both / baseline:6.1f} "
              f"{growth}")
        previous = both


if __name__ == "__main__":
    main()
