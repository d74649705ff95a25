"""How fast the meetings and feedback practices are: ``simulate_policy``, and clicks in the app.

1. Simulation throughput: ``simulate_policy(NEWSLETTER, 24, runs=10_000)`` (two measures) and its
   alarm rate, against a same-run baseline: the bare numpy computation of the same model (draw
   the normal numbers, scale them, compare with the alarm levels, ``any`` per run) with no checks
   and no result object. The ratio is what the library's checks and bookkeeping cost.
2. Browser latency in the meeting app (Voila, headless Chromium): from a click on "Next part" to
   the page showing the next part as current, and from a click on a round's "Next" to the next
   speaker's name, measured inside the page (``performance.now()`` and a ``MutationObserver``).
   Baseline from the same run: "Pause timer", whose handler only renames the button (the bare
   browser-kernel round trip). "Next part" also saves the part to the workshop record and
   re-renders the minutes, so it is expected to cost more.

Figures are printed, never asserted (machines differ; ratios travel better than seconds).
Usage: ``python benchmarks/meetings_bench.py [--repeats 7] [--items 12] [--no-browser]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.rounds_bench import CLICK_TO_UPDATE  # noqa: E402
from sociocracy.policies import NEWSLETTER, simulate_policy  # noqa: E402


def _median_seconds(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_simulation(repeats: int) -> None:
    runs, months = 10_000, 24
    baselines = np.array([m.baseline for m in NEWSLETTER.measures])
    levels = np.array([m.alarm_level for m in NEWSLETTER.measures])

    def bare() -> float:
        rng = np.random.default_rng(1)
        values = baselines * (1 + 0.05 * rng.standard_normal((runs, months, len(baselines))))
        return float((values <= levels).any(axis=(1, 2)).mean())

    def library() -> float:
        return simulate_policy(NEWSLETTER, months, noise=0.05, seed=1, runs=runs).alarm_rate

    assert abs(bare() - library()) < 0.02  # the same model, so the same answer
    baseline = _median_seconds(bare, repeats)
    seconds = _median_seconds(library, repeats)
    print(f"Simulation: {runs:,} runs of {months} months, 2 measures, median of {repeats}")
    print(f"  baseline  bare numpy model:        {baseline * 1e3:8.2f} ms")
    print(f"  simulate_policy + alarm_rate:      {seconds * 1e3:8.2f} ms  "
          f"({seconds / baseline:4.1f}x baseline, {runs / seconds:,.0f} runs/s)")


def bench_browser(items: int) -> None:
    from tools.bench import course_in_chromium
    from tools.voila_page import wait_until_rendered

    os.environ["SOCIOCRACY_COURSE_DATA"] = tempfile.mkdtemp()  # a record of its own
    people = [f"Person {i + 1}" for i in range(8)]
    with course_in_chromium() as (server, browser):
        page = browser.new_page()
        page.goto(server.url("apps/meeting.ipynb"), timeout=120_000)
        wait_until_rendered(page, timeout=120_000)
        length = page.get_by_label("Length (min)")
        length.fill(str(20 + 5 * items))
        length.press("Tab")
        for i in range(items):
            title = page.get_by_label("Item title", exact=True)
            title.fill(f"Item {i + 1}")
            title.press("Tab")
            page.get_by_role("button", name="Add item").click()
            page.get_by_role("option", name=f"{i + 1}. Item {i + 1} (report, 10 min)"
                             ).wait_for(state="attached")
        page.get_by_label("People present").fill("\n".join(people))
        page.get_by_label("People present").press("Tab")
        page.get_by_role("button", name="Start the meeting").click()
        page.get_by_text("The meeting has started").wait_for()
        page.get_by_role("button", name="Start a round").click()
        page.locator(".course-round-current").filter(has_text="Person 1").wait_for()
        pause = []
        for i in range(10):
            label = "Pause timer" if i % 2 == 0 else "Resume timer"
            pause.append(page.evaluate(CLICK_TO_UPDATE, [label, ".course-timer-toggle"]))
        turns = [page.evaluate(CLICK_TO_UPDATE, ["Next", ".course-round-current"])
                 for _ in range(len(people) - 1)]
        page.get_by_role("button", name="Next", exact=True).click()
        page.get_by_text("The round is complete.", exact=True).wait_for()
        parts = [page.evaluate(CLICK_TO_UPDATE, ["Next part", ".course-meeting-parts-view"])
                 for _ in range(items + 3)]  # admin, agenda consent, items, backlog
    base = statistics.median(pause)
    print(f"Browser (Voila + headless Chromium), meeting of {items} items, 8 people")
    print(f"  baseline  'Pause timer' round trip: median {base:6.1f} ms "
          f"(min {min(pause):.1f}, max {max(pause):.1f}, n={len(pause)})")
    for name, times in (("round 'Next' to next name", turns),
                        ("'Next part' to next part shown", parts)):
        median = statistics.median(times)
        print(f"  {name:<31} median {median:6.1f} ms (min {min(times):.1f}, "
              f"max {max(times):.1f}, n={len(times)}); {median / base:.1f}x baseline")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--items", type=int, default=12)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    bench_simulation(args.repeats)
    if not args.no_browser:
        bench_browser(args.items)
    return 0


if __name__ == "__main__":
    sys.exit(main())
