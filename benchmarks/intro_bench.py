"""How fast the intro session's presenter moves on: "Next part" against the round app's "Next".

In Voila and headless Chromium, the time from a click to the page showing the change (measured
inside the page with ``performance.now()`` and a ``MutationObserver``, as in rounds_bench.py):

* baseline, in the same run: the round facilitator's "Next" (click to the next speaker's name);
* the intro session's "Next part" (click to the new part's heading), through the 45-minute plan
  and back ("Previous part"), so every click records a move in the workshop record.

Issue 26's target: the median within 1.5x the round app's "Next". Figures are printed, never
asserted. Usage: ``python benchmarks/intro_bench.py [--clicks 12]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.rounds_bench import CLICK_TO_UPDATE  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=12)
    args = parser.parse_args(argv)
    from tools.bench import course_in_chromium
    from tools.voila_page import wait_until_rendered

    os.environ["SOCIOCRACY_COURSE_DATA"] = tempfile.mkdtemp()  # a record of its own
    with course_in_chromium() as (server, browser):
        page = browser.new_page()
        page.goto(server.url("apps/round_facilitator.ipynb"), timeout=120_000)
        wait_until_rendered(page, timeout=120_000)
        people = [f"Person {i + 1}" for i in range(args.clicks + 2)]
        page.get_by_label("Participants:").fill("\n".join(people))
        page.get_by_role("button", name="Start the round").click()
        page.locator(".course-round-current").filter(has_text="Person 1").wait_for()
        rounds = [page.evaluate(CLICK_TO_UPDATE, ["Next", ".course-round-current"])
                  for _ in range(args.clicks)]

        page = browser.new_page()
        page.goto(server.url("apps/intro_session.ipynb"), timeout=120_000)
        wait_until_rendered(page, timeout=120_000)
        page.get_by_label("Plan:").select_option(label="A taste of sociocracy (45 minutes)")
        page.get_by_role("button", name="Start the session").click()
        page.get_by_text("Part 1:").wait_for()
        heading = ".course-intro-heading"
        parts = []
        for i in range(args.clicks):
            button = "Next part" if (i // 5) % 2 == 0 else "Previous part"
            parts.append(page.evaluate(CLICK_TO_UPDATE, [button, heading]))
    base, intro = statistics.median(rounds), statistics.median(parts)
    print(f"Clicks in Voila + headless Chromium (load average {os.getloadavg()[0]:.1f})")
    print(f"  baseline  round app 'Next':        median {base:6.1f} ms "
          f"(min {min(rounds):.1f}, max {max(rounds):.1f}, n={len(rounds)})")
    print(f"  intro session 'Next/Previous part': median {intro:6.1f} ms "
          f"(min {min(parts):.1f}, max {max(parts):.1f}, n={len(parts)}); "
          f"{intro / base:.2f}x the round app; target: within 1.5x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
